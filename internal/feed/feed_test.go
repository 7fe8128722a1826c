package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// Each format's items become documents with the fields the store needs.
func TestFormats(t *testing.T) {
	s := newServer(t)
	s.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	s.file(t, "/atom.xml", "atom.xml", "application/atom+xml; charset=utf-8")
	s.file(t, "/feed.json", "feed.json", "application/feed+json")
	s.file(t, "/news/fuel-protest", "article.html", "text/html; charset=utf-8")
	s.file(t, "/reports/convoy", "article.html", "text/html")
	p, c, _ := newPoller(t, nil)
	for _, f := range []string{"/rss.xml", "/atom.xml", "/feed.json"} {
		add(t, p, s.URL+f)
	}
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	docs := map[string]doc.Document{}
	for _, d := range c.take() {
		if _, dup := docs[d.ID]; dup {
			t.Errorf("document %s delivered twice", d.ID)
		}
		docs[d.ID] = d
	}
	want := []struct {
		id, title, outlet, url, published, text string
	}{
		{s.URL + "/rss.xml#dispatch-1001", "Two soldiers wounded as mortar rounds hit checkpoint", "Frontline Dispatch",
			s.URL + "/news/checkpoint-mortar", "2025-12-01", "wounding two soldiers"},
		// A permalink GUID is the id as it is; the relative link is resolved against the feed.
		{s.URL + "/news/fuel-protest", "Protesters block highway over fuel prices", "Frontline Dispatch",
			s.URL + "/news/fuel-protest", "2025-12-02", "irrigation pumps"},
		{"tag:valley-monitor.test,2025:report-77", "Clashes reported between rival militias in market district", "Valley Monitor",
			s.URL + "/reports/market-clashes", "2025-12-04", "three fighters were killed"},
		{"tag:valley-monitor.test,2025:report-78", "Aid convoy turned back at crossing", "Valley Monitor",
			s.URL + "/reports/convoy", "2025-12-03", "diesel prices"},
		{s.URL + "/feed.json#cw-2025-12-05-01", "Explosion at harbour warehouse", "Coastal Watch",
			s.URL + "/posts/harbour-blast", "2025-12-05", "bodies of two workers"},
		{s.URL + "/feed.json#cw-2025-12-05-02", "Curfew extended for another week", "Coastal Watch",
			s.URL + "/posts/curfew", "2025-12-05", "night curfew"},
	}
	if len(docs) != len(want) {
		t.Errorf("got %d documents, want %d", len(docs), len(want))
	}
	for _, w := range want {
		d, ok := docs[w.id]
		if !ok {
			t.Errorf("no document %s", w.id)
			continue
		}
		if d.Title != w.title || d.Outlet != w.outlet || d.URL != w.url || d.PublishedString() != w.published {
			t.Errorf("%s: got title %q outlet %q url %q published %q", w.id, d.Title, d.Outlet, d.URL, d.PublishedString())
		}
		if !strings.Contains(d.Text, w.text) {
			t.Errorf("%s: text lacks %q:\n%s", w.id, w.text, d.Text)
		}
		if strings.Contains(d.Text, "<") {
			t.Errorf("%s: markup left in text: %q", w.id, d.Text)
		}
	}
	st := state(t, p, s.URL+"/rss.xml")
	if st.Title != "Frontline Dispatch" || st.ItemsSeen != 2 || st.LastNew != 2 || st.LastStatus != 200 ||
		!st.LastSuccess.Equal(t0) || st.ConsecutiveErrors != 0 || st.LastError != "" {
		t.Errorf("rss state: %+v", st)
	}
	if !st.NextPoll.Equal(t0.Add(10 * time.Minute)) {
		t.Errorf("next poll %v, want interval after %v", st.NextPoll, t0)
	}
}

