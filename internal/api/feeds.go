package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/sitrep-dev/sitrep/internal/feed"
)

// feedJSON is a feed as the API shows it.
type feedJSON struct {
	ID                int64      `json:"id"`
	URL               string     `json:"url"`
	Title             string     `json:"title"`
	IntervalSeconds   int        `json:"interval_seconds"`
	State             string     `json:"state"`
	AddedAt           time.Time  `json:"added_at"`
	LastPolled        *time.Time `json:"last_polled"`
	LastOK            *time.Time `json:"last_ok"`
	NextPoll          *time.Time `json:"next_poll"`
	LastError         string     `json:"last_error"`
	PageError         string     `json:"page_error,omitempty"`
	ConsecutiveErrors int        `json:"consecutive_errors"`
	Articles          int        `json:"articles"`
}

func (s *Server) feedOf(st feed.State) feedJSON {
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	iv := st.Interval
	if iv == 0 {
		iv = s.pollEvery
	}
	return feedJSON{
		ID: st.ID, URL: st.URL, Title: st.Title, IntervalSeconds: int(iv / time.Second), State: st.Status(),
		AddedAt: st.Added, LastPolled: opt(st.LastPolled), LastOK: opt(st.LastSuccess), NextPoll: opt(st.NextPoll),
		LastError: st.LastError, PageError: st.PageError, ConsecutiveErrors: st.ConsecutiveErrors, Articles: st.ItemsSeen,
	}
}

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) error {
	out := []feedJSON{}
	for _, st := range s.feeds.List() {
		out = append(out, s.feedOf(st))
	}
	writeJSON(w, http.StatusOK, map[string]any{"feeds": out})
	return nil
}

func (s *Server) addFeed(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		URL             string `json:"url"`
		IntervalSeconds int    `json:"interval_seconds"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := feed.NormalizeURL(in.URL); err != nil {
		return errorf(http.StatusBadRequest, "url: %v", err)
	}
	if in.IntervalSeconds != 0 && in.IntervalSeconds < 60 {
		return errorf(http.StatusBadRequest, "interval_seconds: at least 60")
	}
	st, err := s.feeds.Add(r.Context(), in.URL, time.Duration(in.IntervalSeconds)*time.Second)
	switch {
	case errors.Is(err, feed.ErrExists):
		writeJSON(w, http.StatusOK, s.feedOf(st))
		return nil
	case err != nil:
		return err
	}
	writeJSON(w, http.StatusCreated, s.feedOf(st))
	return nil
}

func (s *Server) removeFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errorf(http.StatusBadRequest, "feed id %q is not a number", r.PathValue("id"))
	}
	st, ok := s.feeds.ByID(id)
	if !ok {
		return errorf(http.StatusNotFound, "no feed %d", id)
	}
	if err := s.feeds.Remove(r.Context(), st.URL); errors.Is(err, feed.ErrNotFound) {
		return errorf(http.StatusNotFound, "no feed %d", id)
	} else if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
