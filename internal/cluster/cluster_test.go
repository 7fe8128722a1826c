package cluster

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

func f64(v float64) *float64 { return &v }

// place is a coded place; the coordinates are rounded and only need to be about right.
type place struct {
	iso3, admin1, loc string
	lat, lon          float64
	prec              int
}

var (
	ariha    = place{"SYR", "Idlib", "Ariha", 35.81, 36.61, 1}
	idlibGov = place{"SYR", "Idlib", "Idlib", 35.9, 36.6, 3}
	saraqib  = place{"SYR", "Idlib", "Saraqib", 35.86, 36.80, 1} // ~18 km from Ariha
	aleppo   = place{"SYR", "Aleppo", "Aleppo", 36.20, 37.16, 1} // ~65 km from Ariha
	kharkiv  = place{"UKR", "Kharkiv", "Kharkiv", 49.99, 36.23, 1}
	balak    = place{"UKR", "Kharkiv", "Balakliia", 49.46, 36.86, 1} // ~72 km from Kharkiv
	oblast   = place{"UKR", "Kharkiv Oblast", "Kharkiv", 49.5, 36.5, 3}
	omdurman = place{"SDN", "Khartoum", "Omdurman", 15.64, 32.48, 1}
)

var (
	army   = &event.Actor{Name: "Military Forces of Syria", Inter: 1, Country: "SYR"}
	hts    = &event.Actor{Name: "Hayat Tahrir al-Sham", Inter: 2, Country: "SYR"}
	civs   = &event.Actor{Name: "Civilians (Syria)", Inter: 7}
	gunmen = &event.Actor{Name: "Unidentified Armed Group (Syria)", Inter: 3}
	saf    = &event.Actor{Name: "Military Forces of Sudan", Inter: 1}
	rsf    = &event.Actor{Name: "Rapid Support Forces", Inter: 3}
	crowd  = &event.Actor{Name: "Protesters (Sudan)", Inter: 6}
	ua     = &event.Actor{Name: "Civilians (Ukraine)", Inter: 7}
	ru     = &event.Actor{Name: "Military Forces of Russia", Inter: 8}
	isis   = &event.Actor{Name: "Islamic State", Inter: 2}
	sdf    = &event.Actor{Name: "Syrian Democratic Forces", Inter: 2}
)

// m builds a mention: article id, outlet, published day, sub-event type, event date and
// precision, place, fatalities, actors.
func m(art, outlet, pub, sub, date string, tp int, p place, fat int, a1, a2 *event.Actor) *Mention {
	pt, _ := time.Parse("2006-01-02", pub)
	return &Mention{
		ID: art + "#1", ArticleID: art, Outlet: outlet, Published: pt,
		Event: event.Event{
			DocID: art, EventID: art + "#1", EventDate: date, TimePrecision: tp,
			EventType: event.TypeOf(sub), SubEventType: sub, Actor1: a1, Actor2: a2,
			Country: p.iso3, ISO3: p.iso3, Admin1: p.admin1, Location: p.loc,
			Latitude: f64(p.lat), Longitude: f64(p.lon), GeoPrecision: p.prec,
			Fatalities: fat, FatalitiesLow: fat, FatalitiesHigh: fat, Source: outlet,
		},
	}
}

// night gives a mention an evidence sentence that places the event overnight.
func night(x *Mention) *Mention {
	x.Event.Evidence.Text = "Drones attacked the city overnight, killing two people."
	return x
}

const (
	shell   = "Shelling/artillery/missile attack"
	clash   = "Armed clash"
	attack  = "Attack"
	protest = "Peaceful protest"
	ied     = "Remote explosive/landmine/IED"
)

