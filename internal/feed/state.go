package feed

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"
)

// State is what sitrep knows about one feed: what `sitrep feeds list` and GET /api/feeds show,
// and what the store persists between runs. Times are UTC; a zero time means "never".
type State struct {
	ID       int64         // assigned by the Poller on Add: 1, 2, ... in the order feeds were added
	URL      string        // normalised (see NormalizeURL); the key
	Title    string        // the feed's own title, from its last successful parse
	Interval time.Duration // between successful polls; 0: the interval Run was given
	Added    time.Time

	LastPolled        time.Time // last attempt, successful or not
	LastSuccess       time.Time // last 200 or 304
	LastStatus        int       // HTTP status of the last attempt (0: no response)
	LastError         string    // why the last poll failed; empty after a good poll
	ConsecutiveErrors int
	NextPoll          time.Time
	// PageError is the first linked-page failure of the last good poll (the item was then
	// delivered with its summary, or waits for the next poll); empty when every page loaded.
	PageError string

	// ETag and LastModified are the validators of the last 200 response, sent back as
	// If-None-Match and If-Modified-Since so that an unchanged feed costs a 304 and no parse.
	ETag         string
	LastModified string

	ItemsSeen int // items delivered to the sink over the feed's life
	LastNew   int // items delivered by the last poll
}

// Status sums a state up in one word, as GET /api/feeds shows it: "new" (never polled), "ok"
// (the last poll succeeded), "error" (the last poll failed) or "backoff" (two or more polls in a
// row failed, so the feed waits longer and longer, until NextPoll).
func (s State) Status() string {
	switch {
	case s.LastPolled.IsZero():
		return "new"
	case s.ConsecutiveErrors == 0:
		return "ok"
	case s.ConsecutiveErrors == 1:
		return "error"
	default:
		return "backoff"
	}
}

// StateStore persists feeds and the items already delivered from them. The store package
// implements it on SQLite and PostgreSQL; MemoryStore is the implementation for tests and for
// running without a database. Implementations must be safe for concurrent use.
//
// A seen key is opaque to the store (at most ~200 bytes: the item's GUID or link plus a content
// hash). Keys only grow; a store may forget keys older than a few months, since feeds do not
// carry items that long.
type StateStore interface {
	// LoadFeeds returns every feed, in any order.
	LoadFeeds(ctx context.Context) ([]State, error)
	// SaveFeed inserts or replaces the feed with s.URL.
	SaveFeed(ctx context.Context, s State) error
	// DeleteFeed removes the feed and its seen keys; deleting an absent feed is not an error.
	DeleteFeed(ctx context.Context, feedURL string) error
	// Seen reports whether MarkSeen was called with this feed and key.
	Seen(ctx context.Context, feedURL, key string) (bool, error)
	// MarkSeen records that the item with key was delivered; marking twice is not an error.
	MarkSeen(ctx context.Context, feedURL, key string) error
}

// MemoryStore is a StateStore that keeps everything in memory. The zero value is ready to use.
type MemoryStore struct {
	mu    sync.Mutex
	feeds map[string]State
	seen  map[string]map[string]bool
}

// LoadFeeds implements StateStore; feeds come sorted by ID.
func (m *MemoryStore) LoadFeeds(ctx context.Context) ([]State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]State, 0, len(m.feeds))
	for _, s := range m.feeds {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b State) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// SaveFeed implements StateStore.
func (m *MemoryStore) SaveFeed(ctx context.Context, s State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.feeds == nil {
		m.feeds = map[string]State{}
	}
	m.feeds[s.URL] = s
	return nil
}

// DeleteFeed implements StateStore.
func (m *MemoryStore) DeleteFeed(ctx context.Context, feedURL string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.feeds, feedURL)
	delete(m.seen, feedURL)
	return nil
}

// Seen implements StateStore.
func (m *MemoryStore) Seen(ctx context.Context, feedURL, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seen[feedURL][key], nil
}

// MarkSeen implements StateStore.
func (m *MemoryStore) MarkSeen(ctx context.Context, feedURL, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil {
		m.seen = map[string]map[string]bool{}
	}
	if m.seen[feedURL] == nil {
		m.seen[feedURL] = map[string]bool{}
	}
	m.seen[feedURL][key] = true
	return nil
}
