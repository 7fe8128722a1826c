package alert

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// now is a Thursday: the current 7-day period is Monday 2026-11-23 to Sunday 2026-11-29.
var now = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

// gen makes synthetic events; each call to add gives them unique ids.
type gen struct {
	n      int
	events []event.Event
}

func (g *gen) add(date, country, admin1, typ string, fatalities int) *event.Event {
	g.n++
	e := event.Event{
		EventID: fmt.Sprintf("e%04d", g.n), EventDate: date, TimePrecision: 1,
		EventType: typ, Country: country, Admin1: admin1, Fatalities: fatalities,
	}
	g.events = append(g.events, e)
	return &g.events[len(g.events)-1]
}

func day(offset int) string { return now.AddDate(0, 0, offset).Format(dateLayout) }

func mustRule(t *testing.T, r Rule) Rule {
	t.Helper()
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPeriodAt(t *testing.T) {
	r := Rule{WindowDays: 7}
	for _, tc := range []struct {
		t    time.Time
		want Period
	}{
		{now, Period{"2026-11-23", "2026-11-29"}},
		{time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Period{"2026-11-23", "2026-11-29"}},
		{time.Date(2026, 11, 29, 23, 59, 0, 0, time.UTC), Period{"2026-11-23", "2026-11-29"}},
		{time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), Period{"1969-12-29", "1970-01-04"}}, // before the anchor
		// A time in another zone is counted by its UTC date.
		{time.Date(2026, 11, 30, 1, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), Period{"2026-11-23", "2026-11-29"}},
	} {
		if got := r.PeriodAt(tc.t); got != tc.want {
			t.Errorf("PeriodAt(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	if got := (&Rule{WindowDays: 1}).PeriodAt(now); got != (Period{"2026-11-26", "2026-11-26"}) {
		t.Errorf("1-day period %v", got)
	}
}

func TestDistanceKm(t *testing.T) {
	for _, tc := range []struct {
		lat1, lon1, lat2, lon2, want float64
	}{
		{0, 0, 0, 1, 111.195},               // one degree on the equator
		{0, 0, 90, 0, 10007.557},            // equator to pole
		{10, 179.5, 10, -179.5, 109.50},     // across the antimeridian
		{45, 30, 45, 30, 0},                 // same point
		{0, 0, 0, 180, math.Pi * 6371.0088}, // antipodes
	} {
		if got := DistanceKm(tc.lat1, tc.lon1, tc.lat2, tc.lon2); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("DistanceKm(%v,%v,%v,%v) = %.3f, want %.3f", tc.lat1, tc.lon1, tc.lat2, tc.lon2, got, tc.want)
		}
	}
}

func TestThreshold(t *testing.T) {
	var g gen
	g.add(day(-3), "Syria", "Homs", event.Battles, 2) // Monday, current week
	g.add(day(-1), "Syria", "Homs", event.Battles, 0)
	g.add(day(0), "Syria", "Homs", event.Explosions, 5)
	g.add(day(-4), "Syria", "Homs", event.Battles, 50) // Sunday: the previous week
	g.add(day(1), "Syria", "Homs", event.Battles, 9)   // tomorrow: a coding error, ignored
	g.add(day(-2), "Syria", "Idlib", event.Battles, 40)
	g.add(day(-2), "Iraq", "Homs", event.Battles, 40) // same admin1 name, other country
	g.add("not a date", "Syria", "Homs", event.Battles, 40)
	homs := Area{Country: "syria", Admin1: "HOMS"}
	for _, tc := range []struct {
		name string
		th   Threshold
		want []string // keys' periods that fire
	}{
		{"three events", Threshold{Events: 3}, []string{"2026-11-23"}},
		{"four events", Threshold{Events: 4}, nil},
		{"seven fatalities", Threshold{Fatalities: 7}, []string{"2026-11-16", "2026-11-23"}},
		{"eight fatalities", Threshold{Fatalities: 8}, []string{"2026-11-16"}},
		{"either", Threshold{Events: 3, Fatalities: 1000}, []string{"2026-11-23"}},
		{"one event", Threshold{Events: 1}, []string{"2026-11-16", "2026-11-23"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRule(t, Rule{ID: "t", Area: homs, WindowDays: 7, Threshold: &tc.th})
			var got []string
			for _, a := range Evaluate([]Rule{r}, g.events, now) {
				got = append(got, a.Period.From)
				if a.Key != "t/"+a.Period.From || a.Kind != KindThreshold {
					t.Errorf("key %q kind %q", a.Key, a.Kind)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("fired for %v, want %v", got, tc.want)
			}
		})
	}
	r := mustRule(t, Rule{ID: "t", Area: homs, WindowDays: 7, Threshold: &Threshold{Events: 3}})
	a := Evaluate([]Rule{r}, g.events, now)[0]
	if a.Counts != (Counts{Events: 3, Fatalities: 7}) || !a.Partial || a.Period.To != "2026-11-29" {
		t.Errorf("alert %+v", a)
	}
	if want := []string{"e0003", "e0001", "e0002"}; !slices.Equal(a.SampleEventIDs, want) {
		t.Errorf("sample %v, want %v (most deaths first)", a.SampleEventIDs, want)
	}
	everywhere := mustRule(t, Rule{ID: "w", WindowDays: 7, Threshold: &Threshold{Events: 5}})
	if got := Evaluate([]Rule{everywhere}, g.events, now); len(got) != 1 || got[0].Counts.Events != 5 ||
		got[0].Reason != "5 events, 87 fatalities everywhere from 2026-11-23 to 2026-11-29 (so far); threshold 5 events" {
		t.Errorf("rule for everywhere: %+v", got)
	}
	r.Disabled = true
	if got := Evaluate([]Rule{r}, g.events, now); len(got) != 0 {
		t.Errorf("disabled rule fired: %v", got)
	}
}

func TestRadiusArea(t *testing.T) {
	lat, lon := 10.0, 20.0
	r := mustRule(t, Rule{ID: "near", Area: Area{Lat: &lat, Lon: &lon, RadiusKm: 50}, WindowDays: 7, Threshold: &Threshold{Events: 1}})
	at := func(dlat, dlon float64, prec int) event.Event {
		la, lo := lat+dlat, lon+dlon
		return event.Event{EventID: "x", EventDate: day(0), EventType: event.Battles, Latitude: &la, Longitude: &lo, GeoPrecision: prec}
	}
	// 0.4° of latitude is 44.5 km, 0.5° is 55.6 km; 0.45° of longitude at 10°N is 49.3 km.
	for _, tc := range []struct {
		name string
		e    event.Event
		want bool
	}{
		{"centre", at(0, 0, 1), true},
		{"44 km north", at(0.4, 0, 1), true},
		{"56 km south", at(-0.5, 0, 1), false},
		{"49 km east", at(0, 0.45, 2), true},
		{"60 km east", at(0, 0.55, 1), false},
		{"region centroid inside", at(0.1, 0, 3), false},
		{"no coordinates", event.Event{EventID: "x", EventDate: day(0)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.Match(&tc.e); got != tc.want {
				t.Errorf("Match = %v, want %v (distance %.1f km)", got, tc.want, distTo(tc.e, lat, lon))
			}
			if got := len(Evaluate([]Rule{r}, []event.Event{tc.e}, now)) == 1; got != tc.want {
				t.Errorf("fired = %v, want %v", got, tc.want)
			}
		})
	}
	// Country and radius together: both must hold.
	r.Area.Country = "Chad"
	e := at(0, 0, 1)
	if r.Match(&e) {
		t.Error("radius with a country matched an event with no country")
	}
}

func distTo(e event.Event, lat, lon float64) float64 {
	if e.Latitude == nil {
		return math.NaN()
	}
	return DistanceKm(lat, lon, *e.Latitude, *e.Longitude)
}

func TestFilters(t *testing.T) {
	isState := &event.Actor{Name: "Islamic State (Syria)", Inter: 2}
	army := &event.Actor{Name: "Military Forces of Syria", Inter: 1}
	civ := &event.Actor{Name: "Civilians (Syria)", Inter: 7}
	evs := map[string]event.Event{
		"clash":   {EventType: event.Battles, SubEventType: "Armed clash", Actor1: army, Actor2: isState},
		"airstr":  {EventType: event.Explosions, SubEventType: "Air/drone strike", Actor1: army, Actor2: civ},
		"attack":  {EventType: event.ViolenceCivilians, SubEventType: "Attack", Actor1: isState, Actor2: civ},
		"protest": {EventType: event.Protests, SubEventType: "Peaceful protest", Actor1: &event.Actor{Name: "Protesters (Syria)"}},
		"noactor": {EventType: event.Battles, SubEventType: "Armed clash"},
	}
	for _, tc := range []struct {
		name  string
		rule  Rule
		match []string
	}{
		{"no filter", Rule{}, []string{"airstr", "attack", "clash", "noactor", "protest"}},
		{"types", Rule{EventTypes: []string{event.Battles, event.Explosions}}, []string{"airstr", "clash", "noactor"}},
		{"sub-type", Rule{SubEventTypes: []string{"Attack", "Air/drone strike"}}, []string{"airstr", "attack"}},
		{"type and sub-type", Rule{EventTypes: []string{event.Explosions}, SubEventTypes: []string{"Air/drone strike"}}, []string{"airstr"}},
		{"actor substring, either side", Rule{Actors: []string{"islamic state"}}, []string{"attack", "clash"}},
		{"any of two actors", Rule{Actors: []string{"Islamic State", "protesters"}}, []string{"attack", "clash", "protest"}},
		{"actor and type", Rule{Actors: []string{"Islamic State"}, EventTypes: []string{event.Battles}}, []string{"clash"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rule
			r.ID, r.Area, r.WindowDays, r.Threshold = "f", Area{Country: "SYR"}, 7, &Threshold{Events: 1}
			r = mustRule(t, r)
			var got []string
			for k, e := range evs {
				e.ISO3, e.EventDate, e.EventID = "SYR", day(0), k
				if r.Match(&e) {
					got = append(got, k)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.match) {
				t.Errorf("matched %v, want %v", got, tc.match)
			}
		})
	}
}

// weekly builds counts[i] events in each of the weeks before the current one (counts[0] the
// oldest), spread over the week's days, plus cur events in the current week so far.
func weekly(g *gen, admin1 string, counts []int, cur int) {
	for i, c := range counts {
		weeksAgo := len(counts) - i
		for j := 0; j < c; j++ {
			g.add(day(-3-7*weeksAgo+j%7), "Syria", admin1, event.Battles, j%3)
		}
	}
	for j := 0; j < cur; j++ {
		g.add(day(-3+j%4), "Syria", admin1, event.Battles, 1) // Monday to Thursday
	}
}

func spikeRule(t *testing.T, admin1 string) Rule {
	return mustRule(t, Rule{ID: "s", Area: Area{Country: "Syria", Admin1: admin1}, WindowDays: 7, Spike: &Spike{}})
}

func TestSpike(t *testing.T) {
	for _, tc := range []struct {
		name string
		base []int // the nine weeks before the current one, oldest first
		cur  int
		want bool
	}{
		{"three times a steady 5", []int{5, 5, 5, 5, 5, 5, 5, 5, 5}, 15, true},
		{"steady 5", []int{5, 5, 5, 5, 5, 5, 5, 5, 5}, 5, false},
		{"steady 5, one more", []int{5, 5, 5, 5, 5, 5, 5, 5, 5}, 7, false},
		{"0 to 1", []int{0, 0, 0, 0, 0, 0, 0, 0, 0}, 1, false},
		{"0 to 4", []int{0, 0, 0, 0, 0, 0, 0, 0, 0}, 4, false},
		{"0 to 5", []int{0, 0, 0, 0, 0, 0, 0, 0, 0}, 5, true},
		{"steady 4 at its edge", []int{4, 4, 4, 4, 4, 4, 4, 4, 4}, 10, false},
		{"steady 4 past it", []int{4, 4, 4, 4, 4, 4, 4, 4, 4}, 11, true},
		{"steady 10 at 19", []int{10, 10, 10, 10, 10, 10, 10, 10, 10}, 19, false},
		{"steady 10 at 20", []int{10, 10, 10, 10, 10, 10, 10, 10, 10}, 20, true},
		{"noisy baseline, 3x its mean", []int{0, 2, 12, 1, 0, 14, 3, 0, 8}, 15, false},
		{"large baseline, ratio", []int{100, 100, 100, 100, 100, 100, 100, 100, 100}, 140, false},
		{"large baseline, 1.5x", []int{100, 100, 100, 100, 100, 100, 100, 100, 100}, 150, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var g gen
			weekly(&g, "Homs", tc.base, tc.cur)
			r := spikeRule(t, "Homs")
			var fired []Alert
			for _, a := range Evaluate([]Rule{r}, g.events, now) {
				if a.Period.From == "2026-11-23" {
					fired = append(fired, a)
				} else {
					t.Errorf("previous week fired: %s", a.Reason)
				}
			}
			if (len(fired) == 1) != tc.want {
				t.Fatalf("fired %v, want %v", fired, tc.want)
			}
			if tc.want {
				a := fired[0]
				if a.Kind != KindSpike || a.Counts.Events != tc.cur || !slices.Equal(a.Baseline.Counts, tc.base[1:]) {
					t.Errorf("alert %+v baseline %+v", a, *a.Baseline)
				}
			}
		})
	}
}

// A steady but noisy baseline (Poisson counts, fixed seed) seldom fires: the rule's false
// alarm rate is measured here over 2,000 simulated quarters and must stay under 0.5% of
// evaluated weeks (at z 3 a Poisson count passes mean + 3 sd about 0.2-0.5% of the time).
func TestSpikeSteadyNoFalseFire(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const trials = 2000
	fires := 0
	for trial := 0; trial < trials; trial++ {
		mean := float64(1 + rng.IntN(40))
		var g gen
		counts := make([]int, 9)
		for i := range counts {
			counts[i] = poisson(rng, mean)
		}
		weekly(&g, "Homs", counts, poisson(rng, mean)) // the current week at its normal level
		fires += len(Evaluate([]Rule{spikeRule(t, "Homs")}, g.events, now))
	}
	rate := float64(fires) / (2 * trials) // two weeks evaluated per trial
	t.Logf("false alarms: %d of %d evaluated weeks (%.2f%%)", fires, 2*trials, 100*rate)
	if rate > 0.005 {
		t.Errorf("false alarm rate %.2f%%", 100*rate)
	}
}

func poisson(rng *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func TestSpikeFatalities(t *testing.T) {
	var g gen
	for w := 1; w <= 9; w++ {
		g.add(day(-3-7*w), "Syria", "Homs", event.Battles, 3)
	}
	g.add(day(-1), "Syria", "Homs", event.Battles, 40) // one event, many deaths
	r := mustRule(t, Rule{ID: "s", Area: Area{Admin1: "Homs"}, WindowDays: 7, Spike: &Spike{Metric: MetricFatalities}})
	got := Evaluate([]Rule{r}, g.events, now)
	if len(got) != 1 || got[0].Baseline.Metric != MetricFatalities || got[0].Baseline.Mean != 3 {
		t.Fatalf("got %+v", got)
	}
	r = spikeRule(t, "Homs") // by events it is one event against one a week
	if got := Evaluate([]Rule{r}, g.events, now); len(got) != 0 {
		t.Errorf("event-count spike fired: %s", got[0].Reason)
	}
}

func TestSpikeLateReportsFirePreviousPeriod(t *testing.T) {
	var g gen
	weekly(&g, "Homs", []int{2, 2, 2, 2, 2, 2, 2, 2, 2, 12}, 0) // last week spiked
	got := Evaluate([]Rule{spikeRule(t, "Homs")}, g.events, now)
	if len(got) != 1 || got[0].Period != (Period{"2026-11-16", "2026-11-22"}) || got[0].Partial {
		t.Fatalf("got %+v", got)
	}
	if got[0].Baseline.Counts[0] != 2 || len(got[0].Baseline.Counts) != 8 {
		t.Errorf("baseline of the previous week %v", got[0].Baseline.Counts)
	}
}

func TestPrecisionAndDuplicates(t *testing.T) {
	var g gen
	g.add(day(-3), "Syria", "Homs", event.Battles, 0).TimePrecision = 2 // known to the week
	g.add(day(-3), "Syria", "Homs", event.Battles, 0).TimePrecision = 3 // known to the month
	dup := g.add(day(0), "Syria", "Homs", event.Battles, 0)
	g.events = append(g.events, *dup, *dup) // the same event three times
	count := func(window int) int {
		r := mustRule(t, Rule{ID: "p", Area: Area{Admin1: "Homs"}, WindowDays: window, Threshold: &Threshold{Events: 1}})
		for _, a := range Evaluate([]Rule{r}, g.events, now) {
			if a.Partial {
				return a.Counts.Events
			}
		}
		return 0
	}
	if got := count(7); got != 2 {
		t.Errorf("7-day window counted %d, want 2 (day and week precision, once each)", got)
	}
	if got := count(28); got != 3 {
		t.Errorf("28-day window counted %d, want 3", got)
	}
	if got := count(3); got != 1 {
		t.Errorf("3-day window counted %d, want 1", got)
	}
}

func TestSpan(t *testing.T) {
	r := spikeRule(t, "Homs")
	from, to := r.Span(now)
	if from.Format(dateLayout) != "2026-09-21" || to.Format(dateLayout) != "2026-11-26" {
		t.Errorf("spike span %v..%v", from, to)
	}
	r = mustRule(t, Rule{ID: "t", Area: Area{Admin1: "Homs"}, WindowDays: 7, Threshold: &Threshold{Events: 1}})
	from, _ = r.Span(now)
	if from.Format(dateLayout) != "2026-11-16" {
		t.Errorf("threshold span from %v", from)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	var g gen
	admin1s := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 50000; i++ {
		g.add(day(-rng.IntN(70)), "Syria", admin1s[rng.IntN(len(admin1s))], event.Battles, rng.IntN(4))
	}
	var rules []Rule
	for i, a := range admin1s {
		r := Rule{ID: fmt.Sprint("r", i), Area: Area{Country: "Syria", Admin1: a}, WindowDays: 7, Spike: &Spike{}}
		if err := r.Normalize(); err != nil {
			b.Fatal(err)
		}
		rules = append(rules, r)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(rules, g.events, now)
	}
}

func TestCalendarMonths(t *testing.T) {
	r := mustRule(t, Rule{ID: "m", Area: Area{Admin1: "Homs"}, Window: "Month", Spike: &Spike{}})
	if r.Window != WindowMonth {
		t.Fatalf("window %q", r.Window)
	}
	for _, tc := range []struct {
		t    time.Time
		want Period
	}{
		{now, Period{"2026-11-01", "2026-11-30"}},
		{time.Date(2028, 2, 10, 0, 0, 0, 0, time.UTC), Period{"2028-02-01", "2028-02-29"}},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), Period{"2026-12-01", "2026-12-31"}},
		{time.Date(1969, 12, 15, 0, 0, 0, 0, time.UTC), Period{"1969-12-01", "1969-12-31"}},
	} {
		if got := r.PeriodAt(tc.t); got != tc.want {
			t.Errorf("PeriodAt(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	if from, _ := r.Span(now); from.Format(dateLayout) != "2026-02-01" {
		t.Errorf("span from %v, want 2026-02-01 (October and the eight months before it)", from)
	}
	// Ten events on the 3rd of each of the nine months before November, forty in November.
	var g gen
	for m := 2; m <= 10; m++ {
		for j := 0; j < 10; j++ {
			g.add(time.Date(2026, time.Month(m), 3+j, 0, 0, 0, 0, time.UTC).Format(dateLayout), "Syria", "Homs", event.Battles, 0)
		}
	}
	for j := 0; j < 40; j++ {
		e := g.add(time.Date(2026, 11, 1+j%20, 0, 0, 0, 0, time.UTC).Format(dateLayout), "Syria", "Homs", event.Battles, 0)
		if j == 0 {
			e.TimePrecision = 3 // known to the month: counts in a monthly rule
		}
	}
	got := Evaluate([]Rule{r}, g.events, now)
	if len(got) != 1 || got[0].Key != "m/2026-11-01" || got[0].Period.To != "2026-11-30" || !got[0].Partial ||
		got[0].Counts.Events != 40 || got[0].Baseline.Mean != 10 {
		t.Fatalf("monthly spike: %+v", got)
	}
}
