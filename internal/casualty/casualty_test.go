package casualty

import (
	"github.com/sitrep-dev/sitrep/internal/evalfile"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/when"
)

func TestFind(t *testing.T) {
	tests := []struct {
		text        string
		killed      int
		low, high   int
		found       bool
		evidenceHas string
	}{
		{"Two US soldiers and a civilian interpreter were killed in an ambush.", 3, 3, 3, true, "soldiers"},
		{"Militants killed 3 policemen and wounded 5 others.", 3, 3, 3, true, "killed 3"},
		{"3 killed and 5 wounded in the blast.", 3, 3, 3, true, "3"},
		{"A man was shot dead outside his home.", 1, 1, 1, true, "man"},
		{"The body of a woman was found by the road.", 1, 1, 1, true, "body"},
		{"The bodies of two men were found near the river.", 2, 2, 2, true, "two men"},
		{"No one was killed in the attack.", 0, 0, 0, true, ""},
		{"No fatalities were reported.", 0, 0, 0, true, ""},
		{"Gunmen opened fire on a bus, killing at least 12 passengers.", 12, 12, 12, true, "12"},
		{"The explosion left 4 people dead.", 4, 4, 4, true, "4"},
		{"The fighting claimed 7 lives on both sides.", 7, 7, 7, true, "7"},
		{"Dozens of fighters were killed.", 12, 12, 12, true, "Dozens"},
		{"Tens of civilians died in the shelling.", 10, 10, 10, true, "Tens"},
		{"Hundreds were massacred in the town.", 100, 100, 100, true, "Hundreds"},
		{"Between 10 and 15 militants were killed.", 10, 10, 15, true, "10"},
		{"10-15 militants were killed and 3-4 soldiers died.", 13, 13, 19, true, "10-15"},
		{"Rebels carried out 300 attacks last year; 1,000 troops remain in the area.", 0, 0, 0, false, ""},
		{"About 2,500 protesters marched; police arrested 20.", 0, 0, 0, false, ""},
		{"A 25-year-old man was killed by unknown gunmen.", 1, 1, 1, true, "man"},
		{"On 9 May 2020, gunmen shot and killed a shopkeeper.", 1, 1, 1, true, "shopkeeper"},
		{"Police said the attackers had tried to kill the mayor.", 0, 0, 0, false, ""},
		{"The ambush killed a soldier and wounded two others. 1 fatality.", 1, 1, 1, true, "fatality"},
		{"Two soldiers were killed and a third died later in hospital. 3 fatalities.", 3, 3, 3, true, "3 fatalities"},
		{"Clashes left 20 fighters dead on three fronts. 20 fatalities split up between 3 events.", 7, 20, 20, true, "20"},
		{"An unknown number of fighters died. Unknown fatalities coded as 10 and split between 2 events.", 5, 10, 10, true, "10"},
		{"Fatalities are split across 2 events (4). Airstrikes killed 9 militants.", 4, 9, 9, true, "9"},
		{"One militant was killed and several others injured.", 1, 1, 1, true, "One"},
		{"5 officers and 1 soldier were killed when an IED hit their vehicle.", 6, 6, 6, true, "5"},
		{"Militants stormed the checkpoint, leaving him killed.", 1, 1, 1, true, "him"},
		{"The strike hit 3 vehicles and killed 2 people.", 2, 2, 2, true, "2"},
		{"Police found 2 bodies in a well.", 2, 2, 2, true, "2"},
		{"Several people were injured but nobody died.", 0, 0, 0, true, ""},
		{"Two fighters including their commander were killed in the raid.", 2, 2, 2, true, "Two"},
		{"A farmer and his brother were killed over a land dispute.", 2, 2, 2, true, "farmer"},
		{"A trader was attacked and killed at the market. 1 killed.", 1, 1, 1, true, "1 killed"},
		{"The shelling resulted in the death of a shepherd.", 1, 1, 1, true, "shepherd"},
		{"Students protested against the killing of a teacher last month.", 0, 0, 0, false, ""},
		{"Gunmen attacked a convoy and killed 4 people.", 4, 4, 4, true, "4"},
		{"9 militants were killed and wounded in the operation.", 4, 4, 4, true, "9"},
		{"Two men were fatally shot near the station.", 2, 2, 2, true, "Two"},
		{"The clash resulted in 2 rebel and 1 army fatality.", 3, 3, 3, true, "2"},
		{"", 0, 0, 0, false, ""},
		// a vague word states no figure: it adds nothing to one that is stated
		{"The army said four soldiers died and several raiders were killed.", 4, 4, 4, true, "four"},
		{"Gunmen killed two guards and a number of villagers.", 2, 2, 2, true, "two"},
		{"Several raiders were killed in the clash.", 10, 10, 10, true, "Several"},
		{"Several raiders and a few guards were killed in the clash.", 10, 10, 10, true, "Several"},
		{"Dozens of fighters and three civilians were killed.", 15, 15, 15, true, "Dozens"},
		// a toll states the whole
		{"Medics put the death toll at 9, with 20 wounded.", 9, 9, 9, true, "9"},
		{"Rebels shelled the camp, killing 4 children and a nurse. The death toll later rose to 8.", 8, 8, 8, true, "8"},
		{"The toll from the blast rose to 11, raising an earlier toll of six.", 11, 11, 11, true, "11"},
		{"Officials gave an initial toll of 3 dead.", 3, 3, 3, true, "3"},
		{"The war's death toll has passed 20,000 since 2019.", 0, 0, 0, false, ""},
		{"The fighting took a heavy toll on the town.", 0, 0, 0, false, ""},
		// a second telling of one toll is not more dead: the lower figure, the higher kept
		{"Raiders killed eleven herders near the well, elders said. The governor confirmed the raid but said eight people had died.", 8, 8, 11, true, "eight"},
		{"Raiders killed eleven herders. A local official said eleven herders were killed.", 11, 11, 11, true, "eleven"},
		{"Soldiers killed 6 militants, the army said. The group said 2 civilians were killed.", 8, 8, 8, true, "6"},
		{"A bomb killed 3 people at the market. Police said two more people died later in hospital.", 5, 5, 5, true, "3"},
		{"The army says it killed 14 fighters. The group disputes that figure, saying 5 of its men died.", 5, 5, 14, true, "5"},
		{"Three policemen and two bystanders were killed, officials said.", 5, 5, 5, true, "Three"},
		// a clause is not a list, and "reportedly" leaves a verb active
		{"Five robbers fled into the bush and one was killed.", 1, 1, 1, true, "one"},
		{"A firefight broke out and two raiders died.", 2, 2, 2, true, "two"},
		{"Militants reportedly killed five herders near the border.", 5, 5, 5, true, "five"},
		{"Five herders were reportedly killed near the border.", 5, 5, 5, true, "Five"},
		// one person named by reference: counted once, and not again when named again
		{"A sniper shot a guard at the gate, and the guard later died in hospital.", 1, 1, 1, true, "the guard"},
		{"The mayor and his driver were killed in the ambush.", 2, 2, 2, true, "The mayor"},
		{"The chairman of the district council was shot dead outside his office.", 1, 1, 1, true, "The chairman"},
		{"Two traders were shot. One was wounded and the other died.", 1, 1, 1, true, "the other"},
		{"Gunmen killed a teacher. The teacher died on the spot.", 1, 1, 1, true, "teacher"},
		{"Raiders seized a herder and later killed him.", 1, 1, 1, true, "him"},
		{"Bandits killed the chief and a guard at the palace.", 2, 2, 2, true, "the chief"},
		{"During the raid, four guards were killed.", 4, 4, 4, true, "four"},
		{"Rebels burned the depot in the village and two guards were killed.", 2, 2, 2, true, "two"},
		{"Two gunmen fled with the loot during the raid, and one of the guards was killed.", 1, 1, 1, true, "one"},
		{"The gunman killed two customers.", 2, 2, 2, true, "two"},
		// lists: an Oxford comma, brackets, "including", a family, a slash
		{"4 police officers, 3 militia members, and 1 driver were killed.", 8, 8, 8, true, "4"},
		{"6 villagers (3 men, 2 women, and 1 child of the chief's family) were killed.", 6, 6, 6, true, "6"},
		{"12 fighters including a commander were killed in the raid.", 12, 12, 12, true, "12"},
		{"Several people, including two children, were killed.", 2, 2, 2, true, "two"},
		{"A shell killed a family of four in their home.", 4, 4, 4, true, "four"},
		{"30 ADF/ISCAP fighters were killed.", 30, 30, 30, true, "30"},
		// bodies, drownings, participles, the dead of other times
		{"A young woman's body was found in the river.", 1, 1, 1, true, "body"},
		{"A woman was shot dead. Her body was found later.", 1, 1, 1, true, "woman"},
		{"Between three and nine migrants drowned when the boat sank.", 3, 3, 9, true, "three"},
		{"A displaced man died when a shell hit the camp.", 1, 1, 1, true, "man"},
		{"Nurses marched to honour the dead of the epidemic.", 0, 0, 0, false, ""},
		{"Reports on fatalities range from 3 to 6.", 3, 3, 6, true, "3"},
		{"A man was detained in connection with the killing.", 0, 0, 0, false, ""},
		{"The district chief and his driver were killed by a roadside bomb.", 2, 2, 2, true, "The district chief"},
		{"Two herders were kidnapped and killed by bandits.", 2, 2, 2, true, "Two"},
		{"Seven rebels were killed and wounded in the raid.", 3, 3, 3, true, "Seven"},
		{"Gunmen reportedly killed a tax collector at the market.", 1, 1, 1, true, "a tax collector"},
		{"Gunmen shot a trader in the market, resulting in his death.", 1, 1, 1, true, "his death"},
		{"Troops shelled the ridge, which led to the flight of villagers and the killing of a herder.", 1, 1, 1, true, "herder"},
		{"Bandits seized 6 travellers on the highway and later killed them.", 6, 6, 6, true, "killed them"},
		{"Gunmen killed 4 guards and dumped them in a well. Police found them dead.", 4, 4, 4, true, "4"},
		{"3 soldiers as well as 2 civilians were killed.", 5, 5, 5, true, "3"},
		{"A displaced woman died when a shell hit the camp.", 1, 1, 1, true, "woman"},
		{"A detainee died of cholera in the prison.", 0, 0, 0, false, ""},
		{"A detainee died of his wounds in the prison.", 1, 1, 1, true, "detainee"},
		{"The clashes, which began at dawn, left five dead, leading to the death of a nurse.", 6, 6, 6, true, "five"},
		{"Six people, three of them children, were killed in the blast.", 6, 6, 6, true, "Six"},
		{"Shells hit the town again, a week after a strike that killed nine people. A baker was killed.", 1, 1, 1, true, "baker"},
		{"Hundreds of students protested after two classmates were killed by police.", 0, 0, 0, false, ""},
		{"The raids came after rebels killed six soldiers at a checkpoint.", 0, 0, 0, false, ""},
		{"Residents fled after gunmen killed twelve villagers.", 12, 12, 12, true, "twelve"},
		{"A curfew was imposed after a suicide bomber killed 5 people.", 5, 5, 5, true, "5"},
		{"The number of people killed in the blast at the market in the old town has risen to nine.", 9, 9, 9, true, "nine"},
		{"Ten pupils were killed. Teachers read out the names of those killed.", 10, 10, 10, true, "Ten"},
		{"Raiders killed three guards, police said. The army said it had killed twelve raiders, a figure no one could confirm.", 15, 15, 15, true, "three"},
	}
	for _, tt := range tests {
		got := Find(tt.text)
		if got.Killed != tt.killed || got.Low != tt.low || got.High != tt.high || got.Found != tt.found {
			t.Errorf("Find(%q) = %+v; want killed %d [%d,%d] found %v", tt.text, got, tt.killed, tt.low, tt.high, tt.found)
			continue
		}
		if got.Start > got.End || got.End > len(tt.text) {
			t.Errorf("Find(%q): bad span %+v", tt.text, got)
			continue
		}
		if ev := tt.text[got.Start:got.End]; !strings.Contains(ev, tt.evidenceHas) {
			t.Errorf("Find(%q): evidence %q lacks %q", tt.text, ev, tt.evidenceHas)
		}
	}
}

