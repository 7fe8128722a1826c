package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
)

// Audit fields of the structural edits, which change which mentions an event has rather than
// a field of its record. Reprocess replays them, in log order, after clustering.
const (
	fieldMerge      = "merge"       // on the event kept: new is the id of the event merged into it
	fieldMergedInto = "merged_into" // on the event merged away: new is the id it went to
	fieldSplit      = "split"       // on the event split: new is {"from": id, "to": new id, "mentions": [...]}
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

// mergedInto returns the event that event id was merged into, following merges of merges, or
// "" if it was not merged away.
func (s *Store) mergedInto(ctx context.Context, id string) (string, error) {
	into := ""
	for range 100 { // a chain, never a cycle: a merged-away event cannot be merged again
		var next string
		err := s.db.QueryRowContext(ctx, s.q(`SELECT new FROM audit WHERE event_id = ? AND field = 'merged_into' ORDER BY seq DESC LIMIT 1`), id).Scan(&next)
		if err == sql.ErrNoRows {
			return into, nil
		}
		if err != nil {
			return "", s.wrap(err)
		}
		if err := json.Unmarshal([]byte(next), &id); err != nil {
			return "", err
		}
		into = id
	}
	return into, nil
}

// Merge makes event other part of event id: its mentions move to id, which is reconciled
// again, and other is gone (its id stays in the audit log, pointing at id). Reviewers use it
// when merging missed two reports of one event.
func (s *Store) Merge(ctx context.Context, id, other, who, why string) (*EventRow, error) {
	if err := needWhoWhy(who, why); err != nil {
		return nil, err
	}
	if id == other {
		return nil, fmt.Errorf("cannot merge event %s with itself", id)
	}
	err := s.tx(ctx, func(tx *txn) error {
		ms, err := s.mentionsOf(ctx, tx, []string{id, other})
		if err != nil {
			return err
		}
		for _, e := range []string{id, other} {
			if err := s.mustExist(ctx, tx, e); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_mentions SET event_id = ? WHERE event_id = ?`, id, other); err != nil {
			return s.wrap(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, other); err != nil {
			return s.wrap(err)
		}
		if err := s.appendAudit(ctx, tx, id, who, why, fieldMerge, "null", mustJSON(other)); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, other, who, why, fieldMergedInto, "null", mustJSON(id)); err != nil {
			return err
		}
		all := append(append([]*cluster.Mention{}, ms[id]...), ms[other]...)
		sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
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
		return "", fmt.Errorf("split needs the mentions to move")
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
			return fmt.Errorf("event %s has no mention %s", id, strings.Join(sortedKeys(move), ", "))
		}
		if len(stay) == 0 {
			return fmt.Errorf("split would leave event %s without mentions", id)
		}
		newID, err = s.freeID(ctx, tx, cluster.EventID(moved))
		if err != nil {
			return err
		}
		if err := s.writeEvent(ctx, tx, cluster.Reconcile(newID, moved), moved); err != nil {
			return err
		}
		for _, m := range moved {
			if _, err := tx.ExecContext(ctx, `UPDATE event_mentions SET event_id = ? WHERE mention_id = ?`, newID, m.ID); err != nil {
				return s.wrap(err)
			}
		}
		ids := make([]string, len(moved))
		for i, m := range moved {
			ids[i] = m.ID
		}
		if err := s.appendAudit(ctx, tx, id, who, why, fieldSplit, "null", mustJSON(splitValue{From: id, To: newID, Mentions: ids})); err != nil {
			return err
		}
		return s.writeEvent(ctx, tx, cluster.Reconcile(id, stay), stay)
	})
	return newID, err
}

func needWhoWhy(who, why string) error {
	if strings.TrimSpace(who) == "" || strings.TrimSpace(why) == "" {
		return fmt.Errorf("an edit needs who made it and why")
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

// freeID returns id, or a variant of it no stored event and no audit entry uses.
func (s *Store) freeID(ctx context.Context, tx *txn, id string) (string, error) {
	for {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM events WHERE id = ?) + (SELECT count(*) FROM audit WHERE event_id = ?)`, id, id).Scan(&n); err != nil {
			return "", s.wrap(err)
		}
		if n == 0 {
			return id, nil
		}
		id = rehash(id)
	}
}

func rehash(id string) string {
	sum := sha256.Sum256([]byte(id + "'"))
	return "e" + hex.EncodeToString(sum[:8])
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

// replayStructural applies the merges and splits of the audit log, in order, to groups of
// mentions (event id -> mention ids) that clustering made, so that reviewers' decisions
// survive a reprocess. A step whose events no longer exist is skipped.
func (s *Store) replayStructural(ctx context.Context, tx *txn, groups map[string][]string) error {
	rows, err := tx.QueryContext(ctx, `SELECT event_id, field, new FROM audit WHERE field IN ('merge', 'split') ORDER BY seq`)
	if err != nil {
		return s.wrap(err)
	}
	type step struct{ id, field, new string }
	var steps []step
	for rows.Next() {
		var st step
		if err := rows.Scan(&st.id, &st.field, &st.new); err != nil {
			rows.Close()
			return s.wrap(err)
		}
		steps = append(steps, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.wrap(err)
	}
	owner := map[string]string{}
	for id, ms := range groups {
		for _, m := range ms {
			owner[m] = id
		}
	}
	for _, st := range steps {
		switch st.field {
		case fieldMerge:
			var other string
			if json.Unmarshal([]byte(st.new), &other) != nil || groups[st.id] == nil || groups[other] == nil || other == st.id {
				continue
			}
			for _, m := range groups[other] {
				owner[m] = st.id
			}
			groups[st.id] = append(groups[st.id], groups[other]...)
			delete(groups, other)
		case fieldSplit:
			var v splitValue
			if json.Unmarshal([]byte(st.new), &v) != nil || v.To == "" {
				continue
			}
			for _, m := range v.Mentions {
				from, ok := owner[m]
				if !ok || from == v.To {
					continue
				}
				groups[from] = remove(groups[from], m)
				if len(groups[from]) == 0 {
					delete(groups, from)
				}
				groups[v.To] = append(groups[v.To], m)
				owner[m] = v.To
			}
		}
	}
	for id := range groups {
		sort.Strings(groups[id])
	}
	return nil
}

func remove(xs []string, x string) []string {
	out := xs[:0]
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}
