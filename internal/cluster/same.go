package cluster

import (
	"math"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// The thresholds below are the whole merging policy; each is a judgement about how reports of
// one event differ, set on testdata/devset.jsonl (TestDevSet prints the pairwise figures) and
// checked for false merges on ACLED's distinct events (TestACLEDRowsStayApart).
const (
	// dateSlack is how far apart (in days) two reports' date spans may be and still describe
	// one event: "late on Monday" in one report is "overnight into Tuesday" in another.
	// Reports one day apart also need a night cue or more agreement (see score).
	dateSlack = 1
	// nearKm: two precise places this close are one place reported differently (a village
	// and the town it is "near"). farKm: beyond this, precise places are different places
	// even inside one admin unit (a province is large).
	nearKm = 8
	farKm  = 30
	// districtKm: a town whose district is unknown may belong to a district whose centroid
	// is this far away (districts of conflict countries span tens of kilometres).
	districtKm = 60
	// threshold is the score (see score) a mention needs with some mention of an event to
	// join it.
	threshold = 4.5
	// dupBonus is the evidence a near-duplicate text adds. Kept small: the coder codes wire
	// copies alike anyway, and templated texts (ACLED's notes, daily official statements)
	// are near-duplicates of each other across different events.
	dupBonus = 1.5
	// undatedSpan is how far before publication an undated mention may lie.
	undatedSpan = 7
)

// span is the interval of days a mention's date and precision cover, [from, to] inclusive,
// in days since 1970-01-01. An undated mention covers the week before its publication.
func span(ev *event.Event, published time.Time) (from, to int64, ok bool) {
	y, mo, d, ok := parseDate(ev.EventDate)
	if !ok {
		if published.IsZero() {
			return 0, 0, false
		}
		p := floorDiv(published.Unix(), 86400)
		return p - undatedSpan, p, true
	}
	from = civilDay(y, mo, d)
	switch ev.TimePrecision {
	case 2:
		return from, from + 6, true
	case 3:
		if mo == 12 {
			return from, civilDay(y+1, 1, 1) - 1, true
		}
		return from, civilDay(y, mo+1, 1) - 1, true
	}
	return from, from, true
}

// parseDate reads YYYY-MM-DD without time.Parse, which dominated clustering's profile.
func parseDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(t string) int {
		n := 0
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d = num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// civilDay is the number of days from 1970-01-01 to a proleptic Gregorian date (Howard
// Hinnant's days_from_civil); an out-of-range day of month rolls over as time.Date does.
func civilDay(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// Window returns the dates an event could have to merge with m: the span the mention's date
// and time precision cover, widened by twice dateSlack (a wire copy may be two days off, see
// score). The store uses it for blocking queries (events whose own span meets the window are
// the candidates). A mention with no usable date and no publication date gets the zero
// times: compare it with nothing.
func Window(m *Mention) (from, to time.Time) {
	f, t, ok := span(&m.Event, m.Published)
	if !ok {
		return time.Time{}, time.Time{}
	}
	return dayTime(f - 2*dateSlack), dayTime(t + 2*dateSlack)
}

// gapDays is the number of days between two spans (0 when they overlap), or -1 if either is
// unknown.
func gapDays(a, b *Mention) int {
	af, at, ok1 := span(&a.Event, a.Published)
	bf, bt, ok2 := span(&b.Event, b.Published)
	if !ok1 || !ok2 {
		return -1
	}
	switch {
	case at < bf:
		return int(bf - at)
	case bt < af:
		return int(af - bt)
	}
	return 0
}

// typeScore says how compatible two coded types are: the same sub-event type is the strongest
// sign, a shared event type next; reports of one violent event are often coded differently
// (one outlet's "clash" is another's "attack" or "shelling"), so violent types stay
// compatible with each other, and so do protests and riots. A demonstration and a battle,
// or an arrest and a shelling, are different events. Negative means incompatible.
func typeScore(a, b *event.Event) float64 {
	if a.SubEventType == b.SubEventType && a.SubEventType != "" {
		return 2
	}
	if a.EventType == b.EventType && a.EventType != "" {
		if a.EventType == event.Strategic {
			// "Arrests" and "Looting/property destruction" are different acts.
			return -1
		}
		return 1.5
	}
	fa, fb := family(a), family(b)
	if fa == fb && fa != "" {
		return 0.5
	}
	// Destruction and looting are often how a raid or shelling is reported.
	if (fa == "violence" && b.SubEventType == "Looting/property destruction") ||
		(fb == "violence" && a.SubEventType == "Looting/property destruction") {
		return 0
	}
	// Security forces firing on a crowd: one report codes the protest, another the attack.
	if (fa == "violence" && b.SubEventType == "Excessive force against protesters") ||
		(fb == "violence" && a.SubEventType == "Excessive force against protesters") {
		return 0
	}
	return -1
}

func family(e *event.Event) string {
	switch e.EventType {
	case event.Battles, event.Explosions, event.ViolenceCivilians:
		return "violence"
	case event.Protests, event.Riots:
		return "crowd"
	}
	return ""
}

// placeScore says how compatible two coded places are: below -1 if they cannot be one place,
// down to -1 for evidence against. Precise places compare by distance; a coarse place (a
// region, a province) is compatible with anything inside it, a country-level one with
// anything in that country, each giving less evidence.
func placeScore(a, b *event.Event) float64 {
	if a.ISO3 != "" && b.ISO3 != "" && a.ISO3 != b.ISO3 {
		return -9
	}
	if a.ISO3 == "" || b.ISO3 == "" {
		return 0
	}
	pa, pb := prec(a), prec(b)
	if pa <= 2 && pb <= 2 && a.Latitude != nil && b.Latitude != nil {
		if a.GeonameID != 0 && a.GeonameID == b.GeonameID {
			return 2
		}
		km := distanceKm(a, b)
		// A whole district is placed at its centroid, which can lie far from a town inside
		// it: compare a town with it by unit, not by distance.
		if da, db := district(a), district(b); da != db && km > nearKm {
			d, o := a, b
			if db {
				d, o = b, a
			}
			switch {
			case o.Admin2 != "" && sameUnit(o.Admin2, d.Admin2):
				return 1
			case o.Admin2 == "" && sameUnit(o.Admin1, d.Admin1) && km <= districtKm:
				return 0.5 // the town's district is unknown; it lies within a district's reach
			}
		}
		switch {
		case km <= nearKm:
			return 2
		case km <= farKm && (pa == 2 || pb == 2):
			// "Near X" or a part of a region: a neighbouring place is what was meant.
			if sameUnit(a.Admin1, b.Admin1) {
				return 0.5
			}
			return 0
		case km <= farKm:
			// Two named places a few villages apart: reports of one event differ in how
			// precisely they place it, rarely in naming another village; front lines see
			// fighting in neighbouring villages every day. Evidence against, not a veto (the
			// coder may have picked a neighbour).
			return -0.75
		}
		return -9
	}
	// At least one side is coarse (admin1 or country).
	if a.Admin1 != "" && b.Admin1 != "" {
		if !sameUnit(a.Admin1, b.Admin1) {
			// Precise places just across a provincial border are handled above by
			// distance; here one side is a whole province and the other is outside it.
			return -9
		}
		if a.Admin2 != "" && b.Admin2 != "" && sameUnit(a.Admin2, b.Admin2) {
			return 1.5
		}
		return 1
	}
	// One side knows only the country.
	return 0.25
}

// district reports whether a coded place is a whole district (admin2 unit), not a town: the
// gazetteer's districts have no GeoNames id and are their own admin2.
func district(e *event.Event) bool {
	return prec(e) == 2 && e.GeonameID == 0 && e.Admin2 != "" && sameUnit(e.Location, e.Admin2)
}

// unitWords are the generic words of admin unit names, which the gazetteer's names for one
// unit include or omit ("Borno State" and "Borno", "Kharkiv Oblast" and "Kharkiv").
var unitWords = map[string]bool{
	"state": true, "oblast": true, "province": true, "governorate": true, "region": true,
	"district": true, "county": true, "territory": true, "muhafazat": true, "wilayah": true,
	"raion": true, "department": true, "prefecture": true,
}

// unitKey is an admin unit name reduced to its distinctive letters.
func unitKey(n string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(strings.ToLower(n), func(r rune) bool {
		return r == ' ' || r == '-' || r == '\'' || r == '’'
	}) {
		if !unitWords[w] {
			b.WriteString(w)
		}
	}
	return b.String()
}

// sameUnit reports whether two admin unit names name one unit: equal once generic words are
// dropped, or one spelling edit apart in a long name (transliterations: Shabelle and
// Shebelle).
func sameUnit(a, b string) bool {
	ka, kb := unitKey(a), unitKey(b)
	if ka == kb {
		return true
	}
	return len(ka) >= 6 && len(kb) >= 6 && oneEdit(ka, kb)
}

// oneEdit reports whether a and b differ by at most one substitution, insertion or deletion.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[min(i+1, len(rb)):])
	}
	return string(ra[i+1:]) == string(rb[i:])
}

// prec is the geo precision with unknown (0) read as coarsest.
func prec(e *event.Event) int {
	if e.GeoPrecision == 0 {
		return 3
	}
	return e.GeoPrecision
}

func distanceKm(a, b *event.Event) float64 {
	const r = 6371.0
	la1, la2 := *a.Latitude*math.Pi/180, *b.Latitude*math.Pi/180
	dla := la2 - la1
	dlo := (*b.Longitude - *a.Longitude) * math.Pi / 180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// genericKinds are the coder's descriptive actor names ("Unidentified Armed Group (Syria)",
// "Civilians (Nigeria)", "Rebel Group (Somalia)"): they say what kind of actor it was, not
// who, so they neither confirm nor contradict a named actor in another report.
var genericKinds = []string{
	"Unidentified", "Civilians", "Protesters", "Rioters", "Rebel Group", "Islamist Militants",
	"Tribal Militia", "Clan Militia", "Opposition Rebels", "Pastoralist Militia", "Party Militia",
	"Maoist Rebels", "Vigilante Group", "Separatist Rebels", "Pro-Government Militia",
	"Ethnic Militia", "Fulani Ethnic Militia", "Dozo Communal Militia", "Communal Militia",
}

// generic reports whether an actor name says nothing about who it was.
func generic(a *event.Actor) bool {
	if a == nil || a.Name == "" {
		return true
	}
	for _, k := range genericKinds {
		if strings.HasPrefix(a.Name, k) {
			return true
		}
	}
	return false
}

// baseName drops a trailing parenthesis, so that "Islamic State (West Africa)" and "Islamic
// State", or "Military Forces of Syria (2000-2024)" and "Military Forces of Syria", compare
// equal: reports name the same group with and without its branch or period.
func baseName(n string) string {
	if i := strings.LastIndex(n, " ("); i > 0 && strings.HasSuffix(n, ")") {
		return n[:i]
	}
	return n
}

// actorScore: a named actor in common is good evidence; two reports that each name actors but
// share neither a name nor an actor type are evidence against (ACLED actors are not
// directional, so sides are compared as sets). It is a veto (-2) only when both reports name
// both sides and none is shared: the coder often names only one side, or the claimant instead
// of the perpetrator, so a single mismatch is not proof of two events.
func actorScore(a, b *event.Event) float64 {
	var na, nb []*event.Actor
	for _, x := range []*event.Actor{a.Actor1, a.Actor2} {
		if !generic(x) {
			na = append(na, x)
		}
	}
	for _, x := range []*event.Actor{b.Actor1, b.Actor2} {
		if !generic(x) {
			nb = append(nb, x)
		}
	}
	if len(na) == 0 || len(nb) == 0 {
		return 0
	}
	if len(na) == 2 && len(nb) == 2 {
		// Both reports name both sides: if no side is shared, these are two fights.
		for _, x := range na {
			for _, y := range nb {
				if baseName(x.Name) == baseName(y.Name) {
					return 1.5
				}
			}
		}
		return -2
	}
	interShared := false
	for _, x := range na {
		for _, y := range nb {
			if baseName(x.Name) == baseName(y.Name) {
				return 1.5
			}
			if x.Inter == y.Inter {
				interShared = true
			}
		}
	}
	if interShared {
		return 0.25
	}
	return -1
}

// nightCues in an evidence sentence mark an event that straddles midnight, which reports date
// to either day.
var nightCues = []string{"overnight", "night", "midnight", "late on", "early hours", "dawn", "before dawn"}

func nightCue(e *event.Event) bool {
	t := strings.ToLower(e.Evidence.Text)
	for _, c := range nightCues {
		if strings.Contains(t, c) {
			return true
		}
	}
	return false
}

// vetoed reports whether two mentions cannot be one event whatever else agrees: types that
// do not mix, dates too far apart, places that cannot be one place, both sides named and
// none shared.
func vetoed(a, b *Mention) bool {
	return typeScore(&a.Event, &b.Event) < 0 || gapDays(a, b) > dateSlack ||
		placeScore(&a.Event, &b.Event) < -1 || actorScore(&a.Event, &b.Event) < -1
}

// pubGap is the number of days between two mentions' publication days, or -1 if either is
// unknown.
func pubGap(a, b *Mention) int {
	if a.Published.IsZero() || b.Published.IsZero() {
		return -1
	}
	d := floorDiv(a.Published.Unix(), 86400) - floorDiv(b.Published.Unix(), 86400)
	if d < 0 {
		d = -d
	}
	return int(d)
}

// score is the evidence that two mentions report one event, or a negative number if they
// cannot.
//
// Dates: overlapping spans are evidence; spans a day apart are allowed (no evidence) only in
// reports published within a day of each other, where an overnight event or "on Monday"
// resolved against different publication days explains the gap; reports of consecutive
// days' shelling of one town, published on consecutive days, stay apart.
//
// Near-duplicate texts add evidence but lift no veto, and none when they name different
// towns: a template ("On <date>, protesters gathered in <town>") repeated for other towns or
// days is not one event, and a wire copy republished days later still says "on Tuesday",
// which resolves to the same Tuesday.
func score(a, b *Mention) float64 {
	if a.ArticleID == b.ArticleID && a.ArticleID != "" {
		// The coder already decided these are two events of one article.
		return -1
	}
	ts := typeScore(&a.Event, &b.Event)
	if ts < 0 {
		return -1
	}
	s := ts
	dup := a.Simhash != 0 && b.Simhash != 0 && NearDuplicate(a.Simhash, b.Simhash)
	g, pg := gapDays(a, b), pubGap(a, b)
	switch {
	case g < 0:
		// Unknown date: no evidence either way.
	case g == 0:
		// Overlap is strong evidence only when both dates are days; a month-precise report
		// overlaps everything that happened that month.
		switch max(timePrec(&a.Event), timePrec(&b.Event)) {
		case 1:
			s += 1.5
		case 2:
			s += 0.5
		}
	case g <= dateSlack && pg >= 0 && pg <= 1:
		if !nightCue(&a.Event) && !nightCue(&b.Event) {
			// Consecutive days in one place is as often two events (daily shelling of
			// a front-line town) as one; it takes more agreement.
			s -= 1.5
		}
	default:
		return -1
	}
	ps := placeScore(&a.Event, &b.Event)
	if ps < -1 {
		return -1
	}
	s += ps
	as := actorScore(&a.Event, &b.Event)
	if as < -1 {
		return -1
	}
	s += as
	if fa, fb := a.Event.Fatalities, b.Event.Fatalities; fa > 0 && fa == fb {
		s += 0.5
	}
	if dup && !namedApart(&a.Event, &b.Event) {
		s += dupBonus
	}
	return s
}

// namedApart reports whether two mentions name two different places at town level: when
// near-identical texts do that, the edit was the place, and the texts are a template ("On
// <date>, forces shelled <village>") rather than one story copied.
func namedApart(a, b *event.Event) bool {
	if prec(a) > 2 || prec(b) > 2 || a.Latitude == nil || b.Latitude == nil {
		return false
	}
	if a.GeonameID != 0 && a.GeonameID == b.GeonameID {
		return false
	}
	return distanceKm(a, b) > nearKm
}

// Same reports whether m reports the same real event as e, whose mentions are ms: m must be
// compatible with the event's reconciled record (its most precise date and place) and score at
// least the threshold with one of its mentions. Checking the record stops chains: a
// province-level report joins a town's event, but a second town in the province does not.
func Same(e *Event, ms []*Mention, m *Mention) bool {
	_, ok := best(e, ms, m)
	return ok
}

// Pick returns the event among candidates that m should join, or nil for a new event: the
// one with the highest score (see Same) among those m may join, ties to the smaller id —
// unless another event fits almost as well (within ambiguity): a vague report ("clashes in
// Idlib province on Tuesday") that fits two events of that day belongs to neither for sure,
// and merging it into one would make a false merge half the time. It stays an event of its
// own. ms holds each candidate's mentions by event id. Cluster decides the same way, so that
// an ingest one article at a time and a batch rebuild agree whenever reports arrive in order.
func Pick(candidates []*Event, ms map[string][]*Mention, m *Mention) *Event {
	var c chooser
	for _, e := range candidates {
		if s, ok := best(e, ms[e.ID], m); ok {
			c.offer(e.ID, s)
		}
	}
	for _, e := range candidates {
		if e.ID == c.pick() {
			return e
		}
	}
	return nil
}

// ambiguity is how much better than the runner-up the best event must fit a mention.
const ambiguity = 0.5

// chooser keeps the best and second-best score offered, for Pick and Cluster.
type chooser struct {
	top, second float64
	id          string
	n           int
}

func (c *chooser) offer(id string, s float64) {
	c.n++
	switch {
	case c.n == 1:
		c.top, c.id = s, id
	case s > c.top || s == c.top && id < c.id:
		c.second = c.top
		c.top, c.id = s, id
	case c.n == 2 || s > c.second:
		c.second = s
	}
}

// pick is the chosen id, or "" for none or an ambiguous choice.
func (c *chooser) pick() string {
	if c.n == 0 || c.n > 1 && c.top-c.second < ambiguity {
		return ""
	}
	return c.id
}

// best is the highest score m has with a mention of e, and whether m may join e.
func best(e *Event, ms []*Mention, m *Mention) (float64, bool) {
	for _, o := range ms {
		if o.ArticleID == m.ArticleID && o.ArticleID != "" {
			return 0, false
		}
	}
	if e != nil {
		rec := &Mention{ID: e.ID, Event: e.Record}
		if typeScore(&rec.Event, &m.Event) < 0 {
			return 0, false
		}
		if gapDays(rec, m) > dateSlack || placeScore(&rec.Event, &m.Event) < -1 {
			return 0, false
		}
	}
	// What rules two reports out rules m out of the event if it holds against any of its
	// reports, not just the record: without this, a chain of reports a day apart could walk
	// an event across a week, and reports could join through a vaguer one (a province, a
	// broader type) that is compatible with both.
	for _, o := range ms {
		if vetoed(o, m) {
			return 0, false
		}
	}
	top := math.Inf(-1)
	for _, o := range ms {
		if s := score(o, m); s > top {
			top = s
		}
	}
	return top, top >= threshold
}
