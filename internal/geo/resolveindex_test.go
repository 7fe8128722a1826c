package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

// TestCompatIndex checks that the qualifier index answers exactly as the loop over every
// candidate: for names with many candidates, against their own candidates, each other's,
// and places drawn at random.
func TestCompatIndex(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var qs [][]cand
	for _, n := range []string{"Springfield", "San Jose", "Santa Maria", "Georgia", "Alexandria", "Victoria", "Salem", "Kafr", "Tal", "Deir", "Ain", "Bir", "Abu", "Mohammadabad", "Hussainabad"} {
		if cs := g.candsKey(names.Key(n)); len(cs) >= minIndexed {
			if len(cs) > maxCands {
				cs = cs[:maxCands]
			}
			qs = append(qs, cs)
		}
	}
	if len(qs) < 5 {
		t.Fatalf("only %d test names with %d or more candidates", len(qs), minIndexed)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var ids []uint32
	for _, cs := range qs {
		for _, c := range cs {
			ids = append(ids, c.id)
		}
	}
	for range 20000 {
		ids = append(ids, uint32(r.IntN(len(g.places))))
	}
	yes := 0
	for _, cs := range qs {
		q := mention{cands: cs}
		x := g.newCompatIndex(cs)
		for _, id := range ids {
			want := g.compatLoop(&q, id)
			if got := x.compat(g, id); got != want {
				p := &g.places[id]
				t.Fatalf("%s (%d candidates) vs %s (level %d): index says %v, loop %v", g.name(&g.places[cs[0].id]), len(cs), g.name(p), p.level, got, want)
			}
			if want {
				yes++
			}
		}
	}
	t.Logf("%d names, %d places, %d compatible pairs", len(qs), len(ids), yes)
	if yes == 0 {
		t.Fatal("no compatible pair among the test places: the test checks nothing")
	}
}
