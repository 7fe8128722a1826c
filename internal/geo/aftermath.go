package geo

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

//go:embed data/aftermath.tsv
var aftermathTSV string

// aftermathVerb is one line of data/aftermath.tsv.
type aftermathVerb struct {
	preps map[string]bool // prepositions that may follow the verb
	needs string          // a word that must stand between verb and name, or ""
}

var aftermathVerbs = sync.OnceValue(func() map[string]aftermathVerb {
	m := map[string]aftermathVerb{}
	for _, l := range strings.Split(aftermathTSV, "\n") {
		c := strings.Split(strings.TrimSpace(l), "\t")
		if len(c) < 2 || strings.HasPrefix(l, "#") {
			continue
		}
		v := aftermathVerb{preps: map[string]bool{}}
		for _, p := range strings.Split(c[1], "|") {
			v.preps[names.Fold(p)] = true
		}
		if len(c) > 2 {
			v.needs = names.Fold(c[2])
		}
		m[names.Fold(c[0])] = v
	}
	return m
})

// aftermathFillers may stand between an aftermath verb and the place it names: prepositions,
// articles and the words of "a hospital", "a clinic", "the town of", "safety".
var aftermathFillers = newSmallSet(map[string]bool{
	"to": true, "in": true, "at": true, "of": true, "into": true, "towards": true, "toward": true,
	"a": true, "an": true, "the": true, "their": true, "his": true, "her": true, "its": true,
	"hospital": true, "hospitals": true, "clinic": true, "clinics": true, "medical": true,
	"health": true, "centre": true, "center": true, "facility": true, "facilities": true,
	"nearby": true, "neighbouring": true, "neighboring": true, "main": true, "general": true,
	"local": true, "military": true, "field": true, "teaching": true, "regional": true,
	"city": true, "town": true, "village": true, "capital": true, "area": true, "camp": true,
	"camps": true, "safety": true, "rest": true, "treatment": true, "shelter": true,
})

// aftermath reports whether the name starting at token t0 is where people went after the
// event ("the wounded were flown to a hospital in X", "buried in X", "fled to X"), not
// where it happened: one of the verbs of data/aftermath.tsv stands a few words before it,
// with one of its prepositions and only filler words between, in the same clause.
func aftermath(text string, toks []token, t0 int) bool {
	const reach = 7
	var between [reach]string // the filler words passed, nearest first
	n := 0
	for k := t0 - 1; k >= 0 && k >= t0-reach; k-- {
		if gap := text[toks[k].end:toks[k+1].start]; strings.ContainsAny(gap, ".,;:()!?\"") {
			return false
		}
		f := toks[k].fold
		if v, ok := aftermathVerbs()[f]; ok && n > 0 {
			prep, need := false, v.needs == ""
			for _, w := range between[:n] {
				prep = prep || v.preps[w]
				need = need || w == v.needs
			}
			return prep && need
		}
		if !aftermathFillers.has(f) {
			return false
		}
		between[n] = f
		n++
	}
	return false
}

// aftermath is aftermath(text, toks, t0) for mention i, asked once: Locate asks it of every
// mention of every passage of a report.
func (a *Analysis) aftermath(i int) bool {
	m := &a.ms[i]
	if m.after == 0 {
		m.after = 1
		if aftermath(a.text, a.toks, m.t0) {
			m.after = 2
		}
	}
	return m.after == 2
}
