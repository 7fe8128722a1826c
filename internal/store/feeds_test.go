package store

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/feed"
	"github.com/sitrep-dev/sitrep/internal/feed/feedtest"
)

func TestFeedStateStore(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		feedtest.StateStore(t, openT(t, dsn))
	})
}

// TestFeedStateReopen checks that feeds and seen keys outlive the process: what a restarted
// server finds.
func TestFeedStateReopen(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		at := time.Date(2026, 11, 29, 4, 0, 0, 0, time.UTC)
		f := feed.State{ID: 3, URL: "https://a.example.test/rss", Interval: time.Minute, Added: at, NextPoll: at.Add(time.Minute)}
		if err := s.SaveFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSeen(ctx, f.URL, "guid-1 00ff"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = openT(t, dsn)
		got, err := s.LoadFeeds(ctx)
		if err != nil || len(got) != 1 || got[0].ID != 3 || !got[0].NextPoll.Equal(f.NextPoll) || got[0].Interval != time.Minute {
			t.Fatalf("after reopen: %+v, %v", got, err)
		}
		if seen, err := s.Seen(ctx, f.URL, "guid-1 00ff"); err != nil || !seen {
			t.Errorf("seen key lost on reopen: %v, %v", seen, err)
		}
	})
}

// TestFeedStateNUL stores a feed whose title and item key carry a NUL, as a JSON Feed may:
// PostgreSQL refuses NUL in text, and a feed whose state cannot be saved fails every poll.
func TestFeedStateNUL(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		f := feed.State{ID: 1, URL: "https://a.example.test/feed.json", Title: "Daily\x00Brief", Added: time.Now()}
		if err := s.SaveFeed(ctx, f); err != nil {
			t.Fatalf("SaveFeed with a NUL in the title: %v", err)
		}
		key := "guid\x00with nul 0011223344556677"
		if err := s.MarkSeen(ctx, f.URL, key); err != nil {
			t.Fatalf("MarkSeen with a NUL in the key: %v", err)
		}
		if seen, err := s.Seen(ctx, f.URL, key); err != nil || !seen {
			t.Errorf("Seen after MarkSeen with a NUL: %v, %v", seen, err)
		}
		if seen, _ := s.Seen(ctx, f.URL, "guid"); seen {
			t.Errorf("a key cut at its NUL is seen")
		}
		got, err := s.LoadFeeds(ctx)
		if err != nil || len(got) != 1 || got[0].Title != "Daily\uFFFDBrief" {
			t.Errorf("LoadFeeds: %+v, %v", got, err)
		}
	})
}

func TestPruneSeen(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		const url = "https://a.example.test/rss"
		for _, k := range []string{"old-1", "old-2", "new"} {
			if err := s.MarkSeen(ctx, url, k); err != nil {
				t.Fatal(err)
			}
		}
		// Age two keys as if marked four months ago.
		old := time.Now().UTC().AddDate(0, -4, 0).Format(time.RFC3339)
		if _, err := s.db.Exec(s.q(`UPDATE feed_seen SET seen_at = ? WHERE key LIKE 'old-%'`), old); err != nil {
			t.Fatal(err)
		}
		n, err := s.PruneSeen(ctx, time.Now().Add(-SeenRetention))
		if err != nil || n != 2 {
			t.Fatalf("PruneSeen: %d, %v; want 2", n, err)
		}
		for k, want := range map[string]bool{"old-1": false, "old-2": false, "new": true} {
			if seen, err := s.Seen(ctx, url, k); err != nil || seen != want {
				t.Errorf("Seen(%s) after prune = %v, %v; want %v", k, seen, err, want)
			}
		}
	})
}
