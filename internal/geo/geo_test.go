package geo

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

func gaz(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLookupVariants(t *testing.T) {
	g := gaz(t)
	tests := []struct{ name, cc, admin1 string }{
		{"Palmyra", "SY", "Homs"},
		{"Tadmur", "SY", "Homs"},
		{"Kobani", "SY", "Aleppo"},
		{"Ayn al-Arab", "SY", "Aleppo"},
		{"Deir ez-Zor", "SY", "Deir ez-Zor"},
		{"Dayr az Zawr", "SY", "Deir ez-Zor"},
		{"Kyiv", "UA", ""},
		{"Kiev", "UA", ""},
		{"al-Hol camp", "SY", "Al-Hasakah"},
		{"Syria", "SY", ""},
		{"Kiev-Pecherskyi", "UA", ""},
	}
	for _, tt := range tests {
		ps := g.Lookup(tt.name)
		found := false
		for _, p := range ps {
			if p.CC == tt.cc && (tt.admin1 == "" || p.Admin1 == tt.admin1) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("Lookup(%q): no place in %s/%s among %d", tt.name, tt.cc, tt.admin1, len(ps))
		}
	}
}

func TestLocate(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text              string
		name, cc, admin1  string
		precision, maxLvl int
	}{
		{"Clashes were reported in Palmyra on Tuesday.", "Tadmur", "SY", "Homs", 1, 3},
		// The admin1 is spelled as the report names it (Admin1Written).
		{"Women were detained at al-Hol camp in Hasaka, Syria.", "al-Hol camp", "SY", "Hasaka", 1, 3},
		{"Shelling hit Maarrat al-Numan in Idleb.", "", "SY", "Idleb", 1, 3},
		{"Shelling hit Maarrat al-Numan.", "", "SY", "Idlib", 1, 3},
		{"Shelling hit Kobani overnight.", "Kobani", "SY", "Aleppo", 1, 3},
		{"Syrian government forces shelled rebel positions.", "Syria", "SY", "", 3, 0},
		{"Fighting continued in Hasaka province.", "Al-Hasakah", "SY", "Hasaka", 3, 1},
		{"Gunmen killed two men in Cuauhtemoc municipality, Chihuahua.", "", "MX", "Chihuahua", 0, 3},
		{"An airstrike hit a house near Maarrat al-Numan in Idlib.", "", "SY", "Idlib", 2, 3},
		// Groups tied to one country give the country when no place is known (data/context.tsv).
		{"Houthi forces shelled farms in the area overnight.", "Yemen", "YE", "", 3, 0},
		{"The OSCE SMM observed explosions near an unnamed village.", "Ukraine", "UA", "", 3, 0},
		// Country names beat towns of which they are an alternate name.
		{"Prisoners rioted in a jail in Iraq.", "Iraq", "IQ", "", 3, 0},
		// A town qualified by its namesake district is still the town.
		{"Gunmen attacked a market in Kaduna (Kaduna), days after talks in Ghana.", "Kaduna", "NG", "", 1, 3},
		// A village we lack, placed by the town that qualifies it: near, not at (precision 2).
		{"Workers protested in Zzyzxabad village (Kaduna, Nigeria).", "Kaduna", "NG", "", 2, 3},
		// "pro-Turkey factions" and "Iran-backed militias" say whose side, not where.
		{"Pro-Turkey factions and Iran-backed militias shelled villages near Manbij.", "Manbij", "SY", "", 2, 3},
		// A demonym before a level word can name the unit.
		{"Clan fighters clashed in the Somali region overnight.", "", "ET", "Somali", 3, 1},
		// Same-name town resolved by the country named elsewhere in the text.
		{"Protesters gathered in Tripoli. Lebanon has seen weeks of unrest.", "Tripoli", "LB", "", 1, 3},
		{"Protesters gathered in Tripoli. Libya has seen weeks of unrest.", "Tripoli", "LY", "", 1, 3},
	}
	for _, tt := range tests {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok {
			t.Errorf("Locate(%q): nothing", tt.text)
			continue
		}
		admin1 := l.Admin1
		if l.Admin1Written != "" {
			admin1 = l.Admin1Written
		}
		if (tt.name != "" && l.Name != tt.name) || l.CC != tt.cc || (tt.admin1 != "" && admin1 != tt.admin1) ||
			(tt.precision != 0 && l.Precision != tt.precision) {
			t.Errorf("Locate(%q) = %s (%s, %s) L%d prec %d; want %s (%s, %s) prec %d",
				tt.text, l.Name, l.Admin1, l.CC, l.Level, l.Precision, tt.name, tt.admin1, tt.cc, tt.precision)
		}
	}
}

// TestPersonNames: a name after a title or before "said" is a person, not the village it
// also names.
func TestPersonNames(t *testing.T) {
	g := gaz(t)
	for _, text := range []string{
		"Talks were held with President al-Sharaa on Monday.",
		"Al-Sharaa said the talks would go on.",
		"Envoys praised their ties with al-Sharaa, who leads the new government.",
	} {
		for _, l := range g.Find(text) {
			if strings.Contains(strings.ToLower(l.Matched), "sharaa") {
				t.Errorf("Find(%q) found %q as %s (%s)", text, l.Matched, l.Name, l.Country)
			}
		}
	}
	// A country can speak.
	if l, ok := g.Locate("Iraq said the border would stay closed.", 0, 40); !ok || l.CC != "IQ" {
		t.Errorf("Locate(Iraq said ...) = %+v", l)
	}
}