// TestACLED measures the fatalities figure on the shared ACLED development file: the share
// of rows whose notes give Killed equal to the row's fatalities.
func TestACLED(t *testing.T) {
	acled := evalfile.ACLEDDev(t)
	rows, col := acled.Rows, acled.Col
	var n, ok, nonzero, nonzeroOK int
	shown := 0
	for _, row := range rows {
		want, err := strconv.Atoi(row[col("fatalities")])
		if err != nil {
			continue
		}
		n++
		got := Find(row[col("notes")])
		if want > 0 {
			nonzero++
		}
		if got.Killed == want {
			ok++
			if want > 0 {
				nonzeroOK++
			}
		} else if testing.Verbose() && shown < 40 {
			shown++
			t.Logf("got %d want %d: %.300s", got.Killed, want, row[col("notes")])
		}
	}
	t.Logf("ACLED dev: %d rows; fatalities exact %.4f; rows with deaths exact %.4f (%d)", n,
		float64(ok)/float64(n), float64(nonzeroOK)/float64(max(nonzero, 1)), nonzero)
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"two soldiers and a civilian were killed", "no one died", "killing", "the body of", "20 fatalities split up between 3 events", "split between 0 events", "\xff killed 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Find(s)
		if c.Start < 0 || c.Start > c.End || c.End > len(s) || c.Killed < 0 || c.Low > c.High {
			t.Fatalf("Find(%q) = %+v", s, c)
		}
	})
}

