package alert

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// Alert is one firing of a rule for one period. It is what the store records, what
// GET /api/alerts lists, and the JSON body POSTed to the rule's webhook.
type Alert struct {
	// Key is the dedupe key, "<rule id>/<period from>": a rule fires once per period, and the
	// store refuses a second alert with the same key.
	Key  string `json:"key"`
	Rule Rule   `json:"rule"` // the rule as it was when it fired
	Kind string `json:"kind"` // "threshold" or "spike"
	// Period is the span counted. Partial is set when the period had not ended at FiredAt,
	// which is the common case: a rule fires as soon as the condition holds.
	Period   Period    `json:"period"`
	Partial  bool      `json:"partial"`
	FiredAt  time.Time `json:"fired_at"`
	Counts   Counts    `json:"counts"`
	Baseline *Baseline `json:"baseline,omitempty"` // spike rules only
	// SampleEventIDs are up to MaxSample matching events of the period, most deaths first.
	SampleEventIDs []string `json:"sample_event_ids"`
	Reason         string   `json:"reason"` // one line for people
}

// Kinds of alert.
const (
	KindThreshold = "threshold"
	KindSpike     = "spike"
)

// MaxSample is how many event ids an alert carries: enough to start reading, few enough to
// keep a webhook body small.
const MaxSample = 10

// Period is a span of whole UTC days, both ends included, as YYYY-MM-DD (like the API's
// event_date_from and event_date_to).
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Counts are what matched in a period.
type Counts struct {
	Events     int `json:"events"`
	Fatalities int `json:"fatalities"`
}

// Baseline is what a spike was measured against.
type Baseline struct {
	Metric string `json:"metric"`
	// Counts are the metric in each baseline period, oldest first.
	Counts []int   `json:"counts"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"` // sample standard deviation
	// Needed is the smallest count that would have fired (see Spike).
	Needed int `json:"needed"`
}

// anchor is the Monday that periods are aligned to, so that 7-day periods are ISO weeks
// (Monday to Sunday) and 1-day periods are calendar days.
var anchor = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

const dateLayout = "2006-01-02"

// dayNumber is the number of UTC days from anchor to t's date.
func dayNumber(t time.Time) int64 {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int64(d.Sub(anchor) / (24 * time.Hour))
}

