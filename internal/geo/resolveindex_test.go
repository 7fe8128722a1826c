package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

// TestCompatIndex checks that the qualifier index answers exactly as the loop over every
// candidate, and that mayCompat never says no where the loop says yes: for names with many
// candidates, against their own candidates, each other's, and places drawn at random, and
// for districts with no admin1 against towns with none near them.
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
	// Districts with no admin1, which may be near a town of another country that has none
	// either (mayCompat's exception), and such towns close to them.
	var districts []cand
	for i := range g.places {
		if p := &g.places[i]; p.level == 2 && p.a1 == 0 && len(districts) < 40 {
			for _, c := range g.candsKey(names.Key(g.name(p))) {
				if c.id == uint32(i) {
					districts = append(districts, c)
				}
			}
		}
	}
	for i := range g.places {
		p := &g.places[i]
		for _, d := range districts {
			if o := &g.places[d.id]; p.level == 3 && p.a1 == 0 && dist(o, p) < 80 {
				ids = append(ids, uint32(i))
				break
			}
		}
	}
	if len(districts) >= minIndexed {
		qs = append(qs, districts)
	}
	yes := 0
	for _, cs := range qs {
		q := mention{cands: cs}
		x := g.newCompatIndex(cs)
		for _, id := range ids {
			want := g.compatLoop(&q, id)
			p := &g.places[id]
			if got := x.compat(g, id); got != want {
				t.Fatalf("%s (%d candidates) vs %s (level %d): index says %v, loop %v", g.name(&g.places[cs[0].id]), len(cs), g.name(p), p.level, got, want)
			}
			if want && !g.mayCompat(&q, p.cc, p.level, p.a1) {
				t.Fatalf("%s (%d candidates) vs %s (level %d): mayCompat says no, the loop yes", g.name(&g.places[cs[0].id]), len(cs), g.name(p), p.level)
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