// A summary-only item gets the article text of its linked page, not the page's menus.
func TestSummaryOnlyFetchesPage(t *testing.T) {
	s := newServer(t)
	s.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	s.file(t, "/news/fuel-protest", "article.html", "text/html; charset=utf-8")
	p, c, _ := newPoller(t, nil)
	add(t, p, s.URL+"/rss.xml")
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	var page *doc.Document
	for _, d := range c.take() {
		if d.ID == s.URL+"/news/fuel-protest" {
			page = &d
		}
	}
	if page == nil {
		t.Fatal("summary-only item not delivered")
	}
	for _, want := range []string{"parking tractors and lorries", "No injuries or arrests were reported."} {
		if !strings.Contains(page.Text, want) {
			t.Errorf("page text lacks %q:\n%s", want, page.Text)
		}
	}
	for _, junk := range []string{"SUBSCRIBE-NAV-MARKER", "FOOTER-MARKER"} {
		if strings.Contains(page.Text, junk) {
			t.Errorf("page text has %q:\n%s", junk, page.Text)
		}
	}
	if n := len(s.requests("/news/fuel-protest")); n != 1 {
		t.Errorf("page fetched %d times, want 1", n)
	}
	// The raw bytes kept with an article are the page's, and the feed's content for the other.
	if raw := string(c.raws[page.ID]); !strings.Contains(raw, "<article>") {
		t.Errorf("raw of the page item: %.80q", raw)
	}
	if raw := string(c.raws[s.URL+"/rss.xml#dispatch-1001"]); !strings.HasPrefix(raw, "<p>Mortar rounds") {
		t.Errorf("raw of the content item: %.80q", raw)
	}
	// The item with full content needed no page.
	if n := len(s.requests("/news/checkpoint-mortar")); n != 0 {
		t.Errorf("full-content item's page fetched %d times", n)
	}
}

// A page that fails transiently leaves its item for the next poll, up to PageTries; then the
// summary is delivered. A 404 delivers the summary at once.
func TestSummaryPageFailure(t *testing.T) {
	s := newServer(t)
	s.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	s.route("/news/fuel-protest", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusBadGateway)
	})
	p, c, _ := newPoller(t, func(o *Options) { o.PageTries = 2 })
	u := s.URL + "/rss.xml"
	add(t, p, u)
	ctx := context.Background()

	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err) // a page failure is not the feed's failure
	}
	if got := titles(c.take()); len(got) != 1 || !strings.HasPrefix(got[0], "Two soldiers") {
		t.Fatalf("first poll delivered %q, want only the full-content item", got)
	}
	st := state(t, p, u)
	if st.ConsecutiveErrors != 0 || st.LastError != "" || !strings.Contains(st.PageError, "502") || st.ETag != "" {
		t.Errorf("state after page failure: %+v", st)
	}

	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got := c.take()
	if len(got) != 1 || got[0].Text != "Hundreds of drivers & farmers blocked the northern highway. Police watched." {
		t.Fatalf("second poll delivered %+v, want the summary", got)
	}
	if n := len(s.requests("/news/fuel-protest")); n != 2 {
		t.Errorf("page fetched %d times, want 2", n)
	}
	if err := p.PollOnce(ctx); err != nil || len(c.take()) != 0 {
		t.Errorf("third poll: err %v or items re-delivered", err)
	}

	// 404: summary at once.
	s2 := newServer(t)
	s2.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	p2, c2, _ := newPoller(t, nil)
	add(t, p2, s2.URL+"/rss.xml")
	if err := p2.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := c2.take(); len(got) != 2 {
		t.Errorf("404 page: delivered %d items, want 2 (one with its summary)", len(got))
	}
}

