package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// receiver is a webhook endpoint that answers with the statuses it is given, in order (the
// last one repeats), and keeps what it received.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	got      []received
	srv      *httptest.Server
}

type received struct {
	header http.Header
	body   []byte
	alert  Alert
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var a Alert
		if r.Method != http.MethodPost || json.Unmarshal(body, &a) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, received{r.Header.Clone(), body, a})
		status := rc.statuses[min(n, len(rc.statuses)-1)]
		rc.mu.Unlock()
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "120")
		}
		w.WriteHeader(status)
		io.WriteString(w, http.StatusText(status))
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// clock is a settable time for the monitor.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// source serves events from a slice, recording the spans asked for.
func source(events []event.Event, spans *[][2]string) EventSource {
	return func(ctx context.Context, from, to time.Time) ([]event.Event, error) {
		if spans != nil {
			*spans = append(*spans, [2]string{from.Format(dateLayout), to.Format(dateLayout)})
		}
		var out []event.Event
		for _, e := range events {
			if e.EventDate >= from.Format(dateLayout) && e.EventDate <= to.Format(dateLayout) {
				out = append(out, e)
			}
		}
		return out, nil
	}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// The spike test of issue 4: a week with three times the baseline in one admin1 fires once,
// however often the rules are evaluated, reaches a real HTTP receiver, and is retried with
// back-off when the receiver first answers 500.
func TestSpikeFiresOnceAndIsDeliveredWithRetry(t *testing.T) {
	var g gen
	steady := []int{5, 4, 6, 5, 5, 4, 6, 5, 5}
	weekly(&g, "Homs", steady, 15)                      // three times the baseline this week
	weekly(&g, "Aleppo", steady, 5)                     // the same baseline, no spike
	weekly(&g, "Hama", steady, 6)                       // no spike either
	g.add(day(-400), "Syria", "Homs", event.Battles, 0) // outside every span

	rc := newReceiver(t, http.StatusInternalServerError, http.StatusOK)
	store := NewMemStore()
	ctx := context.Background()
	for _, admin1 := range []string{"Homs", "Aleppo", "Hama"} {
		r := Rule{ID: strings.ToLower(admin1) + "-spike", Area: Area{Country: "Syria", Admin1: admin1},
			WindowDays: 7, Spike: &Spike{}, Webhook: rc.srv.URL + "/hook", Secret: "s3cret-" + admin1}
		if err := r.Normalize(); err != nil {
			t.Fatal(err)
		}
		if err := store.SaveRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	clk := &clock{t: now}
	var spans [][2]string
	var onFire, onDelivery int
	m := &Monitor{Store: store, Events: source(g.events, &spans), Now: clk.Now, Log: quiet(),
		Retry:      Retry{MaxAttempts: 4, Base: time.Minute, Max: time.Hour},
		OnFire:     func(Alert) { onFire++ },
		OnDelivery: func(Delivery) { onDelivery++ }}

	// First check: the Homs rule fires and the first attempt meets a 500.
	fired, err := m.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fired) != 1 || fired[0].Key != "homs-spike/2026-11-23" {
		t.Fatalf("fired %+v", fired)
	}
	a := fired[0]
	if a.Counts.Events != 15 || a.Baseline == nil || a.Baseline.Mean != 5 || len(a.SampleEventIDs) != MaxSample {
		t.Errorf("alert counts %+v baseline %+v sample %v", a.Counts, a.Baseline, a.SampleEventIDs)
	}
	if spans[0] != [2]string{"2026-09-21", "2026-11-26"} {
		t.Errorf("events asked for %v", spans[0])
	}
	ds, _ := store.Deliveries(ctx, "")
	if len(ds) != 1 || ds[0].State != Pending || ds[0].Attempts != 1 || !strings.Contains(ds[0].LastError, "500") ||
		!ds[0].NextAttempt.Equal(now.Add(time.Minute)) {
		t.Fatalf("after the 500: %+v", ds)
	}

	// Evaluating again, before the retry is due, neither re-fires nor re-sends.
	for i := 0; i < 3; i++ {
		clk.Add(10 * time.Second)
		if fired, err := m.Check(ctx); err != nil || len(fired) != 0 {
			t.Fatalf("check %d: fired %v, %v", i, fired, err)
		}
	}
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("%d requests before the retry was due", n)
	}

	// The retry falls due: the second attempt is delivered.
	clk.Add(time.Minute)
	if fired, err := m.Check(ctx); err != nil || len(fired) != 0 {
		t.Fatalf("retry check: fired %v, %v", fired, err)
	}
	ds, _ = store.Deliveries(ctx, "")
	if ds[0].State != Delivered || ds[0].Attempts != 2 || ds[0].LastError != "" || ds[0].DeliveredAt.IsZero() {
		t.Fatalf("after the 200: %+v", ds[0])
	}
	reqs := rc.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for i, r := range reqs {
		if r.alert.Key != a.Key || r.header.Get("Idempotency-Key") != a.Key || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: key %q, headers %v", i, r.alert.Key, r.header)
		}
		if got, want := r.header.Get("X-Sitrep-Attempt"), []string{"1", "2"}[i]; got != want {
			t.Errorf("request %d: attempt header %q, want %q", i, got, want)
		}
		if r.alert.Rule.ID != "homs-spike" || r.alert.Counts.Events != 15 || r.alert.Period.From != "2026-11-23" ||
			len(r.alert.Baseline.Counts) != 8 || len(r.alert.SampleEventIDs) != MaxSample {
			t.Errorf("request %d body %+v", i, r.alert)
		}
		if r.alert.Rule.Webhook != rc.srv.URL+"/…" {
			t.Errorf("request %d: webhook in the body %q, want it redacted", i, r.alert.Rule.Webhook)
		}
		if sig := r.header.Get("X-Sitrep-Signature"); !hmac.Equal([]byte(sig), []byte(Sign("s3cret-Homs", r.body))) {
			t.Errorf("request %d: signature %q does not match the body", i, sig)
		}
		if bytes.Contains(r.body, []byte("s3cret")) {
			t.Errorf("request %d: the secret is in the body", i)
		}
	}

	// Later in the same week, more events and more checks: still the one alert.
	clk.Add(48 * time.Hour)
	for i := 0; i < 3; i++ {
		if fired, err := m.Check(ctx); err != nil || len(fired) != 0 {
			t.Fatalf("later check: fired %v, %v", fired, err)
		}
	}
	if all, _ := store.Alerts(ctx, "", 0); len(all) != 1 {
		t.Errorf("%d alerts stored", len(all))
	}
	if n := len(rc.requests()); n != 2 {
		t.Errorf("%d requests after delivery", n)
	}
	if onFire != 1 || onDelivery != 2 {
		t.Errorf("OnFire called %d times, OnDelivery %d; want 1 and 2", onFire, onDelivery)
	}
}

func TestDeliveryOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		statuses  []int
		steps     int // checks, each after the retry is due
		state     State
		attempts  int
		lastError string
		next      time.Duration // from the last attempt, for pending
	}{
		{"delivered first time", []int{200}, 1, Delivered, 1, "", 0},
		{"204 is delivered", []int{204}, 1, Delivered, 1, "", 0},
		{"404 is not retried", []int{404}, 3, Failed, 1, "404 Not Found", 0},
		{"redirect is not followed", []int{302}, 3, Failed, 1, "final URL", 0},
		{"500 until out of attempts", []int{500}, 6, Failed, 3, "500", 0},
		{"503 then pending", []int{503}, 2, Pending, 2, "503", 2 * time.Minute},
		{"429 waits as asked", []int{429}, 1, Pending, 1, "429", 120 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := newReceiver(t, tc.statuses...)
			ctx := context.Background()
			store := NewMemStore()
			r := Rule{ID: "r", Area: Area{Admin1: "Homs"}, WindowDays: 7, Threshold: &Threshold{Events: 1}, Webhook: rc.srv.URL}
			if err := r.Normalize(); err != nil {
				t.Fatal(err)
			}
			store.SaveRule(ctx, r)
			var g gen
			g.add(day(0), "Syria", "Homs", event.Battles, 1)
			clk := &clock{t: now}
			m := &Monitor{Store: store, Events: source(g.events, nil), Now: clk.Now, Log: quiet(),
				Retry: Retry{MaxAttempts: 3, Base: time.Minute, Max: time.Hour}}
			for i := 0; i < tc.steps; i++ {
				if _, err := m.Check(ctx); err != nil {
					t.Fatal(err)
				}
				clk.Add(time.Hour)
			}
			ds, _ := store.Deliveries(ctx, "")
			d := ds[0]
			if d.State != tc.state || d.Attempts != tc.attempts || !strings.Contains(d.LastError, tc.lastError) {
				t.Errorf("delivery %+v", d)
			}
			if tc.state == Pending && d.NextAttempt.Sub(d.LastAttempt) != tc.next {
				t.Errorf("next attempt %v after the last, want %v", d.NextAttempt.Sub(d.LastAttempt), tc.next)
			}
			reqs := rc.requests()
			if len(reqs) != tc.attempts {
				t.Errorf("receiver saw %d requests, want %d", len(reqs), tc.attempts)
			}
			if len(reqs) > 0 && reqs[0].header.Get("X-Sitrep-Signature") != "" {
				t.Errorf("a rule without a secret signed its request")
			}
		})
	}
}

