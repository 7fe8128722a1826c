package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
)

// A feed in a legacy encoding comes out as UTF-8; a gzip-compressed one is decompressed.
func TestEncodings(t *testing.T) {
	s := newServer(t)
	s.file(t, "/latin1.xml", "rss-latin1.xml", "application/rss+xml; charset=ISO-8859-1")
	atom := s.testdata(t, "atom.xml")
	s.route("/atom.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Write(atom)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(atom)
		zw.Close()
	})
	p, c, _ := newPoller(t, func(o *Options) { o.SkipPages = true })
	add(t, p, s.URL+"/latin1.xml")
	add(t, p, s.URL+"/atom.xml.gz")
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range c.take() {
		got[d.Title] = d.Text
	}
	if text := got["Attaque contre un poste de gendarmerie à l'aube"]; !strings.Contains(text, "deux gendarmes ont été tués") ||
		!strings.Contains(text, "La façade du bâtiment a brûlé.") {
		t.Errorf("latin-1 feed: %q", got)
	}
	if _, ok := got["Clashes reported between rival militias in market district"]; !ok || len(got) != 3 {
		t.Errorf("gzip feed: %q", got)
	}
}

// The size limit counts decompressed bytes: a small gzip body that inflates past the limit
// is refused, not inflated into memory.
func TestGzipBomb(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
	zeros := make([]byte, 1<<20)
	for range 64 {
		zw.Write(zeros)
	}
	zw.Close()
	s := newServer(t)
	s.route("/bomb.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	p, _, _ := newPoller(t, func(o *Options) { o.MaxFeedBytes = 1 << 20 })
	add(t, p, s.URL+"/bomb.xml")
	if _, err := p.Poll(context.Background(), s.URL+"/bomb.xml"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d-byte gzip of 64 MiB: error %v, want ErrTooLarge", bomb.Len(), err)
	}
}

// A server that is not there: a connection error in the state, and back-off.
func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String() + "/feed.xml"
	l.Close()
	p, _, _ := newPoller(t, nil)
	add(t, p, u)
	st, err := p.Poll(context.Background(), u)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v, want connection refused", err)
	}
	if st.ConsecutiveErrors != 1 || st.LastStatus != 0 || !strings.Contains(st.LastError, "connection refused") ||
		st.NextPoll.Sub(st.LastPolled) != p.opts.BackoffBase {
		t.Errorf("state %+v", st)
	}
}
