package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/feed"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// rssWith is an RSS 2.0 feed of the given items (title, text) published on 14 March 2025.
func rssWith(items ...[2]string) string {
	s := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local Wire</title><link>http://wire.test/</link><description>test</description>`
	for i, it := range items {
		s += fmt.Sprintf(`<item><title>%s</title><link>http://wire.test/%d</link><guid>http://wire.test/%d</guid><pubDate>Fri, 14 Mar 2025 09:00:00 GMT</pubDate><description><![CDATA[%s]]></description></item>`, it[0], i, i, it[1])
	}
	return s + `</channel></rss>`
}

// TestFeedItemBecomesEventWithinOnePoll runs the poller against a local feed server that
// gains an item between polls, and checks the item's event is listed by GET /api/events
// within one poll interval of its appearing.
func TestFeedItemBecomesEventWithinOnePoll(t *testing.T) {
	var version atomic.Int32
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if version.Load() == 0 {
			fmt.Fprint(w, rssWith())
			return
		}
		fmt.Fprint(w, rssWith([2]string{"Bomb in Lashkar Gah", "A roadside bomb struck a police convoy in Lashkar Gah on Friday, killing two policemen, a provincial spokesman told reporters. The spokesman said the blast damaged two vehicles and that an investigation had begun into who planted the device on the main road."}))
	}))
	defer feedSrv.Close()

	coder, err := sharedCoder()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "feeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const interval = time.Second
	var srv *Server
	poller, err := feed.New(context.Background(), feed.Options{
		Sink:      func(ctx context.Context, d doc.Document, raw []byte) error { return srv.Ingest(ctx, d, raw) },
		Interval:  interval,
		SkipPages: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv = New(Options{Token: testToken, Store: st, Coder: coder, Feeds: poller, PollEvery: interval})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- poller.Run(ctx, interval) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	var added feedJSON
	if code, b := call(t, "POST", ts.URL+"/api/feeds", "application/json", `{"url":"`+feedSrv.URL+`/rss"}`, true, &added); code != 201 {
		t.Fatalf("add feed: %d %s", code, b)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/feeds", "application/json", `{"url":"`+feedSrv.URL+`/rss"}`, true, nil); code != 200 {
		t.Errorf("adding the same feed again: %d, want 200", code)
	}
	// Wait for the first (empty) poll, then publish the item.
	waitFor(t, 5*time.Second, func() bool {
		var l struct{ Feeds []feedJSON }
		call(t, "GET", ts.URL+"/api/feeds", "", "", false, &l)
		return len(l.Feeds) == 1 && l.Feeds[0].LastPolled != nil
	})
	version.Store(1)
	published := time.Now()
	// One poll interval, plus the time to code and store one report on a busy machine.
	waitFor(t, interval+2*time.Second, func() bool {
		var l struct{ Events []store.EventRow }
		call(t, "GET", ts.URL+"/api/events?country=Afghanistan", "", "", false, &l)
		return len(l.Events) == 1 && l.Events[0].Fatalities == 2
	})
	t.Logf("item listed as an event %v after it was published (poll interval %v)", time.Since(published).Round(10*time.Millisecond), interval)
	var l struct{ Feeds []feedJSON }
	call(t, "GET", ts.URL+"/api/feeds", "", "", false, &l)
	if l.Feeds[0].Articles != 1 || l.Feeds[0].Title != "Local Wire" || l.Feeds[0].State != "ok" {
		t.Errorf("feed state: %+v", l.Feeds[0])
	}
	if code, _ := call(t, "DELETE", fmt.Sprintf("%s/api/feeds/%d", ts.URL, added.ID), "", "", false, nil); code != 401 {
		t.Errorf("delete without token: %d", code)
	}
	if code, _ := call(t, "DELETE", fmt.Sprintf("%s/api/feeds/%d", ts.URL, added.ID), "", "", true, nil); code != 204 {
		t.Errorf("delete: %d", code)
	}
}

func waitFor(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not done within %v", d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
