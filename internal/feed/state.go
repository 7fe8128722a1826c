package feed

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// State is what sitrep knows about one feed: what `sitrep feeds list` and GET /api/feeds show,
// and what the store persists between runs. Times are UTC; a zero time means "never".
type State struct {
	URL   string    `json:"url"`
	Title string    `json:"title,omitempty"` // the feed's own title, from its last successful parse
	Added time.Time `json:"added"`

	LastPolled        time.Time `json:"last_polled,omitzero"`  // last attempt, successful or not
	LastSuccess       time.Time `json:"last_success,omitzero"` // last 200 or 304
	LastStatus        int       `json:"last_status,omitempty"` // HTTP status of the last attempt (0: no response)
	LastError         string    `json:"last_error,omitempty"`  // empty after a success
	ConsecutiveErrors int       `json:"consecutive_errors"`
	NextPoll          time.Time `json:"next_poll,omitzero"`

	// ETag and LastModified are the validators of the last 200 response, sent back as
	// If-None-Match and If-Modified-Since so that an unchanged feed costs a 304 and no parse.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	ItemsSeen int `json:"items_seen"` // items delivered to the sink over the feed's life
	LastNew   int `json:"last_new"`   // items delivered by the last successful poll
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

// LoadFeeds implements StateStore; feeds come sorted by URL.
func (m *MemoryStore) LoadFeeds(ctx context.Context) ([]State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]State, 0, len(m.feeds))
	for _, s := range m.feeds {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b State) int { return strings.Compare(a.URL, b.URL) })
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
