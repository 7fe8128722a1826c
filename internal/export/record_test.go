package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// records are merged events: the first reported by three outlets with differing tolls, the
// second by one.
var records = []Record{
	{Event: events[0], DocIDs: []string{"seed-us-syria-withdrawal", "wire-2", "wire-3"},
		Sources: []string{"Monitor", "The Jerusalem Post", "Wire"}, FatalitiesBest: 4},
	{Event: events[2]},
}

func init() {
	records[0].Event.FatalitiesHigh = 5
	records[0].Event.Source = "Monitor; The Jerusalem Post; Wire"
}

var goldenExt = map[string]string{"jsonl": "jsonl", "csv": "csv", "table": "table.txt", "geojson": "geojson", "ucdp": "ucdp.csv", "plover": "plover.jsonl"}

// TestGoldenRecords: merged events in every format; formats that cannot show the merged
// fields write the plain record.
func TestGoldenRecords(t *testing.T) {
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			w, err := New(f, &b)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range records {
				if err := WriteRecord(w, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			golden(t, "records."+goldenExt[f], b.Bytes())
		})
	}
}

func TestRecordJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRecord(NewJSONL(&b), records[1]); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	// A record without merged fields still has them: lists empty or its own document, best
	// equal to fatalities.
	if d, ok := m["doc_ids"].([]any); !ok || len(d) != 1 || d[0] != events[2].DocID {
		t.Errorf("doc_ids %v", m["doc_ids"])
	}
	if s, ok := m["sources"].([]any); !ok || len(s) != 0 {
		t.Errorf("sources %v", m["sources"])
	}
	if m["fatalities_best"] != 0.0 || m["event_id"] != "ev-3" {
		t.Errorf("fatalities_best %v, event_id %v", m["fatalities_best"], m["event_id"])
	}
}

// TestUCDPHeader checks the GED header: 47 columns, and the columns of the GED extracts in
// the shared folder (which keep a subset, in GED's order) appear in the same order.
func TestUCDPHeader(t *testing.T) {
	if len(UCDPColumns) != 47 {
		t.Errorf("%d GED columns, want 47", len(UCDPColumns))
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "eval", "ged_*.csv"))
	if len(files) == 0 {
		t.Skip("no GED extracts in ../shared/eval")
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		head, err := csv.NewReader(bufio.NewReader(fh)).Read()
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		last := -1
		for _, c := range head {
			if c == "" || c == "cluster" {
				continue // the extract's row index and its own clustering column
			}
			i := slices.Index(UCDPColumns, c)
			if i < 0 {
				t.Errorf("%s: column %q is not a GED column here", filepath.Base(f), c)
				continue
			}
			if i < last {
				t.Errorf("%s: column %q out of GED's order", filepath.Base(f), c)
			}
			last = i
		}
	}
}

