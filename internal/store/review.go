package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
)

// ErrInvalid marks a request the store refuses as malformed (an edit without a reason, a
// split of a mention the event does not have): the caller's mistake, not a missing id.
// errors.Is(err, store.ErrInvalid) -> 400.
var ErrInvalid = errors.New("invalid request")

type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// invalidf is an ErrInvalid with a message of its own.
func invalidf(format string, a ...any) error {
	return &invalidError{fmt.Sprintf(format, a...)}
}

// Audit fields of the structural edits, which change which mentions an event has rather than
// a field of its record. What they decided is also kept as pins (review_pins): each mention of
// the events they touched is pinned to the event it then belonged to, and Reprocess regroups
// by the pins after clustering (applyPins), so that clustering never undoes a reviewer.
// Incremental ingest needs no such rule: a new report joins at most one stored event and never
// joins two together.
const (
	fieldMerge      = "merge"       // on the event kept: new is the id of the event merged into it
	fieldMergedInto = "merged_into" // on the event merged away: new is the id it went to
	fieldSplit      = "split"       // on both events: new is {"from": id, "to": new id, "mentions": [...]}
)

type splitValue struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	Mentions []string `json:"mentions"`
}

// MergedError is the error for an event that a reviewer merged into another: it is
// ErrNotFound (errors.Is), and says where the event went.
type MergedError struct {
	ID, Into string
}

func (e *MergedError) Error() string { return fmt.Sprintf("event %s was merged into %s", e.ID, e.Into) }

// Is makes a merged event not found.
func (e *MergedError) Is(target error) bool { return target == ErrNotFound }

// MergedInto returns the event that event id was merged into, following later merges of
// that one, or "" if id was never merged away.
func (s *Store) MergedInto(ctx context.Context, id string) (string, error) {
	into := ""
	for range 1000 { // a chain: a merged-away event is gone and cannot be merged again
		var next string
		err := s.db.QueryRowContext(ctx, s.q(`SELECT into_id FROM event_merges WHERE id = ?`), id).Scan(&next)
		if err == sql.ErrNoRows {
			break
		}
		if err != nil {
			return "", s.wrap(err)
		}
		id, into = next, next
	}
	return into, nil
}

// Merge makes event other part of event id: its mentions move to id, which is reconciled
// again, and other is gone (Event(other) is then a MergedError naming id). Reviewers use it
// when merging missed two reports of one event.
func (s *Store) Merge(ctx context.Context, id, other, who, why string) (*EventRow, error) {
	if err := needWhoWhy(who, why); err != nil {
		return nil, err
	}
	if id == other {
		return nil, invalidf("cannot merge event %s with itself", id)
	}
	err := s.tx(ctx, func(tx *txn) error {
		for _, e := range []string{id, other} {
			if err := s.mustExist(ctx, tx, e); err != nil {
				return err
			}
		}
		ms, err := s.mentionsOf(ctx, tx, []string{id, other})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_mentions SET event_id = ? WHERE event_id = ?`, id, other); err != nil {
			return s.wrap(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, other); err != nil {
			return s.wrap(err)
		}
		now := time.Now().UTC().Format(time.RFC3339Nano)
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_merges (id, into_id, at) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET into_id = excluded.into_id, at = excluded.at`, other, id, now); err != nil {
			return s.wrap(err)
		}
		all := append(append([]*cluster.Mention{}, ms[id]...), ms[other]...)
		if err := s.pin(ctx, tx, all, id, now); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, id, who, why, fieldMerge, "null", mustJSON(other)); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, other, who, why, fieldMergedInto, "null", mustJSON(id)); err != nil {
			return err
		}
		sortMentions(all)
		return s.writeEvent(ctx, tx, cluster.Reconcile(id, all), all)
	})
	if err != nil {
		return nil, err
	}
	return s.event(ctx, id)
}

