package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/cluster"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// ErrNotFound is returned for an id that is not stored.
var ErrNotFound = errors.New("not found")

// EventRow is one event as queries return it: the coded-event record of DESIGN.md
// (reconciled across reports, human edits applied, event_id the event's id) plus its
// provenance. It marshals to the record's JSON with doc_ids, sources and fatalities_best added.
type EventRow struct {
	event.Event
	DocIDs         []string `json:"doc_ids"` // ids of every input document merged into the event
	Sources        []string `json:"sources"` // outlets, sorted
	FatalitiesBest int      `json:"fatalities_best"`
}

// Filter selects events. Zero fields do not filter. Country is a name or an ISO 3166 alpha-3
// code; Country, Admin1, EventType, SubEventType and Actor (actor1 or actor2, whole name)
// ignore case. Text is full-text search over the events' places, actors, types and evidence,
// every word required. From and To are inclusive event dates.
type Filter struct {
	From, To      time.Time
	Country       string
	Admin1        string
	EventType     string
	SubEventType  string
	Actor         string
	MinFatalities int
	Text          string
	// Limit is the most events one call returns (0: all); Cursor continues after the last
	// event of a previous call (its next cursor).
	Limit  int
	Cursor string
}

// key is how names are compared in filters.
func key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func actorKey(a *event.Actor) string {
	if a == nil {
		return ""
	}
	return key(a.Name)
}

// canonical returns the taxonomy's spelling of an event or sub-event type, ignoring case.
func canonical(s string) string {
	for _, t := range event.Taxonomy {
		if strings.EqualFold(t.Type, s) {
			return t.Type
		}
		for _, sub := range t.Subs {
			if strings.EqualFold(sub, s) {
				return sub
			}
		}
	}
	return strings.TrimSpace(s)
}

// where builds the WHERE clause and arguments for f (without the cursor). On SQLite, probe
// checks the text per row instead of selecting the matching rows first (see EachEvent).
func (s *Store) where(f Filter, probe bool) (string, []any) {
	conds := []string{"hidden = 0"}
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if !f.From.IsZero() {
		add("event_date >= ?", f.From.Format(doc.DateLayout))
	}
	if !f.To.IsZero() {
		add("event_date <= ?", f.To.Format(doc.DateLayout))
	}
	if c := strings.TrimSpace(f.Country); c != "" {
		if len(c) == 3 && strings.ToUpper(c) == c {
			add("iso3 = ?", c)
		} else {
			add("country_key = ?", key(c))
		}
	}
	if f.Admin1 != "" {
		add("admin1_key = ?", key(f.Admin1))
	}
	if f.EventType != "" {
		add("event_type = ?", canonical(f.EventType))
	}
	if f.SubEventType != "" {
		add("sub_event_type = ?", canonical(f.SubEventType))
	}
	if f.Actor != "" {
		add("(actor1_key = ? OR actor2_key = ?)", key(f.Actor), key(f.Actor))
	}
	if f.MinFatalities > 0 {
		add("fatalities >= ?", f.MinFatalities)
	}
	if words := searchWords(f.Text); len(words) > 0 {
		if s.dialect == postgres {
			add("search @@ plainto_tsquery('simple', ?)", strings.Join(words, " "))
		} else {
			// Each word quoted: FTS5 syntax (NEAR, *, column filters) in user input is text.
			q := make([]string, len(words))
			for i, w := range words {
				q[i] = `"` + w + `"`
			}
			if probe {
				add("EXISTS (SELECT 1 FROM events_fts WHERE events_fts MATCH ? AND rowid = events.seq)", strings.Join(q, " "))
			} else {
				add("seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", strings.Join(q, " "))
			}
		}
	}
	return strings.Join(conds, " AND "), args
}

// searchWords splits free text into the words both full-text engines index.
func searchWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func encodeCursor(date, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(date + "|" + id))
}

func decodeCursor(c string) (date, id string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		var ok bool
		if date, id, ok = strings.Cut(string(b), "|"); ok {
			return date, id, nil
		}
	}
	return "", "", fmt.Errorf("invalid cursor %q", c)
}