func TestUCDPRow(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRecord(NewUCDP(&b), records[0]); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	got := map[string]string{}
	for i, c := range UCDPColumns {
		got[c] = rows[1][i]
	}
	want := map[string]string{
		"type_of_violence": "1", "side_a": "Military Forces of the United States", "side_b": "Islamic State",
		"best": "4", "low": "3", "high": "5", "deaths_unknown": "4", "deaths_civilians": "0",
		"number_of_sources": "3", "source_office": "Monitor;The Jerusalem Post;Wire",
		"where_prec": "1", "date_prec": "1", "date_start": "2025-12-13", "date_end": "2025-12-13",
		"year": "2025", "region": "Middle East", "geom_wkt": "POINT (38.284 34.5624)",
		"priogrid_gid": "179717",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestUCDPMappings(t *testing.T) {
	civ := &event.Actor{Name: "Civilians (Sudan)", Inter: 7}
	rsf := &event.Actor{Name: "Rapid Support Forces", Inter: 3}
	saf := &event.Actor{Name: "Military Forces of Sudan", Inter: 1}
	for _, tc := range []struct {
		ev   event.Event
		want int
	}{
		{event.Event{EventType: event.ViolenceCivilians, Actor1: rsf, Actor2: civ}, 3},
		{event.Event{EventType: event.Explosions, Actor1: rsf, Actor2: civ}, 3},
		{event.Event{EventType: event.Battles, Actor1: rsf, Actor2: saf}, 1},
		{event.Event{EventType: event.Battles, Actor1: rsf, Actor2: &event.Actor{Name: "Clan Militia (Sudan)", Inter: 4}}, 2},
		{event.Event{EventType: event.Protests, SubEventType: "Peaceful protest"}, 0},
	} {
		if got := TypeOfViolence(&tc.ev); got != tc.want {
			t.Errorf("TypeOfViolence(%s %v/%v) = %d, want %d", tc.ev.EventType, tc.ev.Actor1, tc.ev.Actor2, got, tc.want)
		}
	}
	for _, tc := range []struct {
		ev   event.Event
		want int
	}{
		{event.Event{GeoPrecision: 1, Location: "Tadmur"}, 1},
		{event.Event{GeoPrecision: 2, Location: "Tadmur"}, 2},
		{event.Event{GeoPrecision: 3, Location: "Palmyra District", Admin2: "Palmyra District", Admin1: "Homs"}, 3},
		{event.Event{GeoPrecision: 3, Location: "Homs", Admin1: "Homs"}, 4},
		{event.Event{GeoPrecision: 3, Country: "Syria", Location: "Syria"}, 6},
		{event.Event{}, 0},
	} {
		if got := WherePrec(&tc.ev); got != tc.want {
			t.Errorf("WherePrec(%+v) = %d, want %d", tc.ev, got, tc.want)
		}
	}
	for _, tc := range []struct {
		date     string
		prec     int
		from, to string
		ucdpPrec int
	}{
		{"2024-11-05", 1, "2024-11-05", "2024-11-05", 1},
		{"2024-11-04", 2, "2024-11-04", "2024-11-10", 3},
		{"2024-02-01", 3, "2024-02-01", "2024-02-29", 4},
		{"", 1, "", "", 0},
	} {
		from, to, p := ucdpDates(&event.Event{EventDate: tc.date, TimePrecision: tc.prec})
		if from != tc.from || to != tc.to || p != tc.ucdpPrec {
			t.Errorf("ucdpDates(%s/%d) = %s %s %d", tc.date, tc.prec, from, to, p)
		}
	}
	if g := PRIOGrid(-89.9, -179.9); g != 1 {
		t.Errorf("PRIOGrid of the south-west cell = %d, want 1", g)
	}
	if g := PRIOGrid(90, 180); g != 259200 {
		t.Errorf("PRIOGrid of the north-east corner = %d, want 259200", g)
	}
	for iso, want := range map[string]string{"SYR": "Middle East", "EGY": "Middle East", "SDN": "Africa", "UKR": "Europe", "AFG": "Asia", "COL": "Americas", "AZE": "Europe", "XXX": ""} {
		if got := UCDPRegion(iso); got != want {
			t.Errorf("UCDPRegion(%s) = %q, want %q", iso, got, want)
		}
	}
}

func TestPLOVERShape(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAll(NewPLOVER(&b), events); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != len(events) {
		t.Fatalf("%d lines for %d events", len(lines), len(events))
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	// The gold standard's fields.
	for _, k := range []string{"id", "date", "source", "target", "event", "mode", "context", "eventLoc", "dead", "text", "language", "publication", "coder", "version"} {
		if _, ok := r[k]; !ok {
			t.Errorf("no %q in %s", k, lines[0])
		}
	}
	src := r["source"].([]any)[0].(map[string]any)
	if src["actorText"] != "Islamic State" || src["code"] != "SYR" || src["sector"] != "REB" {
		t.Errorf("source %v", src)
	}
	if r["event"] != "FIGHT" || r["mode"] != "firearms" || r["dead"] != "3" {
		t.Errorf("event %v mode %v dead %v", r["event"], r["mode"], r["dead"])
	}
}