// An unchanged feed costs a 304: the validators are sent and nothing is delivered again.
func TestConditionalGet(t *testing.T) {
	s := newServer(t)
	body := s.testdata(t, "atom.xml")
	const etag, lastMod = `"v1-abc"`, "Thu, 04 Dec 2025 10:00:00 GMT"
	var fulls atomic.Int32
	s.route("/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fulls.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(body)
	})
	p, c, clk := newPoller(t, func(o *Options) { o.SkipPages = true })
	u := s.URL + "/atom.xml"
	add(t, p, u)
	ctx := context.Background()
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(c.take()); n != 2 {
		t.Fatalf("first poll delivered %d, want 2", n)
	}
	st := state(t, p, u)
	if st.ETag != etag || st.LastModified != lastMod {
		t.Errorf("validators not kept: %+v", st)
	}
	if h := s.requests("/atom.xml")[0]; h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
		t.Errorf("first request was conditional: %v", h)
	}

	clk.advance(time.Hour)
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests("/atom.xml")
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	if h := reqs[1]; h.Get("If-None-Match") != etag || h.Get("If-Modified-Since") != lastMod {
		t.Errorf("second request lacks validators: If-None-Match %q If-Modified-Since %q",
			h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
	if n := len(c.take()); n != 0 {
		t.Errorf("304 delivered %d items", n)
	}
	st = state(t, p, u)
	if st.LastStatus != 304 || !st.LastSuccess.Equal(t0.Add(time.Hour)) || st.LastNew != 0 || st.ItemsSeen != 2 ||
		st.ETag != etag {
		t.Errorf("state after 304: %+v", st)
	}
	if fulls.Load() != 1 {
		t.Errorf("full body served %d times", fulls.Load())
	}

	// A server that ignores the validators and sends the same feed again: still nothing new.
	s.route("/atom.xml", func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(c.take()); n != 0 {
		t.Errorf("unchanged 200 delivered %d items", n)
	}
	if st := state(t, p, u); st.ETag != "" || st.LastStatus != 200 {
		t.Errorf("validators of a response without them should be cleared: %+v", st)
	}
}

// A feed that changes between polls delivers only what is new or edited.
func TestFeedChanges(t *testing.T) {
	s := newServer(t)
	s.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	p, c, _ := newPoller(t, func(o *Options) { o.SkipPages = true })
	u := s.URL + "/rss.xml"
	add(t, p, u)
	ctx := context.Background()
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(c.take()); n != 2 {
		t.Fatalf("first poll: %d items", n)
	}
	s.file(t, "/rss.xml", "rss-updated.xml", "application/rss+xml")
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got := c.take()
	if len(got) != 1 || got[0].Title != "Drone strike hits fuel depot near the border" ||
		got[0].ID != u+"#dispatch-1003" || got[0].PublishedString() != "2025-12-03" {
		t.Fatalf("second poll delivered %+v, want only the depot strike", got)
	}
	if st := state(t, p, u); st.ItemsSeen != 3 || st.LastNew != 1 {
		t.Errorf("counts: seen %d, last new %d", st.ItemsSeen, st.LastNew)
	}

	// The publisher corrects an item in place: same GUID, new text. It is delivered again
	// under the same id so the store can keep the revision.
	body := strings.Replace(string(s.testdata(t, "rss-updated.xml")), "nobody was killed", "one guard was killed", 1)
	s.route("/rss.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) })
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got = c.take()
	if len(got) != 1 || got[0].ID != u+"#dispatch-1003" || !strings.Contains(got[0].Text, "one guard was killed") {
		t.Fatalf("edited item: delivered %+v", got)
	}
}

// A server error backs off exponentially up to the cap, honours Retry-After, shows in the
// state, and a success resets it.
func TestServerErrorBackoff(t *testing.T) {
	s := newServer(t)
	var fail atomic.Bool
	fail.Store(true)
	body := s.testdata(t, "feed.json")
	s.route("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "database on fire", http.StatusInternalServerError)
			return
		}
		w.Write(body)
	})
	p, c, clk := newPoller(t, func(o *Options) {
		o.BackoffBase = time.Minute
		o.BackoffMax = 10 * time.Minute
	})
	u := s.URL + "/feed.json"
	add(t, p, u)
	ctx := context.Background()
	for i, want := range []time.Duration{1, 2, 4, 8, 10, 10} {
		err := p.PollOnce(ctx)
		var he *HTTPError
		if !errors.As(err, &he) || he.Status != 500 {
			t.Fatalf("poll %d: error %v, want HTTP 500", i+1, err)
		}
		st := state(t, p, u)
		now := clk.Now()
		if st.ConsecutiveErrors != i+1 || st.LastStatus != 500 || !strings.Contains(st.LastError, "HTTP 500") ||
			!st.LastPolled.Equal(now) || !st.LastSuccess.IsZero() {
			t.Errorf("poll %d: state %+v", i+1, st)
		}
		if wantStatus := map[bool]string{true: "error", false: "backoff"}[i == 0]; st.Status() != wantStatus {
			t.Errorf("poll %d: status %q, want %q", i+1, st.Status(), wantStatus)
		}
		if got := st.NextPoll.Sub(now); got != want*time.Minute {
			t.Errorf("poll %d: back-off %v, want %v", i+1, got, want*time.Minute)
		}
		clk.advance(time.Minute)
	}
	if n := len(c.take()); n != 0 {
		t.Errorf("delivered %d items from a 500", n)
	}

	fail.Store(false)
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	st := state(t, p, u)
	if st.ConsecutiveErrors != 0 || st.LastError != "" || !st.LastSuccess.Equal(clk.Now()) ||
		!st.NextPoll.Equal(clk.Now().Add(10*time.Minute)) || st.Status() != "ok" {
		t.Errorf("state after recovery: %+v", st)
	}
	if n := len(c.take()); n != 2 {
		t.Errorf("recovery delivered %d items, want 2", n)
	}

	// Retry-After longer than the back-off wins, up to the cap.
	s.route("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "240")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	p.PollOnce(ctx)
	if st := state(t, p, u); st.NextPoll.Sub(clk.Now()) != 4*time.Minute || st.LastStatus != 429 {
		t.Errorf("Retry-After: next poll in %v, status %d", st.NextPoll.Sub(clk.Now()), st.LastStatus)
	}
}

// The default jitter stays within [d/2, d] and is not constant.
func TestDefaultJitter(t *testing.T) {
	o := Options{Sink: (&collector{}).sink, BackoffBase: time.Minute, BackoffMax: time.Hour}
	p, err := New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[time.Duration]bool{}
	for range 200 {
		d := p.backoff(3)
		if d < 2*time.Minute || d > 4*time.Minute {
			t.Fatalf("backoff(3) = %v, want within [2m, 4m]", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("jitter gave only %d distinct delays", len(seen))
	}
	if d := p.backoff(100); d > time.Hour || d < 30*time.Minute {
		t.Errorf("backoff(100) = %v, want within the cap", d)
	}
}

// A server slow to answer, or slow to finish its body, is cut off by the request timeout.
func TestTimeout(t *testing.T) {
	s := newServer(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	s.route("/slow-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	body := s.testdata(t, "rss.xml")
	s.route("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Write(body[:100])
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	p, c, _ := newPoller(t, func(o *Options) { o.RequestTimeout = 300 * time.Millisecond })
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		u := s.URL + path
		add(t, p, u)
		start := time.Now()
		_, err := p.Poll(context.Background(), u)
		if el := time.Since(start); el > 3*time.Second {
			t.Errorf("%s: poll took %v", path, el)
		}
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: error %v, want ErrTimeout", path, err)
		}
		st := state(t, p, u)
		if st.ConsecutiveErrors != 1 || !strings.Contains(st.LastError, "timed out after 300ms") {
			t.Errorf("%s: state %+v", path, st)
		}
	}
	if len(c.take()) != 0 {
		t.Error("items delivered from a timed-out feed")
	}
}

// An endless body is cut off at the size limit with a clear error, long before the timeout.
func TestEndlessBody(t *testing.T) {
	s := newServer(t)
	var sent atomic.Int64
	endless := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
		chunk := []byte(strings.Repeat("endless ", 512))
		for r.Context().Err() == nil {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}
	s.route("/endless.xml", endless)
	p, c, _ := newPoller(t, func(o *Options) { o.MaxFeedBytes = 256 << 10 })
	u := s.URL + "/endless.xml"
	add(t, p, u)
	start := time.Now()
	_, err := p.Poll(context.Background(), u)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("took %v", el)
	}
	st := state(t, p, u)
	if st.ConsecutiveErrors != 1 || !strings.Contains(st.LastError, "more than 262144 bytes") {
		t.Errorf("state %+v", st)
	}
	if len(c.take()) != 0 {
		t.Error("items delivered from a truncated feed")
	}

	// A declared Content-Length over the limit is refused before reading.
	s.route("/big.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(1<<30))
		w.Write([]byte("<rss>"))
	})
	add(t, p, s.URL+"/big.xml")
	if _, err := p.Poll(context.Background(), s.URL+"/big.xml"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "Content-Length") {
		t.Errorf("big Content-Length: %v", err)
	}

	// An endless article page: the item falls back to its summary.
	s2 := newServer(t)
	s2.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	s2.route("/news/fuel-protest", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		endless(w, r)
	})
	p2, c2, _ := newPoller(t, func(o *Options) { o.MaxPageBytes = 128 << 10 })
	add(t, p2, s2.URL+"/rss.xml")
	if err := p2.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := c2.take(); len(got) != 2 {
		t.Errorf("delivered %d, want 2 (one with its summary)", len(got))
	}
	if st := state(t, p2, s2.URL+"/rss.xml"); !strings.Contains(st.PageError, "summary delivered instead") ||
		!strings.Contains(st.PageError, "too large") || st.LastError != "" {
		t.Errorf("page error not visible: %+v", st)
	}
}

// Bytes that are not a feed give ErrParse and an error state, not a crash or empty success.
func TestInvalidFeed(t *testing.T) {
	s := newServer(t)
	s.file(t, "/broken.xml", "broken.xml", "application/rss+xml")
	s.route("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<!DOCTYPE html><html><body><p>This is a web page, not a feed.</p></body></html>"))
	})
	s.route("/empty", func(w http.ResponseWriter, r *http.Request) {})
	p, c, _ := newPoller(t, nil)
	for _, path := range []string{"/broken.xml", "/page.html", "/empty"} {
		u := s.URL + path
		add(t, p, u)
		_, err := p.Poll(context.Background(), u)
		if !errors.Is(err, ErrParse) {
			t.Errorf("%s: error %v, want ErrParse", path, err)
		}
		st := state(t, p, u)
		if st.ConsecutiveErrors != 1 || !strings.Contains(st.LastError, "not a readable RSS, Atom or JSON feed") ||
			st.LastStatus != 200 || st.NextPoll.Sub(st.LastPolled) != time.Minute {
			t.Errorf("%s: state %+v", path, st)
		}
	}
	if len(c.take()) != 0 {
		t.Error("items delivered from an invalid feed")
	}
}