func TestRetryDelay(t *testing.T) {
	p := Retry{MaxAttempts: 10, Base: 30 * time.Second, Max: 5 * time.Minute}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, w := range want {
		if got := p.Delay(i + 1); got != w {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := (Retry{}).Delay(1); got != DefaultRetry.Base {
		t.Errorf("default delay %v", got)
	}
	if got := (Retry{}).Delay(1000); got != DefaultRetry.Max {
		t.Errorf("delay after many failures %v", got)
	}
}

// A receiver that never answers costs one timeout, then the delivery waits its turn.
func TestDeliveryTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx := context.Background()
	store := NewMemStore()
	r := Rule{ID: "r", Area: Area{Admin1: "Homs"}, WindowDays: 7, Threshold: &Threshold{Events: 1}, Webhook: srv.URL}
	r.Normalize()
	store.SaveRule(ctx, r)
	var g gen
	g.add(day(0), "Syria", "Homs", event.Battles, 1)
	m := &Monitor{Store: store, Events: source(g.events, nil), Now: func() time.Time { return now }, Log: quiet(),
		Webhook: &Webhook{Timeout: 200 * time.Millisecond}}
	start := time.Now()
	if _, err := m.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("check took %v", el)
	}
	ds, _ := store.Deliveries(ctx, Pending)
	if len(ds) != 1 || ds[0].Attempts != 1 || !strings.Contains(ds[0].LastError, "deadline") {
		t.Errorf("deliveries %+v", ds)
	}
}

// Shutting down mid-attempt leaves the delivery as it was, to be sent after a restart.
func TestDeliveryCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // so that the server notices the client hanging up
		cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	store := NewMemStore()
	r := Rule{ID: "r", Area: Area{Admin1: "Homs"}, WindowDays: 7, Threshold: &Threshold{Events: 1}, Webhook: srv.URL}
	r.Normalize()
	store.SaveRule(context.Background(), r)
	var g gen
	g.add(day(0), "Syria", "Homs", event.Battles, 1)
	m := &Monitor{Store: store, Events: source(g.events, nil), Now: func() time.Time { return now }, Log: quiet()}
	if _, err := m.Check(ctx); err == nil {
		t.Fatal("no error from a cancelled check")
	}
	ds, _ := store.Deliveries(context.Background(), "")
	if len(ds) != 1 || ds[0].State != Pending || ds[0].Attempts != 0 {
		t.Errorf("deliveries %+v", ds)
	}
}