func dayDate(n int64) time.Time { return anchor.AddDate(0, 0, int(n)) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// PeriodAt returns the period of the rule that contains t's UTC date. Periods are aligned,
// not rolling: WindowDays-day blocks counted from Monday 1970-01-05, so a 7-day rule counts
// Monday to Sunday; or calendar months for Window "month". Aligned periods make "once per
// period" well defined and match weekly and monthly reporting; the cost is that a burst
// straddling a boundary is split in two.
func (r *Rule) PeriodAt(t time.Time) Period {
	c := r.calendar()
	return c.period(c.index(dayNumber(t)))
}

// Span returns the event dates an evaluation at now needs (both ends included): the
// previous period (late reports) and the current one, plus a spike rule's baseline.
func (r *Rule) Span(now time.Time) (from, to time.Time) {
	c := r.calendar()
	today := dayNumber(now)
	return dayDate(c.start(c.first(r, today))), dayDate(today)
}

// calendar numbers a rule's periods: index maps a day number to its period, start gives a
// period's first day.
type calendar struct {
	days  int64 // period length; 0 for calendar months
	month bool
}

func (r *Rule) calendar() calendar {
	return calendar{days: int64(r.WindowDays), month: r.Window == WindowMonth}
}

func (c calendar) index(day int64) int64 {
	if c.month {
		t := dayDate(day)
		return int64(t.Year())*12 + int64(t.Month()) - 1
	}
	return floorDiv(day, c.days)
}

func (c calendar) start(idx int64) int64 {
	if c.month {
		y, m := floorDiv(idx, 12), idx-12*floorDiv(idx, 12)
		return dayNumber(time.Date(int(y), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC))
	}
	return idx * c.days
}

func (c calendar) period(idx int64) Period {
	return Period{From: dayDate(c.start(idx)).Format(dateLayout), To: dayDate(c.start(idx+1) - 1).Format(dateLayout)}
}

// first is the earliest period an evaluation on day today looks at.
func (c calendar) first(r *Rule, today int64) int64 {
	first := c.index(today) - 1
	if r.Spike != nil {
		first -= int64(r.Spike.BaselinePeriods)
	}
	return first
}

// item is an event prepared once for all rules.
type item struct {
	day   int64 // day number
	month int64 // calendar month index (year*12 + month - 1)
	ev    *event.Event
}

// prepare parses dates once, drops events without a valid date or dated after today, and
// drops repeated event ids so that a caller passing one row per mention cannot multiply
// counts.
func prepare(events []event.Event, today int64) []item {
	items := make([]item, 0, len(events))
	seen := make(map[string]bool, len(events))
	for i := range events {
		e := &events[i]
		t, err := time.Parse(dateLayout, e.EventDate)
		if err != nil {
			continue
		}
		d := dayNumber(t)
		if d > today {
			continue
		}
		if e.EventID != "" {
			if seen[e.EventID] {
				continue
			}
			seen[e.EventID] = true
		}
		items = append(items, item{day: d, month: int64(t.Year())*12 + int64(t.Month()) - 1, ev: e})
	}
	return items
}

// Evaluate returns the alerts the rules call for at now, given the events (typically those
// dated within the union of the rules' Span). It is pure: no clock but now, no I/O, no
// memory of earlier calls, so it returns the same alert again on every call while the
// condition holds; the store's dedupe on Alert.Key is what makes a rule fire once. It
// considers each rule's current period and the one before, so that reports arriving a few
// days late still fire for the period the events happened in. Disabled rules are skipped.
func Evaluate(rules []Rule, events []event.Event, now time.Time) []Alert {
	today := dayNumber(now)
	items := prepare(events, today)
	var out []Alert
	for i := range rules {
		if rules[i].Disabled {
			continue
		}
		out = append(out, evaluate(&rules[i], items, now, today)...)
	}
	return out
}

func evaluate(r *Rule, items []item, now time.Time, today int64) []Alert {
	c := r.calendar()
	cur := c.index(today)
	first := c.first(r, today)
	n := int(cur - first + 1)
	counts := make([]Counts, n)
	matched := make([][]*event.Event, 2) // previous and current period
	for _, it := range items {
		var p int64
		if c.month {
			p = it.month
		} else {
			p = floorDiv(it.day, c.days)
		}
		if p < first || p > cur || !r.Match(it.ev) || !r.countable(it.ev) {
			continue
		}
		cc := &counts[p-first]
		cc.Events++
		cc.Fatalities += max(it.ev.Fatalities, 0)
		if p >= cur-1 {
			matched[p-(cur-1)] = append(matched[p-(cur-1)], it.ev)
		}
	}
	var out []Alert
	for k, p := range []int64{cur - 1, cur} {
		pc := counts[p-first]
		a := Alert{Rule: *r, Counts: pc, FiredAt: now}
		fired := false
		if t := r.Threshold; t != nil {
			a.Kind = KindThreshold
			fired = t.Events > 0 && pc.Events >= t.Events || t.Fatalities > 0 && pc.Fatalities >= t.Fatalities
		} else {
			a.Kind = KindSpike
			base := make([]int, 0, r.Spike.BaselinePeriods)
			for q := p - int64(r.Spike.BaselinePeriods); q < p; q++ {
				base = append(base, r.Spike.metric(counts[q-first]))
			}
			a.Baseline = r.Spike.baseline(base)
			fired = r.Spike.metric(pc) >= a.Baseline.Needed
		}
		if !fired {
			continue
		}
		a.Period = c.period(p)
		a.Partial = c.start(p+1)-1 >= today
		a.Key = r.ID + "/" + a.Period.From
		a.SampleEventIDs = sample(matched[k])
		a.Reason = reason(&a)
		out = append(out, a)
	}
	return out
}

// Redacted returns the alert with its rule's webhook cut to scheme and host (see
// Rule.Redacted).
func (a Alert) Redacted() Alert {
	a.Rule = a.Rule.Redacted()
	return a
}

func (s *Spike) metric(c Counts) int {
	if s.Metric == MetricFatalities {
		return c.Fatalities
	}
	return c.Events
}

// baseline computes mean, sample sd and the smallest firing count (the rule in Spike's doc).
func (s *Spike) baseline(counts []int) *Baseline {
	b := &Baseline{Metric: s.Metric, Counts: counts}
	var sum float64
	for _, c := range counts {
		sum += float64(c)
	}
	b.Mean = sum / float64(len(counts))
	var ss float64
	for _, c := range counts {
		d := float64(c) - b.Mean
		ss += d * d
	}
	if len(counts) > 1 {
		b.SD = math.Sqrt(ss / float64(len(counts)-1))
	}
	spread := math.Max(b.SD, math.Sqrt(math.Max(b.Mean, 1)))
	needed := max(
		s.MinCount,
		int(math.Ceil(s.MinRatio*b.Mean-1e-9)),
		int(math.Floor(b.Mean+s.Z*spread))+1, // strictly above
	)
	b.Needed = needed
	return b
}

// countable reports whether an event's date is precise enough for the rule's periods: an
// event known only to its week or month cannot be placed in a shorter period.
func (r *Rule) countable(e *event.Event) bool {
	switch e.TimePrecision {
	case 2:
		return r.Window == WindowMonth || r.WindowDays >= 7
	case 3:
		return r.Window == WindowMonth || r.WindowDays >= 28
	}
	return true
}

// Match reports whether an event falls within the rule's area and filters (dates aside).
func (r *Rule) Match(e *event.Event) bool {
	a := &r.Area
	if a.Country != "" && !strings.EqualFold(a.Country, e.Country) && !strings.EqualFold(a.Country, e.ISO3) {
		return false
	}
	if a.Admin1 != "" && !strings.EqualFold(a.Admin1, e.Admin1) {
		return false
	}
	if a.Lat != nil {
		if e.Latitude == nil || e.Longitude == nil || e.GeoPrecision > 2 {
			return false
		}
		if DistanceKm(*a.Lat, *a.Lon, *e.Latitude, *e.Longitude) > a.RadiusKm {
			return false
		}
	}
	if len(r.EventTypes) > 0 && !contains(r.EventTypes, e.EventType) {
		return false
	}
	if len(r.SubEventTypes) > 0 && !contains(r.SubEventTypes, e.SubEventType) {
		return false
	}
	if len(r.Actors) > 0 && !actorMatch(r.Actors, e.Actor1) && !actorMatch(r.Actors, e.Actor2) {
		return false
	}
	return true
}

func actorMatch(names []string, a *event.Actor) bool {
	if a == nil || a.Name == "" {
		return false
	}
	name := strings.ToLower(a.Name)
	for _, n := range names {
		if strings.Contains(name, strings.ToLower(strings.TrimSpace(n))) {
			return true
		}
	}
	return false
}

// earthRadiusKm is the mean Earth radius (IUGG).
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance between two points in degrees.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// sample picks the ids to show first: most deaths, then latest, then by id for stability.
func sample(evs []*event.Event) []string {
	sort.Slice(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		if a.Fatalities != b.Fatalities {
			return a.Fatalities > b.Fatalities
		}
		if a.EventDate != b.EventDate {
			return a.EventDate > b.EventDate
		}
		return a.EventID < b.EventID
	})
	ids := make([]string, 0, min(len(evs), MaxSample))
	for _, e := range evs {
		if len(ids) == MaxSample {
			break
		}
		if e.EventID != "" {
			ids = append(ids, e.EventID)
		}
	}
	return ids
}