// No more than PerHost requests reach one host at once, though more feeds are polled in
// parallel; a second host is not held up by the first.
func TestPerHostLimit(t *testing.T) {
	a, b := newServer(t), newServer(t)
	slow := func(s *server) http.HandlerFunc {
		body := s.testdata(t, "feed.json")
		return func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(150 * time.Millisecond)
			w.Write(body)
		}
	}
	p, _, _ := newPoller(t, func(o *Options) { o.PerHost = 2; o.Concurrency = 8 })
	for i := range 6 {
		path := fmt.Sprintf("/feed%d.json", i)
		a.route(path, slow(a))
		add(t, p, a.URL+path)
	}
	b.route("/feed.json", slow(b))
	add(t, p, b.URL+"/feed.json")
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a.peak() != 2 {
		t.Errorf("host A saw at most %d requests at once, want exactly 2", a.peak())
	}
	if len(b.requests("/feed.json")) != 1 || b.peak() != 1 {
		t.Errorf("host B: %d requests", len(b.requests("/feed.json")))
	}
	for _, st := range p.List() {
		if st.LastStatus != 200 || st.ItemsSeen != 2 {
			t.Errorf("%s: %+v", st.URL, st)
		}
	}
	p.fetch.mu.Lock()
	defer p.fetch.mu.Unlock()
	if n := len(p.fetch.hosts); n != 0 {
		t.Errorf("%d host semaphores left after the poll", n)
	}
}