func TestSame(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b *Mention
		want bool
	}{
		{"same town same day, different words",
			m("a", "A", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs),
			m("b", "B", "2024-11-06", shell, "2024-11-05", 1, ariha, 3, army, nil), true},
		{"village and its province",
			m("a", "A", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs),
			m("b", "B", "2024-11-05", shell, "2024-11-05", 1, idlibGov, 3, army, civs), true},
		{"oblast named with and without 'Oblast'",
			m("a", "A", "2024-11-15", shell, "2024-11-15", 1, kharkiv, 3, ru, ua),
			m("b", "B", "2024-11-16", shell, "2024-11-15", 1, oblast, 3, nil, ua), true},
		{"clash and shelling in one town, shared actor",
			m("a", "A", "2024-11-05", clash, "2024-11-05", 1, ariha, 0, army, hts),
			m("b", "B", "2024-11-05", shell, "2024-11-05", 1, ariha, 2, army, civs), true},
		{"neighbouring town, same actors and type",
			m("a", "A", "2024-11-05", clash, "2024-11-05", 1, ariha, 2, army, hts),
			m("b", "B", "2024-11-05", clash, "2024-11-05", 1, saraqib, 2, hts, army), true},
		{"overnight: adjacent days, same town, same toll",
			night(m("a", "A", "2024-11-25", shell, "2024-11-24", 1, kharkiv, 2, nil, ua)),
			m("b", "B", "2024-11-25", shell, "2024-11-25", 1, kharkiv, 2, nil, ua), true},
		{"adjacent days, same town, same toll, no sign of a night",
			m("a", "A", "2024-11-24", shell, "2024-11-24", 1, kharkiv, 2, nil, ua),
			m("b", "B", "2024-11-25", shell, "2024-11-25", 1, kharkiv, 2, nil, ua), false},
		{"same town, two days apart",
			m("a", "A", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs),
			m("b", "B", "2024-11-07", shell, "2024-11-07", 1, ariha, 1, army, civs), false},
		{"same day, towns 70 km apart",
			m("a", "A", "2024-11-15", shell, "2024-11-15", 1, kharkiv, 3, ru, ua),
			m("b", "B", "2024-11-15", shell, "2024-11-15", 1, balak, 1, ru, ua), false},
		{"same day, different provinces",
			m("a", "A", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs),
			m("b", "B", "2024-11-05", shell, "2024-11-05", 1, aleppo, 4, army, civs), false},
		{"protest and clash, same city, same day",
			m("a", "A", "2024-11-12", protest, "2024-11-12", 1, omdurman, 0, crowd, nil),
			m("b", "B", "2024-11-12", clash, "2024-11-12", 1, omdurman, 0, saf, rsf), false},
		{"different named sides on both",
			m("a", "A", "2024-11-05", clash, "2024-11-05", 1, ariha, 0, army, hts),
			m("b", "B", "2024-11-05", clash, "2024-11-05", 1, ariha, 0, isis, sdf), false},
		{"month-precise background mention",
			m("a", "A", "2024-11-15", shell, "2024-11-15", 1, kharkiv, 3, ru, ua),
			m("b", "B", "2024-11-15", shell, "2024-11-01", 3, kharkiv, 0, nil, nil), false},
		{"country differs",
			m("a", "A", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs),
			m("b", "B", "2024-11-05", shell, "2024-11-05", 1, kharkiv, 4, army, civs), false},
		{"generic attacker is no contradiction",
			m("a", "A", "2024-11-05", attack, "2024-11-05", 1, ariha, 2, gunmen, civs),
			m("b", "B", "2024-11-05", attack, "2024-11-05", 1, ariha, 2, hts, civs), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, order := range [][2]*Mention{{tc.a, tc.b}, {tc.b, tc.a}} {
				e := Reconcile("e", []*Mention{order[0]})
				if got := Same(e, []*Mention{order[0]}, order[1]); got != tc.want {
					t.Errorf("Same(%s, %s) = %v, want %v (score %.2f)", order[0].ID, order[1].ID, got, tc.want, score(order[0], order[1]))
				}
			}
		})
	}
}

// TestSameStopsChains: a province-level report joins a town's event, but then a second town
// in that province must not join through it.
func TestSameStopsChains(t *testing.T) {
	town := m("a", "A", "2024-11-05", clash, "2024-11-05", 1, ariha, 2, army, hts)
	prov := m("b", "B", "2024-11-05", clash, "2024-11-05", 1, idlibGov, 2, army, hts)
	far := m("c", "C", "2024-11-05", clash, "2024-11-05", 1, place{"SYR", "Idlib", "Harim", 36.21, 36.52, 1}, 2, army, hts)
	ms := []*Mention{town, prov}
	e := Reconcile("e", ms)
	if !Same(Reconcile("e", ms[:1]), ms[:1], prov) {
		t.Fatal("province report should join the town's event")
	}
	if Same(e, ms, far) {
		t.Error("a town 45 km away joined through the province-level report")
	}
}

