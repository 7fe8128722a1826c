package cluster

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// ordered returns ms sorted earliest first: by publication time, then by mention id, so that
// every rule below that says "earliest" gives the same answer whatever order mentions came in.
func ordered(ms []*Mention) []*Mention {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, earlier)
	return out
}

func earlier(a, b *Mention) int {
	if c := a.Published.Compare(b.Published); c != 0 {
		// An unknown publication time sorts last: it is no evidence of being first.
		if a.Published.IsZero() {
			return 1
		}
		if b.Published.IsZero() {
			return -1
		}
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// EventID is a stable event id derived from the earliest mention (earliest publication, then
// smallest mention id), so that re-running the same mentions gives the same ids. It is "e"
// and 16 hex digits of a SHA-256 of that mention's id: URL-safe, unlike "doc#1". The store
// keeps an event's id once given, even if an earlier-published report joins later.
func EventID(ms []*Mention) string {
	if len(ms) == 0 {
		return ""
	}
	first := ms[0]
	for _, m := range ms[1:] {
		if earlier(m, first) < 0 {
			first = m
		}
	}
	sum := sha256.Sum256([]byte(first.ID))
	return "e" + hex.EncodeToString(sum[:8])
}

// Reconcile builds the fields of an event from its mentions; id becomes the event's id.
// Each field comes whole from one mention, recorded in Supplied:
//   - date: the most precise time_precision; among those the date most reports give; ties to
//     the earliest report;
//   - place (country, admin1, admin2, location, coordinates, geo_precision, geonameid): the
//     most precise geo_precision, then the most reported location, then the earliest;
//   - type: the sub-event type most reports give, ties to the earliest; CAMEO, PLOVER and the
//     evidence come with it;
//   - actors: the report naming the most actors that are not generic (unnamed gunmen,
//     civilians), ties to the earliest;
//   - fatalities: ACLED's conservative rule, the lowest figure among reports that give one
//     (a report that names no deaths is not a report of zero deaths); low is the lowest
//     low, high the highest high; best is the figure most reports give, or when no figure
//     is most common the median (the lower one of an even count): one outlier report, such
//     as a misread "1,012", does not become the best estimate.
//
// Sources lists every outlet; Record.Source joins them with "; " as ACLED does; attribution
// is the union; confidence the highest.
func Reconcile(id string, ms []*Mention) *Event {
	ms = ordered(ms)
	e := &Event{ID: id, Supplied: make(map[string]string, 14)}
	if len(ms) == 0 {
		return e
	}
	// Type.
	tm := mode(ms, func(m *Mention) string { return m.Event.SubEventType }, nil)
	rec := tm.Event
	rec.EventID = id
	rec.DocID = docID(ms[0])
	e.Supplied["event_type"] = tm.ID
	e.Supplied["sub_event_type"] = tm.ID
	e.Supplied["evidence"] = tm.ID

	// Date.
	dm := mode(ms, func(m *Mention) string { return m.Event.EventDate },
		func(m *Mention) int { return timePrec(&m.Event) })
	rec.EventDate, rec.TimePrecision = dm.Event.EventDate, dm.Event.TimePrecision
	e.Supplied["event_date"] = dm.ID
	e.Supplied["time_precision"] = dm.ID

	// Place.
	type place struct{ iso3, admin1, location string }
	pm := mode(ms, func(m *Mention) place { return place{m.Event.ISO3, m.Event.Admin1, m.Event.Location} },
		func(m *Mention) int {
			if m.Event.Country == "" {
				return 9
			}
			return prec(&m.Event)
		})
	p := pm.Event
	rec.Country, rec.ISO3, rec.Admin1, rec.Admin2, rec.Location = p.Country, p.ISO3, p.Admin1, p.Admin2, p.Location
	rec.Latitude, rec.Longitude, rec.GeoPrecision, rec.GeonameID = p.Latitude, p.Longitude, p.GeoPrecision, p.GeonameID
	e.Supplied["location"] = pm.ID

	// Actors.
	am := ms[0]
	for _, m := range ms[1:] {
		if named(&m.Event) > named(&am.Event) {
			am = m
		}
	}
	rec.Actor1, rec.Actor2 = am.Event.Actor1, am.Event.Actor2
	e.Supplied["actor1"] = am.ID
	if rec.Actor2 != nil {
		e.Supplied["actor2"] = am.ID
	}

	// Fatalities.
	var lowM, highM, consM *Mention
	counts := map[int]int{}
	for _, m := range ms {
		f := m.Event.Fatalities
		if f <= 0 {
			continue
		}
		counts[f]++
		if consM == nil || f < consM.Event.Fatalities {
			consM = m
		}
		if lowM == nil || low(&m.Event) < low(&lowM.Event) {
			lowM = m
		}
		if highM == nil || high(&m.Event) > high(&highM.Event) {
			highM = m
		}
	}
	rec.Fatalities, rec.FatalitiesLow, rec.FatalitiesHigh = 0, 0, 0
	if consM != nil {
		rec.Fatalities = consM.Event.Fatalities
		rec.FatalitiesLow = low(&lowM.Event)
		rec.FatalitiesHigh = high(&highM.Event)
		e.Supplied["fatalities"] = consM.ID
		e.Supplied["fatalities_low"] = lowM.ID
		e.Supplied["fatalities_high"] = highM.ID
		bestM := bestFigure(ms, counts)
		e.FatalitiesBest = bestM.Event.Fatalities
		e.Supplied["fatalities_best"] = bestM.ID
	}

	// Provenance.
	attr := map[string]bool{}
	outlets := map[string]bool{}
	docs := map[string]bool{}
	e.Mentions = make([]string, 0, len(ms))
	for _, m := range ms {
		e.Mentions = append(e.Mentions, m.ID)
		o := m.Outlet
		if o == "" {
			o = m.Event.Source
		}
		if o != "" {
			outlets[o] = true
		}
		if d := docID(m); d != "" {
			docs[d] = true
		}
		for _, a := range m.Event.Attribution {
			attr[a] = true
		}
		if m.Event.Confidence > rec.Confidence {
			rec.Confidence = m.Event.Confidence
		}
	}
	sort.Strings(e.Mentions)
	e.Sources = keys(outlets)
	e.DocIDs = keys(docs)
	rec.Source = strings.Join(e.Sources, "; ")
	rec.Attribution = keys(attr)
	e.Record = rec
	return e
}

// mode returns the mention whose key most mentions share, considering only the mentions with
// the lowest rank (nil rank: all); ties go to the earliest mention. ms must be ordered.
func mode[K comparable](ms []*Mention, key func(*Mention) K, rank func(*Mention) int) *Mention {
	cand := ms
	if rank != nil {
		lo := rank(ms[0])
		for _, m := range ms[1:] {
			lo = min(lo, rank(m))
		}
		cand = nil
		for _, m := range ms {
			if rank(m) == lo {
				cand = append(cand, m)
			}
		}
	}
	if len(cand) == 1 {
		return cand[0]
	}
	n := make(map[K]int, len(cand))
	for _, m := range cand {
		n[key(m)]++
	}
	best := cand[0]
	for _, m := range cand[1:] {
		if n[key(m)] > n[key(best)] {
			best = m
		}
	}
	return best
}

func timePrec(e *event.Event) int {
	if e.EventDate == "" {
		return 9
	}
	if e.TimePrecision == 0 {
		return 3
	}
	return e.TimePrecision
}

func named(e *event.Event) int {
	n := 0
	for _, a := range []*event.Actor{e.Actor1, e.Actor2} {
		if a != nil {
			n++
			if !generic(a) {
				n += 2
			}
		}
	}
	return n
}

func low(e *event.Event) int {
	if e.FatalitiesLow > 0 {
		return e.FatalitiesLow
	}
	return e.Fatalities
}

func high(e *event.Event) int {
	return max(e.FatalitiesHigh, e.Fatalities)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// bestFigure returns the mention whose fatality figure is the best estimate: the most common
// figure, else the lower median of all figures; among mentions giving that figure, the
// earliest. counts maps figure -> number of mentions giving it.
func bestFigure(ms []*Mention, counts map[int]int) *Mention {
	var figs []int
	top, topN, unique := 0, 0, false
	for f, n := range counts {
		for range n {
			figs = append(figs, f)
		}
		switch {
		case n > topN:
			top, topN, unique = f, n, true
		case n == topN:
			unique = false
		}
	}
	want := top
	if !unique {
		sort.Ints(figs)
		want = figs[(len(figs)-1)/2]
	}
	for _, m := range ms {
		if m.Event.Fatalities == want {
			return m
		}
	}
	return nil
}

// docID is the input document's id for a mention: the coder's doc_id, which the store keeps
// even when its own article id is a content hash, else the article id.
func docID(m *Mention) string {
	if m.Event.DocID != "" {
		return m.Event.DocID
	}
	return m.ArticleID
}