// A failing sink leaves its item unseen, so it is offered again.
func TestSinkError(t *testing.T) {
	s := newServer(t)
	s.file(t, "/feed.json", "feed.json", "application/feed+json")
	p, c, _ := newPoller(t, nil)
	u := s.URL + "/feed.json"
	add(t, p, u)
	c.fail = errors.New("disk full")
	err := p.PollOnce(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v, want the sink's", err)
	}
	if st := state(t, p, u); st.ConsecutiveErrors != 1 || !strings.Contains(st.LastError, "disk full") || st.ItemsSeen != 0 {
		t.Errorf("state %+v", st)
	}
	c.fail = nil
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(c.take()); n != 2 {
		t.Errorf("redelivered %d, want 2", n)
	}
}

func TestAddRemoveList(t *testing.T) {
	store := &MemoryStore{}
	p, _, _ := newPoller(t, func(o *Options) { o.Store = store })
	ctx := context.Background()
	for _, bad := range []string{"", "ftp://example.test/feed", "/relative/feed.xml", "http://", "::"} {
		if _, err := p.Add(ctx, bad, 0); err == nil {
			t.Errorf("Add(%q) accepted", bad)
		}
	}
	st, err := p.Add(ctx, "HTTPS://News.Example.TEST/feed.xml#top", 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if st.URL != "https://news.example.test/feed.xml" || !st.Added.Equal(t0) || st.ID != 1 || st.Interval != 5*time.Minute ||
		st.Status() != "new" {
		t.Errorf("added %+v", st)
	}
	if _, err := p.Add(ctx, "https://news.example.test/feed.xml", 0); !errors.Is(err, ErrExists) {
		t.Errorf("second Add: %v", err)
	}
	add(t, p, "http://a.example.test/rss")
	got := p.List()
	if len(got) != 2 || got[0].URL != st.URL || got[1].URL != "http://a.example.test/rss" || got[1].ID != 2 {
		t.Errorf("List: %+v", got)
	}
	if b, ok := p.ByID(2); !ok || b.URL != "http://a.example.test/rss" {
		t.Errorf("ByID(2) = %+v, %v", b, ok)
	}
	saved, _ := store.LoadFeeds(ctx)
	if len(saved) != 2 {
		t.Errorf("store has %d feeds", len(saved))
	}
	store.MarkSeen(ctx, st.URL, "k")
	if err := p.Remove(ctx, st.URL); err != nil {
		t.Fatal(err)
	}
	if err := p.Remove(ctx, st.URL); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove: %v", err)
	}
	if seen, _ := store.Seen(ctx, st.URL, "k"); seen {
		t.Error("seen keys survive Remove")
	}
	if saved, _ := store.LoadFeeds(ctx); len(saved) != 1 || len(p.List()) != 1 {
		t.Errorf("after Remove: store %d, poller %d", len(saved), len(p.List()))
	}

	// A new Poller on the same store starts from the saved states.
	p2, _, _ := newPoller(t, func(o *Options) { o.Store = store })
	if l := p2.List(); len(l) != 1 || l[0].URL != "http://a.example.test/rss" {
		t.Errorf("reloaded: %+v", l)
	}
	// IDs continue after the highest loaded one, even though feed 1 is gone.
	if s, err := p2.Add(ctx, "http://b.example.test/rss", 0); err != nil || s.ID != 3 {
		t.Errorf("Add after reload: %+v, %v", s, err)
	}
}

