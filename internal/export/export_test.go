package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/event"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func ptr(v float64) *float64 { return &v }

// events are made up, and chosen to exercise the writers: two actors given in "wrong" order
// for the interaction code, a missing second actor, missing coordinates, CSV quoting,
// non-Latin text, a control character and an over-long value.
var events = []event.Event{
	{
		DocID: "seed-us-syria-withdrawal", EventID: "ev-1",
		EventDate: "2025-12-13", TimePrecision: 1,
		EventType: event.Battles, SubEventType: "Armed clash", CAMEO: "19", PLOVER: "FIGHT",
		Actor1:  &event.Actor{Name: "Islamic State", Inter: 2, Country: "SYR"},
		Actor2:  &event.Actor{Name: "Military Forces of the United States", Inter: 8, Country: "USA"},
		Country: "Syria", ISO3: "SYR", Admin1: "Homs", Location: "Tadmur",
		Latitude: ptr(34.56241), Longitude: ptr(38.284), GeoPrecision: 1, GeonameID: 163808,
		Fatalities: 3, FatalitiesLow: 3, FatalitiesHigh: 3,
		Source: "The Jerusalem Post", Attribution: []string{"US officials"},
		Evidence:   event.Evidence{Start: 1843, End: 1950, Text: `Two US soldiers and a civilian interpreter were killed near Tadmur, officials said ("an ambush").`},
		Confidence: 0.82,
	},
	{
		DocID: "report-2", EventID: "ev-2",
		EventDate: "2020-05-01", TimePrecision: 3,
		EventType: event.Protests, SubEventType: "Peaceful protest", CAMEO: "14", PLOVER: "PROTEST",
		Actor1:  &event.Actor{Name: "Protesters (Israel)", Inter: 6},
		Country: "Israel", ISO3: "ISR", Admin1: "Haifa", Admin2: "Haifa", Location: "Haifa",
		Latitude: ptr(32.8184), Longitude: ptr(34.9885), GeoPrecision: 2,
		Source:   "Haaretz",
		Evidence: event.Evidence{Start: 0, End: 40, Text: "Medical interns protested in Haifa,\nasking for shorter shifts."},
	},
	{
		DocID: "report-3-with-a-very-long-document-identifier", EventID: "ev-3",
		EventDate: "2021-02-01", TimePrecision: 2,
		EventType: event.ViolenceCivilians, SubEventType: "Abduction/forced disappearance",
		Actor1:  &event.Actor{Name: "Military Forces of Myanmar (2021-) \x1b[31mTatmadaw", Inter: 1},
		Actor2:  &event.Actor{Name: "Civilians (Myanmar)", Inter: 7},
		Country: "Myanmar", ISO3: "MMR", Admin1: "Yangon", Location: "仰光 Yangon",
		GeoPrecision: 3, Fatalities: 0,
		Evidence: event.Evidence{Start: 5, End: 9, Text: "Soldiers detained a teacher & two students."},
	},
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func(*bytes.Buffer) Writer
	}{
		{"events.jsonl", func(b *bytes.Buffer) Writer { return NewJSONL(b) }},
		{"events.csv", func(b *bytes.Buffer) Writer { return NewACLEDCSV(b) }},
		{"events.table.txt", func(b *bytes.Buffer) Writer { return NewTable(b, 120) }},
		{"events.narrow.txt", func(b *bytes.Buffer) Writer { return NewTable(b, 80) }},
		{"events.geojson", func(b *bytes.Buffer) Writer { return NewGeoJSON(b) }},
		{"events.ucdp.csv", func(b *bytes.Buffer) Writer { return NewUCDP(b) }},
		{"events.plover.jsonl", func(b *bytes.Buffer) Writer { return NewPLOVER(b) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteAll(tc.new(&b), events); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
		})
	}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (-want +got; go test -update accepts the new output):\n%s", path, diff(string(want), string(got)))
	}
}

// diff is a line diff by longest common subsequence: enough for golden files of a few
// dozen lines, and readable without any tool.
func diff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			fmt.Fprintf(&out, "  %s\n", x[i])
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			fmt.Fprintf(&out, "- %q\n", x[i])
			i++
		default:
			fmt.Fprintf(&out, "+ %q\n", y[j])
			j++
		}
	}
	return out.String()
}

func TestJSONLRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSONL(&b, events); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&b)
	n := 0
	for ; sc.Scan(); n++ {
		var ev event.Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		want := events[n]
		if want.Attribution == nil {
			want.Attribution = []string{}
		}
		if a, b := mustJSON(want), mustJSON(ev); a != b {
			t.Errorf("line %d: round trip changed the event:\n%s\n%s", n+1, a, b)
		}
	}
	if n != len(events) {
		t.Errorf("%d lines, want %d", n, len(events))
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestACLEDHeader(t *testing.T) {
	const want = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3\n"
	var b bytes.Buffer
	if err := NewACLEDCSV(&b).Close(); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("header = %q", b.String())
	}
	// The row for an event has as many fields as the header, and the interaction code does
	// not depend on the actors' order.
	b.Reset()
	WriteAll(NewACLEDCSV(&b), events[:1])
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != 2 || len(recs[1]) != 31 {
		t.Fatalf("records %v, err %v", recs, err)
	}
	if got := recs[1][15]; got != "28" {
		t.Errorf("interaction of rebels (2) and external forces (8) = %s, want 28", got)
	}
}

