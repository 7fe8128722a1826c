// Package feed polls RSS, Atom and JSON Feed sources and hands each new item, as a
// doc.Document, to a sink the caller provides (the server plugs in the store's ingest). It owns
// everything about talking to feed servers: conditional GET, per-host concurrency, timeouts,
// size limits, back-off on errors, remembering which items were delivered, and fetching the
// article page when a feed carries only a summary. Persisting feeds is the store's job, behind
// the StateStore interface.
package feed

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// Sink receives each new item: its document, and the raw bytes it was made from (the linked
// page's HTML for a summary-only item, else the item's content or summary as the feed has it),
// for the store to keep. It is called from several goroutines at once (one per feed being
// polled), with a context that is not cancelled when the poller stops, so an ingest in
// progress finishes. An error stops the poll of that feed; the item is not marked seen and is
// offered again on the next poll.
type Sink func(ctx context.Context, d doc.Document, raw []byte) error

// Options configures a Poller. Zero fields take the defaults named beside them.
type Options struct {
	Store StateStore // where feeds and seen items live; nil: a new MemoryStore
	Sink  Sink       // required

	Interval       time.Duration // time between successful polls of a feed until Run sets it; 10 min
	ConnectTimeout time.Duration // TCP connect and TLS handshake; 10 s
	RequestTimeout time.Duration // one whole request, body included; 30 s
	MaxFeedBytes   int64         // a feed body; 10 MiB
	MaxPageBytes   int64         // a linked article page; 5 MiB
	PerHost        int           // requests in flight to one host (feeds and pages together); 2
	Concurrency    int           // feeds polled at once; 8

	// Back-off after n consecutive errors is BackoffBase·2^(n-1), at most BackoffMax, passed
	// through Jitter; a server's Retry-After is honoured when it is longer (up to BackoffMax).
	BackoffBase time.Duration // 1 min
	BackoffMax  time.Duration // 6 h
	// Jitter spreads retries so that feeds failing together do not retry together. nil: a
	// uniform draw from [d/2, d]. Tests pass a fixed function to make schedules exact.
	Jitter func(d time.Duration) time.Duration

	// SummaryMax is the length (characters) under which an item with no content but a
	// summary counts as summary-only, so its linked page is fetched for the article; 800.
	SummaryMax int
	SkipPages  bool // never fetch linked pages; deliver summaries as they are
	PageTries  int  // transient failures of a linked page before its summary is delivered instead; 3
	// MaxPages bounds the linked pages fetched in one poll of a feed, so that the first poll of
	// a feed with hundreds of summary-only items does not hold its worker for an hour; the
	// rest wait for the next polls. 30.
	MaxPages int

	// SyncEvery is how often Run re-reads the feed list from the store, to pick up feeds
	// added or removed by another process; 30 s.
	SyncEvery time.Duration

	UserAgent string           // default "sitrep-feed/1 (+https://github.com/sitrep-dev/sitrep)"
	Now       func() time.Time // clock for states and schedules; time.Now
	Logger    *slog.Logger     // slog.Default()
	// OnPoll, when set, is called after every completed poll with the feed's new state and
	// the poll's error (nil on success); the server counts feed errors for /metrics with it.
	OnPoll func(s State, err error)
}

// Errors of Add, Remove and Poll.
var (
	ErrExists   = errors.New("feed already added")
	ErrNotFound = errors.New("no such feed")
	ErrBusy     = errors.New("feed is being polled")
)

