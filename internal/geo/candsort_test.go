package geo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestCandSortSameAsSortSlice checks what spot relies on: slices.SortFunc puts candidates
// with equal scores in the order sort.Slice put them in (both are one pdqsort), so that the
// 150 kept and their order are the same.
func TestCandSortSameAsSortSlice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 2000 {
		cs := make([]cand, 1+n%700)
		for i := range cs {
			cs[i] = cand{id: uint32(i), score: float64(r.IntN(1 + n%9))} // many ties
		}
		a, b := slices.Clone(cs), slices.Clone(cs)
		sort.Slice(a, func(i, j int) bool { return a[i].score > a[j].score })
		slices.SortFunc(b, func(x, y cand) int { return cmp.Compare(y.score, x.score) })
		if !slices.Equal(a, b) {
			t.Fatalf("%d candidates: orders differ", len(cs))
		}
	}
}