// Run polls on schedule, picks up changes within an interval, and on cancellation returns
// promptly without leaving an item half-delivered.
func TestRun(t *testing.T) {
	s := newServer(t)
	s.file(t, "/rss.xml", "rss.xml", "application/rss+xml")
	delivered := make(chan doc.Document, 16)
	var inSink atomic.Bool
	editEntered := make(chan struct{}) // the edited item has reached the sink
	var enterOnce sync.Once
	p, _, _ := newPoller(t, func(o *Options) {
		o.Now = time.Now
		o.SkipPages = true
		o.Sink = func(ctx context.Context, d doc.Document, raw []byte) error {
			inSink.Store(true)
			defer inSink.Store(false)
			if strings.Contains(d.Text, "a guard was hurt") {
				enterOnce.Do(func() { close(editEntered) })
			}
			// A slow ingest that must not be cut short by shutdown.
			select {
			case <-time.After(50 * time.Millisecond):
			case <-ctx.Done():
				return ctx.Err()
			}
			delivered <- d
			return nil
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, 300*time.Millisecond) }()
	add(t, p, s.URL+"/rss.xml") // added while running: polled at once

	recv := func(n int, within time.Duration) []string {
		t.Helper()
		var got []string
		deadline := time.After(within)
		for len(got) < n {
			select {
			case d := <-delivered:
				got = append(got, d.Title)
			case <-deadline:
				t.Fatalf("got %q within %v, want %d items", got, within, n)
			}
		}
		return got
	}
	recv(2, 5*time.Second)
	s.file(t, "/rss.xml", "rss-updated.xml", "application/rss+xml")
	if got := recv(1, 5*time.Second); got[0] != "Drone strike hits fuel depot near the border" {
		t.Errorf("after change: %q", got)
	}
	if n := len(s.requests("/rss.xml")); n < 2 {
		t.Errorf("%d polls", n)
	}

	// Cancel while an item is in the sink: it completes and Run returns.
	s.route("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Replace(string(s.testdata(t, "rss-updated.xml")), "nobody was killed", "a guard was hurt", 1)))
	})
	select {
	case <-editEntered:
	case <-time.After(5 * time.Second):
		t.Fatal("edited item not polled")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not stop")
	}
	if inSink.Load() {
		t.Error("Run returned with an item in the sink")
	}
	select {
	case d := <-delivered:
		if !strings.Contains(d.Text, "a guard was hurt") {
			t.Errorf("delivered %q", d.Text)
		}
	default:
		t.Error("the item in the sink at cancellation was dropped")
	}
	if st := state(t, p, s.URL+"/rss.xml"); st.ItemsSeen != 4 {
		t.Errorf("items seen %d, want 4", st.ItemsSeen)
	}
	if err := p.Run(context.Background(), 0); err == nil {
		t.Error("Run accepted a zero interval")
	}
}

