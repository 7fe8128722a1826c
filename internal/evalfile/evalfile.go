// Package evalfile reads the human-coded files of ../shared/eval for tests and benchmarks.
// Those files are never copied into the project, so a test that needs one skips, with a
// message, where ../shared is absent. One reader serves the packages (casualty, when, geo,
// extract) that measure themselves on the same ACLED export.
package evalfile

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// Path returns the path of a file in ../shared/eval, beside the repository.
func Path(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "eval", name)
}

// Table is a CSV file read whole: its header and its rows.
type Table struct {
	Header []string
	Rows   [][]string
	col    map[string]int
}

// Col returns the index of the named column, or -1.
func (t *Table) Col(name string) int {
	if i, ok := t.col[name]; ok {
		return i
	}
	return -1
}

// Get returns the named column of row ("" where the column is absent).
func (t *Table) Get(row []string, name string) string {
	if i := t.Col(name); i >= 0 && i < len(row) {
		return row[i]
	}
	return ""
}

// CSV reads the named CSV file of ../shared/eval, or skips tb where it cannot be opened.
func CSV(tb testing.TB, name string) *Table {
	tb.Helper()
	f, err := os.Open(Path(name))
	if err != nil {
		tb.Skipf("../shared/eval/%s not available (%v); skipping", name, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 {
		tb.Fatalf("%s: empty", name)
	}
	t := &Table{Header: recs[0], Rows: recs[1:], col: map[string]int{}}
	for i, h := range t.Header {
		if _, dup := t.col[h]; !dup {
			t.col[h] = i
		}
	}
	return t
}

// ACLEDDev reads the ACLED development export, ../shared/eval/acled-2020-dev.csv.
func ACLEDDev(tb testing.TB) *Table { return CSV(tb, "acled-2020-dev.csv") }

// Notes returns the notes of the ACLED development export, or nil where ../shared is absent,
// for tests that check texts of their own and add these where they can.
func Notes() []string {
	f, err := os.Open(Path("acled-2020-dev.csv"))
	if err != nil {
		return nil
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil
	}
	col := slices.Index(recs[0], "notes")
	if col < 0 {
		return nil
	}
	notes := make([]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		notes = append(notes, r[col])
	}
	return notes
}

// ACLEDNotes returns the notes of the ACLED development export, the report text the
// benchmarks measure themselves on, and their size in bytes.
func ACLEDNotes(tb testing.TB) (notes []string, size int) {
	tb.Helper()
	t := ACLEDDev(tb)
	col := t.Col("notes")
	if col < 0 {
		tb.Fatal("acled-2020-dev.csv has no notes column")
	}
	for _, r := range t.Rows {
		notes = append(notes, r[col])
		size += len(r[col])
	}
	return notes, size
}
