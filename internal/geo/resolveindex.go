package geo

import (
	"cmp"
	"slices"
	"sync"
)

// compatIndex answers compat(q, id, false) for a mention q with many candidates without
// comparing id with every one of them. Before the first pass of resolve settles on a reading,
// every candidate of a qualifier ("X (Y)", "X, Y", "X in Y") is compared with every
// candidate of the name it qualifies: up to 300 x 300 pairs for common names, which was a
// quarter of the geocoder's time. The index gives the same answers as the loop over
// q.cands in compat: near(c, p) is a disjunction of equalities (same id, country, admin1,
// admin2) and of distances within 60 km, so the equalities become set lookups and the
// distances are checked only for candidates within a degree of latitude in the same country
// or admin1 (dist says no for any pair further apart).
type compatIndex struct {
	set  []uint64 // hash set of kind<<56 | value | 1<<63 (0 is empty), for the equality tests and the groups present
	mask uint64
	pts  []qpoint // sorted by group, then latitude, for the distance tests
}

// qpoint is a candidate of q in one group of the distance tests.
type qpoint struct {
	group uint64 // kind<<56 | a1 or cc
	lat   float32
	p     *prec
}

// Kinds of keys and groups.
const (
	kID       = iota // the candidate's place id
	kCCL0            // the country of a country-level candidate
	kCCAll           // the country of any candidate
	kA1L1            // a1<<16 | cc of an admin1-level candidate
	kA1All           // a1<<16 | cc of any candidate
	kA2L2            // the admin2 of an admin2-level candidate
	kA2All           // the admin2 (> 0) of any candidate
	gL2ByA1          // admin2-level candidates by admin1
	gL3ByA1          // town-level candidates by admin1
	gTownByCC        // candidates of level 3 or more (contains' default case) by country
	gAllByCC         // every candidate by country
)

// minCalls is how many compat calls the first pass must have made on a mention, and
// minIndexed how many candidates it must have, for an index to be built: building one costs
// about as much as forty passes of the plain loop.
const (
	minCalls   = 24
	minIndexed = 6
)

func key(kind int, v uint64) uint64 { return uint64(kind)<<56 | v }

func a1cc(p *prec) uint64 { return uint64(uint32(p.a1))<<16 | uint64(p.cc) }

// cidxPool keeps indexes between reports: resolve releases them (releaseQualifiers) once
// both passes are done, since only the first pass asks them.
var cidxPool sync.Pool

// releaseQualifiers returns the mentions' indexes to the pool.
func (g *Gazetteer) releaseQualifiers(ms []mention) {
	for k := range ms {
		if x := ms[k].cidx; x != nil {
			ms[k].cidx = nil
			clear(x.pts) // drop the place pointers
			cidxPool.Put(x)
		}
	}
}

func (g *Gazetteer) newCompatIndex(cs []cand) *compatIndex {
	size := 16
	for size < 12*len(cs) { // at most about 6 keys a candidate, half full
		size <<= 1
	}
	x, _ := cidxPool.Get().(*compatIndex)
	if x == nil {
		x = &compatIndex{}
	}
	if cap(x.set) < size {
		x.set = make([]uint64, size)
	}
	x.set = x.set[:size]
	clear(x.set)
	x.mask = uint64(size - 1)
	x.pts = x.pts[:0]
	point := func(grp uint64, p *prec) {
		x.add(grp)
		x.pts = append(x.pts, qpoint{grp, p.lat, p})
	}
	for _, c := range cs {
		p := &g.places[c.id]
		x.add(key(kID, uint64(c.id)))
		x.add(key(kCCAll, uint64(p.cc)))
		x.add(key(kA1All, a1cc(p)))
		if p.a2 > 0 {
			x.add(key(kA2All, uint64(p.a2)))
		}
		point(key(gAllByCC, uint64(p.cc)), p)
		switch p.level {
		case 0:
			x.add(key(kCCL0, uint64(p.cc)))
		case 1:
			x.add(key(kA1L1, a1cc(p)))
		case 2:
			x.add(key(kA2L2, uint64(uint32(p.a2))))
			point(key(gL2ByA1, uint64(uint32(p.a1))), p)
		default:
			point(key(gTownByCC, uint64(p.cc)), p)
			if p.level == 3 {
				point(key(gL3ByA1, uint64(uint32(p.a1))), p)
			}
		}
	}
	slices.SortFunc(x.pts, func(a, b qpoint) int {
		if a.group != b.group {
			return cmp.Compare(a.group, b.group)
		}
		return cmp.Compare(a.lat, b.lat)
	})
	return x
}

func (x *compatIndex) slot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> 40 & x.mask }

func (x *compatIndex) add(k uint64) {
	k |= 1 << 63
	for j := x.slot(k); ; j = (j + 1) & x.mask {
		switch x.set[j] {
		case k:
			return
		case 0:
			x.set[j] = k
			return
		}
	}
}

