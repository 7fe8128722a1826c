package geo

import (
	"github.com/sitrep-dev/sitrep/internal/evalfile"
	"testing"
)

// BenchmarkAnalyse reads the places of real report text, the notes of the ACLED development
// file (read from ../shared at run time, never copied), as the coder does once per report:
// the geocoder's share of extract's BenchmarkCode, without the rest of the coder.
func BenchmarkAnalyse(b *testing.B) {
	texts, size := evalfile.ACLEDNotes(b)
	g := gaz(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			g.Analyse(t).Release()
		}
	}
}
