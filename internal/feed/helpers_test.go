package feed

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// server is a real HTTP server on loopback whose routes a test can change between polls. It
// records each request's path and headers and the most requests it had in flight at once.
type server struct {
	*httptest.Server
	mu          sync.Mutex
	routes      map[string]http.HandlerFunc
	log         []request
	inflight    int
	maxInflight int
}

type request struct {
	path   string
	header http.Header
}

func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{routes: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log = append(s.log, request{r.URL.Path, r.Header.Clone()})
	s.inflight++
	s.maxInflight = max(s.maxInflight, s.inflight)
	h := s.routes[r.URL.Path]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// route sets the handler of path.
func (s *server) route(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.routes[path] = h
	s.mu.Unlock()
}

// file serves a testdata file at path, with {{BASE}} replaced by the server's URL.
func (s *server) file(t *testing.T, path, name, contentType string) {
	t.Helper()
	body := s.testdata(t, name)
	s.route(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

func (s *server) testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.ReplaceAll(string(b), "{{BASE}}", s.URL))
}

// peak is the most requests the server had in flight at once.
func (s *server) peak() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInflight
}

// requests returns the headers of the requests made for path, in order.
func (s *server) requests(path string) []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []http.Header
	for _, r := range s.log {
		if r.path == path {
			out = append(out, r.header)
		}
	}
	return out
}

// collector is a Sink that keeps what it receives.
type collector struct {
	mu   sync.Mutex
	docs []doc.Document
	raws map[string][]byte // by document id
	fail error             // returned instead of accepting, when set
}

func (c *collector) sink(ctx context.Context, d doc.Document, raw []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		return c.fail
	}
	c.docs = append(c.docs, d)
	if c.raws == nil {
		c.raws = map[string][]byte{}
	}
	c.raws[d.ID] = raw
	return nil
}

func (c *collector) take() []doc.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.docs
	c.docs = nil
	return out
}

func titles(docs []doc.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Title)
	}
	slices.Sort(out)
	return out
}

// clock is a settable Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var t0 = time.Date(2025, 12, 6, 12, 0, 0, 0, time.UTC)

// newPoller makes a Poller with a fixed clock, no jitter, quiet logs and short timeouts,
// after applying change to the options.
func newPoller(t *testing.T, change func(*Options)) (*Poller, *collector, *clock) {
	t.Helper()
	c := &collector{}
	clk := &clock{now: t0}
	o := Options{
		Sink:           c.sink,
		Now:            clk.Now,
		Jitter:         func(d time.Duration) time.Duration { return d },
		Logger:         slog.New(slog.DiscardHandler),
		ConnectTimeout: 2 * time.Second,
		RequestTimeout: 5 * time.Second,
	}
	if change != nil {
		change(&o)
	}
	p, err := New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return p, c, clk
}

func add(t *testing.T, p *Poller, u string) {
	t.Helper()
	if _, err := p.Add(context.Background(), u, 0); err != nil {
		t.Fatal(err)
	}
}

func state(t *testing.T, p *Poller, u string) State {
	t.Helper()
	s, ok := p.Get(u)
	if !ok {
		t.Fatalf("no state for %s", u)
	}
	return s
}
