package geo

import (
	"encoding/csv"
	"os"
	"testing"
)

// BenchmarkAnalyse reads the places of real report text, the notes of the ACLED development
// file (read from ../shared at run time, never copied), as the coder does once per report:
// the geocoder's share of extract's BenchmarkCode, without the rest of the coder.
func BenchmarkAnalyse(b *testing.B) {
	f, err := os.Open(evalPath("acled-2020-dev.csv"))
	if err != nil {
		b.Skipf("no report text to benchmark on (%v)", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == "notes" {
			col = i
		}
	}
	var texts []string
	size := 0
	for _, r := range recs[1:] {
		texts = append(texts, r[col])
		size += len(r[col])
	}
	g := gaz(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			g.Analyse(t)
		}
	}
}
