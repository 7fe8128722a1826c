package cluster

import (
	"slices"
	"strings"
)

// blockKey buckets events by country and day: a mention is compared only with events in its
// own country (or with no country) on the days of its Window, so the work grows with the
// number of reports per country-day, not with the square of all reports.
type blockKey struct {
	iso3 string
	day  int64
}

// group is an event being built by Cluster. Its record is reconciled lazily: only when a
// later mention needs to compare with it, or at the end.
type group struct {
	ev     *Event
	ms     []*Mention
	dirty  bool
	lo, hi int64 // days the group is indexed under, [lo, hi]
	iso3   string
}

func (g *group) event() *Event {
	if g.dirty {
		g.ev = Reconcile(g.ev.ID, g.ms)
		g.dirty = false
	}
	return g.ev
}

// Cluster groups mentions into events in one batch. Mentions are taken earliest first (see
// EventID), so the result does not depend on the order of ms; each joins the event Pick
// would choose among the candidates its block offers, or starts a new one. Events are
// returned sorted by id.
func Cluster(ms []*Mention) []*Event {
	var groups []*group
	index := map[blockKey][]int{}
	var noDate []int // groups no day bucket can find (no date, no publication date)
	stamp := []int{} // stamp[gi] == mention number when gi was already a candidate for it

	// put indexes group gi under the days of mention m's span. A group is indexed under the
	// union of its mentions' spans, which holds its reconciled record's span (the record's
	// date is one mention's); candidates are checked in full, so a wide index costs time,
	// never correctness.
	put := func(gi int, m *Mention) {
		g := groups[gi]
		f, t, ok := span(&m.Event, m.Published)
		if !ok {
			if len(g.ms) == 1 {
				noDate = append(noDate, gi)
			}
			return
		}
		add := func(a, b int64) {
			for d := a; d <= b; d++ {
				k := blockKey{g.iso3, d}
				index[k] = append(index[k], gi)
			}
		}
		switch {
		case g.hi < g.lo: // not indexed yet
			add(f, t)
			g.lo, g.hi = f, t
		default:
			if f < g.lo {
				add(f, g.lo-1)
				g.lo = f
			}
			if t > g.hi {
				add(g.hi+1, t)
				g.hi = t
			}
		}
	}

	var cands []int
	for n, m := range ordered(ms) {
		cands = cands[:0]
		look := func(iso string, from, to int64) {
			for d := from; d <= to; d++ {
				for _, gi := range index[blockKey{iso, d}] {
					if stamp[gi] != n {
						stamp[gi] = n
						cands = append(cands, gi)
					}
				}
			}
		}
		if f, t, ok := span(&m.Event, m.Published); ok {
			f, t = f-2*dateSlack, t+2*dateSlack
			look(m.Event.ISO3, f, t)
			if m.Event.ISO3 != "" {
				look("", f, t)
			}
		}
		for _, gi := range noDate {
			if stamp[gi] != n {
				stamp[gi] = n
				cands = append(cands, gi)
			}
		}
		slices.Sort(cands)
		var c chooser
		for _, gi := range cands {
			g := groups[gi]
			if s, ok := best(g.event(), g.ms, m); ok {
				c.offer(g.ev.ID, s)
			}
		}
		bestG := -1
		if id := c.pick(); id != "" {
			for _, gi := range cands {
				if groups[gi].ev.ID == id {
					bestG = gi
				}
			}
		}
		if bestG < 0 {
			g := &group{ms: []*Mention{m}, lo: 1, hi: 0, iso3: m.Event.ISO3}
			g.ev = Reconcile(EventID(g.ms), g.ms)
			groups = append(groups, g)
			stamp = append(stamp, n)
			put(len(groups)-1, m)
			continue
		}
		g := groups[bestG]
		g.ms = append(g.ms, m)
		g.dirty = true
		put(bestG, m)
	}
	out := make([]*Event, len(groups))
	for i, g := range groups {
		out[i] = g.event()
	}
	slices.SortFunc(out, func(a, b *Event) int { return strings.Compare(a.ID, b.ID) })
	return out
}
