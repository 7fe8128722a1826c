package eval

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// ACLEDRow is one human-coded event of an ACLED export. Fields are kept as the strings of
// the CSV because score.py compares them as strings (geo_precision "1", not 1).
type ACLEDRow struct {
	ID           string // event_id_cnty, the document id
	Notes        string // the text to code
	Timestamp    string // Unix seconds of upload: the publication date
	EventDate    string
	EventType    string
	SubEventType string
	Actor1       string
	Actor2       string
	Inter1       string
	Inter2       string
	Country      string
	Admin1       string
	Location     string
	Latitude     string
	Longitude    string
	GeoPrecision string
	Fatalities   string
}

// Document is the row as the coder sees it: what `score.py docs` writes for it.
func (r ACLEDRow) Document() doc.Document {
	d := doc.Document{ID: r.ID, Text: r.Notes}
	if r.Timestamp != "" && isASCIIDigits(r.Timestamp) {
		if ts, err := strconv.ParseInt(r.Timestamp, 10, 64); err == nil {
			y, m, dd := time.Unix(ts, 0).UTC().Date()
			d.Published = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		}
	}
	return d
}

func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ErrNoNotes is returned for an ACLED CSV without a notes column: there is nothing to code.
var ErrNoNotes = errors.New(`no "notes" column: an ACLED export with notes is needed, the notes are the text the coder reads`)

// ReadACLED reads an ACLED CSV export, finding columns by header name so that any export
// layout works (the 31-column file, an API download with extra columns, a UTF-8 BOM). Rows
// with blank notes are skipped, as score.py skips them. Missing optional columns are listed
// in warnings: their metrics will be 0.
func ReadACLED(r io.Reader) (rows []ACLEDRow, warnings []string, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// Python reads the file in universal-newline mode: \r\n and lone \r both become \n,
	// inside quoted fields too. encoding/csv keeps a lone \r, so translate first.
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, errors.New("empty file: no CSV header")
	}
	if err != nil {
		return nil, nil, err
	}
	col := columnIndex(header)
	if _, ok := col("notes"); !ok {
		return nil, nil, ErrNoNotes
	}
	if _, ok := col("event_id_cnty"); !ok {
		return nil, nil, errors.New(`no "event_id_cnty" column: it is the id that ties each row to its coded events`)
	}
	type target struct {
		name string
		dst  func(*ACLEDRow) *string
	}
	targets := []target{
		{"event_id_cnty", func(r *ACLEDRow) *string { return &r.ID }},
		{"notes", func(r *ACLEDRow) *string { return &r.Notes }},
		{"timestamp", func(r *ACLEDRow) *string { return &r.Timestamp }},
		{"event_date", func(r *ACLEDRow) *string { return &r.EventDate }},
		{"event_type", func(r *ACLEDRow) *string { return &r.EventType }},
		{"sub_event_type", func(r *ACLEDRow) *string { return &r.SubEventType }},
		{"actor1", func(r *ACLEDRow) *string { return &r.Actor1 }},
		{"actor2", func(r *ACLEDRow) *string { return &r.Actor2 }},
		{"inter1", func(r *ACLEDRow) *string { return &r.Inter1 }},
		{"inter2", func(r *ACLEDRow) *string { return &r.Inter2 }},
		{"country", func(r *ACLEDRow) *string { return &r.Country }},
		{"admin1", func(r *ACLEDRow) *string { return &r.Admin1 }},
		{"location", func(r *ACLEDRow) *string { return &r.Location }},
		{"latitude", func(r *ACLEDRow) *string { return &r.Latitude }},
		{"longitude", func(r *ACLEDRow) *string { return &r.Longitude }},
		{"geo_precision", func(r *ACLEDRow) *string { return &r.GeoPrecision }},
		{"fatalities", func(r *ACLEDRow) *string { return &r.Fatalities }},
	}
	idx := make([]int, len(targets))
	var missing []string
	for i, t := range targets {
		j, ok := col(t.name)
		if !ok {
			j = -1
			missing = append(missing, t.name)
		}
		idx[i] = j
	}
	if len(missing) > 0 {
		warnings = append(warnings, fmt.Sprintf("columns missing from the export, scored as empty: %s", strings.Join(missing, ", ")))
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		var row ACLEDRow
		for i, t := range targets {
			if j := idx[i]; j >= 0 && j < len(rec) {
				*t.dst(&row) = rec[j]
			}
		}
		if pyStrip(row.Notes) == "" {
			continue
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, warnings, errors.New("no rows with notes")
	}
	return rows, warnings, nil
}

