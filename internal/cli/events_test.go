package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/export"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// ingested returns a database holding the synthetic reports.
func ingested(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "reports.jsonl")
	synthReports(t, in, n)
	db := filepath.Join(dir, "sitrep.db")
	if _, errOut, code := run(t, "ingest", "--db", db, in); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	return db
}

func TestEventsFormats(t *testing.T) {
	db := ingested(t, 90)
	out, errOut, code := run(t, "events", "--db", db, "--out", "jsonl")
	if code != 0 {
		t.Fatalf("events: %s", errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d events", len(lines))
	}
	merged := 0
	for _, l := range lines {
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		for _, k := range []string{"event_id", "event_date", "event_type", "doc_ids", "sources", "fatalities_best", "evidence"} {
			if _, ok := r[k]; !ok {
				t.Errorf("line lacks %s: %s", k, l)
			}
		}
		if ids, _ := r["doc_ids"].([]any); len(ids) > 1 {
			merged++
		}
	}
	if merged == 0 {
		t.Errorf("no event merges two reports")
	}

	out, _, code = run(t, "events", "--db", db, "--out", "csv")
	if code != 0 || !strings.HasPrefix(out, acledHeader) {
		t.Errorf("csv: exit %d, header %q", code, strings.SplitN(out, "\n", 2)[0])
	}
	if n := strings.Count(out, "\n"); n != len(lines)+1 {
		t.Errorf("csv has %d lines for %d events", n, len(lines))
	}

	out, _, code = run(t, "events", "--db", db, "--out", "geojson")
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal([]byte(out), &fc); code != 0 || err != nil || fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Errorf("geojson: exit %d, %v, %d features", code, err, len(fc.Features))
	}

	for _, f := range []string{"ucdp", "plover"} {
		if !slices.Contains(export.Formats, f) {
			t.Logf("export has no %s writer yet", f)
			continue
		}
		out, errOut, code = run(t, "events", "--db", db, "--out", f)
		if code != 0 || len(out) == 0 {
			t.Errorf("%s: exit %d, %s", f, code, errOut)
		}
		if f == "ucdp" {
			header := "," + strings.SplitN(out, "\n", 2)[0] + ","
			for _, col := range []string{"id", "number_of_sources", "where_prec", "date_prec", "best", "low", "high", "date_start"} {
				if !strings.Contains(header, ","+col+",") {
					t.Errorf("ucdp header lacks GED column %s: %s", col, header)
				}
			}
		}
	}

	out, _, _ = run(t, "events", "--db", db, "--out", "table", "--limit", "3")
	if n := strings.Count(out, "\n"); n != 4 {
		t.Errorf("table with --limit 3 has %d lines:\n%s", n, out)
	}
}

func TestEventsFilters(t *testing.T) {
	db := ingested(t, 120)
	all := jsonlRows(t, db)
	for _, c := range []struct {
		args []string
		keep func(map[string]any) bool
	}{
		{[]string{"--country", "Syria"}, func(r map[string]any) bool { return r["country"] == "Syria" }},
		{[]string{"--country", "SYR"}, func(r map[string]any) bool { return r["iso3"] == "SYR" }},
		{[]string{"--type", "battles"}, func(r map[string]any) bool { return r["event_type"] == "Battles" }},
		{[]string{"--sub-type", "Peaceful protest"}, func(r map[string]any) bool { return r["sub_event_type"] == "Peaceful protest" }},
		{[]string{"--min-fatalities", "5"}, func(r map[string]any) bool { return r["fatalities"].(float64) >= 5 }},
		{[]string{"--from", "2025-02-01", "--to", "2025-02-28"}, func(r map[string]any) bool {
			d := r["event_date"].(string)
			return d >= "2025-02-01" && d <= "2025-02-28"
		}},
		{[]string{"--q", "market"}, func(r map[string]any) bool {
			return strings.Contains(strings.ToLower(r["evidence"].(map[string]any)["text"].(string)), "market")
		}},
	} {
		var want []string
		for _, r := range all {
			if c.keep(r) {
				want = append(want, r["event_id"].(string))
			}
		}
		var got []string
		for _, r := range jsonlRows(t, db, c.args...) {
			got = append(got, r["event_id"].(string))
		}
		if len(want) == 0 {
			t.Errorf("%v: the fixture has no such event", c.args)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%v: got %d events, want %d", c.args, len(got), len(want))
		}
	}
	for _, args := range [][]string{{"--from", "March"}, {"--out", "xml"}, {"stray"}} {
		if _, errOut, code := run(t, append([]string{"events", "--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, errOut)
		}
	}
	_, errOut, code := run(t, "events", "--db", filepath.Join(t.TempDir(), "none.db"))
	if code != 1 || !strings.Contains(errOut, "no database") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("missing db: exit %d, %q", code, errOut)
	}
}

func jsonlRows(t *testing.T, db string, args ...string) []map[string]any {
	t.Helper()
	out, errOut, code := run(t, append([]string{"events", "--db", db, "--out", "jsonl"}, args...)...)
	if code != 0 {
		t.Fatalf("events %v: %s", args, errOut)
	}
	var rows []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	return rows
}

func TestReprocessKeepsEdits(t *testing.T) {
	db := ingested(t, 60)
	before := jsonlRows(t, db)
	id := before[0]["event_id"].(string)
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Edit(context.Background(), id, store.Edit{Field: "fatalities", Value: json.RawMessage(`77`), Who: "tester", Why: "checked"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	out, errOut, code := run(t, "reprocess", "--db", db)
	if code != 0 {
		t.Fatalf("reprocess: %s", errOut)
	}
	if !strings.Contains(out, "articles: 60 re-coded") || !strings.Contains(out, "1 with human edits applied") {
		t.Errorf("summary:\n%s", out)
	}
	after := jsonlRows(t, db)
	found := false
	for _, r := range after {
		if r["event_id"] == id {
			found = true
			if r["fatalities"].(float64) != 77 {
				t.Errorf("edit lost: fatalities %v", r["fatalities"])
			}
		}
	}
	if !found {
		t.Errorf("edited event %s lost its id", id)
	}
	if len(after) != len(before) {
		t.Logf("reprocess: %d events before, %d after", len(before), len(after))
	}
	os.Remove(db)
}