const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, text/*;q=0.5"
)

func (o *Options) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Interval, 10*time.Minute)
	def(&o.ConnectTimeout, 10*time.Second)
	def(&o.RequestTimeout, 30*time.Second)
	def(&o.BackoffBase, time.Minute)
	def(&o.BackoffMax, 6*time.Hour)
	def(&o.SyncEvery, 30*time.Second)
	if o.MaxFeedBytes <= 0 {
		o.MaxFeedBytes = 10 << 20
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = 5 << 20
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.SummaryMax <= 0 {
		o.SummaryMax = 800
	}
	if o.PageTries <= 0 {
		o.PageTries = 3
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 30
	}
	if o.UserAgent == "" {
		o.UserAgent = "sitrep-feed/1 (+https://github.com/sitrep-dev/sitrep)"
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Store == nil {
		o.Store = &MemoryStore{}
	}
}

// Poller polls a set of feeds. Its methods are safe for concurrent use: the server may call
// Add, Remove and List while Run is polling.
type Poller struct {
	opts  Options
	fetch *fetcher

	mu        sync.Mutex
	feeds     map[string]*entry
	interval  time.Duration
	lastID    int64
	gen       uint64         // counts Add's completed first saves
	pageTries map[string]int // feed URL + " " + item key -> failed fetches of the item's page
	wake      chan struct{}  // tells Run the schedule changed
}

// entry is one feed. busy is set while a poll owns it, so a feed is never polled twice at
// once; save serialises a poll's final save with Remove, so a removed feed is not re-saved.
// state, busy and removed are guarded by Poller.mu.
type entry struct {
	state   State
	busy    bool
	removed bool
	save    sync.Mutex
	// unsaved is set while Add's first save is under way; savedGen is the value of
	// Poller.gen when that save finished (0 for feeds loaded from the store). Sync drops a
	// feed missing from the store only if it was saved before the store was read.
	unsaved  bool
	savedGen uint64
}

// New makes a Poller and loads the feeds in opts.Store.
func New(ctx context.Context, opts Options) (*Poller, error) {
	if opts.Sink == nil {
		return nil, errors.New("feed: Options.Sink is required")
	}
	opts.setDefaults()
	states, err := opts.Store.LoadFeeds(ctx)
	if err != nil {
		return nil, fmt.Errorf("feed: load feeds: %w", err)
	}
	p := &Poller{
		opts:      opts,
		fetch:     newFetcher(&opts),
		feeds:     make(map[string]*entry, len(states)),
		interval:  opts.Interval,
		pageTries: map[string]int{},
		wake:      make(chan struct{}, 1),
	}
	for _, s := range states {
		p.feeds[s.URL] = &entry{state: s}
		p.lastID = max(p.lastID, s.ID)
	}
	return p, nil
}

// NormalizeURL checks that raw is an absolute http(s) URL and returns the form feeds are
// keyed by: scheme and host in lower case, no fragment.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("feed URL: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("feed URL %q: want an absolute http or https URL", raw)
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// Add registers a feed, to be polled every interval (0: the interval given to Run); a running
// Run polls it at once. Adding a URL twice returns the existing state and ErrExists.
func (p *Poller) Add(ctx context.Context, rawURL string, interval time.Duration) (State, error) {
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return State{}, err
	}
	if interval < 0 {
		return State{}, fmt.Errorf("feed interval %v is negative", interval)
	}
	// Another process (sitrep feeds add) may have added feeds since this one last read the
	// store: take them on first, so that the new feed's ID is not one of theirs.
	if err := p.Sync(ctx); err != nil {
		return State{}, err
	}
	p.mu.Lock()
	if e, ok := p.feeds[u]; ok {
		s := e.state
		p.mu.Unlock()
		return s, fmt.Errorf("%s: %w", u, ErrExists)
	}
	p.lastID++
	st := State{ID: p.lastID, URL: u, Interval: interval, Added: p.opts.Now().UTC()}
	e := &entry{state: st, unsaved: true}
	// Holding e.save until the first save is done keeps a poll that starts at once (Run is
	// woken by nothing yet, but PollOnce may run) from having its newer state overwritten.
	e.save.Lock()
	defer e.save.Unlock()
	p.feeds[u] = e
	p.mu.Unlock()
	if err := p.opts.Store.SaveFeed(ctx, st); err != nil {
		p.mu.Lock()
		delete(p.feeds, u)
		e.removed = true
		p.mu.Unlock()
		return State{}, fmt.Errorf("save feed: %w", err)
	}
	p.mu.Lock()
	p.gen++
	e.unsaved, e.savedGen = false, p.gen
	p.mu.Unlock()
	p.poke()
	return st, nil
}

// Sync brings the feed list in line with the store, for when another process shares it
// (`sitrep feeds add|remove` next to a running server): feeds added there are taken on and
// polled, feeds removed there are dropped. Run calls it every Options.SyncEvery and Add
// before it assigns an ID. A feed's state in memory wins over the store's copy.
func (p *Poller) Sync(ctx context.Context) error {
	p.mu.Lock()
	gen := p.gen
	p.mu.Unlock()
	states, err := p.opts.Store.LoadFeeds(ctx)
	if err != nil {
		return fmt.Errorf("feed: load feeds: %w", err)
	}
	inStore := make(map[string]bool, len(states))
	var added int
	var gone []string
	p.mu.Lock()
	for _, s := range states {
		inStore[s.URL] = true
		p.lastID = max(p.lastID, s.ID)
		if _, ok := p.feeds[s.URL]; !ok {
			p.feeds[s.URL] = &entry{state: s}
			added++
		}
	}
	for u, e := range p.feeds {
		if !inStore[u] && !e.unsaved && e.savedGen <= gen {
			delete(p.feeds, u)
			e.removed = true
			gone = append(gone, u)
		}
	}
	p.mu.Unlock()
	for _, u := range gone {
		p.forgetFeedTries(u)
	}
	if added > 0 {
		p.poke()
	}
	if added > 0 || len(gone) > 0 {
		p.opts.Logger.Info("feed list changed in the store", "added", added, "removed", len(gone))
	}
	return nil
}

// Remove forgets a feed and the items seen from it. A poll of it in progress finishes, but
// its result is not saved.
func (p *Poller) Remove(ctx context.Context, rawURL string) error {
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return err
	}
	p.mu.Lock()
	e, ok := p.feeds[u]
	if ok {
		delete(p.feeds, u)
		e.removed = true
	}
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("%s: %w", u, ErrNotFound)
	}
	p.forgetFeedTries(u)
	// A poll's save of this feed is either done before this delete or skipped (it sees
	// removed after taking e.save).
	e.save.Lock()
	defer e.save.Unlock()
	return p.opts.Store.DeleteFeed(ctx, u)
}

// List returns the state of every feed in the order they were added (by ID).
func (p *Poller) List() []State {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]State, 0, len(p.feeds))
	for _, e := range p.feeds {
		out = append(out, e.state)
	}
	slices.SortFunc(out, func(a, b State) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// ByID returns the state of the feed with id, for callers (the HTTP API) that name feeds by
// id; Remove and Poll then take its URL.
func (p *Poller) ByID(id int64) (State, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.feeds {
		if e.state.ID == id {
			return e.state, true
		}
	}
	return State{}, false
}

// Get returns the state of one feed.
func (p *Poller) Get(rawURL string) (State, bool) {
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return State{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.feeds[u]
	if !ok {
		return State{}, false
	}
	return e.state, true
}

func (p *Poller) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run polls each feed when it is due — interval after its last success, or its back-off
// after an error — until ctx is cancelled. Then it cancels the fetches in flight, lets an item
// being delivered finish (no item is ever half-delivered or delivered without being marked
// seen), waits for its goroutines and returns nil. Feeds added while it runs are polled at
// once.
func (p *Poller) Run(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		return fmt.Errorf("feed: poll interval %v must be positive", interval)
	}
	p.mu.Lock()
	p.interval = interval
	p.mu.Unlock()
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, p.opts.Concurrency)
	var synced time.Time
	for {
		// Syncing just before polls start keeps the window in which a poll could save back
		// a feed removed by another process down to one poll.
		if time.Since(synced) >= p.opts.SyncEvery {
			if err := p.Sync(ctx); err != nil && ctx.Err() == nil {
				p.opts.Logger.Warn("feed list not synced with the store", "error", err)
			}
			synced = time.Now()
		}
		due, wait := p.takeDue(interval)
		wait = min(wait, p.opts.SyncEvery)
		for _, e := range due {
			wg.Go(func() {
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					p.release(e)
					return
				}
				defer func() { <-sem }()
				p.pollEntry(ctx, e)
				p.poke()
			})
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		case <-p.wake:
			t.Stop()
		}
	}
}

// takeDue marks the feeds due now as busy and returns them, with the time until the next
// feed falls due (at most interval).
func (p *Poller) takeDue(interval time.Duration) (due []*entry, wait time.Duration) {
	now := p.opts.Now()
	wait = interval
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.feeds {
		if e.busy {
			continue
		}
		if d := e.state.NextPoll.Sub(now); d > 0 {
			wait = min(wait, d)
			continue
		}
		e.busy = true
		due = append(due, e)
	}
	return due, wait
}

func (p *Poller) release(e *entry) {
	p.mu.Lock()
	e.busy = false
	p.mu.Unlock()
}

// PollOnce polls every feed now, whatever its schedule (feeds being polled by Run are
// skipped), and returns the feeds' errors joined; the same errors are in their states.
func (p *Poller) PollOnce(ctx context.Context) error {
	p.mu.Lock()
	var todo []*entry
	for _, e := range p.feeds {
		if !e.busy {
			e.busy = true
			todo = append(todo, e)
		}
	}
	p.mu.Unlock()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, p.opts.Concurrency)
	)
	for _, e := range todo {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := p.pollEntry(ctx, e); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Poll polls one feed now and returns its new state.
func (p *Poller) Poll(ctx context.Context, rawURL string) (State, error) {
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return State{}, err
	}
	p.mu.Lock()
	e, ok := p.feeds[u]
	switch {
	case !ok:
		p.mu.Unlock()
		return State{}, fmt.Errorf("%s: %w", u, ErrNotFound)
	case e.busy:
		p.mu.Unlock()
		return State{}, fmt.Errorf("%s: %w", u, ErrBusy)
	}
	e.busy = true
	p.mu.Unlock()
	err = p.pollEntry(ctx, e)
	p.mu.Lock()
	s := e.state
	p.mu.Unlock()
	return s, err
}

// pollEntry polls a feed the caller has marked busy, saves its new state and clears busy.
// A poll interrupted by ctx before anything was learnt leaves the state as it was.
func (p *Poller) pollEntry(ctx context.Context, e *entry) error {
	p.mu.Lock()
	st := e.state
	interval := p.interval
	p.mu.Unlock()

	changed, err := p.poll(ctx, &st, interval)
	if changed {
		e.save.Lock()
		p.mu.Lock()
		removed := e.removed
		if !removed {
			e.state = st
		}
		p.mu.Unlock()
		if !removed {
			// Saved even when ctx is done: the items just delivered are marked seen, and the
			// counts and validators must agree with that.
			if serr := p.opts.Store.SaveFeed(context.WithoutCancel(ctx), st); serr != nil {
				err = errors.Join(err, fmt.Errorf("save feed state: %w", serr))
			}
		}
		e.save.Unlock()
	}
	p.release(e)

	switch {
	case !changed:
	case err != nil && ctx.Err() == nil:
		p.opts.Logger.Warn("feed poll failed", "url", st.URL, "error", err,
			"consecutive_errors", st.ConsecutiveErrors, "next_poll", st.NextPoll)
	default:
		p.opts.Logger.Debug("feed polled", "url", st.URL, "status", st.LastStatus, "new", st.LastNew)
	}
	if changed && p.opts.OnPoll != nil {
		p.opts.OnPoll(st, err)
	}
	return err
}

// poll fetches, parses and delivers one feed, updating st. changed is false when ctx ended
// the poll before anything happened that the state must record.
func (p *Poller) poll(ctx context.Context, st *State, interval time.Duration) (changed bool, err error) {
	now := p.opts.Now().UTC()
	res, err := p.fetch.get(ctx, st.URL, validators{st.ETag, st.LastModified}, acceptFeed, p.opts.MaxFeedBytes)
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st.LastPolled = now
	st.LastStatus = 0
	if res != nil {
		st.LastStatus = res.status
	}
	if err != nil {
		p.failed(st, now, err)
		return true, err
	}
	if res.notModified {
		p.succeeded(st, now, interval, 0, nil)
		return true, nil
	}
	f, err := parse(res.body, st.URL, p.opts.SummaryMax)
	if err != nil {
		err = fmt.Errorf("%s: %w", st.URL, err)
		p.failed(st, now, err)
		return true, err
	}
	if f.title != "" {
		st.Title = f.title
	}
	n, complete, pageErr, err := p.deliver(ctx, st.URL, f.items)
	st.ItemsSeen += n
	switch {
	case ctx.Err() != nil:
		// Stopped part-way: what was delivered is recorded; the rest comes on the next poll,
		// which must fetch the body again rather than get a 304.
		st.LastNew = n
		st.ETag, st.LastModified = "", ""
		return true, ctx.Err()
	case err != nil:
		st.LastNew = n
		st.ETag, st.LastModified = "", ""
		p.failed(st, now, err)
		return true, err
	}
	p.succeeded(st, now, interval, n, pageErr)
	if complete {
		st.ETag, st.LastModified = res.etag, res.lastModified
		p.forgetFeedTries(st.URL)
	} else {
		// An item is waiting for its page: a 304 next time would hide it.
		st.ETag, st.LastModified = "", ""
	}
	return true, nil
}

func (p *Poller) succeeded(st *State, now time.Time, interval time.Duration, n int, pageErr error) {
	st.LastSuccess = now
	st.ConsecutiveErrors = 0
	st.LastError = ""
	st.PageError = ""
	if pageErr != nil {
		st.PageError = pageErr.Error()
	}
	st.LastNew = n
	if st.Interval > 0 {
		interval = st.Interval
	}
	st.NextPoll = now.Add(interval)
}

func (p *Poller) failed(st *State, now time.Time, err error) {
	st.ConsecutiveErrors++
	st.LastError = err.Error()
	d := p.backoff(st.ConsecutiveErrors)
	var he *HTTPError
	if errors.As(err, &he) && he.RetryAfter > d {
		d = min(he.RetryAfter, p.opts.BackoffMax)
	}
	st.NextPoll = now.Add(d)
}

// backoff is the delay before the next poll after n consecutive errors.
func (p *Poller) backoff(n int) time.Duration {
	d := p.opts.BackoffBase
	for i := 1; i < n && d < p.opts.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, p.opts.BackoffMax)
	return min(max(p.opts.Jitter(d), 0), p.opts.BackoffMax)
}

// deliver hands the unseen items to the sink, fetching linked pages for summary-only ones,
// and marks each delivered item seen. complete is false when an item was left for a later
// poll (its page failed transiently); pageErr is the first page failure, if any. err is a
// failure of the sink or the store, which ends the poll.
func (p *Poller) deliver(ctx context.Context, feedURL string, items []item) (n int, complete bool, pageErr, err error) {
	complete = true
	dctx := context.WithoutCancel(ctx)
	pages := 0
	for _, it := range items {
		if ctx.Err() != nil {
			return n, false, pageErr, ctx.Err()
		}
		seen, err := p.opts.Store.Seen(ctx, feedURL, it.key)
		if err != nil {
			return n, false, pageErr, fmt.Errorf("seen items of %s: %w", feedURL, err)
		}
		if seen {
			continue
		}
		d, raw := it.doc, it.raw
		if it.needPage && !p.opts.SkipPages {
			if pages == p.opts.MaxPages {
				complete = false
				continue
			}
			pages++
			var later bool
			d, raw, later, err = p.page(ctx, feedURL, it)
			if err != nil && pageErr == nil {
				pageErr = err
			}
			if ctx.Err() != nil {
				return n, false, pageErr, ctx.Err()
			}
			if later {
				complete = false
				continue
			}
		}
		if err := p.opts.Sink(dctx, d, raw); err != nil {
			return n, false, pageErr, fmt.Errorf("deliver %s: %w", d.ID, err)
		}
		n++
		if err := p.opts.Store.MarkSeen(dctx, feedURL, it.key); err != nil {
			return n, false, pageErr, fmt.Errorf("mark %s seen: %w", d.ID, err)
		}
	}
	return n, complete, pageErr, nil
}

// page fetches a summary-only item's linked page and puts the article text in its document.
// On a failure err says what happened, and later says whether to leave the item for the next
// poll (a transient failure, fewer than PageTries times) rather than deliver the summary now.
func (p *Poller) page(ctx context.Context, feedURL string, it item) (d doc.Document, raw []byte, later bool, err error) {
	d, raw = it.doc, it.raw
	res, err := p.fetch.get(ctx, d.URL, validators{}, acceptPage, p.opts.MaxPageBytes)
	if err == nil && !textual(res.contentType) {
		err = fmt.Errorf("GET %s: %w (Content-Type %s)", d.URL, errNotPage, res.contentType)
	}
	tryKey := feedURL + " " + it.key
	if err != nil {
		if ctx.Err() != nil {
			return d, raw, true, err
		}
		if !permanent(err) {
			p.mu.Lock()
			p.pageTries[tryKey]++
			tries := p.pageTries[tryKey]
			p.mu.Unlock()
			if tries < p.opts.PageTries {
				return d, raw, true, fmt.Errorf("article page (try %d of %d): %w", tries, p.opts.PageTries, err)
			}
		}
		p.forgetTries(tryKey)
		return d, raw, false, fmt.Errorf("article page, summary delivered instead: %w", err)
	}
	p.forgetTries(tryKey)
	pg := source.ExtractHTML(res.body)
	// A page whose extraction found less than the summary (a consent wall, a script-only
	// page) is worse than the summary.
	if utf8.RuneCountInString(pg.Text) > utf8.RuneCountInString(d.Text) {
		d.Text = pg.Text
		raw = res.body
	}
	if d.Title == "" {
		d.Title = oneLine(pg.Title)
	}
	if d.Published.IsZero() {
		d.Published = pg.Published
	}
	return d, raw, false, nil
}

// forgetFeedTries drops the page-failure counts of a feed whose items are all delivered, so
// that counts of items that left the feed before their pages loaded do not pile up.
func (p *Poller) forgetFeedTries(feedURL string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.pageTries {
		if strings.HasPrefix(k, feedURL+" ") {
			delete(p.pageTries, k)
		}
	}
}

func (p *Poller) forgetTries(key string) {
	p.mu.Lock()
	delete(p.pageTries, key)
	p.mu.Unlock()
}

// permanent reports whether a fetch error will not go away by retrying: a 4xx other than
// 408/429, a body over the limit, or something that is not a page.
func permanent(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.permanent()
	}
	return errors.Is(err, ErrTooLarge) || errors.Is(err, errNotPage)
}

var errNotPage = errors.New("not a web page")

// textual reports whether a Content-Type can hold an article: HTML, XHTML or other text
// (an absent type is given the benefit of the doubt).
func textual(contentType string) bool {
	ct := strings.ToLower(strings.TrimSpace(contentType))
	return ct == "" || strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/xhtml")
}