func TestWireCopy(t *testing.T) {
	text := "A roadside bomb struck a vehicle carrying members of the Syrian Democratic Forces near the town of al-Busayrah in eastern Deir ez-Zor province on Tuesday, killing two fighters, a local monitoring group said. The explosion hit the pickup truck as it travelled along the road that follows the Euphrates."
	edited := "A roadside bomb hit a vehicle carrying members of the Syrian Democratic Forces near the town of al-Busayrah in eastern Deir ez-Zor province on Tuesday, killing two fighters, a local monitoring group said. The explosion hit the pickup as it travelled along the road that follows the Euphrates."
	busayrah := place{"SYR", "Deir ez-Zor", "Al Busayrah", 35.16, 40.43, 1}
	deir := place{"SYR", "Deir ez-Zor", "Deir ez-Zor", 35.3, 40.1, 3}
	a := m("a", "A", "2024-11-05", ied, "2024-11-05", 1, busayrah, 2, sdf, nil)
	// The copy's small edit changed what the coder made of it: the province instead of the
	// town, an attack rather than a bomb, no actor, no toll. Without the text, too little
	// agrees.
	b := m("b", "B", "2024-11-05", attack, "2024-11-05", 1, deir, 0, nil, nil)
	if Same(Reconcile("e", []*Mention{a}), []*Mention{a}, b) {
		t.Fatal("without text, a vaguer report a day later joined")
	}
	a.Simhash, b.Simhash = Simhash(text), Simhash(edited)
	if !NearDuplicate(a.Simhash, b.Simhash) {
		t.Fatalf("edited copy not a near duplicate: %d bits apart", hamming(a.Simhash, b.Simhash))
	}
	if !Same(Reconcile("e", []*Mention{a}), []*Mention{a}, b) {
		t.Error("wire copy did not join")
	}
	// A template repeated two days later is another event, however alike the texts.
	c := m("c", "C", "2024-11-07", ied, "2024-11-07", 1, busayrah, 2, sdf, nil)
	c.Simhash = a.Simhash
	if Same(Reconcile("e", []*Mention{a}), []*Mention{a}, c) {
		t.Error("a near-identical report of two days later joined")
	}
}

// TestNoDateDrift: reports a day apart may join, but not a chain of them walking across days.
func TestNoDateDrift(t *testing.T) {
	var ms []*Mention
	for i, d := range []string{"2024-11-05", "2024-11-06", "2024-11-06", "2024-11-07", "2024-11-08"} {
		ms = append(ms, m(fmt.Sprint("r", i), "X", d, shell, d, 1, ariha, 2, army, civs))
	}
	for _, e := range Cluster(ms) {
		lo, hi := "9999", ""
		for _, id := range e.Mentions {
			for _, x := range ms {
				if x.ID == id {
					lo, hi = min(lo, x.Event.EventDate), max(hi, x.Event.EventDate)
				}
			}
		}
		if lo != hi && dayNumber(hi)-dayNumber(lo) > 1 {
			t.Errorf("event %s spans %s..%s", e.ID, lo, hi)
		}
	}
}

func dayNumber(s string) int64 {
	y, m, d, _ := parseDate(s)
	return civilDay(y, m, d)
}

