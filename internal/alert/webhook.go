package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry is the back-off policy for webhook deliveries: after the n-th failed attempt the
// next one is due Base·2^(n-1) later (capped at Max, or later if the receiver's Retry-After
// asks for it, within Max), until MaxAttempts attempts have been made. There is no jitter:
// each rule has its own receiver, so there is no herd to spread, and fixed delays keep tests
// and logs predictable.
type Retry struct {
	MaxAttempts int           // default 6
	Base        time.Duration // default 30 s
	Max         time.Duration // default 1 h
}

// DefaultRetry tries for about a quarter of an hour: at 0, 30 s, 1.5 min, 3.5 min, 7.5 min
// and 15.5 min.
var DefaultRetry = Retry{MaxAttempts: 6, Base: 30 * time.Second, Max: time.Hour}

func (r Retry) withDefaults() Retry {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = DefaultRetry.MaxAttempts
	}
	if r.Base <= 0 {
		r.Base = DefaultRetry.Base
	}
	if r.Max <= 0 {
		r.Max = DefaultRetry.Max
	}
	return r
}

// Delay is the wait after the given number of failed attempts (1 = after the first).
func (r Retry) Delay(failed int) time.Duration {
	r = r.withDefaults()
	d := r.Base
	for i := 1; i < failed && d < r.Max; i++ {
		d *= 2
	}
	return min(d, r.Max)
}

// Webhook POSTs an alert's JSON to a URL, one attempt per Send.
type Webhook struct {
	// Client sends the requests; nil means a client that does not follow redirects (a POST
	// redirected becomes a GET in net/http, which no receiver wants).
	Client *http.Client
	// Timeout bounds one attempt, connection to last byte; default 10 s.
	Timeout time.Duration
}

// SendError is a failed attempt. Retry says whether trying again may help: network errors,
// timeouts, 408, 429 and 5xx may; other answers (a 404, a redirect) will not until someone
// fixes the rule or the receiver.
type SendError struct {
	Status     int           // HTTP status; 0 for a network error
	Retry      bool          // worth retrying
	RetryAfter time.Duration // the receiver's Retry-After, if it sent one in seconds
	Err        string
}

func (e *SendError) Error() string { return e.Err }

// maxErrorBody is how much of a receiver's error answer goes into the delivery's last error.
const maxErrorBody = 512

// Send makes one attempt to deliver a, the attempt-th (from 1). The body is the alert's JSON,
// redacted (the receiver knows its own URL, and the secret only signs); the body is signed
// when the rule has a secret; the headers carry the alert key twice — X-Sitrep-Alert-Key and Idempotency-Key — so that a
// receiver can drop a repeat when an answer was lost and the alert is sent again.
func (w *Webhook) Send(ctx context.Context, url string, a Alert, attempt int) error {
	body, err := json.Marshal(a.Redacted())
	if err != nil {
		return &SendError{Err: fmt.Sprintf("encode alert: %v", err)}
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return &SendError{Err: fmt.Sprintf("webhook request: %v", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sitrep-alert/1")
	req.Header.Set("X-Sitrep-Alert-Key", a.Key)
	req.Header.Set("Idempotency-Key", a.Key)
	req.Header.Set("X-Sitrep-Attempt", strconv.Itoa(attempt))
	if a.Rule.Secret != "" {
		req.Header.Set("X-Sitrep-Signature", Sign(a.Rule.Secret, body))
	}
	client := w.Client
	if client == nil {
		client = noRedirectClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return &SendError{Retry: true, Err: fmt.Sprintf("webhook: %v", err)}
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	e := &SendError{Status: resp.StatusCode}
	switch {
	case resp.StatusCode >= 500, resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusRequestTimeout:
		e.Retry = true
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s > 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		}
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		e.Err = fmt.Sprintf("webhook answered %s to %s; point the rule at the final URL", resp.Status, resp.Header.Get("Location"))
		return e
	}
	e.Err = "webhook answered " + resp.Status
	if s := strings.TrimSpace(strings.ToValidUTF8(string(snippet), "")); s != "" {
		e.Err += ": " + s
	}
	return e
}

// Sign returns the X-Sitrep-Signature value for a body: "sha256=" and the hex HMAC-SHA256 of
// body under secret. A receiver recomputes it and compares with hmac.Equal.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

var noRedirectClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// attempt makes one attempt at d and returns its new state. A cancelled ctx returns an
// error and leaves d as it was, so that shutting down never counts as a failed attempt.
func attempt(ctx context.Context, w *Webhook, policy Retry, d Delivery, a Alert, now time.Time) (Delivery, error) {
	policy = policy.withDefaults()
	d.Attempts++
	err := w.Send(ctx, d.URL, a, d.Attempts)
	if ctx.Err() != nil {
		return Delivery{}, ctx.Err()
	}
	d.LastAttempt = now
	if err == nil {
		d.State, d.LastError, d.DeliveredAt, d.NextAttempt = Delivered, "", now, time.Time{}
		return d, nil
	}
	d.LastError = err.Error()
	var se *SendError
	if errors.As(err, &se) && se.Retry && d.Attempts < policy.MaxAttempts {
		wait := max(policy.Delay(d.Attempts), min(se.RetryAfter, policy.Max))
		d.State, d.NextAttempt = Pending, now.Add(wait)
		return d, nil
	}
	d.State, d.NextAttempt = Failed, time.Time{}
	return d, nil
}
