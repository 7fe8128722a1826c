package cluster

import (
	"slices"
	"strings"
	"time"
)

// blockKey buckets events by country and day: a mention is compared only with events in its
// own country (or with no country) on the days of its Window, so the work grows with the
// number of reports per country-day, not with the square of all reports.
type blockKey struct {
	iso3 string
	day  int64
}

func dayNum(t time.Time) int64 { return t.Unix() / 86400 }

// Cluster groups mentions into events in one batch. Mentions are taken earliest first (see
// EventID), so the result does not depend on the order of ms; each joins the best-scoring
// compatible event among the candidates its block offers (ties to the smaller event id) or
// starts a new one. Events are returned sorted by id.
func Cluster(ms []*Mention) []*Event {
	type group struct {
		ev   *Event
		ms   []*Mention
		from time.Time
		to   time.Time
	}
	var groups []*group
	index := map[blockKey][]int{}
	// noDate holds events no day bucket can find.
	var noDate []int

	put := func(gi int) {
		g := groups[gi]
		f, t, ok := span(&g.ev.Record, time.Time{})
		if !ok {
			noDate = append(noDate, gi)
			return
		}
		// An event whose span grew (a coarse first report, then a precise one narrows it)
		// may be indexed under days it no longer covers; candidates are re-checked by Same,
		// so a stale bucket costs time, never correctness.
		if g.from.IsZero() || f.Before(g.from) || t.After(g.to) {
			for d := dayNum(f); d <= dayNum(t); d++ {
				index[blockKey{g.ev.Record.ISO3, d}] = append(index[blockKey{g.ev.Record.ISO3, d}], gi)
			}
			g.from, g.to = f, t
		}
	}

	for _, m := range ordered(ms) {
		from, to := Window(m)
		seen := map[int]bool{}
		var cands []int
		look := func(iso string) {
			if from.IsZero() {
				return
			}
			for d := dayNum(from); d <= dayNum(to); d++ {
				for _, gi := range index[blockKey{iso, d}] {
					if !seen[gi] {
						seen[gi] = true
						cands = append(cands, gi)
					}
				}
			}
		}
		look(m.Event.ISO3)
		if m.Event.ISO3 != "" {
			look("")
		}
		cands = append(cands, noDate...)
		slices.Sort(cands)
		bestG, bestS := -1, 0.0
		for _, gi := range cands {
			g := groups[gi]
			s, ok := best(g.ev, g.ms, m)
			if !ok {
				continue
			}
			if bestG < 0 || s > bestS || (s == bestS && strings.Compare(g.ev.ID, groups[bestG].ev.ID) < 0) {
				bestG, bestS = gi, s
			}
		}
		if bestG < 0 {
			g := &group{ms: []*Mention{m}}
			g.ev = Reconcile(EventID(g.ms), g.ms)
			groups = append(groups, g)
			put(len(groups) - 1)
			continue
		}
		g := groups[bestG]
		g.ms = append(g.ms, m)
		g.ev = Reconcile(g.ev.ID, g.ms)
		put(bestG)
	}
	out := make([]*Event, len(groups))
	for i, g := range groups {
		out[i] = g.ev
	}
	slices.SortFunc(out, func(a, b *Event) int { return strings.Compare(a.ID, b.ID) })
	return out
}