func hamming(a, b uint64) int {
	n := 0
	for x := a ^ b; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func TestSimhash(t *testing.T) {
	if Simhash("") != 0 {
		t.Error("empty text should hash to 0")
	}
	if NearDuplicate(0, 0) {
		t.Error("empty texts are not duplicates of each other")
	}
	a := Simhash("Gunmen opened fire on a checkpoint at the western entrance of the city on Friday evening, killing two members of the force, a security source said. The attackers fled on a motorcycle.")
	b := Simhash("Hundreds of people demonstrated in the city on Friday against a conscription campaign by the authorities, chanting slogans and carrying banners, and marched to a local administration building.")
	if NearDuplicate(a, b) {
		t.Errorf("unrelated reports are near duplicates (%d bits)", hamming(a, b))
	}
}

func TestReconcile(t *testing.T) {
	a := m("a", "Wire", "2024-11-05", shell, "2024-11-05", 1, idlibGov, 3, army, nil)
	b := m("b", "Monitor", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs)
	c := m("c", "Bulletin", "2024-11-06", clash, "2024-11-01", 2, ariha, 4, nil, nil)
	c.Event.FatalitiesHigh = 6
	d := m("d", "Monitor", "2024-11-07", shell, "2024-11-05", 1, ariha, 0, nil, nil) // no toll given
	e := Reconcile("ev", []*Mention{d, c, b, a})
	r := e.Record
	if r.EventID != "ev" || e.ID != "ev" {
		t.Errorf("id %q / %q", e.ID, r.EventID)
	}
	if r.Fatalities != 3 || r.FatalitiesLow != 3 || r.FatalitiesHigh != 6 || e.FatalitiesBest != 4 {
		t.Errorf("fatalities %d low %d high %d best %d, want 3 3 6 4", r.Fatalities, r.FatalitiesLow, r.FatalitiesHigh, e.FatalitiesBest)
	}
	if r.Location != "Ariha" || r.GeoPrecision != 1 || e.Supplied["location"] != "b#1" {
		t.Errorf("place %s/%d from %s, want Ariha/1 from b#1", r.Location, r.GeoPrecision, e.Supplied["location"])
	}
	if r.EventDate != "2024-11-05" || r.TimePrecision != 1 || e.Supplied["event_date"] != "a#1" {
		t.Errorf("date %s/%d from %s, want 2024-11-05/1 from a#1", r.EventDate, r.TimePrecision, e.Supplied["event_date"])
	}
	if r.SubEventType != shell || e.Supplied["sub_event_type"] != "a#1" {
		t.Errorf("type %s from %s", r.SubEventType, e.Supplied["sub_event_type"])
	}
	if r.Actor2 == nil || r.Actor2.Name != civs.Name || e.Supplied["actor1"] != "b#1" {
		t.Errorf("actors from %s: %+v %+v", e.Supplied["actor1"], r.Actor1, r.Actor2)
	}
	if e.Supplied["fatalities"] != "a#1" || e.Supplied["fatalities_high"] != "c#1" {
		t.Errorf("fatalities supplied by %v", e.Supplied)
	}
	if want := []string{"Bulletin", "Monitor", "Wire"}; !reflect.DeepEqual(e.Sources, want) || r.Source != "Bulletin; Monitor; Wire" {
		t.Errorf("sources %v %q", e.Sources, r.Source)
	}
	if want := []string{"a", "b", "c", "d"}; !reflect.DeepEqual(e.DocIDs, want) {
		t.Errorf("doc ids %v", e.DocIDs)
	}
	if want := []string{"a#1", "b#1", "c#1", "d#1"}; !reflect.DeepEqual(e.Mentions, want) {
		t.Errorf("mentions %v", e.Mentions)
	}
	// One outlier does not become the best estimate.
	x := m("x", "X", "2024-11-28", attack, "2024-11-27", 1, ariha, 14, nil, nil)
	y := m("y", "Y", "2024-11-28", attack, "2024-11-27", 1, ariha, 1012, nil, nil)
	if got := Reconcile("e", []*Mention{x, y}).FatalitiesBest; got != 14 {
		t.Errorf("best of 14 and 1012 = %d, want 14", got)
	}
}

func TestEventIDStable(t *testing.T) {
	a := m("a", "A", "2024-11-06", shell, "2024-11-05", 1, ariha, 4, army, civs)
	b := m("b", "B", "2024-11-05", shell, "2024-11-05", 1, ariha, 4, army, civs)
	if EventID([]*Mention{a, b}) != EventID([]*Mention{b, a}) {
		t.Fatal("EventID depends on order")
	}
	if EventID([]*Mention{a, b}) != EventID([]*Mention{b}) {
		t.Error("EventID is not the earliest-published mention's")
	}
	if got := EventID([]*Mention{b}); len(got) != 17 || got[0] != 'e' {
		t.Errorf("EventID %q: want e + 16 hex digits", got)
	}
}

// synthetic returns n mentions of about n/3 events spread over countries and days, each event
// reported 1–5 times with small differences, for order and speed tests.
func synthetic(n int, seed uint64) []*Mention {
	r := rand.New(rand.NewPCG(seed, 1))
	subs := []string{shell, clash, attack, protest, ied, "Air/drone strike"}
	isos := []string{"SYR", "SDN", "UKR", "NGA", "SOM", "COD", "MMR", "AFG", "YEM", "MLI"}
	base, _ := time.Parse("2006-01-02", "2024-01-01")
	var ms []*Mention
	for ev := 0; len(ms) < n; ev++ {
		iso := isos[r.IntN(len(isos))]
		d := base.AddDate(0, 0, r.IntN(365))
		p := place{iso, fmt.Sprintf("%s-adm%d", iso, r.IntN(12)), fmt.Sprintf("town%d", ev), 10 + r.Float64()*20, 20 + r.Float64()*20, 1}
		sub := subs[r.IntN(len(subs))]
		fat := r.IntN(10)
		for k := range 1 + r.IntN(5) {
			if len(ms) == n {
				break
			}
			art := fmt.Sprintf("doc%d-%d", ev, k)
			q := p
			if r.IntN(4) == 0 {
				q.prec = 3
			}
			mm := m(art, fmt.Sprintf("outlet%d", r.IntN(20)), d.AddDate(0, 0, r.IntN(2)).Format("2006-01-02"),
				sub, d.Format("2006-01-02"), 1, q, fat+r.IntN(2), nil, nil)
			ms = append(ms, mm)
		}
	}
	return ms
}

func TestClusterOrderIndependent(t *testing.T) {
	ms := synthetic(2000, 7)
	want, _ := json.Marshal(Cluster(ms))
	r := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		sh := append([]*Mention(nil), ms...)
		r.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		got, _ := json.Marshal(Cluster(sh))
		if string(got) != string(want) {
			t.Fatal("Cluster output depends on input order")
		}
	}
	evs := Cluster(ms)
	n := 0
	for _, e := range evs {
		n += len(e.Mentions)
		if e.Record.EventID != e.ID {
			t.Fatalf("record id %q != event id %q", e.Record.EventID, e.ID)
		}
	}
	if n != len(ms) {
		t.Errorf("%d mentions in events, want %d", n, len(ms))
	}
	if len(evs) >= len(ms) || len(evs) < len(ms)/5 {
		t.Errorf("%d events from %d mentions: merging did nothing or too much", len(evs), len(ms))
	}
}

