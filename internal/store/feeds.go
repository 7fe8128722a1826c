package store

import (
	"context"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/feed"
)

// The Store keeps the feed poller's state (feed.StateStore), so that `sitrep serve` resumes
// its feeds, their validators and back-off, and never delivers an item twice across restarts.
var _ feed.StateStore = (*Store)(nil)

// feedTime is how feed times are stored: RFC 3339 in UTC with nanoseconds, "" for never.
func feedTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// feedText is how feed strings are stored: PostgreSQL refuses NUL in text, and a JSON Feed's
// title or GUID may carry one ("\u0000"), which would fail every save of the feed's state.
// Both back ends store the same, so that Seen and MarkSeen agree on a key.
func feedText(s string) string {
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

func parseFeedTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// LoadFeeds returns every stored feed, by id.
func (s *Store) LoadFeeds(ctx context.Context) ([]feed.State, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT url, id, title, interval_ns, added, last_polled, last_success,
		last_status, last_error, consecutive_errors, next_poll, page_error, etag, last_modified, items_seen, last_new
		FROM feeds ORDER BY id, url`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []feed.State{}
	for rows.Next() {
		var f feed.State
		var interval int64
		var added, polled, success, next string
		if err := rows.Scan(&f.URL, &f.ID, &f.Title, &interval, &added, &polled, &success,
			&f.LastStatus, &f.LastError, &f.ConsecutiveErrors, &next, &f.PageError, &f.ETag, &f.LastModified,
			&f.ItemsSeen, &f.LastNew); err != nil {
			return nil, s.wrap(err)
		}
		f.Interval = time.Duration(interval)
		f.Added, f.LastPolled, f.LastSuccess, f.NextPoll = parseFeedTime(added), parseFeedTime(polled), parseFeedTime(success), parseFeedTime(next)
		out = append(out, f)
	}
	return out, s.wrap(rows.Err())
}

// SaveFeed inserts the feed with f.URL or replaces what is stored of it.
//
// It writes outside s.tx: one statement is atomic by itself, and the poller saves after every
// poll of every feed, which must not queue behind an ingest batch's advisory lock.
func (s *Store) SaveFeed(ctx context.Context, f feed.State) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO feeds (url, id, title, interval_ns, added, last_polled, last_success,
		last_status, last_error, consecutive_errors, next_poll, page_error, etag, last_modified, items_seen, last_new)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET id = excluded.id, title = excluded.title, interval_ns = excluded.interval_ns,
		 added = excluded.added, last_polled = excluded.last_polled, last_success = excluded.last_success,
		 last_status = excluded.last_status, last_error = excluded.last_error, consecutive_errors = excluded.consecutive_errors,
		 next_poll = excluded.next_poll, page_error = excluded.page_error, etag = excluded.etag,
		 last_modified = excluded.last_modified, items_seen = excluded.items_seen, last_new = excluded.last_new`),
		feedText(f.URL), f.ID, feedText(f.Title), int64(f.Interval), feedTime(f.Added), feedTime(f.LastPolled), feedTime(f.LastSuccess),
		f.LastStatus, feedText(f.LastError), f.ConsecutiveErrors, feedTime(f.NextPoll), feedText(f.PageError), feedText(f.ETag),
		feedText(f.LastModified), f.ItemsSeen, f.LastNew)
	return s.wrap(err)
}

// DeleteFeed removes the feed with feedURL and its seen keys, in one transaction. An absent
// feed is not an error.
func (s *Store) DeleteFeed(ctx context.Context, feedURL string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(err)
	}
	defer tx.Rollback()
	for _, stmt := range []string{`DELETE FROM feed_seen WHERE feed_url = ?`, `DELETE FROM feeds WHERE url = ?`} {
		if _, err := tx.ExecContext(ctx, s.q(stmt), feedText(feedURL)); err != nil {
			return s.wrap(err)
		}
	}
	return s.wrap(tx.Commit())
}

// Seen reports whether MarkSeen recorded key for the feed.
func (s *Store) Seen(ctx context.Context, feedURL, key string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM feed_seen WHERE feed_url = ? AND key = ?`), feedText(feedURL), feedText(key)).Scan(&n)
	return n > 0, s.wrap(err)
}

// MarkSeen records that the feed's item with key was delivered; marking it again changes nothing.
func (s *Store) MarkSeen(ctx context.Context, feedURL, key string) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO feed_seen (feed_url, key, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (feed_url, key) DO NOTHING`), feedText(feedURL), feedText(key), time.Now().UTC().Format(time.RFC3339))
	return s.wrap(err)
}

// SeenRetention is how long PruneSeen keeps a seen key: feeds list items for days or weeks,
// so a key older than this guards against nothing. An item still listed after it is offered
// once more, and the store finds its article already stored.
const SeenRetention = 90 * 24 * time.Hour

// PruneSeen forgets the seen keys recorded before before (every feed's), and returns how many
// it removed. A server calls it now and then (daily) with time.Now().Add(-SeenRetention), so
// that feed_seen does not grow for ever.
func (s *Store) PruneSeen(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM feed_seen WHERE seen_at < ?`), before.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, s.wrap(err)
	}
	n, err := res.RowsAffected()
	return n, s.wrap(err)
}