func TestInteraction(t *testing.T) {
	for _, tc := range []struct{ a, b, want int }{
		{1, 2, 12}, {2, 1, 12}, {6, 0, 60}, {0, 6, 60}, {3, 7, 37}, {8, 1, 18}, {5, 5, 55}, {0, 0, 0},
	} {
		if got := Interaction(tc.a, tc.b); got != tc.want {
			t.Errorf("Interaction(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestCountriesAgainstACLED checks countries.tsv against the iso and region columns of the
// evaluation file in the shared folder, when it is there (it is not part of the repository).
func TestCountriesAgainstACLED(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "eval", "acled-2020-dev.csv"))
	if err != nil {
		t.Skip("no ACLED evaluation file:", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if b, _ := br.Peek(3); string(b) == "\xEF\xBB\xBF" {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(header, ",") != strings.Join(ACLEDColumns, ",") {
		t.Errorf("ACLED header differs:\n%s\n%s", strings.Join(header, ","), strings.Join(ACLEDColumns, ","))
	}
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		iso, region, iso3 := rec[1], rec[16], rec[30]
		if iso3 == "" || seen[iso3] {
			continue
		}
		seen[iso3] = true
		n, ok := ISONumeric(iso3)
		if !ok || fmt.Sprint(n) != iso || Region(iso3) != region {
			t.Errorf("%s: table says %d %q, ACLED says %s %q", iso3, n, Region(iso3), iso, region)
		}
	}
	if len(seen) < 50 {
		t.Errorf("only %d countries checked", len(seen))
	}
}

func TestCountriesTable(t *testing.T) {
	nums := map[int]string{}
	for code, c := range countries() {
		if len(code) != 3 || strings.ToUpper(code) != code || c.region == "" {
			t.Errorf("bad entry %q: %+v", code, c)
		}
		if other, dup := nums[c.numeric]; dup && !(c.numeric == 642) { // ROU and ACLED's ROM
			t.Errorf("numeric %d used by %s and %s", c.numeric, other, code)
		}
		nums[c.numeric] = code
	}
	if len(countries()) < 249 {
		t.Errorf("%d countries, want all of ISO 3166-1", len(countries()))
	}
	if n, _ := ISONumeric("syr"); n != 760 || Region("SYR") != "Middle East" {
		t.Errorf("SYR: %d %q", n, Region("SYR"))
	}
}

func TestNew(t *testing.T) {
	for _, f := range Formats {
		if _, err := New(f, &bytes.Buffer{}); err != nil {
			t.Errorf("New(%q): %v", f, err)
		}
	}
	if _, err := New("xml", &bytes.Buffer{}); err == nil {
		t.Error("New(xml): no error")
	}
}

func TestEmptyOutputs(t *testing.T) {
	for _, f := range Formats {
		var b bytes.Buffer
		w, _ := New(f, &b)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if f == "geojson" {
			var v map[string]any
			if err := json.Unmarshal(b.Bytes(), &v); err != nil {
				t.Errorf("empty GeoJSON is not JSON: %v\n%s", err, b.String())
			}
		}
		if f != "jsonl" && f != "plover" && b.Len() == 0 {
			t.Errorf("%s: nothing written for no events", f)
		}
	}
}

func TestGeoJSONValid(t *testing.T) {
	var b bytes.Buffer
	g := NewGeoJSON(&b)
	if err := WriteAll(g, events); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || g.Skipped != 1 {
		t.Fatalf("got %d features, %d skipped", len(fc.Features), g.Skipped)
	}
	if c := fc.Features[0].Geometry.Coordinates; c[0] != 38.284 || c[1] != 34.56241 {
		t.Errorf("coordinates %v, want longitude first", c)
	}
	if fc.Features[0].Properties["doc_id"] != "seed-us-syria-withdrawal" {
		t.Errorf("properties %v", fc.Features[0].Properties)
	}
}

func TestTableWidth(t *testing.T) {
	for _, w := range []int{80, 100, 120, 200} {
		var b bytes.Buffer
		WriteAll(NewTable(&b, w), events)
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if n := cellWidth(line); n > w {
				t.Errorf("width %d: line is %d cells: %q", w, n, line)
			}
			if strings.ContainsAny(line, "\x1b\t") {
				t.Errorf("control character reaches the terminal: %q", line)
			}
		}
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven chars", 10, "eleven ch…"},
		{"cut at a space", 8, "cut at…"},
		{"仰光仰光仰光", 7, "仰光仰…"},
		{"a\x1b[31mb", 20, "a [31mb"},
		{"line\nbreak", 20, "line break"},
	} {
		if got := fit(tc.in, tc.n); got != tc.want {
			t.Errorf("fit(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