func BenchmarkFind(b *testing.B) {
	para := "On 9 May 2020, clashes erupted between rebels and government forces near the town. Two soldiers and a civilian were killed and 5 others wounded. " +
		"Rebels have carried out 300 attacks over the past year; 1,000 troops remain. The body of a 25-year-old man was found on Friday. 3 fatalities.\n"
	text := strings.Repeat(para, 1000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}

// TestPassages checks that a prepared document reads each passage as Find reads the
// passage's text alone, on the ACLED notes cut into sentences and pairs of sentences.
func TestPassages(t *testing.T) {
	acled := evalfile.ACLEDDev(t)
	rows, col := acled.Rows, acled.Col
	// The first two cut a phrase ("shot dead", "shot and killed") at a passage edge.
	texts := []string{"Gunmen shot\ndead 3 men", "Police shot and\nkilled a man. 4 more died", "Two soldiers were\nkilled.", "Over 3 died.\nA man was shot dead. 2 killed"}
	for _, row := range rows {
		texts = append(texts, row[col("notes")])
	}
	n, bad := 0, 0
	for _, text := range texts {
		ps := lexicon.Scan(text, nil)
		d := Prepare(text, ps, when.FindIn(text, ps, time.Time{}))
		var cuts []int // sentence starts: after ". " or a line break
		cuts = append(cuts, 0)
		for i := 0; i+1 < len(text); i++ {
			if text[i] == '\n' || text[i] == '.' && text[i+1] == ' ' {
				cuts = append(cuts, i+1)
			}
		}
		cuts = append(cuts, len(text))
		for a := 0; a+1 < len(cuts); a++ {
			for b := a + 1; b < len(cuts) && b <= a+2; b++ {
				s, e := cuts[a], cuts[b]
				for s < e && (text[s] == ' ' || text[s] == '\n') {
					s++
				}
				for e > s && (text[e-1] == ' ' || text[e-1] == '\n') {
					e--
				}
				n++
				got, want := d.Find(s, e), Find(text[s:e])
				if got.Killed != want.Killed || got.Low != want.Low || got.High != want.High || got.Found != want.Found {
					bad++
					if bad <= 10 {
						t.Errorf("passage %q: prepared %+v, alone %+v", text[s:e], got, want)
					}
				}
			}
		}
	}
	t.Logf("%d passages, %d read differently", n, bad)
}

// BenchmarkPrepare measures what the coder spends per report here: preparing each ACLED
// note (its pieces and dates already read, as the coder has them) and reading it whole.
func BenchmarkPrepare(b *testing.B) {
	type note struct {
		text, lower string
		dates       []when.Expr
	}
	texts, size := evalfile.ACLEDNotes(b)
	var notes []note
	for _, text := range texts {
		lower := lexicon.LowerASCII(text)
		ps := lexicon.ScanLowered(text, lower, nil)
		notes = append(notes, note{text, lower, when.FindIn(text, ps, time.Time{})})
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var ps []lexicon.Piece
	for b.Loop() {
		for _, n := range notes {
			// The pieces scanned just before, as the coder has them (and in the cache);
			// the scan is part of the time.
			ps = lexicon.ScanLowered(n.text, n.lower, ps[:0])
			d := Prepare(n.text, ps, n.dates)
			d.Find(0, len(n.text))
			d.Release()
		}
	}
}

// TestFirstWords checks firstOf: each word of firstWords found as itself, the split words
// and "coded" among them, and other words not.
func TestFirstWords(t *testing.T) {
	for _, w := range splitWords {
		if !isSplit(w) || firstOf(w) == nil {
			t.Errorf("%q: isSplit %v, firstOf %v", w, isSplit(w), firstOf(w))
		}
	}
	if firstOf("coded") == nil {
		t.Error(`firstOf("coded") = nil`)
	}
	for i := range firstWords {
		if firstOf(firstWords[i].w) != &firstWords[i] {
			t.Errorf("firstOf(%q) is not its entry", firstWords[i].w)
		}
	}
	for _, w := range []string{"", "the", "kille", "killedx", "a"} {
		if firstOf(w) != nil {
			t.Errorf("firstOf(%q) is not nil", w)
		}
	}
}