// String describes the area for people: "Homs, Syria", "within 50 km of 36.2000, 37.1500",
// "everywhere".
func (a Area) String() string {
	if a.Country == "" && a.Admin1 == "" && a.Lat == nil {
		return "everywhere"
	}
	var parts []string
	if a.Admin1 != "" {
		parts = append(parts, a.Admin1)
	}
	if a.Country != "" {
		parts = append(parts, a.Country)
	}
	s := strings.Join(parts, ", ")
	if a.Lat != nil {
		c := fmt.Sprintf("within %g km of %.4f, %.4f", a.RadiusKm, *a.Lat, *a.Lon)
		if s != "" {
			s += " " + c
		} else {
			s = c
		}
	}
	return s
}

// phrase is the area as it reads after a count: "in Homs, Syria", "within 50 km of ...".
func (a Area) phrase() string {
	s := a.String()
	if s == "everywhere" || strings.HasPrefix(s, "within") {
		return s
	}
	return "in " + s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func reason(a *Alert) string {
	what := fmt.Sprintf("%s, %s %s from %s to %s", plural(a.Counts.Events, "event", "events"), plural(a.Counts.Fatalities, "fatality", "fatalities"),
		a.Rule.Area.phrase(), a.Period.From, a.Period.To)
	if a.Partial {
		what += " (so far)"
	}
	if t := a.Rule.Threshold; t != nil {
		var lim []string
		if t.Events > 0 {
			lim = append(lim, plural(t.Events, "event", "events"))
		}
		if t.Fatalities > 0 {
			lim = append(lim, plural(t.Fatalities, "fatality", "fatalities"))
		}
		return what + "; threshold " + strings.Join(lim, " or ")
	}
	b := a.Baseline
	return fmt.Sprintf("%s; %s baseline mean %.1f (sd %.1f) over the previous %d periods, spike from %d",
		what, b.Metric, b.Mean, b.SD, len(b.Counts), b.Needed)
}
