package feed

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

func urls(p *Poller) []string {
	var out []string
	for _, s := range p.List() {
		out = append(out, s.URL)
	}
	return out
}

// A server's poller and a CLI's poller share one store: each sees the other's adds and
// removes, and IDs do not collide.
func TestSyncWithOtherProcess(t *testing.T) {
	shared := &MemoryStore{}
	server, _, _ := newPoller(t, func(o *Options) { o.Store = shared })
	cli, _, _ := newPoller(t, func(o *Options) { o.Store = shared })
	ctx := context.Background()

	a, _ := cli.Add(ctx, "http://a.example.test/rss", 0)
	b, _ := server.Add(ctx, "http://b.example.test/rss", 0) // syncs first: a is taken on
	c, _ := cli.Add(ctx, "http://c.example.test/rss", 0)
	if a.ID != 1 || b.ID != 2 || c.ID != 3 {
		t.Errorf("ids %d %d %d, want 1 2 3", a.ID, b.ID, c.ID)
	}
	if err := cli.Remove(ctx, a.URL); err != nil {
		t.Fatal(err)
	}
	if err := server.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := urls(server); !slices.Equal(got, []string{b.URL, c.URL}) {
		t.Errorf("server after sync: %q", got)
	}
	if _, ok := server.ByID(1); ok {
		t.Error("feed removed by the CLI still in the server")
	}
}

// blockingStore holds SaveFeed of one URL until released.
type blockingStore struct {
	MemoryStore
	url     string
	entered chan struct{}
	release chan struct{}
}

func (b *blockingStore) SaveFeed(ctx context.Context, s State) error {
	if s.URL == b.url {
		close(b.entered)
		<-b.release
	}
	return b.MemoryStore.SaveFeed(ctx, s)
}

// A Sync that reads the store while Add is still saving a feed does not drop that feed.
func TestSyncKeepsFeedBeingAdded(t *testing.T) {
	st := &blockingStore{url: "http://slow.example.test/rss", entered: make(chan struct{}), release: make(chan struct{})}
	p, _, _ := newPoller(t, func(o *Options) { o.Store = st })
	done := make(chan error)
	go func() { _, err := p.Add(context.Background(), st.url, 0); done <- err }()
	<-st.entered
	if err := p.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(st.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := urls(p); !slices.Equal(got, []string{st.url}) {
		t.Errorf("after Add and a concurrent Sync: %q", got)
	}
}

// A feed added by another process is polled by a running server within SyncEvery.
func TestRunPicksUpFeedsFromStore(t *testing.T) {
	s := newServer(t)
	s.file(t, "/feed.json", "feed.json", "application/feed+json")
	shared := &MemoryStore{}
	got := make(chan doc.Document, 4)
	server, err := New(context.Background(), Options{
		Store: shared, SyncEvery: 100 * time.Millisecond, Logger: slog.New(slog.DiscardHandler),
		Sink: func(ctx context.Context, d doc.Document, raw []byte) error { got <- d; return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- server.Run(ctx, time.Hour) }()
	defer func() { cancel(); <-done }()

	cli, _, _ := newPoller(t, func(o *Options) { o.Store = shared })
	add(t, cli, s.URL+"/feed.json")
	select {
	case d := <-got:
		if d.Outlet != "Coastal Watch" {
			t.Errorf("delivered %+v", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("feed added in the store not polled by the running poller")
	}
}