func (x *compatIndex) has(k uint64) bool {
	k |= 1 << 63
	for j := x.slot(k); ; j = (j + 1) & x.mask {
		switch x.set[j] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// nearby reports whether a point of group grp lies within limit km of p; candFirst keeps
// the argument order of dist as contains has it (the candidate first when it contains p).
func (x *compatIndex) nearby(grp uint64, p *prec, limit float64, candFirst bool) bool {
	// Two places d degrees of latitude apart are at least 111.19*d km apart (and dist says
	// 111*d beyond 0.6 degree), so only candidates in a band of latitude need the distance;
	// the margin keeps rounding from deciding.
	if !x.has(grp) {
		return false // no candidate in that country or admin1: the usual answer
	}
	band := limit/111 + 0.01
	lo := float64(p.lat) - band
	i, j := 0, len(x.pts) // the first point at or after (grp, lo)
	for i < j {
		h := int(uint(i+j) >> 1)
		if q := &x.pts[h]; q.group < grp || q.group == grp && float64(q.lat) < lo {
			i = h + 1
		} else {
			j = h
		}
	}
	hi := float64(p.lat) + band
	for ; i < len(x.pts) && x.pts[i].group == grp && float64(x.pts[i].lat) <= hi; i++ {
		c := x.pts[i].p
		var d float64
		if candFirst {
			d = dist(c, p)
		} else {
			d = dist(p, c)
		}
		if d < limit {
			return true
		}
	}
	return false
}

// compat is the index's answer to compat(q, id, false): whether some candidate c of q has
// c.id == id or near(c, place id), case by case as contains reads.
func (x *compatIndex) compat(g *Gazetteer, id uint32) bool {
	p := &g.places[id]
	if x.has(key(kID, uint64(id))) {
		return true
	}
	// contains(c, p), by the level of c.
	if x.has(key(kCCL0, uint64(p.cc))) || x.has(key(kA1L1, a1cc(p))) {
		return true
	}
	if p.a2 > 0 && x.has(key(kA2L2, uint64(uint32(p.a2)))) {
		return true
	}
	if p.level == 3 && x.nearby(key(gL2ByA1, uint64(uint32(p.a1))), p, 60, true) {
		return true
	}
	if x.nearby(key(gTownByCC, uint64(p.cc)), p, 50, true) {
		return true
	}
	// contains(p, c), by the level of p.
	switch p.level {
	case 0:
		return x.has(key(kCCAll, uint64(p.cc)))
	case 1:
		return x.has(key(kA1All, a1cc(p)))
	case 2:
		return p.a2 > 0 && x.has(key(kA2All, uint64(p.a2))) || x.nearby(key(gL3ByA1, uint64(uint32(p.a1))), p, 60, false)
	default:
		return x.nearby(key(gAllByCC, uint64(p.cc)), p, 50, false)
	}
}

// resolveScratch is resolve's per-call memory, one slot per country, kept in a pool: three
// new slices per report were a tenth of what the coder allocates. Its slices are all 0 in the
// pool: resolve sets back what it set (clearing them whole for every report was a tenth of
// resolve's time).
type resolveScratch struct {
	seen, votes, w []float64
	seenP          []float64 // the prior of seen's exp, where seen is set
	a1v            []float64 // by admin1 index+1, all 0 between calls
	ub, base       []float64 // a mention's candidates' upper bounds and base scores
	gated          []gatedBonus
	voted          []uint16 // the countries voted for
}

// bound returns room for the upper bounds and base scores of n candidates.
func (sc *resolveScratch) bound(n int) (ub, base []float64) {
	if cap(sc.ub) < n {
		sc.ub, sc.base = make([]float64, n), make([]float64, n)
	}
	return sc.ub[:n], sc.base[:n]
}

var scratchPool sync.Pool

func (g *Gazetteer) getScratch() *resolveScratch {
	sc, _ := scratchPool.Get().(*resolveScratch)
	if sc == nil || len(sc.seen) != len(g.countries) || len(sc.a1v) != len(g.a1)+1 {
		n := len(g.countries)
		sc = &resolveScratch{seen: make([]float64, n), seenP: make([]float64, n), votes: make([]float64, n), w: make([]float64, n),
			a1v: make([]float64, len(g.a1)+1)}
	}
	return sc
}

// ccVote is one country's votes.
type ccVote struct {
	cc uint16
	v  float64
}

// voteList keeps the votes of the countries voted for, for the Analysis that outlives
// resolve's scratch: a text votes for a few countries, and a list of them costs less to
// build and to search than a map. It appends them to l (the Analysis's pooled buffer).
func voteList(l []ccVote, cv []float64, voted []uint16) []ccVote {
	for _, cc := range voted {
		l = append(l, ccVote{cc, cv[cc]})
	}
	return l
}

// weights fills w with weight(cc) for every country from the votes by country index cv
// (voted lists the countries with a vote), and returns it: resolve asks for the weight of the
// country of every candidate twice, and a map lookup each time was a tenth of its time.
//
// w must be all 0; resolve sets the countries voted for back to 0.
func (c countryContext) weights(cv []float64, voted []uint16, w []float64) []float64 {
	if c.max != 0 {
		for _, cc := range voted {
			w[cc] = cv[cc] / c.max
		}
	}
	return w
}
