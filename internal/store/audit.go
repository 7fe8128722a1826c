package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// Edit is a human correction of one field of an event. Field is a key of the coded-event
// record ("fatalities", "event_type", "location", "actor1", ...), "fatalities_best", or
// "not_event" (Value true hides the event from every query: it was no event). Value is the
// field's new JSON value. Who and Why are required: the audit log is for answering them.
type Edit struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
	Who   string          `json:"who"`
	Why   string          `json:"why"`
}

// AuditEntry is one row of the audit log. Old and New are JSON values.
type AuditEntry struct {
	Seq     int64     `json:"seq"`
	EventID string    `json:"event_id"`
	At      time.Time `json:"at"`
	Who     string    `json:"who"`
	Why     string    `json:"why"`
	Field   string    `json:"field"`
	Old     string    `json:"old"` // JSON text of the value before
	New     string    `json:"new"` // JSON text of the value after
}

// Fields the coder and the store own, which no edit may set.
var notEditable = map[string]bool{"event_id": true, "doc_id": true, "evidence": true,
	fieldMerge: true, fieldMergedInto: true, fieldSplit: true}

// Edit applies e to event id and appends it to the audit log, in one transaction. The edit is
// kept for good: every later merge into the event and every reprocess applies it again over
// what the coder says. It returns the event as stored after the edit.
func (s *Store) Edit(ctx context.Context, id string, e Edit) (*EventRow, error) {
	if err := needWhoWhy(e.Who, e.Why); err != nil {
		return nil, err
	}
	if notEditable[e.Field] {
		return nil, invalidf("field %q cannot be edited", e.Field)
	}
	var val any
	if err := json.Unmarshal(e.Value, &val); err != nil {
		return nil, invalidf("value of %s is not JSON: %v", e.Field, err)
	}
	err := s.tx(ctx, func(tx *txn) error {
		var rec string
		var best int
		var hidden int
		err := tx.QueryRowContext(ctx, s.q(`SELECT record, fatalities_best, hidden FROM events WHERE id = ?`), id).Scan(&rec, &best, &hidden)
		if err == sql.ErrNoRows {
			return fmt.Errorf("event %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return s.wrap(err)
		}
		var old json.RawMessage
		switch e.Field {
		case "not_event":
			old = json.RawMessage(fmt.Sprint(hidden == 1))
		case "fatalities_best":
			old = json.RawMessage(fmt.Sprint(best))
		default:
			var fields map[string]json.RawMessage
			if err := json.Unmarshal([]byte(rec), &fields); err != nil {
				return err
			}
			var ok bool
			if old, ok = fields[e.Field]; !ok {
				return invalidf("events have no field %q", e.Field)
			}
		}
		ms, err := s.mentionsOf(ctx, tx, []string{id})
		if err != nil {
			return err
		}
		// The value must fit the field: apply it to the record before storing it.
		probe := cluster.Reconcile(id, ms[id])
		if _, err := applyEdits(probe, []AuditEntry{{Field: e.Field, New: string(e.Value)}}); err != nil {
			return invalidf("%v", err)
		}
		var compact bytes.Buffer
		json.Compact(&compact, e.Value)
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit (event_id, at, who, why, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			id, time.Now().UTC().Format(time.RFC3339Nano), e.Who, e.Why, e.Field, string(old), compact.String()); err != nil {
			return s.wrap(err)
		}
		audited := true
		tx.audited = &audited
		return s.writeEvent(ctx, tx, cluster.Reconcile(id, ms[id]), ms[id])
	})
	if err != nil {
		return nil, err
	}
	return s.event(ctx, id)
}

// Audit returns the audit log of event id, oldest first.
func (s *Store) Audit(ctx context.Context, id string) ([]AuditEntry, error) {
	return s.editsOf(ctx, s.db, id)
}

func (s *Store) editsOf(ctx context.Context, q querier, id string) ([]AuditEntry, error) {
	if t, ok := q.(*txn); ok {
		if t.audited == nil {
			var n int
			if err := t.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM audit LIMIT 1) x`).Scan(&n); err != nil {
				return nil, s.wrap(err)
			}
			has := n > 0
			t.audited = &has
		}
		if !*t.audited {
			return nil, nil
		}
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT seq, event_id, at, who, why, field, old, new FROM audit WHERE event_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var a AuditEntry
		var at, old, new string
		if err := rows.Scan(&a.Seq, &a.EventID, &at, &a.Who, &a.Why, &a.Field, &old, &new); err != nil {
			return nil, s.wrap(err)
		}
		a.Old, a.New = old, new
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, s.wrap(rows.Err())
}

// applyEdits sets the edited fields of e, in log order (the latest edit of a field wins), and
// reports whether the event is hidden.
func applyEdits(e *cluster.Event, edits []AuditEntry) (hidden bool, err error) {
	if len(edits) == 0 {
		return false, nil
	}
	var fields map[string]json.RawMessage
	reviewed := false // e.Supplied is a copy of our own
	for _, a := range edits {
		switch a.Field {
		case fieldMerge, fieldMergedInto, fieldSplit:
			// Structural: applied to the event's mentions, not its record.
		case "not_event":
			if err := json.Unmarshal([]byte(a.New), &hidden); err != nil {
				return false, fmt.Errorf("not_event must be true or false")
			}
		case "fatalities_best":
			if err := json.Unmarshal([]byte(a.New), &e.FatalitiesBest); err != nil {
				return false, fmt.Errorf("fatalities_best must be a number")
			}
			if e.Supplied == nil {
				e.Supplied = map[string]string{}
			} else if !reviewed {
				e.Supplied = maps.Clone(e.Supplied)
			}
			reviewed = true
			e.Supplied["fatalities_best"] = "review"
		default:
			if fields == nil {
				b, err := json.Marshal(e.Record)
				if err != nil {
					return false, err
				}
				if err := json.Unmarshal(b, &fields); err != nil {
					return false, err
				}
			}
			if _, ok := fields[a.Field]; !ok {
				return false, fmt.Errorf("events have no field %q", a.Field)
			}
			fields[a.Field] = json.RawMessage(a.New)
			// The field now comes from a reviewer, not from any mention.
			if e.Supplied == nil {
				e.Supplied = map[string]string{}
			} else if !reviewed {
				e.Supplied = maps.Clone(e.Supplied)
			}
			reviewed = true
			e.Supplied[a.Field] = "review"
		}
	}
	if fields != nil {
		b, err := json.Marshal(fields)
		if err != nil {
			return false, err
		}
		// A fresh record: decoding into e.Record would write through its actor pointers into
		// the mentions it was reconciled from.
		var rec event.Event
		if err := json.Unmarshal(b, &rec); err != nil {
			return false, fmt.Errorf("edited value does not fit: %v", err)
		}
		e.Record = rec
	}
	return hidden, nil
}