// Remove during a poll: the poll finishes and its state is not saved back.
func TestRemoveWhilePolling(t *testing.T) {
	s := newServer(t)
	body := s.testdata(t, "feed.json")
	entered := make(chan struct{})
	var once sync.Once
	s.route("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(entered) })
		time.Sleep(100 * time.Millisecond)
		w.Write(body)
	})
	store := &MemoryStore{}
	p, _, _ := newPoller(t, func(o *Options) { o.Store = store })
	u := s.URL + "/feed.json"
	add(t, p, u)
	done := make(chan error)
	go func() { _, err := p.Poll(context.Background(), u); done <- err }()
	<-entered
	if err := p.Remove(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	<-done
	if feeds, _ := store.LoadFeeds(context.Background()); len(feeds) != 0 {
		t.Errorf("removed feed saved back: %+v", feeds)
	}
	if slices.ContainsFunc(p.List(), func(s State) bool { return s.URL == u }) {
		t.Error("removed feed listed")
	}
}

// At most MaxPages linked pages are fetched in one poll; the other summary-only items come
// with the next polls, each once.
func TestMaxPages(t *testing.T) {
	s := newServer(t)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Briefs</title>`)
	for i := range 5 {
		fmt.Fprintf(&b, `<item><guid>brief-%d</guid><title>Brief %d</title><link>%s/b/%d</link><description>Short.</description></item>`, i, i, s.URL, i)
		s.file(t, fmt.Sprintf("/b/%d", i), "article.html", "text/html")
	}
	b.WriteString(`</channel></rss>`)
	s.route("/briefs.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"same"`)
		w.Write([]byte(b.String()))
	})
	p, c, _ := newPoller(t, func(o *Options) { o.MaxPages = 2 })
	u := s.URL + "/briefs.xml"
	add(t, p, u)
	for i, want := range []int{2, 2, 1, 0} {
		if err := p.PollOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := c.take()
		if len(got) != want {
			t.Errorf("poll %d delivered %d, want %d", i+1, len(got), want)
		}
		for _, d := range got {
			if !strings.Contains(d.Text, "irrigation pumps") {
				t.Errorf("%s delivered without its page", d.ID)
			}
		}
		if st := state(t, p, u); (st.ETag == "") != (i < 2) {
			t.Errorf("poll %d: ETag %q; want it kept only once every item is through", i+1, st.ETag)
		}
	}
	for i := range 5 {
		if n := len(s.requests(fmt.Sprintf("/b/%d", i))); n != 1 {
			t.Errorf("page %d fetched %d times", i, n)
		}
	}
}

// Stopping Run cancels a fetch in flight at once; the interrupted poll is not counted as
// the feed's error.
func TestRunCancelsFetch(t *testing.T) {
	s := newServer(t)
	entered := make(chan struct{})
	var once sync.Once
	s.route("/hang.xml", func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(entered) })
		<-r.Context().Done()
	})
	p, c, _ := newPoller(t, func(o *Options) { o.Now = time.Now; o.RequestTimeout = time.Minute })
	u := s.URL + "/hang.xml"
	add(t, p, u)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, time.Minute) }()
	<-entered
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not stop with a fetch in flight")
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("stopping took %v", el)
	}
	st := state(t, p, u)
	if st.ConsecutiveErrors != 0 || st.LastError != "" || !st.LastPolled.IsZero() || st.Status() != "new" {
		t.Errorf("interrupted poll left state %+v", st)
	}
	if len(c.take()) != 0 {
		t.Error("delivered something")
	}
}