// columnIndex finds columns by exact header name (as csv.DictReader does), falling back to
// a case- and space-insensitive match for exports that capitalise their headers.
func columnIndex(header []string) func(string) (int, bool) {
	return func(name string) (int, bool) {
		for i, h := range header {
			if h == name {
				return i, true
			}
		}
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), name) {
				return i, true
			}
		}
		return 0, false
	}
}

// ACLED targets from DESIGN.md's published goals; metrics without one are diagnostics.
var acledTargets = map[string]float64{
	"event_type": 0.85, "sub_event_type": 0.75, "date_exact": 0.95, "country": 0.95,
	"admin1": 0.80, "geo1_25km": 0.72, "inter_pair": 0.65, "fatalities_exact": 0.90,
}

// acledCheck is how one row fared, field by field, as score_acled counts it.
type acledCheck struct {
	detected, eventType, subType, date, country, admin1, geo, inter, inter1, actor, fatal bool
	fatalScored                                                                           bool
}

func checkACLED(r ACLEDRow, es []event.Event) acledCheck {
	var c acledCheck
	if len(es) == 0 {
		return c
	}
	e := es[0]
	c.detected = true
	c.eventType = e.EventType == r.EventType
	c.subType = e.SubEventType == r.SubEventType
	gd, gok := parseDate(r.EventDate)
	pd, pok := parseDate(e.EventDate)
	c.date = gok && pok && gd.Equal(pd)
	c.country = samePlace(e.Country, r.Country)
	c.admin1 = samePlace(e.Admin1, r.Admin1)
	glat, ok1 := fnum(r.Latitude)
	glon, ok2 := fnum(r.Longitude)
	c.geo = e.Latitude != nil && e.Longitude != nil && ok1 && ok2 && km(*e.Latitude, *e.Longitude, glat, glon) <= 25
	gi := nonZeroSorted(pyIntOr0(r.Inter1), pyIntOr0(r.Inter2))
	pi := nonZeroSorted(actorInter(e.Actor1), actorInter(e.Actor2))
	c.inter = equalInts(gi, pi)
	g1 := pyIntOr0(r.Inter1)
	for _, x := range pi {
		if x == g1 {
			c.inter1 = true
		}
	}
	preds := []string{actorName(e.Actor1)}
	if e.Actor2 != nil {
		preds = append(preds, actorName(e.Actor2))
	}
	for _, p := range preds {
		if nameMatch(p, r.Actor1) {
			c.actor = true
			break
		}
	}
	if gf, ok := pyInt(r.Fatalities); ok {
		c.fatalScored = true
		c.fatal = gf == e.Fatalities
	}
	return c
}

func actorInter(a *event.Actor) int {
	if a == nil {
		return 0
	}
	return a.Inter
}

func actorName(a *event.Actor) string {
	if a == nil {
		return ""
	}
	return a.Name
}