// Split moves the given mentions of event id into a new event, and returns the new event's
// id. At least one mention must stay. Reviewers use it when merging joined two real events.
func (s *Store) Split(ctx context.Context, id string, mentionIDs []string, who, why string) (string, error) {
	if err := needWhoWhy(who, why); err != nil {
		return "", err
	}
	if len(mentionIDs) == 0 {
		return "", invalidf("split needs the mentions to move")
	}
	var newID string
	err := s.tx(ctx, func(tx *txn) error {
		if err := s.mustExist(ctx, tx, id); err != nil {
			return err
		}
		ms, err := s.mentionsOf(ctx, tx, []string{id})
		if err != nil {
			return err
		}
		move := map[string]bool{}
		for _, m := range mentionIDs {
			move[m] = true
		}
		var stay, moved []*cluster.Mention
		for _, m := range ms[id] {
			if move[m.ID] {
				moved = append(moved, m)
				delete(move, m.ID)
			} else {
				stay = append(stay, m)
			}
		}
		if len(move) > 0 {
			return invalidf("event %s has no mention %s", id, strings.Join(sortedKeys(move), ", "))
		}
		if len(stay) == 0 {
			return invalidf("split would leave event %s without mentions", id)
		}
		newID, err = s.freeID(ctx, tx, cluster.EventID(moved))
		if err != nil {
			return err
		}
		if err := s.writeEvent(ctx, tx, cluster.Reconcile(newID, moved), moved); err != nil {
			return err
		}
		ids := make([]string, len(moved))
		for i, m := range moved {
			ids[i] = m.ID
			if _, err := tx.ExecContext(ctx, `UPDATE event_mentions SET event_id = ? WHERE mention_id = ?`, newID, m.ID); err != nil {
				return s.wrap(err)
			}
		}
		now := time.Now().UTC().Format(time.RFC3339Nano)
		if err := s.pin(ctx, tx, moved, newID, now); err != nil {
			return err
		}
		if err := s.pin(ctx, tx, stay, id, now); err != nil {
			return err
		}
		v := mustJSON(splitValue{From: id, To: newID, Mentions: ids})
		for _, e := range []string{id, newID} {
			if err := s.appendAudit(ctx, tx, e, who, why, fieldSplit, "null", v); err != nil {
				return err
			}
		}
		return s.writeEvent(ctx, tx, cluster.Reconcile(id, stay), stay)
	})
	return newID, err
}

// pin records that mentions ms belong to event id, whatever clustering says later; a later
// decision about a mention replaces an earlier one.
func (s *Store) pin(ctx context.Context, tx *txn, ms []*cluster.Mention, id, at string) error {
	for _, m := range ms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_pins (mention_id, event_id, at) VALUES (?, ?, ?)
			ON CONFLICT (mention_id) DO UPDATE SET event_id = excluded.event_id, at = excluded.at`, m.ID, id, at); err != nil {
			return s.wrap(err)
		}
	}
	return nil
}

func needWhoWhy(who, why string) error {
	if strings.TrimSpace(who) == "" || strings.TrimSpace(why) == "" {
		return invalidf("an edit needs who made it and why")
	}
	return nil
}

func (s *Store) mustExist(ctx context.Context, tx *txn, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE id = ?`, id).Scan(&n); err != nil {
		return s.wrap(err)
	}
	if n == 0 {
		return fmt.Errorf("event %s: %w", id, ErrNotFound)
	}
	return nil
}

// freeID returns id, or a variant of it that no stored event, audit entry or merge uses.
func (s *Store) freeID(ctx context.Context, tx *txn, id string) (string, error) {
	for {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM events WHERE id = ?) + (SELECT count(*) FROM audit WHERE event_id = ?)
			+ (SELECT count(*) FROM event_merges WHERE id = ?)`, id, id, id).Scan(&n); err != nil {
			return "", s.wrap(err)
		}
		if n == 0 {
			return id, nil
		}
		id = rehash(id)
	}
}

func (s *Store) appendAudit(ctx context.Context, tx *txn, id, who, why, field, old, new string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (event_id, at, who, why, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, time.Now().UTC().Format(time.RFC3339Nano), who, why, field, old, new)
	if err == nil {
		audited := true
		tx.audited = &audited
	}
	return s.wrap(err)
}

// reviewState reads the pins (mention id -> event id) and the ids merged away.
func (s *Store) reviewState(ctx context.Context, tx *txn) (pins map[string]string, merged map[string]bool, err error) {
	pins, merged = map[string]string{}, map[string]bool{}
	for _, q := range []struct {
		query string
		fn    func(a, b string)
	}{
		{`SELECT mention_id, event_id FROM review_pins`, func(a, b string) { pins[a] = b }},
		{`SELECT id, into_id FROM event_merges`, func(a, _ string) { merged[a] = true }},
	} {
		rows, err := tx.QueryContext(ctx, q.query)
		if err != nil {
			return nil, nil, s.wrap(err)
		}
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				rows.Close()
				return nil, nil, s.wrap(err)
			}
			q.fn(a, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, s.wrap(err)
		}
	}
	return pins, merged, nil
}

// applyPins regroups clustered events by the reviewers' pins: a pinned mention goes to the
// event it is pinned to; an unpinned mention clustered with pinned ones goes along with the
// event most of them are pinned to (ties to the smaller id). Events without a pinned mention
// are returned as free, for ids to be found for them.
func applyPins(evs []*cluster.Event, pins map[string]string) (groups map[string][]string, free []*cluster.Event) {
	groups = map[string][]string{}
	for _, e := range evs {
		count := map[string]int{}
		var rest []string
		for _, m := range e.Mentions {
			if p, ok := pins[m]; ok {
				groups[p] = append(groups[p], m)
				count[p]++
			} else {
				rest = append(rest, m)
			}
		}
		if len(count) == 0 {
			free = append(free, e)
			continue
		}
		if len(rest) > 0 {
			best := ""
			for _, p := range sortedKeys(count) {
				if best == "" || count[p] > count[best] {
					best = p
				}
			}
			groups[best] = append(groups[best], rest...)
		}
	}
	for id := range groups {
		sortStrings(groups[id])
	}
	return groups, free
}