// Events returns the events f selects, latest first (by event date, then id), and the cursor
// of the next page ("" when this is the last).
func (s *Store) Events(ctx context.Context, f Filter) ([]EventRow, string, error) {
	var out []EventRow
	err := s.EachEvent(ctx, f, func(r *EventRow) error {
		out = append(out, *r)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if f.Limit > 0 && len(out) == f.Limit {
		last := out[len(out)-1]
		next = encodeCursor(last.EventDate, last.EventID)
	}
	return out, next, nil
}

// EachEvent calls fn for each event f selects, latest first, without holding them all in
// memory: exports of a whole store stream through it.
func (s *Store) EachEvent(ctx context.Context, f Filter, fn func(*EventRow) error) error {
	probe, err := s.commonText(ctx, f)
	if err != nil {
		return err
	}
	where, args := s.where(f, probe)
	if f.Cursor != "" {
		date, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return err
		}
		where += " AND (event_date < ? OR (event_date = ? AND id < ?))"
		args = append(args, date, date, id)
	}
	query := `SELECT record, doc_ids, sources, fatalities_best FROM events WHERE ` + where + ` ORDER BY event_date DESC, id DESC`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return s.wrap(err)
	}
	defer rows.Close()
	var r EventRow
	for rows.Next() {
		var rec, docIDs, sources string
		r = EventRow{}
		if err := rows.Scan(&rec, &docIDs, &sources, &r.FatalitiesBest); err != nil {
			return s.wrap(err)
		}
		if err := decodeRow(&r, rec, docIDs, sources); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return s.wrap(rows.Err())
}

// commonWords is how many events a search may match and still be answered by listing its
// matches first; beyond it, listing them all (a word in every report: "town", "killed") took
// seconds over a million events.
const commonWords = 5000

// commonText reports whether f's text matches so many events that a page of them is found
// faster by walking events in date order (or through another filter's index) and checking
// each against the full-text index. Only SQLite needs this; PostgreSQL's planner estimates
// tsvector matches from statistics and chooses by itself.
func (s *Store) commonText(ctx context.Context, f Filter) (bool, error) {
	words := searchWords(f.Text)
	if s.dialect != sqlite || len(words) == 0 || f.Limit <= 0 {
		return false, nil
	}
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + w + `"`
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ?)`,
		strings.Join(q, " "), commonWords+1).Scan(&n)
	return n > commonWords, s.wrap(err)
}

func decodeRow(r *EventRow, rec, docIDs, sources string) error {
	if err := json.Unmarshal([]byte(rec), &r.Event); err != nil {
		return fmt.Errorf("event record: %v", err)
	}
	if err := json.Unmarshal([]byte(docIDs), &r.DocIDs); err != nil {
		return fmt.Errorf("event doc_ids: %v", err)
	}
	if err := json.Unmarshal([]byte(sources), &r.Sources); err != nil {
		return fmt.Errorf("event sources: %v", err)
	}
	if r.Attribution == nil {
		r.Attribution = []string{}
	}
	return nil
}

// candidates returns the stored events m might report: those in m's country whose date can
// fall in cluster.Window(m) (blocking, so that merging compares a mention with a handful of
// events, not all of them), in date and id order, with their mentions.
func (s *Store) candidates(ctx context.Context, tx *txn, m *cluster.Mention) ([]*cluster.Event, map[string][]*cluster.Mention, error) {
	from, to := cluster.Window(m)
	if from.IsZero() && to.IsZero() {
		return nil, nil, nil
	}
	// An event's date is the first day of its span; a month-precision event starts up to a
	// month before the window does and may still overlap it.
	rows, err := tx.QueryContext(ctx, `SELECT id FROM events
		WHERE country_key = ? AND event_date >= ? AND event_date <= ? AND date_to >= ? ORDER BY event_date, id`,
		key(m.Event.Country), from.AddDate(0, 0, -31).Format(doc.DateLayout), to.Format(doc.DateLayout), from.Format(doc.DateLayout))
	if err != nil {
		return nil, nil, s.wrap(err)
	}
	var ids, missing []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, s.wrap(err)
		}
		ids = append(ids, id)
		if tx.blocked[id] == nil {
			missing = append(missing, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, s.wrap(err)
	}
	if len(ids) == 0 {
		return nil, nil, nil
	}
	if err := s.loadBlocked(ctx, tx, missing); err != nil {
		return nil, nil, err
	}
	evs := make([]*cluster.Event, len(ids))
	ms := make(map[string][]*cluster.Mention, len(ids))
	for i, id := range ids {
		b := tx.blocked[id]
		evs[i], ms[id] = b.e, b.ms
	}
	return evs, ms, nil
}

// blockedEvent is a stored event as merging sees it, kept for the rest of a transaction:
// the reports of one event arrive together, and each compares with the same few events.
// While the transaction holds the write lock nobody else changes them, and writeEvent keeps
// the entry up to date.
type blockedEvent struct {
	e   *cluster.Event // Mentions and DocIDs filled; read only
	ms  []*cluster.Mention
	row []any // the column values written in this transaction (nil: read, not written)
}

// loadBlocked reads events ids with their mentions into the transaction's cache.
func (s *Store) loadBlocked(ctx context.Context, tx *txn, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if tx.blocked == nil {
		tx.blocked = map[string]*blockedEvent{}
	}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, record, supplied, fatalities_best, sources FROM events WHERE id IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return s.wrap(err)
		}
		for rows.Next() {
			var id string
			var best int
			var rec, supplied, sources sql.RawBytes
			if err := rows.Scan(&id, &rec, &supplied, &best, &sources); err != nil {
				rows.Close()
				return s.wrap(err)
			}
			e, err := s.cache.event(id, [][]byte{rec, supplied, sources, []byte(strconv.Itoa(best))}, func() (*cluster.Event, error) {
				e := &cluster.Event{ID: id, FatalitiesBest: best}
				if err := json.Unmarshal(rec, &e.Record); err != nil {
					return nil, err
				}
				json.Unmarshal(supplied, &e.Supplied)
				json.Unmarshal(sources, &e.Sources)
				return e, nil
			})
			if err != nil {
				rows.Close()
				return err
			}
			tx.blocked[id] = &blockedEvent{e: e}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return s.wrap(err)
		}
	}
	ms, err := s.mentionsOf(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		b := tx.blocked[id]
		if b == nil {
			continue
		}
		b.ms = ms[id]
		for _, x := range b.ms {
			b.e.Mentions = append(b.e.Mentions, x.ID)
			b.e.DocIDs = appendUnique(b.e.DocIDs, x.ArticleID)
		}
	}
	return nil
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// writeEvent stores e, reconciled from ms, with the human edits of the audit log applied.
func (s *Store) writeEvent(ctx context.Context, tx *txn, e *cluster.Event, ms []*cluster.Mention) error {
	edits, err := s.editsOf(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	hidden, err := applyEdits(e, edits)
	if err != nil {
		return err
	}
	e.Record.EventID = e.ID
	if e.Record.Attribution == nil {
		e.Record.Attribution = []string{}
	}
	rec, err := json.Marshal(e.Record)
	if err != nil {
		return err
	}
	docIDs := map[string]bool{}
	for _, m := range ms {
		docIDs[m.Event.DocID] = true
	}
	sources := e.Sources
	if sources == nil {
		sources = []string{}
	}
	supplied := e.Supplied
	if supplied == nil {
		supplied = map[string]string{}
	}
	r := &e.Record
	row := []any{string(rec), r.EventDate, r.EventType, r.SubEventType, r.Country, key(r.Country), r.ISO3, r.Admin1, key(r.Admin1),
		actorKey(r.Actor1), actorKey(r.Actor2), r.Fatalities, e.FatalitiesBest, floatOrNil(r.Latitude), floatOrNil(r.Longitude),
		mustJSON(sources), mustJSON(sortedKeys(docIDs)), mustJSON(supplied), boolInt(hidden), body(r, ms), dateTo(r)}
	updated := time.Now().UTC().Format(time.RFC3339)
	if prev := tx.blocked[e.ID]; prev != nil && prev.row != nil {
		// Written before in this transaction: set only what changed, so that SQLite leaves
		// alone the indexes (and the full-text entry) of the columns that did not.
		var set []string
		var args []any
		for i, v := range row {
			if v != prev.row[i] {
				set = append(set, eventCols[i]+" = ?")
				args = append(args, v)
			}
		}
		if len(set) > 0 {
			_, err = tx.ExecContext(ctx, `UPDATE events SET `+strings.Join(set, ", ")+`, updated = ? WHERE id = ?`, append(args, updated, e.ID)...)
		}
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO events (id, `+strings.Join(eventCols, ", ")+`, updated)
		VALUES (?, `+placeholders(len(eventCols))+`, ?)
		ON CONFLICT (id) DO UPDATE SET `+upsertSet, append(append([]any{e.ID}, row...), updated)...)
	}
	if err != nil {
		return s.wrap(err)
	}
	if tx.blocked == nil {
		tx.blocked = map[string]*blockedEvent{}
	}
	c := *e
	c.Mentions, c.DocIDs = nil, nil
	for _, m := range ms {
		c.Mentions = append(c.Mentions, m.ID)
		c.DocIDs = appendUnique(c.DocIDs, m.ArticleID)
	}
	tx.blocked[e.ID] = &blockedEvent{e: &c, ms: append([]*cluster.Mention(nil), ms...), row: row}
	return nil
}