func nonZeroSorted(a, b int) []int {
	var out []int
	for _, x := range []int{a, b} {
		if x != 0 {
			out = append(out, x)
		}
	}
	sort.Ints(out)
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pyInt is Python's int(s) for a CSV string: surrounding whitespace, a sign and single
// underscores between digits are allowed.
func pyInt(s string) (int, bool) {
	s = pyStrip(s)
	if strings.Contains(s, "_") {
		if strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
			return 0, false
		}
		s = strings.ReplaceAll(s, "_", "")
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// pyIntOr0 is int(s or 0): an empty cell is 0. An unparseable one would stop score.py;
// it counts as 0 here.
func pyIntOr0(s string) int {
	n, _ := pyInt(s)
	return n
}

// ACLEDOptions tunes what a report carries besides the metrics.
type ACLEDOptions struct {
	Errors        int // mis-coded examples to include
	TopConfusions int // 0 means 15
}

// ScoreACLED scores events[i], the coder's events for rows[i], as score.py's score_acled
// scores a JSONL file of them. Like score.py it groups events by their doc_id, so rows that
// share an id share events, and events filed under an id no row has still count in
// extra_events_per_doc.
func ScoreACLED(rows []ACLEDRow, events [][]event.Event, opt ACLEDOptions) (*Report, error) {
	if len(rows) == 0 {
		return nil, errors.New("no rows to score")
	}
	if len(events) != len(rows) {
		return nil, fmt.Errorf("%d rows but %d event lists", len(rows), len(events))
	}
	byDoc := map[string][]event.Event{}
	foreign := 0
	for i, evs := range events {
		for _, e := range evs {
			if e.DocID != rows[i].ID {
				foreign++
			}
			byDoc[e.DocID] = append(byDoc[e.DocID], e)
		}
	}
	var (
		cnt           = map[string]int{}
		nGeo1         int
		typeN, typeOK = map[string]int{}, map[string]int{}
		subN, subOK   = map[string]int{}, map[string]int{}
		confusions    = map[[2]string]int{}
		rep           = &Report{Format: "acled"}
	)
	for _, r := range rows {
		es := byDoc[r.ID]
		c := checkACLED(r, es)
		add := func(k string, ok bool) {
			if ok {
				cnt[k]++
			}
		}
		add("detected", c.detected)
		add("event_type", c.eventType)
		add("sub_event_type", c.subType)
		add("date_exact", c.date)
		add("country", c.country)
		add("admin1", c.admin1)
		add("geo_25km", c.geo)
		if r.GeoPrecision == "1" {
			nGeo1++
			add("geo1_25km", c.geo)
		}
		add("inter_pair", c.inter)
		add("inter1_any", c.inter1)
		add("actor1_name", c.actor)
		add("fatalities_exact", c.fatal)

		typeN[r.EventType]++
		subN[r.SubEventType]++
		add2 := func(m map[string]int, k string, ok bool) {
			if ok {
				m[k]++
			}
		}
		add2(typeOK, r.EventType, c.eventType)
		add2(subOK, r.SubEventType, c.subType)
		if !c.subType {
			confusions[[2]string{r.SubEventType, predictedSub(es)}]++
		}
		if len(rep.Examples) < opt.Errors {
			if ex, bad := acledExample(r, es, c); bad {
				rep.Examples = append(rep.Examples, ex)
			}
		}
	}
	n := len(rows)
	for _, k := range []string{"detected", "event_type", "sub_event_type", "date_exact", "country", "admin1", "geo_25km", "inter_pair", "inter1_any", "actor1_name", "fatalities_exact"} {
		rep.Metrics = append(rep.Metrics, Metric{Name: k, Value: ratio(cnt[k], n), Digits: 4, Target: acledTargets[k]})
	}
	rep.Metrics = append(rep.Metrics, Metric{Name: "geo1_25km", Value: ratio(cnt["geo1_25km"], max(1, nGeo1)), Digits: 4, Target: acledTargets["geo1_25km"]})
	rep.Metrics = append(rep.Metrics, Metric{Name: "rows", Value: float64(n), Digits: -1})
	rep.Metrics = append(rep.Metrics, Metric{Name: "bad_lines", Value: 0, Digits: -1})
	extra := 0
	for _, v := range byDoc {
		extra += max(0, len(v)-1)
	}
	rep.Metrics = append(rep.Metrics, Metric{Name: "extra_events_per_doc", Value: ratio(extra, max(1, n)), Digits: 3})

	rep.Classes = append(classStats("event_type", typeN, typeOK), classStats("sub_event_type", subN, subOK)...)
	k := opt.TopConfusions
	if k == 0 {
		k = 15
	}
	rep.Confusions = topConfusions(confusions, k)
	if foreign > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d events carry a doc_id other than their document's; they are scored under the id they carry, as score.py does", foreign))
	}
	return rep, nil
}

// acledExample lists the fields of a row the coder got wrong, or bad=false if none of the
// fields with a target (nor detection) is wrong.
func acledExample(r ACLEDRow, es []event.Event, c acledCheck) (ex Example, bad bool) {
	ex = Example{DocID: r.ID, Text: clip(r.Notes, 200)}
	if !c.detected {
		ex.Diffs = append(ex.Diffs, FieldDiff{"event", r.EventType + " / " + r.SubEventType, NoEvent})
		return ex, true
	}
	e := es[0]
	diff := func(ok bool, field, gold, pred string) {
		if !ok {
			ex.Diffs = append(ex.Diffs, FieldDiff{field, gold, pred})
		}
	}
	diff(c.eventType, "event_type", r.EventType, e.EventType)
	diff(c.subType, "sub_event_type", r.SubEventType, e.SubEventType)
	diff(c.date, "event_date", r.EventDate, e.EventDate)
	diff(c.country, "country", r.Country, e.Country)
	diff(c.admin1, "admin1", r.Admin1, e.Admin1)
	if r.GeoPrecision == "1" {
		diff(c.geo, "location", fmt.Sprintf("%s (%s, %s)", r.Location, r.Latitude, r.Longitude), fmt.Sprintf("%s (%s, %s)", e.Location, fmtCoord(e.Latitude), fmtCoord(e.Longitude)))
	}
	diff(c.inter, "inter", r.Inter1+","+r.Inter2, fmt.Sprintf("%d,%d", actorInter(e.Actor1), actorInter(e.Actor2)))
	diff(c.fatal || !c.fatalScored, "fatalities", r.Fatalities, strconv.Itoa(e.Fatalities))
	return ex, len(ex.Diffs) > 0
}

func fmtCoord(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', 4, 64)
}