func TestLocatePrefersEvidenceSentence(t *testing.T) {
	g := gaz(t)
	text := "Turkish drones struck near Qamishli last week. On Monday, an IED exploded in Raqqa city."
	start := strings.Index(text, "On Monday")
	l, ok := g.Locate(text, start, len(text))
	if !ok || l.CC != "SY" || !strings.Contains(l.Name, "Raqq") {
		t.Errorf("Locate = %+v, want Raqqa", l)
	}
	if l.Start < start || text[l.Start:l.End] != l.Matched {
		t.Errorf("offsets %d:%d %q do not point at the match", l.Start, l.End, l.Matched)
	}
}

func TestFindIgnoresCommonWords(t *testing.T) {
	g := gaz(t)
	text := "On Monday, Police said the Mayor of Aleppo met Army officers in May."
	var got []string
	for _, l := range g.Find(text) {
		got = append(got, l.Matched)
	}
	if len(got) != 1 || got[0] != "Aleppo" {
		t.Errorf("Find = %q, want only Aleppo", got)
	}
}

func TestLocateEmpty(t *testing.T) {
	g := gaz(t)
	for _, s := range []string{"", "nothing here", "\xff\xfe broken", "((( ,,, )))"} {
		if l, ok := g.Locate(s, 0, len(s)); ok {
			t.Errorf("Locate(%q) = %+v, want none", s, l)
		}
	}
	if _, ok := g.Locate("In Homs.", 5, 2); !ok {
		t.Error("bad offsets should fall back to the whole text")
	}
}

// BenchmarkLoad measures loading the embedded gazetteer (what Default does once).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := load(gazetteerZst); err != nil {
			b.Fatal(err)
		}
	}
}

const benchText = `Syrian Democratic Forces (SDF) said on Sunday that Turkish drones struck a vehicle near
Qamishli, killing two fighters, while clashes continued in the countryside of Tal Tamr in Hasaka
province. In Deir ez-Zor, Islamic State cells attacked a checkpoint near al-Busayrah and an IED
exploded on the road between Hajin and Baghuz. Russian jets carried out airstrikes on Jabal al-Zawiya
in southern Idlib, according to the Syrian Observatory for Human Rights, and regime artillery
shelled Kansafra and al-Bara. In Aleppo, protesters gathered in the city centre. Meanwhile, women
and children were moved from al-Hol camp to Roj camp, and US forces at al-Tanf base patrolled the
55 km zone on the Jordanian border. The Kurdish-led administration in Raqqa and Tabqa said the
Tishreen Dam was shelled again, cutting power to Kobani, Manbij and Ain Issa. Iraqi officials in
Erbil and Baghdad met representatives from Damascus and Beirut to discuss the crossing at Albu Kamal.`

func BenchmarkFind(b *testing.B) {
	g := gaz(b)
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Find(benchText)
	}
}

// TestContextAdmin1 checks that the admin1 names in data/context.tsv resolve to units, so a
// renamed unit does not silently drop the hint.
func TestContextAdmin1(t *testing.T) {
	g := gaz(t)
	for _, l := range strings.Split(contextTSV, "\n") {
		c := strings.Split(strings.TrimSpace(l), "\t")
		if len(c) < 3 || strings.HasPrefix(l, "#") {
			continue
		}
		if want, got := len(strings.Split(c[2], "|")), len(g.cueA1[names.Fold(c[0])]); got != want {
			t.Errorf("context.tsv %q: %d of %d admin1 names found", c[0], got, want)
		}
	}
}

func TestLocatingGap(t *testing.T) {
	for gap, want := range map[string]bool{
		"in": true, "area in western": true, "village in the countryside of": true, "north of": true,
		"and": false, "in and around": false, "": false, "said in": false,
	} {
		if got := locatingGap(gap); got != want {
			t.Errorf("locatingGap(%q) = %v, want %v", gap, got, want)
		}
	}
}

// TestFindWords: English words, given names, news agencies and generic Arabic geographic words
// are not places, while a glued article still finds its place.
func TestFindWords(t *testing.T) {
	g := gaz(t)
	for text, bad := range map[string]string{
		"Looting spread through markets near Aleppo.":                 "Looting",
		"Naval officers met their counterparts in Aden.":              "Naval",
		"Ibrahim Zorlutuna was buried in Istanbul.":                   "Ibrahim",
		"Xinhua reported a bombing in Kabul.":                         "Xinhua",
		"Residents blocked a road in Ain Zzyzx, south of Djelfa.":     "Ain",
		"The Free Burma Rangers reported shelling in Karen villages.": "Free",
	} {
		for _, l := range g.Find(text) {
			if l.Matched == bad {
				t.Errorf("Find(%q) found %q as %s (%s)", text, bad, l.Name, l.Country)
			}
		}
	}
	if ls := g.Find("Shells fell in Aljfara overnight."); len(ls) == 0 || ls[0].CC != "LY" {
		t.Errorf("Find(Aljfara) = %+v, want a place in Libya", ls)
	}
}

// TestDistBound checks that dist's shortcuts (lower bounds for places far apart in latitude or
// longitude) never change the answer its callers ask for: within 50 or 60 km or not.
func TestDistBound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 1000000; n++ {
		a := prec{lat: float32(r.Float64()*170 - 85), lon: float32(r.Float64()*360 - 180)}
		b := prec{lat: a.lat + float32(r.Float64()*1.6-0.8), lon: a.lon + float32(r.Float64()*8-4)}
		if n%2 == 0 {
			b.lon = a.lon + float32(r.Float64()*720-360) // across the date line too
		}
		if b.lon > 180 {
			b.lon -= 360
		} else if b.lon < -180 {
			b.lon += 360
		}
		d, k := dist(&a, &b), km(float64(a.lat), float64(a.lon), float64(b.lat), float64(b.lon))
		if (d < 60) != (k < 60) || (d < 50) != (k < 50) || d > k+1e-9 {
			t.Fatalf("dist(%v, %v) = %v, km %v", a, b, d, k)
		}
	}
}
