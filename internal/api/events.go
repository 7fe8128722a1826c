package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/export"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Page sizes of GET /api/events.
const (
	defaultLimit = 100
	maxLimit     = 10000
)

// filterOf reads the event filters shared by /api/events and /api/stats. Names follow ACLED's
// API where it has one (event_date, country, admin1, event_type, fatalities).
func filterOf(r *http.Request) (store.Filter, error) {
	q := r.URL.Query()
	var f store.Filter
	for _, name := range []string{"event_date_from", "event_date_to", "country", "admin1", "actor", "q", "event_type", "sub_event_type", "fatalities_min", "limit", "cursor", "format", "interval", "by"} {
		if len(q[name]) > 1 {
			return f, errorf(http.StatusBadRequest, "%s: given %d times; give it once", name, len(q[name]))
		}
	}
	date := func(name string) (time.Time, error) {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(doc.DateLayout, v)
		if err != nil {
			return t, errorf(http.StatusBadRequest, "%s: %q is not a YYYY-MM-DD date", name, v)
		}
		return t, nil
	}
	var err error
	if f.From, err = date("event_date_from"); err != nil {
		return f, err
	}
	if f.To, err = date("event_date_to"); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, errorf(http.StatusBadRequest, "event_date_to is before event_date_from")
	}
	f.Country = q.Get("country")
	f.Admin1 = q.Get("admin1")
	f.Actor = q.Get("actor")
	f.Text = q.Get("q")
	if f.EventType = q.Get("event_type"); f.EventType != "" && !knownType(f.EventType) {
		return f, errorf(http.StatusBadRequest, "event_type: unknown event type %q", f.EventType)
	}
	if f.SubEventType = q.Get("sub_event_type"); f.SubEventType != "" && !knownSubType(f.SubEventType) {
		return f, errorf(http.StatusBadRequest, "sub_event_type: unknown sub-event type %q", f.SubEventType)
	}
	if v := q.Get("fatalities_min"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, errorf(http.StatusBadRequest, "fatalities_min: %q is not a whole number >= 0", v)
		}
		f.MinFatalities = n
	}
	return f, nil
}

func knownType(s string) bool {
	for _, t := range event.Taxonomy {
		if strings.EqualFold(t.Type, s) {
			return true
		}
	}
	return false
}

func knownSubType(s string) bool {
	for _, t := range event.Taxonomy {
		for _, sub := range t.Subs {
			if strings.EqualFold(sub, s) {
				return true
			}
		}
	}
	return false
}

// eventFields are the keys `fields` may ask for.
var eventFields = map[string]bool{
	"event_id": true, "doc_id": true, "event_date": true, "time_precision": true, "event_type": true,
	"sub_event_type": true, "cameo": true, "plover": true, "actor1": true, "actor2": true, "country": true,
	"iso3": true, "admin1": true, "admin2": true, "location": true, "latitude": true, "longitude": true,
	"geo_precision": true, "geonameid": true, "fatalities": true, "fatalities_low": true, "fatalities_high": true,
	"fatalities_best": true, "source": true, "attribution": true, "evidence": true, "confidence": true,
	"doc_ids": true, "sources": true,
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f.Limit = defaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return errorf(http.StatusBadRequest, "limit: %q is not a number from 1 to %d", v, maxLimit)
		}
		f.Limit = n
	}
	f.Cursor = q.Get("cursor")
	var fields []string
	for _, v := range q["fields"] {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			if !eventFields[name] {
				return errorf(http.StatusBadRequest, "fields: unknown field %q", name)
			}
			fields = append(fields, name)
		}
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" && format != "geojson" {
		return errorf(http.StatusBadRequest, "format: %q is not json, csv or geojson", format)
	}
	rows, next, err := s.store.Events(r.Context(), f)
	if err != nil {
		if strings.Contains(err.Error(), "cursor") {
			return errorf(http.StatusBadRequest, "cursor: %v", err)
		}
		return err
	}
	switch format {
	case "csv", "geojson":
		name := map[string]string{"csv": "csv", "geojson": "geojson"}[format]
		ctype := map[string]string{"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}[format]
		var buf bytes.Buffer
		wr, err := export.New(name, &buf)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := export.WriteRecord(wr, export.Record(rows[i])); err != nil {
				return err
			}
		}
		if err := wr.Close(); err != nil {
			return err
		}
		if next != "" {
			w.Header().Set("X-Next-Cursor", next)
		}
		w.Header().Set("Content-Type", ctype)
		_, err = w.Write(buf.Bytes())
		return err
	}
	out := make([]any, len(rows))
	for i := range rows {
		if fields == nil {
			out[i] = &rows[i]
			continue
		}
		p, err := project(&rows[i], fields)
		if err != nil {
			return err
		}
		out[i] = p
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out, "next_cursor": next})
	return nil
}