// Run, on the real clock, retries as soon as the back-off allows, well before the next
// periodic check.
func TestRunRetriesOnTime(t *testing.T) {
	rc := newReceiver(t, 500, 500, 200)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	store := NewMemStore()
	r := Rule{ID: "r", Area: Area{Admin1: "Homs"}, WindowDays: 7, Threshold: &Threshold{Events: 1}, Webhook: rc.srv.URL}
	r.Normalize()
	store.SaveRule(ctx, r)
	var g gen
	g.add(time.Now().UTC().Format(dateLayout), "Syria", "Homs", event.Battles, 1)
	m := &Monitor{Store: store, Events: source(g.events, nil), Log: quiet(),
		Retry: Retry{MaxAttempts: 5, Base: 100 * time.Millisecond, Max: time.Second}}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, time.Hour) }()
	for {
		ds, _ := store.Deliveries(ctx, Delivered)
		if len(ds) == 1 {
			if ds[0].Attempts != 3 {
				t.Errorf("attempts %d", ds[0].Attempts)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("not delivered in time; receiver saw %d requests", len(rc.requests()))
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run returned %v", err)
	}
}

// Deliveries go out DefaultParallel at a time: a receiver that holds each request until four
// are in flight sees four, and all six alerts are delivered in one check.
func TestDeliveriesInParallel(t *testing.T) {
	var mu sync.Mutex
	inflight, peak := 0, 0
	four := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		inflight++
		peak = max(peak, inflight)
		if inflight == DefaultParallel {
			close(four)
		}
		mu.Unlock()
		select {
		case <-four:
		case <-time.After(3 * time.Second):
		}
		mu.Lock()
		inflight--
		mu.Unlock()
	}))
	defer srv.Close()
	ctx := context.Background()
	store := NewMemStore()
	var g gen
	for i := 0; i < 6; i++ {
		admin1 := fmt.Sprint("Province ", i)
		r := Rule{ID: fmt.Sprint("r", i), Area: Area{Admin1: admin1}, WindowDays: 7, Threshold: &Threshold{Events: 1}, Webhook: srv.URL}
		if err := r.Normalize(); err != nil {
			t.Fatal(err)
		}
		store.SaveRule(ctx, r)
		g.add(day(0), "Syria", admin1, event.Battles, 0)
	}
	m := &Monitor{Store: store, Events: source(g.events, nil), Now: func() time.Time { return now }, Log: quiet()}
	start := time.Now()
	if _, err := m.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if ds, _ := store.Deliveries(ctx, Delivered); len(ds) != 6 {
		t.Errorf("%d delivered, want 6", len(ds))
	}
	if peak != DefaultParallel {
		t.Errorf("at most %d requests in flight, want %d", peak, DefaultParallel)
	}
	if el := time.Since(start); el > 2500*time.Millisecond {
		t.Errorf("check took %v: deliveries waited for each other", el)
	}
}

// A failing event source does not stop queued deliveries.
func TestEventSourceErrorStillDelivers(t *testing.T) {
	rc := newReceiver(t, 200)
	ctx := context.Background()
	store := NewMemStore()
	r := Rule{ID: "r", Area: Area{Admin1: "Homs"}, WindowDays: 7, Threshold: &Threshold{Events: 1}, Webhook: rc.srv.URL}
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	store.SaveRule(ctx, r)
	a := Alert{Key: "r/2026-11-16", Rule: r, Kind: KindThreshold, FiredAt: now}
	store.RecordAlert(ctx, a, &Delivery{AlertKey: a.Key, URL: r.Webhook, State: Pending, NextAttempt: now})
	m := &Monitor{Store: store, Now: func() time.Time { return now }, Log: quiet(),
		Events: func(context.Context, time.Time, time.Time) ([]event.Event, error) {
			return nil, fmt.Errorf("database is locked")
		}}
	if _, err := m.Check(ctx); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("check error %v", err)
	}
	if ds, _ := store.Deliveries(ctx, Delivered); len(ds) != 1 {
		t.Errorf("queued delivery not sent: %+v", ds)
	}
}
