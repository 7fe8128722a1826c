package alert

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// ErrNotFound is returned by Store methods for a rule, alert or delivery that does not exist.
var ErrNotFound = errors.New("alert: not found")

// State is where a webhook delivery stands.
type State string

// Delivery states. A delivery is pending until the receiver answers 2xx (delivered), answers
// with an error that retrying cannot fix, or runs out of attempts (failed).
const (
	Pending   State = "pending"
	Delivered State = "delivered"
	Failed    State = "failed"
)

// Delivery is the webhook delivery of one alert. There is at most one per alert (a rule has
// one webhook), so it is keyed by the alert's key.
type Delivery struct {
	AlertKey    string    `json:"alert_key"`
	URL         string    `json:"url"`
	State       State     `json:"state"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	NextAttempt time.Time `json:"next_attempt,omitzero"` // when a pending delivery is due
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
}

// Store persists rules, fired alerts and deliveries. The store package implements it on
// SQLite and PostgreSQL; MemStore is the reference implementation and the contract.
// Implementations must be safe for concurrent use.
type Store interface {
	// Rules returns every rule, enabled or not, ordered by id.
	Rules(ctx context.Context) ([]Rule, error)
	// SaveRule inserts a rule or replaces the one with the same id.
	SaveRule(ctx context.Context, r Rule) error
	// DeleteRule removes a rule (its alerts stay, as history); ErrNotFound if absent.
	DeleteRule(ctx context.Context, id string) error
	// RecordAlert stores a fired alert and, when d is not nil, its first delivery, in one
	// transaction — unless an alert with a.Key is already stored, in which case it stores
	// nothing and returns false. This insert-if-absent is the dedupe: it must be atomic (a
	// unique key on Key), so that two evaluations racing cannot both fire.
	RecordAlert(ctx context.Context, a Alert, d *Delivery) (bool, error)
	// Alert returns the alert with a key; ErrNotFound if absent.
	Alert(ctx context.Context, key string) (Alert, error)
	// Alerts returns stored alerts, newest FiredAt first (ties by key), at most limit
	// (0 = all); ruleID "" means every rule.
	Alerts(ctx context.Context, ruleID string, limit int) ([]Alert, error)
	// SaveDelivery replaces the delivery with d.AlertKey (which RecordAlert created).
	SaveDelivery(ctx context.Context, d Delivery) error
	// Deliveries returns deliveries in a state ("" = all), earliest NextAttempt first (ties
	// by alert key).
	Deliveries(ctx context.Context, state State) ([]Delivery, error)
}

// MemStore is a Store in memory, for tests and for runs that need no history.
type MemStore struct {
	mu         sync.Mutex
	rules      map[string]Rule
	alerts     map[string]Alert
	deliveries map[string]Delivery
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{rules: map[string]Rule{}, alerts: map[string]Alert{}, deliveries: map[string]Delivery{}}
}

// Rules implements Store.
func (m *MemStore) Rules(ctx context.Context) ([]Rule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Rule, 0, len(m.rules))
	for _, r := range m.rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// SaveRule implements Store.
func (m *MemStore) SaveRule(ctx context.Context, r Rule) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rules[r.ID] = r
	return nil
}

// DeleteRule implements Store.
func (m *MemStore) DeleteRule(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.rules[id]; !ok {
		return ErrNotFound
	}
	delete(m.rules, id)
	return nil
}

// RecordAlert implements Store.
func (m *MemStore) RecordAlert(ctx context.Context, a Alert, d *Delivery) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.alerts[a.Key]; ok {
		return false, nil
	}
	m.alerts[a.Key] = a
	if d != nil {
		m.deliveries[a.Key] = *d
	}
	return true, nil
}

// Alert implements Store.
func (m *MemStore) Alert(ctx context.Context, key string) (Alert, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.alerts[key]
	if !ok {
		return Alert{}, ErrNotFound
	}
	return a, nil
}

// Alerts implements Store.
func (m *MemStore) Alerts(ctx context.Context, ruleID string, limit int) ([]Alert, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Alert
	for _, a := range m.alerts {
		if ruleID == "" || a.Rule.ID == ruleID {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].FiredAt.Equal(out[j].FiredAt) {
			return out[i].FiredAt.After(out[j].FiredAt)
		}
		return out[i].Key < out[j].Key
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// SaveDelivery implements Store.
func (m *MemStore) SaveDelivery(ctx context.Context, d Delivery) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.deliveries[d.AlertKey]; !ok {
		return ErrNotFound
	}
	m.deliveries[d.AlertKey] = d
	return nil
}

// Deliveries implements Store.
func (m *MemStore) Deliveries(ctx context.Context, state State) ([]Delivery, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Delivery
	for _, d := range m.deliveries {
		if state == "" || d.State == state {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NextAttempt.Equal(out[j].NextAttempt) {
			return out[i].NextAttempt.Before(out[j].NextAttempt)
		}
		return out[i].AlertKey < out[j].AlertKey
	})
	return out, nil
}