// eventCols are the columns writeEvent sets besides id and updated, in the order of its row.
var eventCols = []string{"record", "event_date", "event_type", "sub_event_type", "country", "country_key", "iso3", "admin1", "admin1_key",
	"actor1_key", "actor2_key", "fatalities", "fatalities_best", "latitude", "longitude",
	"sources", "doc_ids", "supplied", "hidden", "body", "date_to"}

var upsertSet = func() string {
	set := make([]string, 0, len(eventCols)+1)
	for _, c := range append(eventCols[:len(eventCols):len(eventCols)], "updated") {
		set = append(set, c+" = excluded."+c)
	}
	return strings.Join(set, ", ")
}()

// floatOrNil makes a coordinate comparable (a value, not a pointer) and NULL when absent.
func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// dateTo is the last day r's date can mean: its first day plus the week or month its
// precision covers. An unreadable date is open-ended.
func dateTo(r *event.Event) string {
	d, err := time.Parse(doc.DateLayout, r.EventDate)
	if err != nil {
		return "9999-12-31"
	}
	switch r.TimePrecision {
	case 2:
		d = d.AddDate(0, 0, 6)
	case 3:
		d = d.AddDate(0, 1, -1)
	}
	return d.Format(doc.DateLayout)
}

// body is the text full-text search sees for an event: its types, actors, places and the
// evidence of every report of it.
func body(r *event.Event, ms []*cluster.Mention) string {
	parts := []string{r.EventType, r.SubEventType, r.Country, r.Admin1, r.Admin2, r.Location}
	for _, a := range []*event.Actor{r.Actor1, r.Actor2} {
		if a != nil {
			parts = append(parts, a.Name)
		}
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if t := m.Event.Evidence.Text; t != "" && !seen[t] {
			seen[t] = true
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with maps and slices of strings
	}
	return string(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// EventDetail is one event with everything behind it: each mention with its article, which
// mention supplied each field, and the human edits.
type EventDetail struct {
	EventRow
	Hidden   bool              `json:"not_event"` // marked "not an event" by an edit
	Supplied map[string]string `json:"supplied"`
	Mentions []MentionDetail   `json:"mentions"`
	Audit    []AuditEntry      `json:"audit"`
}

// MentionDetail is one report of an event: the coder's record (with its evidence span) and the
// article it comes from (Raw left out).
type MentionDetail struct {
	ID      string      `json:"id"`
	Event   event.Event `json:"event"`
	Article *Article    `json:"article"`
}

// Row returns event id as lists show it (the record, its documents and sources), without
// the mentions, articles and audit log that Event reads too.
func (s *Store) Row(ctx context.Context, id string) (*EventRow, error) { return s.event(ctx, id) }

// event returns the row of event id, hidden or not.
func (s *Store) event(ctx context.Context, id string) (*EventRow, error) {
	r := &EventRow{}
	var rec, docIDs, sources string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT record, doc_ids, sources, fatalities_best FROM events WHERE id = ?`), id).
		Scan(&rec, &docIDs, &sources, &r.FatalitiesBest)
	if err == sql.ErrNoRows {
		into, merr := s.MergedInto(ctx, id)
		if merr == nil && into != "" {
			return nil, &MergedError{ID: id, Into: into}
		}
		return nil, fmt.Errorf("event %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	return r, decodeRow(r, rec, docIDs, sources)
}

// Event returns event id with its mentions, articles, field sources and audit log.
func (s *Store) Event(ctx context.Context, id string) (*EventDetail, error) {
	r, err := s.event(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &EventDetail{EventRow: *r}
	var supplied string
	var hidden int
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT supplied, hidden FROM events WHERE id = ?`), id).Scan(&supplied, &hidden); err != nil {
		return nil, s.wrap(err)
	}
	d.Hidden = hidden == 1
	if err := json.Unmarshal([]byte(supplied), &d.Supplied); err != nil {
		return nil, err
	}
	ms, err := s.mentionsOf(ctx, s.db, []string{id})
	if err != nil {
		return nil, err
	}
	for _, m := range ms[id] {
		a, err := s.Article(ctx, m.ArticleID)
		if err != nil {
			return nil, err
		}
		a.Raw = nil
		d.Mentions = append(d.Mentions, MentionDetail{ID: m.ID, Event: m.Event, Article: a})
	}
	if d.Audit, err = s.Audit(ctx, id); err != nil {
		return nil, err
	}
	if d.Audit == nil {
		d.Audit = []AuditEntry{}
	}
	return d, nil
}

// Counts is how many rows each table holds.
type Counts struct {
	Articles, Mentions, Events, EventMentions, Links, Audit int
}

// Counts counts the stored rows.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	for _, x := range []struct {
		table string
		n     *int
	}{
		{"articles", &c.Articles}, {"mentions", &c.Mentions}, {"events", &c.Events},
		{"event_mentions", &c.EventMentions}, {"article_links", &c.Links}, {"audit", &c.Audit},
	} {
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+x.table).Scan(x.n); err != nil {
			return c, s.wrap(err)
		}
	}
	return c, nil
}