// project keeps only the asked-for fields of a row, and its id.
func project(row *store.EventRow, fields []string) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(row)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{"event_id": all["event_id"]}
	for _, k := range fields {
		out[k] = all[k]
	}
	return out, nil
}

// eventDetail is the body of GET /api/events/{id}.
type eventDetail struct {
	Event    *store.EventRow       `json:"event"`
	NotEvent bool                  `json:"not_event"`
	Mentions []store.MentionDetail `json:"mentions"`
	Supplied map[string]string     `json:"supplied"`
	Audit    []auditJSON           `json:"audit"`
}

// auditJSON is an audit entry with its old and new values as JSON values, not JSON text.
type auditJSON struct {
	store.AuditEntry
	Old json.RawMessage `json:"old"`
	New json.RawMessage `json:"new"`
}

func rawJSON(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

func (s *Server) detail(r *http.Request, id string) (*eventDetail, error) {
	d, err := s.store.Event(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id, err)
	}
	if err != nil {
		return nil, err
	}
	out := &eventDetail{Event: &d.EventRow, NotEvent: d.Hidden, Mentions: d.Mentions, Supplied: d.Supplied, Audit: []auditJSON{}}
	for _, a := range d.Audit {
		out.Audit = append(out.Audit, auditJSON{AuditEntry: a, Old: rawJSON(a.Old), New: rawJSON(a.New)})
	}
	if out.Mentions == nil {
		out.Mentions = []store.MentionDetail{}
	}
	if out.Supplied == nil {
		out.Supplied = map[string]string{}
	}
	// A field a reviewer set is supplied by the review, whatever the coder said.
	for _, a := range out.Audit {
		if editable[a.Field] {
			out.Supplied[a.Field] = "review"
		}
	}
	slices.SortStableFunc(out.Mentions, func(a, b store.MentionDetail) int {
		var pa, pb string
		if a.Article != nil {
			pa = a.Article.Published
		}
		if b.Article != nil {
			pb = b.Article.Published
		}
		if c := strings.Compare(pa, pb); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// notFound is the 404 for an event id the store does not have; an event a reviewer merged
// into another says which.
func notFound(id string, err error) error {
	var me *store.MergedError
	if errors.As(err, &me) {
		return &apiError{status: http.StatusNotFound, msg: me.Error(), mergedInto: me.Into}
	}
	return errorf(http.StatusNotFound, "no event %s", id)
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) error {
	d, err := s.detail(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// patchBody is the body of PATCH /api/events/{id}.
type patchBody struct {
	Set      map[string]json.RawMessage `json:"set"`
	NotEvent *bool                      `json:"not_event"`
	Reason   string                     `json:"reason"`
	Who      string                     `json:"who"`
}

// editable are the fields a reviewer may set.
var editable = map[string]bool{
	"event_date": true, "time_precision": true, "event_type": true, "sub_event_type": true,
	"actor1": true, "actor2": true, "country": true, "iso3": true, "admin1": true, "admin2": true,
	"location": true, "latitude": true, "longitude": true, "geo_precision": true,
	"fatalities": true, "fatalities_low": true, "fatalities_high": true, "fatalities_best": true,
}

func (s *Server) patchEvent(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var body patchBody
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if strings.TrimSpace(body.Reason) == "" {
		return errorf(http.StatusBadRequest, "reason: say why (it goes in the audit log)")
	}
	if len(body.Set) == 0 && body.NotEvent == nil {
		return errorf(http.StatusBadRequest, "nothing to change: give set or not_event")
	}
	who := strings.TrimSpace(body.Who)
	if who == "" {
		who = "reviewer"
	}
	cur, err := s.detail(r, id)
	if err != nil {
		return err
	}
	edits, err := changes(cur, body)
	if err != nil {
		return err
	}
	for _, e := range edits {
		e.Who, e.Why = who, body.Reason
		if _, err := s.store.Edit(r.Context(), id, e); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return notFound(id, err)
			}
			return errorf(http.StatusBadRequest, "%v", err)
		}
	}
	d, err := s.detail(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// changes validates a patch against the current event and returns one edit per field whose
// value changes. Any invalid value rejects the whole patch, before anything is stored.
func changes(cur *eventDetail, p patchBody) ([]store.Edit, error) {
	b, err := json.Marshal(cur.Event)
	if err != nil {
		return nil, err
	}
	var now map[string]json.RawMessage
	if err := json.Unmarshal(b, &now); err != nil {
		return nil, err
	}
	next := map[string]json.RawMessage{}
	for k, v := range now {
		next[k] = v
	}
	keys := make([]string, 0, len(p.Set))
	for k, v := range p.Set {
		if !editable[k] {
			return nil, errorf(http.StatusBadRequest, "%s: not a field a reviewer can set", k)
		}
		next[k] = v
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// Decode the record as it would be and check it whole.
	nb, _ := json.Marshal(next)
	var ev store.EventRow
	dec := json.NewDecoder(bytes.NewReader(nb))
	if err := dec.Decode(&ev); err != nil {
		return nil, errorf(http.StatusBadRequest, "set: %v", err)
	}
	if err := validRecord(&ev, p.Set); err != nil {
		return nil, err
	}
	var out []store.Edit
	for _, k := range keys {
		if jsonEqual(now[k], p.Set[k]) {
			continue // setting a field to its value is no change
		}
		out = append(out, store.Edit{Field: k, Value: p.Set[k]})
	}
	if p.NotEvent != nil && *p.NotEvent != cur.NotEvent {
		out = append(out, store.Edit{Field: "not_event", Value: json.RawMessage(strconv.FormatBool(*p.NotEvent))})
	}
	return out, nil
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

// validRecord checks an edited record: real dates, ACLED's taxonomy, precision codes,
// coordinates on the globe and set together, and low <= fatalities <= high.
func validRecord(ev *store.EventRow, set map[string]json.RawMessage) error {
	bad := func(field, format string, a ...any) error {
		return errorf(http.StatusBadRequest, "%s: %s", field, fmt.Sprintf(format, a...))
	}
	if _, ok := set["event_date"]; ok {
		if _, err := time.Parse(doc.DateLayout, ev.EventDate); err != nil {
			return bad("event_date", "%q is not a YYYY-MM-DD date", ev.EventDate)
		}
	}
	_, st := set["sub_event_type"]
	_, tt := set["event_type"]
	if st || tt {
		if !knownType(ev.EventType) || event.TypeOf(ev.SubEventType) == "" {
			if !knownType(ev.EventType) {
				return bad("event_type", "unknown event type %q", ev.EventType)
			}
			return bad("sub_event_type", "unknown sub-event type %q", ev.SubEventType)
		}
		if event.TypeOf(ev.SubEventType) != ev.EventType {
			return bad("sub_event_type", "%q is not a kind of %q (set both to change the type)", ev.SubEventType, ev.EventType)
		}
	}
	if ev.TimePrecision < 1 || ev.TimePrecision > 3 {
		if _, ok := set["time_precision"]; ok {
			return bad("time_precision", "must be 1, 2 or 3")
		}
	}
	if _, ok := set["geo_precision"]; ok && (ev.GeoPrecision < 1 || ev.GeoPrecision > 3) {
		return bad("geo_precision", "must be 1, 2 or 3")
	}
	_, la := set["latitude"]
	_, lo := set["longitude"]
	if la != lo {
		return bad("latitude", "set latitude and longitude together")
	}
	if la {
		if (ev.Latitude == nil) != (ev.Longitude == nil) {
			return bad("latitude", "latitude and longitude must both be numbers or both null")
		}
		if ev.Latitude != nil && (math.IsNaN(*ev.Latitude) || *ev.Latitude < -90 || *ev.Latitude > 90) {
			return bad("latitude", "must be from -90 to 90")
		}
		if ev.Longitude != nil && (math.IsNaN(*ev.Longitude) || *ev.Longitude < -180 || *ev.Longitude > 180) {
			return bad("longitude", "must be from -180 to 180")
		}
	}
	if _, ok := set["actor1"]; ok && ev.Actor1 == nil {
		return bad("actor1", "an event needs an actor1")
	}
	for _, a := range []*event.Actor{ev.Actor1, ev.Actor2} {
		if a != nil && (a.Inter < 0 || a.Inter > 8) {
			return bad("actor", "inter must be 1 to 8")
		}
	}
	for k, v := range map[string]int{"fatalities": ev.Fatalities, "fatalities_low": ev.FatalitiesLow, "fatalities_high": ev.FatalitiesHigh, "fatalities_best": ev.FatalitiesBest} {
		if v < 0 {
			return bad(k, "must be >= 0")
		}
	}
	if ev.FatalitiesLow > ev.Fatalities || ev.Fatalities > ev.FatalitiesHigh {
		return bad("fatalities", "need fatalities_low <= fatalities <= fatalities_high (now %d, %d, %d)", ev.FatalitiesLow, ev.Fatalities, ev.FatalitiesHigh)
	}
	return nil
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	interval, by := q.Get("interval"), q.Get("by")
	if interval == "" {
		interval = "week"
	}
	if by == "" {
		by = "event_type"
	}
	if interval != "day" && interval != "week" && interval != "month" {
		return errorf(http.StatusBadRequest, "interval: %q is not day, week or month", interval)
	}
	if by != "event_type" && by != "country" && by != "admin1" {
		return errorf(http.StatusBadRequest, "by: %q is not event_type, country or admin1", by)
	}
	series, err := s.store.Stats(r.Context(), f, interval, by)
	if err != nil {
		return err
	}
	if series == nil {
		series = []store.Series{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"interval": interval, "by": by, "series": series})
	return nil
}
