package store

import (
	"hash/maphash"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/cluster"
)

// decoded caches decoded mention records. Merging a new report reads the mentions of the few
// events near it in time and place, and the next reports of the same events read them again;
// decoding their JSON each time was a fifth of ingest. An entry is used only if the stored
// bytes are the same (by a 64-bit hash) as when it was decoded, so a record rewritten by
// another process (a reprocess) is never served stale. Cached mentions are shared: read only.
type decoded struct {
	mu       sync.Mutex
	seed     maphash.Seed
	mentions map[string]cachedMention
	events   map[string]cachedEvent // stored events' record, supplied and sources, the same way
}

type cachedMention struct {
	sum uint64
	m   *cluster.Mention
}

type cachedEvent struct {
	sum uint64
	e   *cluster.Event
}

// maxCached bounds the cache (about 2 KB an entry); when full it starts again empty, which is
// cheap and, with blocking's locality in time, loses little.
const maxCached = 100_000

func (c *decoded) mention(id string, raw []byte, decode func() (*cluster.Mention, error)) (*cluster.Mention, error) {
	c.mu.Lock()
	c.init()
	sum := maphash.Bytes(c.seed, raw)
	e, ok := c.mentions[id]
	c.mu.Unlock()
	if ok && e.sum == sum {
		return e.m, nil
	}
	m, err := decode()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.mentions) >= maxCached {
		clear(c.mentions)
	}
	c.mentions[id] = cachedMention{sum, m}
	c.mu.Unlock()
	return m, nil
}

func (c *decoded) init() {
	if c.mentions == nil {
		c.seed = maphash.MakeSeed()
		c.mentions = map[string]cachedMention{}
		c.events = map[string]cachedEvent{}
	}
}

// event returns a copy of the decoded event id whose stored columns are raw (Mentions and
// DocIDs left empty for the caller to fill).
func (c *decoded) event(id string, raw [][]byte, decode func() (*cluster.Event, error)) (*cluster.Event, error) {
	c.mu.Lock()
	c.init()
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, b := range raw {
		h.Write(b)
		h.WriteByte(0)
	}
	sum := h.Sum64()
	x, ok := c.events[id]
	c.mu.Unlock()
	if !ok || x.sum != sum {
		e, err := decode()
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if len(c.events) >= maxCached {
			clear(c.events)
		}
		x = cachedEvent{sum, e}
		c.events[id] = x
		c.mu.Unlock()
	}
	e := *x.e
	return &e, nil
}
