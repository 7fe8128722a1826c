package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// The Store keeps alert rules, fired alerts and their webhook deliveries (alert.Store), so that
// an alert fires once per rule and period across restarts and processes, and a delivery
// still due after a restart is retried.
var _ alert.Store = (*Store)(nil)

// sortableTime is how times that order rows are stored: fixed-width UTC with nanoseconds, so
// that text order is time order on both back ends (RFC3339Nano drops trailing zeros).
func sortableTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000000Z")
}

// Rules returns every alert rule, enabled or not, by id.
func (s *Store) Rules(ctx context.Context) ([]alert.Rule, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM alert_rules ORDER BY id`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []alert.Rule{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, s.wrap(err)
		}
		var r alert.Rule
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("database %s: alert rule: %v", s.name, err)
		}
		out = append(out, r)
	}
	return out, s.wrap(rows.Err())
}

// SaveRule inserts r or replaces the rule with its id.
func (s *Store) SaveRule(ctx context.Context, r alert.Rule) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO alert_rules (id, body) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET body = excluded.body`), r.ID, string(body))
	return s.wrap(err)
}

// DeleteRule removes rule id; its alerts stay, as history. alert.ErrNotFound if absent.
func (s *Store) DeleteRule(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM alert_rules WHERE id = ?`), id)
	if err != nil {
		return s.wrap(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.wrap(err)
	} else if n == 0 {
		return fmt.Errorf("alert rule %s: %w", id, alert.ErrNotFound)
	}
	return nil
}

// RecordAlert stores a and, when d is not nil, its first delivery, in one transaction, unless
// an alert with a.Key is stored already: then it writes nothing and returns false. The
// primary key on the alert's key makes this the dedupe, also between processes.
func (s *Store) RecordAlert(ctx context.Context, a alert.Alert, d *alert.Delivery) (bool, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	var dbody []byte
	if d != nil {
		if dbody, err = json.Marshal(d); err != nil {
			return false, err
		}
	}
	// Not s.tx: its advisory lock would make an alert wait for a whole ingest batch.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.wrap(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO alerts (alert_key, rule_id, fired_at, body) VALUES (?, ?, ?, ?)
		ON CONFLICT (alert_key) DO NOTHING`), a.Key, a.Rule.ID, sortableTime(a.FiredAt), string(body))
	if err != nil {
		return false, s.wrap(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, s.wrap(err)
	}
	if d != nil {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO alert_deliveries (alert_key, state, next_attempt, body) VALUES (?, ?, ?, ?)`),
			a.Key, string(d.State), sortableTime(d.NextAttempt), string(dbody)); err != nil {
			return false, s.wrap(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, s.wrap(err)
	}
	return true, nil
}

// Alert returns the alert with key; alert.ErrNotFound if there is none.
func (s *Store) Alert(ctx context.Context, key string) (alert.Alert, error) {
	var body string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT body FROM alerts WHERE alert_key = ?`), key).Scan(&body)
	if err == sql.ErrNoRows {
		return alert.Alert{}, fmt.Errorf("alert %s: %w", key, alert.ErrNotFound)
	}
	if err != nil {
		return alert.Alert{}, s.wrap(err)
	}
	var a alert.Alert
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return alert.Alert{}, fmt.Errorf("database %s: alert %s: %v", s.name, key, err)
	}
	return a, nil
}

// Alerts returns stored alerts, newest first (ties by key), of rule ruleID ("" = every rule),
// at most limit of them (0 = all).
func (s *Store) Alerts(ctx context.Context, ruleID string, limit int) ([]alert.Alert, error) {
	query := `SELECT body FROM alerts`
	var args []any
	if ruleID != "" {
		query += ` WHERE rule_id = ?`
		args = append(args, ruleID)
	}
	query += ` ORDER BY fired_at DESC, alert_key`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []alert.Alert{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, s.wrap(err)
		}
		var a alert.Alert
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return nil, fmt.Errorf("database %s: alert: %v", s.name, err)
		}
		out = append(out, a)
	}
	return out, s.wrap(rows.Err())
}

// SaveDelivery replaces the delivery of alert d.AlertKey; alert.ErrNotFound if RecordAlert
// did not create one.
func (s *Store) SaveDelivery(ctx context.Context, d alert.Delivery) error {
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE alert_deliveries SET state = ?, next_attempt = ?, body = ? WHERE alert_key = ?`),
		string(d.State), sortableTime(d.NextAttempt), string(body), d.AlertKey)
	if err != nil {
		return s.wrap(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.wrap(err)
	} else if n == 0 {
		return fmt.Errorf("delivery of alert %s: %w", d.AlertKey, alert.ErrNotFound)
	}
	return nil
}

// Deliveries returns the deliveries in state ("" = all), earliest next attempt first (ties
// by alert key).
func (s *Store) Deliveries(ctx context.Context, state alert.State) ([]alert.Delivery, error) {
	query := `SELECT body FROM alert_deliveries`
	var args []any
	if state != "" {
		query += ` WHERE state = ?`
		args = append(args, string(state))
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY next_attempt, alert_key`), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []alert.Delivery{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, s.wrap(err)
		}
		var d alert.Delivery
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return nil, fmt.Errorf("database %s: delivery: %v", s.name, err)
		}
		out = append(out, d)
	}
	return out, s.wrap(rows.Err())
}

// EventsBetween returns the events dated from from to to (dates inclusive, UTC), by date and
// id, without those marked not an event. It is an alert.EventSource:
//
//	m := &alert.Monitor{Store: st, Events: st.EventsBetween}
//
// It reads only each event's record, through the date index, which is all a rule needs.
func (s *Store) EventsBetween(ctx context.Context, from, to time.Time) ([]event.Event, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT record FROM events WHERE event_date >= ? AND event_date <= ? AND hidden = 0
		ORDER BY event_date, id`), from.UTC().Format(doc.DateLayout), to.UTC().Format(doc.DateLayout))
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
		var rec sql.RawBytes
		if err := rows.Scan(&rec); err != nil {
			return nil, s.wrap(err)
		}
		var e event.Event
		if err := json.Unmarshal(rec, &e); err != nil {
			return nil, fmt.Errorf("database %s: event record: %v", s.name, err)
		}
		out = append(out, e)
	}
	return out, s.wrap(rows.Err())
}
