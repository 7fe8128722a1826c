package api

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// articleInput is the JSON body of POST /api/articles: the document of `sitrep code --in jsonl`.
type articleInput struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Title     string `json:"title"`
}

// ingestResult is the answer to POST /api/articles: what storing did, and the events.
type ingestResult struct {
	store.Result
	NewEvents    []string         `json:"new_events"`
	MergedEvents []string         `json:"merged_events"`
	Events       []store.EventRow `json:"events"`
}

func (s *Server) postArticle(w http.ResponseWriter, r *http.Request) error {
	ctype, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return errorf(http.StatusUnsupportedMediaType, "Content-Type %q: send application/json or text/plain", r.Header.Get("Content-Type"))
	}
	var in articleInput
	var raw []byte
	switch ctype {
	case "application/json":
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		raw = b
		r.Body = io.NopCloser(bytes.NewReader(b))
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	case "text/plain", "":
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		raw = b
		q := r.URL.Query()
		in = articleInput{ID: q.Get("id"), Text: string(b), Published: q.Get("published"), URL: q.Get("url"), Outlet: q.Get("outlet"), Title: q.Get("title")}
	default:
		return errorf(http.StatusUnsupportedMediaType, "Content-Type %q: send application/json or text/plain", ctype)
	}
	if !utf8.ValidString(in.Text) {
		in.Text = strings.ToValidUTF8(in.Text, "\uFFFD")
	}
	if strings.TrimSpace(in.Text) == "" {
		return errorf(http.StatusBadRequest, "text: the article has no text")
	}
	d := doc.Document{ID: strings.TrimSpace(in.ID), Text: in.Text, URL: in.URL, Outlet: in.Outlet, Title: in.Title}
	if p := strings.TrimSpace(in.Published); p != "" {
		t, err := time.Parse(doc.DateLayout, p)
		if err != nil {
			return errorf(http.StatusBadRequest, "published: %q is not a YYYY-MM-DD date", p)
		}
		d.Published = t
	}
	if d.ID == "" {
		d.ID = store.ArticleID(d.Outlet, d.Text)
	}
	start := time.Now()
	res, err := s.ingest(r.Context(), d, raw)
	if err != nil {
		return err
	}
	s.metrics.CoderLatency.Observe(time.Since(start).Seconds())
	out := ingestResult{Result: res, NewEvents: nonNil(res.NewEvents), MergedEvents: nonNil(res.MergedEvents), Events: []store.EventRow{}}
	for _, id := range append(append([]string{}, out.NewEvents...), out.MergedEvents...) {
		row, err := s.store.Row(r.Context(), id)
		if err != nil {
			return err
		}
		out.Events = append(out.Events, *row)
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	writeJSON(w, status, out)
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Ingest stores, codes and merges one article: the one path for POST /api/articles and for
// feed items (the server's feed.Sink), so that both are counted alike.
func (s *Server) Ingest(ctx context.Context, d doc.Document, raw []byte) error {
	_, err := s.ingest(ctx, d, raw)
	return err
}

func (s *Server) ingest(ctx context.Context, d doc.Document, raw []byte) (store.Result, error) {
	res, err := s.store.IngestArticle(ctx, s.coder, d, raw)
	switch {
	case err != nil:
		s.metrics.Ingested.WithLabelValues("failed").Inc()
	case res.Duplicate:
		s.metrics.Ingested.WithLabelValues("duplicate").Inc()
	default:
		s.metrics.Ingested.WithLabelValues("new").Inc()
	}
	return res, err
}
