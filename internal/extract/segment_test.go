package extract

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

func TestCut(t *testing.T) {
	for _, c := range []struct {
		text string
		max  int
		want int
	}{
		{"short", 10, 5},
		{"aaaa bbbb.\n\ncccc dddd", 14, 12},   // after the paragraph break
		{"aaaa bbbb. cccc dddd eeee", 14, 11}, // after the sentence end
		{"aaaaaaaaaaaaaaaaaaaa", 10, 10},      // no break: at the limit
		{"aaaaaaaaé" + "bbbbbbbbbb", 9, 8},    // never inside a code point
	} {
		if got := cut(c.text, c.max); got != c.want {
			t.Errorf("cut(%q, %d) = %d, want %d", c.text, c.max, got, c.want)
		}
	}
}

// TestLongReport codes a text of several megabytes (reports run together, with non-ASCII
// text between them) and checks that each event's evidence offsets still point at its
// sentence in the whole text, as code points.
func TestLongReport(t *testing.T) {
	c := coder(t)
	report := "Émeutes à Bamako. Gunmen killed four villagers in Kidal on Wednesday, local officials said. " +
		"Separately, a roadside bomb struck a police convoy in Lashkar Gah on Tuesday, killing two policemen.\n\n"
	var b strings.Builder
	for i := 0; b.Len() < 3*maxSegment; i++ {
		b.WriteString(report)
	}
	text := b.String()
	start := time.Now()
	evs := c.Code(doc.Document{ID: "long", Text: text, Published: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)})
	t.Logf("%.1f MB: %d events in %v", float64(len(text))/(1<<20), len(evs), time.Since(start))
	if len(evs) < 2 {
		t.Fatalf("%d events from a text of repeated reports of two events", len(evs))
	}
	runes := []rune(text)
	for _, ev := range evs {
		e := ev.Evidence
		if e.Start < 0 || e.End > len(runes) || string(runes[e.Start:e.End]) != e.Text {
			t.Errorf("%s: evidence [%d, %d) does not point at %q", ev.EventID, e.Start, e.End, e.Text)
		}
	}
	if !utf8.ValidString(evs[0].Evidence.Text) {
		t.Error("evidence is not valid UTF-8")
	}
}