func BenchmarkCluster(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		ms := synthetic(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Cluster(ms)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
		})
	}
}

func BenchmarkSimhash(b *testing.B) {
	text := "A roadside bomb struck a vehicle carrying members of the Syrian Democratic Forces near the town of al-Busayrah in eastern Deir ez-Zor province on Tuesday, killing two fighters, a local monitoring group said. The explosion hit the pickup truck as it travelled along the road that follows the Euphrates. No group immediately claimed responsibility."
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Simhash(text)
	}
}

// TestPick: an oblast-level report with the city's toll joins the city's event, not a town's
// in the same oblast the same day.
func TestPick(t *testing.T) {
	city := m("a", "A", "2024-11-15", shell, "2024-11-15", 1, kharkiv, 3, ru, ua)
	town := m("b", "B", "2024-11-15", shell, "2024-11-15", 1, balak, 1, ru, ua)
	prov := m("c", "C", "2024-11-16", shell, "2024-11-15", 1, oblast, 3, ru, ua)
	ec, et := Reconcile("e1", []*Mention{city}), Reconcile("e2", []*Mention{town})
	ms := map[string][]*Mention{"e1": {city}, "e2": {town}}
	if got := Pick([]*Event{et, ec}, ms, prov); got != ec {
		t.Errorf("Pick = %v, want the city's event", got)
	}
	if got := Pick([]*Event{et}, ms, m("d", "D", "2024-11-15", protest, "2024-11-15", 1, balak, 0, nil, nil)); got != nil {
		t.Errorf("a protest joined a shelling: %v", got.ID)
	}
}

func TestCivilDay(t *testing.T) {
	for _, s := range []string{"1970-01-01", "2024-02-29", "2024-03-01", "1999-12-31", "2100-03-01", "1600-02-29", "0001-01-01"} {
		want, _ := time.Parse("2006-01-02", s)
		y, m, d, ok := parseDate(s)
		if !ok {
			t.Fatalf("parseDate(%q) failed", s)
		}
		if got := dayTime(civilDay(y, m, d)); !got.Equal(want) {
			t.Errorf("%s: civilDay gives %s", s, got.Format("2006-01-02"))
		}
	}
	for _, s := range []string{"", "2024-13-01", "2024-1-01", "24-01-01xx", "2024/01/01", "２０２４-01-01"} {
		if _, _, _, ok := parseDate(s); ok {
			t.Errorf("parseDate(%q) accepted", s)
		}
	}
	// A month-precise date spans its month, December included.
	f, to, _ := span(&event.Event{EventDate: "2024-12-01", TimePrecision: 3}, time.Time{})
	if dayTime(f).Format("2006-01-02") != "2024-12-01" || dayTime(to).Format("2006-01-02") != "2024-12-31" {
		t.Errorf("December spans %s..%s", dayTime(f), dayTime(to))
	}
}
