package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrTooLarge is returned (wrapped) when a feed or page body is longer than its limit. The
// body is cut off at the limit, so an endless response costs at most that many bytes.
var ErrTooLarge = errors.New("response body too large")

// ErrTimeout is returned (wrapped) when a request, including reading its body, takes longer
// than Options.RequestTimeout, or connecting takes longer than Options.ConnectTimeout.
var ErrTimeout = errors.New("timed out")

// HTTPError is a response with a status other than 2xx or 304.
type HTTPError struct {
	URL    string
	Status int
	// RetryAfter is the server's Retry-After on a 429 or 503, zero when absent or unparsable.
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// permanent reports whether retrying the same request soon is pointless: a client error
// other than 408 (timeout) and 429 (rate limit).
func (e *HTTPError) permanent() bool {
	return e.Status >= 400 && e.Status < 500 && e.Status != 408 && e.Status != 429
}

// response is a fetched body with the headers sitrep uses.
type response struct {
	status       int
	notModified  bool
	body         []byte
	contentType  string
	etag         string
	lastModified string
}

// fetcher does every HTTP request of a Poller: one client, one transport (so connections are
// reused), and a semaphore per host so that neither feeds nor their linked pages hit one site
// with more than perHost requests at a time.
type fetcher struct {
	client    *http.Client
	userAgent string
	timeout   time.Duration
	perHost   int

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

func newFetcher(o *Options) *fetcher {
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: o.ConnectTimeout,
		MaxIdleConnsPerHost: o.PerHost,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   true,
	}
	return &fetcher{
		// The whole-request deadline is a context per request (see get), not Client.Timeout,
		// so that the caller's cancellation and the deadline are told apart in errors.
		client: &http.Client{
			Transport: tr,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 5 {
					return errors.New("more than 5 redirects")
				}
				return nil
			},
		},
		userAgent: o.UserAgent,
		timeout:   o.RequestTimeout,
		perHost:   o.PerHost,
		hosts:     map[string]*hostSlots{},
	}
}

// acquire takes one of host's slots, waiting while perHost requests to it are in flight.
// A host's semaphore lives only while someone holds or waits for it, so that feeds linking
// to thousands of sites do not leave thousands of semaphores behind.
func (f *fetcher) acquire(ctx context.Context, host string) (release func(), err error) {
	f.mu.Lock()
	h := f.hosts[host]
	if h == nil {
		h = &hostSlots{sem: make(chan struct{}, f.perHost)}
		f.hosts[host] = h
	}
	h.users++
	f.mu.Unlock()
	done := func() {
		f.mu.Lock()
		if h.users--; h.users == 0 {
			delete(f.hosts, host)
		}
		f.mu.Unlock()
	}
	select {
	case h.sem <- struct{}{}:
		return func() { <-h.sem; done() }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}

// hostSlots is the semaphore of one host and the number of requests holding or awaiting it.
type hostSlots struct {
	sem   chan struct{}
	users int
}

// validators are the conditional-GET headers of a previous response.
type validators struct{ etag, lastModified string }

// get fetches rawURL, reading at most max bytes of body. With validators it sends
// If-None-Match / If-Modified-Since, and a 304 comes back as notModified with no body.
// The host slot is held until the body is read, since that is when the server is busy.
func (f *fetcher) get(ctx context.Context, rawURL string, v validators, accept string, max int64) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	release, err := f.acquire(ctx, u.Host)
	if err != nil {
		return nil, err
	}
	defer release()

	rctx, cancel := context.WithTimeoutCause(ctx, f.timeout, fmt.Errorf("%w after %v", ErrTimeout, f.timeout))
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", accept)
	if v.etag != "" {
		req.Header.Set("If-None-Match", v.etag)
	}
	if v.lastModified != "" {
		req.Header.Set("If-Modified-Since", v.lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.explain(rctx, rawURL, err)
	}
	defer resp.Body.Close()

	r := &response{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		r.notModified = true
		return r, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Read a little so the connection can be reused, not the whole error page.
		io.CopyN(io.Discard, resp.Body, 4<<10)
		return r, &HTTPError{URL: rawURL, Status: resp.StatusCode, RetryAfter: retryAfter(resp)}
	}
	if resp.ContentLength > max {
		return r, fmt.Errorf("GET %s: %w: Content-Length %d, limit %d bytes", rawURL, ErrTooLarge, resp.ContentLength, max)
	}
	size := int64(32 << 10)
	if resp.ContentLength > 0 {
		size = resp.ContentLength + 1
	}
	r.body, err = readAtMost(resp.Body, max, size)
	if errors.Is(err, ErrTooLarge) {
		return r, fmt.Errorf("GET %s: %w: more than %d bytes", rawURL, ErrTooLarge, max)
	}
	if err != nil {
		return r, f.explain(rctx, rawURL, err)
	}
	r.etag = resp.Header.Get("ETag")
	r.lastModified = resp.Header.Get("Last-Modified")
	return r, nil
}

// explain turns a transport error into one that says what happened: the request's own
// deadline (ErrTimeout), the caller's cancellation (returned as is), or the network error.
func (f *fetcher) explain(rctx context.Context, rawURL string, err error) error {
	if cause := context.Cause(rctx); cause != nil && errors.Is(cause, ErrTimeout) {
		return fmt.Errorf("GET %s: %w", rawURL, cause)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("GET %s: %w: %v", rawURL, ErrTimeout, err)
	}
	if rctx.Err() != nil {
		return rctx.Err()
	}
	return fmt.Errorf("GET %s: %w", rawURL, err)
}

// readAtMost reads r to the end, or fails with ErrTooLarge as soon as more than max bytes
// arrive: it never holds more than max+1 bytes, whatever the server sends.
func readAtMost(r io.Reader, max, sizeHint int64) ([]byte, error) {
	buf := make([]byte, 0, min(sizeHint, max+1))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), max+1)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, ErrTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// retryAfter reads Retry-After (seconds or an HTTP date) on 429 and 503.
func retryAfter(resp *http.Response) time.Duration {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0
	}
	h := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
