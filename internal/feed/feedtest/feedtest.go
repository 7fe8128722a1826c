// Package feedtest is the contract test of feed.StateStore: every implementation (the
// in-memory one in package feed, the store's SQLite and PostgreSQL ones) runs the same checks,
// so the poller behaves the same on each.
package feedtest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/feed"
)

// StateStore checks s, which must start empty. Times are compared with Equal at microsecond
// precision, which is what PostgreSQL keeps.
func StateStore(t *testing.T, s feed.StateStore) {
	t.Helper()
	ctx := context.Background()
	if got, err := s.LoadFeeds(ctx); err != nil || len(got) != 0 {
		t.Fatalf("new store: LoadFeeds = %v, %v; want empty", got, err)
	}

	at := time.Date(2025, 12, 6, 12, 30, 15, 123456000, time.UTC)
	full := feed.State{
		ID: 7, URL: "https://news.example.test/rss?x=1&y=2", Title: "Frontline Dispatch — Ünïcode",
		Interval: 5 * time.Minute, Added: at.Add(-48 * time.Hour),
		LastPolled: at, LastSuccess: at.Add(-time.Hour), LastStatus: 503,
		LastError: `GET https://news.example.test/rss: HTTP 503 "quoted"`, ConsecutiveErrors: 3,
		NextPoll: at.Add(8 * time.Minute), PageError: "article page: timed out",
		ETag: `W/"abc-123"`, LastModified: "Sat, 06 Dec 2025 11:00:00 GMT",
		ItemsSeen: 1234, LastNew: 5,
	}
	empty := feed.State{ID: 8, URL: "http://b.example.test/feed.json", Added: at}
	for _, st := range []feed.State{full, empty} {
		if err := s.SaveFeed(ctx, st); err != nil {
			t.Fatalf("SaveFeed(%s): %v", st.URL, err)
		}
	}
	check := func(when string, want ...feed.State) {
		t.Helper()
		got, err := s.LoadFeeds(ctx)
		if err != nil {
			t.Fatalf("%s: LoadFeeds: %v", when, err)
		}
		byURL := map[string]feed.State{}
		for _, g := range got {
			byURL[g.URL] = g
		}
		if len(got) != len(want) || len(byURL) != len(want) {
			t.Fatalf("%s: LoadFeeds gave %d feeds, want %d: %+v", when, len(got), len(want), got)
		}
		for _, w := range want {
			g, ok := byURL[w.URL]
			if !ok {
				t.Errorf("%s: %s missing", when, w.URL)
				continue
			}
			if d := diff(g, w); d != "" {
				t.Errorf("%s: %s differs: %s", when, w.URL, d)
			}
		}
	}
	check("after save", full, empty)

	// Saving again replaces, keyed by URL.
	full.ConsecutiveErrors, full.LastError, full.LastStatus, full.ItemsSeen = 0, "", 200, 1240
	full.NextPoll = time.Time{}
	if err := s.SaveFeed(ctx, full); err != nil {
		t.Fatal(err)
	}
	check("after update", full, empty)

	for _, key := range []string{"dispatch-1001 2cbfa86f49a3294c", "https://x.test/a?b=c#d 0011223344556677", strings.Repeat("k", 200)} {
		if seen, err := s.Seen(ctx, full.URL, key); err != nil || seen {
			t.Errorf("Seen(%q) before MarkSeen = %v, %v", key, seen, err)
		}
		for range 2 { // marking twice is not an error
			if err := s.MarkSeen(ctx, full.URL, key); err != nil {
				t.Fatalf("MarkSeen(%q): %v", key, err)
			}
		}
		if seen, err := s.Seen(ctx, full.URL, key); err != nil || !seen {
			t.Errorf("Seen(%q) after MarkSeen = %v, %v", key, seen, err)
		}
		if seen, _ := s.Seen(ctx, empty.URL, key); seen {
			t.Errorf("key %q seen in another feed", key)
		}
	}

	// Concurrent use, as the poller does with several feeds at once.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			key := fmt.Sprintf("item-%d", i)
			if err := s.MarkSeen(ctx, empty.URL, key); err != nil {
				t.Errorf("concurrent MarkSeen: %v", err)
			}
			if seen, err := s.Seen(ctx, empty.URL, key); err != nil || !seen {
				t.Errorf("concurrent Seen: %v, %v", seen, err)
			}
			st := empty
			st.LastNew = i
			if err := s.SaveFeed(ctx, st); err != nil {
				t.Errorf("concurrent SaveFeed: %v", err)
			}
		})
	}
	wg.Wait()

	if err := s.DeleteFeed(ctx, full.URL); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFeed(ctx, "http://never.example.test/"); err != nil {
		t.Errorf("DeleteFeed of an absent feed: %v", err)
	}
	if seen, _ := s.Seen(ctx, full.URL, "dispatch-1001 2cbfa86f49a3294c"); seen {
		t.Error("seen keys survive DeleteFeed")
	}
	if seen, _ := s.Seen(ctx, empty.URL, "item-3"); !seen {
		t.Error("DeleteFeed removed another feed's keys")
	}
	got, err := s.LoadFeeds(ctx)
	if err != nil || len(got) != 1 || got[0].URL != empty.URL || got[0].ID != empty.ID {
		t.Errorf("after delete: %+v, %v", got, err)
	}
}

// diff names the fields where got and want differ.
func diff(got, want feed.State) string {
	var out []string
	f := func(name string, equal bool, g, w any) {
		if !equal {
			out = append(out, fmt.Sprintf("%s: got %v, want %v", name, g, w))
		}
	}
	te := func(a, b time.Time) bool { return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond)) }
	f("ID", got.ID == want.ID, got.ID, want.ID)
	f("Title", got.Title == want.Title, got.Title, want.Title)
	f("Interval", got.Interval == want.Interval, got.Interval, want.Interval)
	f("Added", te(got.Added, want.Added), got.Added, want.Added)
	f("LastPolled", te(got.LastPolled, want.LastPolled), got.LastPolled, want.LastPolled)
	f("LastSuccess", te(got.LastSuccess, want.LastSuccess), got.LastSuccess, want.LastSuccess)
	f("LastStatus", got.LastStatus == want.LastStatus, got.LastStatus, want.LastStatus)
	f("LastError", got.LastError == want.LastError, got.LastError, want.LastError)
	f("ConsecutiveErrors", got.ConsecutiveErrors == want.ConsecutiveErrors, got.ConsecutiveErrors, want.ConsecutiveErrors)
	f("NextPoll", te(got.NextPoll, want.NextPoll), got.NextPoll, want.NextPoll)
	f("PageError", got.PageError == want.PageError, got.PageError, want.PageError)
	f("ETag", got.ETag == want.ETag, got.ETag, want.ETag)
	f("LastModified", got.LastModified == want.LastModified, got.LastModified, want.LastModified)
	f("ItemsSeen", got.ItemsSeen == want.ItemsSeen, got.ItemsSeen, want.ItemsSeen)
	f("LastNew", got.LastNew == want.LastNew, got.LastNew, want.LastNew)
	f("Status", got.Status() == want.Status(), got.Status(), want.Status())
	return strings.Join(out, "; ")
}
