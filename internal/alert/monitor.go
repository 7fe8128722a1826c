package alert

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// EventSource returns the events dated from from to to (UTC dates, both included). The
// server passes a query on the store; the filters of the rules are applied here, so the
// source may return more than they need.
type EventSource func(ctx context.Context, from, to time.Time) ([]event.Event, error)

// Monitor runs the rules in a store against an event source: it records what fires (once
// per rule and period, through Store.RecordAlert) and works through the queue of pending
// webhook deliveries. Deliveries are a persisted queue rather than a sleeping goroutine, so
// a restart resumes them and tests drive the back-off with the clock alone. One Monitor per
// store: two processes sharing a database would not double-fire, but could both send a
// delivery that is due.
type Monitor struct {
	Store   Store
	Events  EventSource
	Webhook *Webhook         // nil: defaults
	Retry   Retry            // zero: DefaultRetry
	Now     func() time.Time // nil: time.Now
	Log     *slog.Logger     // nil: slog.Default()
	// OnFire and OnDelivery, when set, see each newly fired alert and each delivery after an
	// attempt (for metrics such as sitrep_alerts_fired_total). They are called one at a time,
	// under the monitor's lock: keep them quick.
	OnFire     func(Alert)
	OnDelivery func(Delivery)
	// Parallel is how many deliveries are attempted at once (default DefaultParallel), so
	// that one receiver that times out does not hold up every other rule's alerts.
	Parallel int

	mu sync.Mutex // one Check or Deliver at a time, so a due delivery is sent once
}

// DefaultParallel is the default Monitor.Parallel.
const DefaultParallel = 4

func (m *Monitor) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *Monitor) log() *slog.Logger {
	if m.Log != nil {
		return m.Log
	}
	return slog.Default()
}

// Check evaluates the enabled rules at the current time, records the alerts that have not
// fired before (with a pending delivery for rules with a webhook), then sends the deliveries
// that are due. It returns the newly fired alerts.
func (m *Monitor) Check(ctx context.Context) ([]Alert, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	rules, err := m.Store.Rules(ctx)
	if err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	var from, to time.Time
	enabled := rules[:0:0]
	for i := range rules {
		if rules[i].Disabled {
			continue
		}
		f, t := rules[i].Span(now)
		if len(enabled) == 0 || f.Before(from) {
			from = f
		}
		if t.After(to) {
			to = t
		}
		enabled = append(enabled, rules[i])
	}
	var fired []Alert
	if len(enabled) > 0 {
		events, err := m.Events(ctx, from, to)
		if err != nil {
			// Deliveries already queued do not depend on the events: still send them.
			return nil, errors.Join(fmt.Errorf("alert events: %w", err), m.deliver(ctx, now))
		}
		for _, a := range Evaluate(enabled, events, now) {
			var d *Delivery
			if a.Rule.Webhook != "" {
				d = &Delivery{AlertKey: a.Key, URL: a.Rule.Webhook, State: Pending, NextAttempt: now}
			}
			ok, err := m.Store.RecordAlert(ctx, a, d)
			if err != nil {
				return fired, fmt.Errorf("record alert %s: %w", a.Key, err)
			}
			if ok {
				m.log().Info("alert fired", "key", a.Key, "reason", a.Reason)
				fired = append(fired, a)
				if m.OnFire != nil {
					m.OnFire(a)
				}
			}
		}
	}
	return fired, m.deliver(ctx, now)
}

// Deliver sends the deliveries that are due now, one attempt each.
func (m *Monitor) Deliver(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.deliver(ctx, m.now())
}

func (m *Monitor) deliver(ctx context.Context, now time.Time) error {
	pending, err := m.Store.Deliveries(ctx, Pending)
	if err != nil {
		return fmt.Errorf("alert deliveries: %w", err)
	}
	w := m.Webhook
	if w == nil {
		w = &Webhook{}
	}
	par := m.Parallel
	if par <= 0 {
		par = DefaultParallel
	}
	var (
		mu   sync.Mutex // guards errs and serialises the hooks and logs
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, par)
	)
	for _, d := range pending {
		if d.NextAttempt.After(now) {
			break // ordered by NextAttempt
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			nd, err := m.deliverOne(ctx, w, d, now)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			m.delivered(nd)
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err() // cancelled: the deliveries in flight stay as they were
	}
	return errors.Join(errs...)
}

// deliverOne makes one attempt at d and stores the outcome.
func (m *Monitor) deliverOne(ctx context.Context, w *Webhook, d Delivery, now time.Time) (Delivery, error) {
	a, err := m.Store.Alert(ctx, d.AlertKey)
	if err != nil {
		return d, fmt.Errorf("delivery %s: %w", d.AlertKey, err)
	}
	nd, err := attempt(ctx, w, m.Retry, d, a, now)
	if err != nil {
		return d, err
	}
	if err := m.Store.SaveDelivery(ctx, nd); err != nil {
		return d, fmt.Errorf("delivery %s: %w", d.AlertKey, err)
	}
	return nd, nil
}

func (m *Monitor) delivered(nd Delivery) {
	if m.OnDelivery != nil {
		m.OnDelivery(nd)
	}
	lg := m.log().With("key", nd.AlertKey, "url", redactURL(nd.URL), "attempts", nd.Attempts)
	switch nd.State {
	case Delivered:
		lg.Info("alert delivered")
	case Failed:
		lg.Warn("alert delivery failed", "error", nd.LastError)
	default:
		lg.Info("alert delivery will be retried", "error", nd.LastError, "next", nd.NextAttempt)
	}
}

// Run checks every interval until ctx ends, and in between sends deliveries as their
// retries fall due. Errors are logged, not returned: a store hiccup must not stop alerting
// for good.
func (m *Monitor) Run(ctx context.Context, every time.Duration) error {
	var nextCheck time.Time
	for {
		if now := m.now(); !now.Before(nextCheck) {
			nextCheck = now.Add(every)
			if _, err := m.Check(ctx); err != nil && ctx.Err() == nil {
				m.log().Error("alert check", "error", err)
			}
		} else if err := m.Deliver(ctx); err != nil && ctx.Err() == nil {
			m.log().Error("alert delivery", "error", err)
		}
		wake := nextCheck
		if ds, err := m.Store.Deliveries(ctx, Pending); err == nil && len(ds) > 0 && ds[0].NextAttempt.Before(wake) {
			wake = ds[0].NextAttempt
		}
		t := time.NewTimer(max(wake.Sub(m.now()), 100*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
