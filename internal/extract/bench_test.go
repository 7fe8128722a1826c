package extract

import (
	"github.com/sitrep-dev/sitrep/internal/evalfile"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

// BenchmarkCode codes real report text: the notes of the ACLED development file (read from
// ../shared at run time, never copied), 835,600 bytes in 3,544 reports per pass. MB/s is per
// core: the coder runs on one goroutine here.
func BenchmarkCode(b *testing.B) {
	acled := evalfile.ACLEDDev(b)
	recs, col := acled.Rows, acled.Col("notes")
	var docs []doc.Document
	size := 0
	for _, r := range recs {
		docs = append(docs, doc.Document{ID: r[0], Text: r[col]})
		size += len(r[col])
	}
	c, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			c.Code(d)
		}
	}
}

// BenchmarkLoadLexicons measures parsing the embedded lexicons, as every process does once
// (the gazetteer's load has its own benchmark in package geo).
func BenchmarkLoadLexicons(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadLexicons(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCues measures the lexicon matcher alone: the cue lexicon over the words of the
// ACLED notes (the coder's first pass over every report), the words' lookup in the
// vocabulary included.
func BenchmarkCues(b *testing.B) {
	toks, size := noteTokens(b)
	lx, err := loadLexicons()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	var ms []lexicon.Match
	var ids []int32
	for b.Loop() {
		for _, t := range toks {
			ids = lx.words.IDs(t, ids[:0])
			ms = lx.cues.FindIDs(t, ids, ms[:0])
		}
	}
}

// BenchmarkWordIDs measures the lookup of the words of the ACLED notes in the lexicons'
// vocabulary (once a report, before the cues are matched).
func BenchmarkWordIDs(b *testing.B) {
	toks, size := noteTokens(b)
	lx, err := loadLexicons()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	var ids []int32
	for b.Loop() {
		for _, t := range toks {
			ids = lx.words.IDs(t, ids[:0])
		}
	}
}

// BenchmarkActors measures the actor lexicon alone, sentence by sentence as actorRoles
// reads it, over the ACLED notes.
func BenchmarkActors(b *testing.B) {
	acled := evalfile.ACLEDDev(b)
	recs, col := acled.Rows, acled.Col("notes")
	lx, err := loadLexicons()
	if err != nil {
		b.Fatal(err)
	}
	type sentence struct {
		toks []lexicon.Token
		ids  []int32
	}
	var ss []sentence
	size := 0
	for _, r := range recs {
		text := r[col]
		size += len(text)
		lower := lexicon.LowerASCII(text)
		toks, ids := lx.words.WordIDs(text, lower, lexicon.ScanLowered(text, lower, nil), nil, nil)
		ti := 0
		for _, s := range sentences(text, nil) {
			from := ti
			for ti < len(toks) && toks[ti].End <= s.end {
				ti++
			}
			ss = append(ss, sentence{toks[from:ti], ids[from:ti]})
		}
	}
	b.SetBytes(int64(size))
	var ms []lexicon.Match
	for b.Loop() {
		for _, s := range ss {
			ms = lx.actors.FindIDs(s.toks, s.ids, ms[:0])
		}
	}
}

// noteTokens returns the words of each ACLED note, and the notes' size in bytes.
func noteTokens(b *testing.B) ([][]lexicon.Token, int) {
	notes, size := evalfile.ACLEDNotes(b)
	toks := make([][]lexicon.Token, len(notes))
	for i, n := range notes {
		toks[i] = lexicon.Tokenize(n, nil)
	}
	return toks, size
}
