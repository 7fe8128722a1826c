package when

import (
	"fmt"
	"github.com/sitrep-dev/sitrep/internal/evalfile"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// Friday 23 January 2026, the seed report's publication date.
var fri = time.Date(2026, 1, 23, 14, 30, 0, 0, time.UTC)

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		ref  time.Time
		want string // expected Text of the first Expr
		date time.Time
		prec int
		bg   bool
		apx  bool
	}{
		// explicit dates
		{"On 9 May 2020, protesters gathered.", fri, "9 May 2020", d(2020, 5, 9), Day, true, false},
		{"On 9 May 2020, protesters gathered.", d(2020, 5, 11), "9 May 2020", d(2020, 5, 9), Day, false, false},
		{"It happened May 9, 2020 in town.", d(2020, 5, 11), "May 9, 2020", d(2020, 5, 9), Day, false, false},
		{"on January 21, 2026, a convoy", fri, "January 21, 2026", d(2026, 1, 21), Day, false, false},
		{"dated 2020-05-09.", d(2020, 5, 11), "2020-05-09", d(2020, 5, 9), Day, false, false},
		{"on 19/5/2020 the", d(2020, 5, 21), "19/5/2020", d(2020, 5, 19), Day, false, false},
		{"on 5/19/2020 the", d(2020, 5, 21), "5/19/2020", d(2020, 5, 19), Day, false, false},
		{"On 2nd May 2020, in Manaus", d(2020, 5, 11), "2nd May 2020", d(2020, 5, 2), Day, false, false},
		{"On 30 Apr. 2020, gunmen", d(2020, 5, 11), "30 Apr. 2020", d(2020, 4, 30), Day, false, false},
		{"As reported on May 5 2020, settlers", d(2020, 5, 11), "As reported on May 5 2020", d(2020, 5, 5), Week, false, true},
		{"the 9th of May saw", d(2020, 5, 11), "the 9th of May", d(2020, 5, 9), Day, false, false},
		{"on the 9th, troops", d(2020, 5, 11), "on the 9th", d(2020, 5, 9), Day, false, false},
		{"on the 29th, troops", d(2020, 5, 11), "on the 29th", d(2020, 4, 29), Day, false, false},
		// no year: on or before ref, a few days after allowed
		{"On 9 May, troops", d(2020, 5, 11), "9 May", d(2020, 5, 9), Day, false, false},
		{"On 28 December, troops", d(2021, 1, 3), "28 December", d(2020, 12, 28), Day, false, false},
		{"On 14 May, troops", d(2020, 5, 11), "14 May", d(2020, 5, 14), Day, false, false},
		{"On 9 May, troops", time.Time{}, "9 May", time.Time{}, Day, false, false},
		// weekdays
		{"on Friday, a strike", fri, "on Friday", d(2026, 1, 23), Day, false, false},
		{"on Tuesday, a strike", fri, "on Tuesday", d(2026, 1, 20), Day, false, false},
		{"on Saturday, a strike", fri, "on Saturday", d(2026, 1, 17), Day, false, false},
		{"last Friday a strike", fri, "last Friday", d(2026, 1, 16), Day, false, false},
		{"on Friday, a strike", time.Time{}, "on Friday", time.Time{}, Day, false, false},
		// relative days and weeks
		{"Yesterday, gunmen", fri, "Yesterday", d(2026, 1, 22), Day, false, false},
		{"gunmen attacked today", fri, "today", d(2026, 1, 23), Day, false, false},
		{"shelling last night", fri, "last night", d(2026, 1, 22), Day, false, false},
		{"shelling overnight", fri, "overnight", d(2026, 1, 22), Day, false, false},
		{"drones struck overnight into Friday, officials said", fri, "overnight into Friday", d(2026, 1, 23), Day, false, false},
		{"drones struck overnight into Thursday", fri, "overnight into Thursday", d(2026, 1, 22), Day, false, false},
		{"Earlier in the week, a raid", fri, "Earlier in the week", d(2026, 1, 19), Week, false, false},
		{"earlier this week, a raid", fri, "earlier this week", d(2026, 1, 19), Week, false, false},
		{"last week, a raid", fri, "last week", d(2026, 1, 12), Week, false, false},
		{"three days ago, a raid", fri, "three days ago", d(2026, 1, 20), Day, false, false},
		{"3 days ago, a raid", fri, "3 days ago", d(2026, 1, 20), Day, false, false},
		// a weekday in a report of the next day is the day before it
		{"Officials said on Wednesday that gunmen raided a market", d(2026, 1, 22), "on Wednesday", d(2026, 1, 21), Day, false, false},
		{"Gunmen raided a market on Thursday night", d(2026, 1, 22), "on Thursday", d(2026, 1, 22), Day, false, false},
		// days told relative to the day the text last named, or to publication
		{"The ferry sank a day earlier, officials said.", fri, "a day earlier", d(2026, 1, 22), Day, false, false},
		{"Two days earlier, a bridge was blown up.", fri, "Two days earlier", d(2026, 1, 21), Day, false, false},
		{"The day before, a bridge was blown up.", fri, "The day before", d(2026, 1, 22), Day, false, false},
		{"The previous night, a bridge was blown up.", fri, "The previous night", d(2026, 1, 22), Day, false, false},
		{"the day before yesterday a bridge fell", fri, "the day before yesterday", d(2026, 1, 21), Day, false, false},
		{"the following morning a bridge fell", fri, "the following morning", d(2026, 1, 23), Day, false, false},
		{"elections the day before the vote", fri, "", time.Time{}, 0, false, false},
		{"two days after the ceasefire", fri, "", time.Time{}, 0, false, false},
		{"a day prior to the ceasefire", fri, "", time.Time{}, 0, false, false},
		{"several days earlier, a raid", fri, "", time.Time{}, 0, false, false},
		// months
		{"this month, a raid", fri, "this month", d(2026, 1, 1), Month, false, false},
		{"last month, a raid", fri, "last month", d(2025, 12, 1), Month, false, false},
		{"In December, two US soldiers", fri, "In December"[3:], d(2025, 12, 1), Month, false, false},
		{"fighting in early May", d(2020, 5, 11), "early May", d(2020, 5, 1), Month, false, false},
		{"fighting in mid-May", d(2020, 5, 31), "mid-May", d(2020, 5, 1), Month, false, false},
		{"fighting in late April", d(2020, 5, 11), "late April", d(2020, 4, 1), Month, false, false},
		{"fighting in May 2020", d(2020, 5, 11), "May 2020", d(2020, 5, 1), Month, false, false},
		{"they may attack", d(2020, 5, 11), "", time.Time{}, 0, false, false},
		// weeks and ranges
		{"in the week of 27 April, raids", d(2020, 5, 11), "the week of 27 April", d(2020, 4, 27), Week, false, false},
		{"On 27 April 2020 (week of), raids", d(2020, 5, 11), "On 27 April 2020 (week of)"[3:], d(2020, 4, 27), Week, false, false},
		{"Around 9 May 2020 (as reported), a man", d(2020, 5, 11), "Around 9 May 2020 (as reported)", d(2020, 5, 9), Week, false, true},
		{"On 1 May 2020 (or around), gunmen", d(2020, 5, 11), "1 May 2020 (or around)", d(2020, 5, 1), Week, false, true},
		{"between 1 and 3 May, raids", d(2020, 5, 11), "between 1 and 3 May", d(2020, 5, 1), Week, false, false},
		{"from 1-3 May 2020, raids", d(2020, 5, 11), "from 1-3 May 2020", d(2020, 5, 1), Week, false, false},
		{"on May 1-3, raids", d(2020, 5, 11), "May 1-3", d(2020, 5, 1), Week, false, false},
		// years and background
		{"since a 2014 intervention", fri, "a 2014"[2:], d(2014, 1, 1), Year, true, false},
		{"in 2014 the coalition", fri, "2014", d(2014, 1, 1), Year, true, false},
		{"in late 2024, rebels", fri, "late 2024", d(2024, 1, 1), Year, true, false},
		{"in 2026, rebels", fri, "2026", d(2026, 1, 1), Year, false, false},
		{"over the past year, 300 attacks", fri, "the past year", d(2025, 1, 1), Year, true, false},
		{"last year, 300 attacks", fri, "last year", d(2025, 1, 1), Year, true, false},
		{"has killed thousands over the past decade", fri, "the past decade", d(2016, 1, 1), Year, true, false},
		{"in the last two years, 300 attacks", fri, "the last two years", d(2024, 1, 1), Year, true, false},
		{"over the past few months, raids", fri, "the past few months", d(2026, 1, 1), Year, true, false},
		{"about 2000 protesters marched", fri, "", time.Time{}, 0, false, false},
		{"1,000 troops remain", fri, "", time.Time{}, 0, false, false},
	}
	for _, tt := range tests {
		got := Find(tt.text, tt.ref)
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("Find(%q) = %+v; want none", tt.text, got)
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("Find(%q) = none; want %q", tt.text, tt.want)
			continue
		}
		g := got[0]
		if g.Text != tt.want || !g.Date.Equal(tt.date) || g.Precision != tt.prec || g.Background != tt.bg || g.Approx != tt.apx {
			t.Errorf("Find(%q, %s) = {%q %s p%d bg=%v apx=%v}; want {%q %s p%d bg=%v apx=%v}",
				tt.text, tt.ref.Format("2006-01-02"), g.Text, g.Date.Format("2006-01-02"), g.Precision, g.Background, g.Approx,
				tt.want, tt.date.Format("2006-01-02"), tt.prec, tt.bg, tt.apx)
		}
	}
}

// TestAnaphoricDays: "a day earlier", "the following day" and "that day" count from the day
// the text last named, not from the publication date; a background year or a week is no
// such day.
func TestAnaphoricDays(t *testing.T) {
	tests := []struct {
		text string
		ref  time.Time
		want []string // Text=YYYY-MM-DD/precision of every expression
	}{
		{"The army said on Wednesday it had pushed back a raid on the depot a day earlier.", d(2026, 1, 22),
			[]string{"on Wednesday=2026-01-21/1", "a day earlier=2026-01-20/1"}},
		{"On 3 March 2025 a convoy was ambushed. The following day, a second convoy was hit. Later that day a bridge fell.", d(2025, 3, 10),
			[]string{"3 March 2025=2025-03-03/1", "The following day=2025-03-04/1", "Later that day=2025-03-04/1"}},
		{"Rebels took the town on 12 May. The previous evening, shelling had killed two.", d(2025, 5, 14),
			[]string{"12 May=2025-05-12/1", "The previous evening=2025-05-11/1"}},
		{"On 12 May a mine exploded; three days later another one did.", time.Time{},
			[]string{"12 May=0001-01-01/1", "three days later=0001-01-01/1"}},
		{"On 12 May 2025 a mine exploded; three days later another one did.", time.Time{},
			[]string{"12 May 2025=2025-05-12/1", "three days later=2025-05-15/1"}},
		{"Since a 2019 truce, raids were rare. Earlier this week gunmen struck; the day before, a drone fell.", d(2026, 1, 23),
			[]string{"2019=2019-01-01/4", "Earlier this week=2026-01-19/2", "the day before=2026-01-22/1"}},
		{"Around 3 May 2025 (as reported), a trader was shot. Two other shootings took place the same day.", d(2025, 5, 9),
			[]string{"Around 3 May 2025 (as reported)=2025-05-03/2", "the same day=2025-05-03/2"}},
		{"Rebels took the town on 12 May 2025, after raids in the previous week.", d(2025, 5, 20),
			[]string{"12 May 2025=2025-05-12/1", "the previous week=2025-05-05/2"}},
		{"Raids went on the previous week.", d(2026, 1, 23),
			[]string{"the previous week=2026-01-12/2"}},
		{"The next day, the town was quiet.", d(2026, 1, 23),
			[]string{"The next day=2026-01-23/1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range Find(tt.text, tt.ref) {
			got = append(got, fmt.Sprintf("%s=%s/%d", e.Text, e.Date.Format("2006-01-02"), e.Precision))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Find(%q, %s):\n got %q\nwant %q", tt.text, tt.ref.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestFindSeveral(t *testing.T) {
	got := Find("In December, two soldiers were killed. Earlier in the week, a raid near al-Hol; since 2014 the coalition", fri)
	var texts []string
	for _, e := range got {
		texts = append(texts, e.Text)
	}
	want := "December|Earlier in the week|2014"
	if strings.Join(texts, "|") != want {
		t.Errorf("got %q; want %q", strings.Join(texts, "|"), want)
	}
}

// TestACLED measures date resolution on the shared ACLED development file. It logs the
// share of rows whose first non-background date equals event_date (and time_precision).
func TestACLED(t *testing.T) {
	acled := evalfile.ACLEDDev(t)
	rows, col := acled.Rows, acled.Col
	var n, dateOK, precOK, both int
	misses := 0
	for _, row := range rows {
		n++
		ts, _ := strconv.ParseInt(row[col("timestamp")], 10, 64)
		ref := time.Unix(ts, 0).UTC()
		want, err := time.Parse("2-Jan-06", row[col("event_date")])
		if err != nil {
			t.Fatalf("event_date %q: %v", row[col("event_date")], err)
		}
		wp, _ := strconv.Atoi(row[col("time_precision")])
		var got *Expr
		es := Find(row[col("notes")], ref)
		for i := range es {
			if !es[i].Background {
				got = &es[i]
				break
			}
		}
		if got != nil && got.Date.Equal(want) {
			dateOK++
			if got.Precision == wp {
				both++
			}
		} else if misses < 15 && testing.Verbose() {
			misses++
			note := row[col("notes")]
			t.Logf("miss %s: %.120s -> %+v", row[col("event_date")], note, got)
		}
		if got != nil && got.Precision == wp {
			precOK++
		}
	}
	t.Logf("ACLED dev: %d rows; date exact %.4f; precision exact %.4f; both %.4f",
		n, float64(dateOK)/float64(n), float64(precOK)/float64(n), float64(both)/float64(n))
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"On 9 May 2020, x", "between 1 and 3 May", "on the 31st", "2020-02-31", "Around 9 May (as reported)", "mid-", "\xffMay 9", "last", "on Friday", "9/31/2020"} {
		f.Add(s, int64(1589220519))
	}
	f.Fuzz(func(t *testing.T, s string, ts int64) {
		ref := time.Unix(ts%(1<<36), 0)
		prev := 0
		for _, e := range Find(s, ref) {
			if e.Start < prev || e.Start >= e.End || e.End > len(s) {
				t.Fatalf("Find(%q): bad span %+v", s, e)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[e.Start]) || (e.End < len(s) && !utf8.RuneStart(s[e.End]))) {
				t.Fatalf("Find(%q): span not on rune boundary %+v", s, e)
			}
			if e.Text != s[e.Start:e.End] || e.Precision < Day || e.Precision > Year {
				t.Fatalf("Find(%q): bad expr %+v", s, e)
			}
			prev = e.End
		}
	})
}

func BenchmarkFind(b *testing.B) {
	para := "On 9 May 2020, clashes erupted near the town, killing 3. Earlier in the week, on Tuesday, a raid was reported; " +
		"since a 2014 intervention, 1,000 troops have been deployed. In December, two soldiers were killed. " +
		"Around 27 April 2020 (as reported), the bodies of two men were found. Officials said yesterday that more may follow. "
	text := strings.Repeat(para, 1000)
	ref := d(2020, 5, 11)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text, ref)
	}
}

// BenchmarkFindIn measures the coder's use: the dates of each ACLED note, its pieces just
// scanned, against a publication date.
func BenchmarkFindIn(b *testing.B) {
	texts, size := evalfile.ACLEDNotes(b)
	lowers := make([]string, len(texts))
	for k, text := range texts {
		lowers[k] = lexicon.LowerASCII(text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var ps []lexicon.Piece
	for b.Loop() {
		for k, text := range texts {
			// The pieces scanned just before, as the coder has them (and in the cache);
			// the scan is part of the time.
			ps = lexicon.ScanLowered(text, lowers[k], ps[:0])
			FindIn(text, ps, d(2020, 5, 11))
		}
	}
}

// TestMayStart checks that FindIn's quick tests pass every piece a date expression starts
// at, over the ACLED notes and the forms of the tests above.
func TestMayStart(t *testing.T) {
	texts := []string{"On 9 May 2020, 3 days ago, two days later, a week ago, the previous day, Friday, " +
		"overnight into Monday, earlier that day, this week, last year, past month, that night, later that day, " +
		"previous week, on the 9th, recent weeks, yesterday, today, tonight, in Sept. 2020, 2020-05-09, 9/31/2020, " +
		"several days earlier, few weeks ago, 7 days after, since 2014, the previous week, the past year, the day before yesterday, " +
		"the following night, the day after, the same evening, the prior day, the next week, the last decade, the past two years"}
	if acled := evalfile.CSV(t, "acled-2020-dev.csv"); acled != nil {
		for _, row := range acled.Rows {
			texts = append(texts, row[acled.Col("notes")])
		}
	}
	n := 0
	for _, text := range texts {
		ps := lexicon.Scan(text, nil)
		r := resolver{toks: ps, text: text, ref: fri, hasRef: true}
		for i := range ps {
			if _, ok := r.match(i); ok {
				n++
				if !mayStart(&ps[i]) || !r.mayFollow(i) {
					t.Errorf("%q: a date starts at %q, which mayStart or mayFollow turns away", text, ps[i].Lower)
				}
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d dates", n)
	}
}

// FuzzMayStart checks the quick tests of FindIn on any text: where a date starts, they pass.
func FuzzMayStart(f *testing.F) {
	for _, s := range []string{"the previous day", "on the 9th", "a day earlier", "The day before, 2 days ago", "May 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps := lexicon.Scan(s, nil)
		r := resolver{toks: ps, text: s, ref: fri, hasRef: true}
		for i := range ps {
			if _, ok := r.match(i); ok && (!mayStart(&ps[i]) || !r.mayFollow(i)) {
				t.Fatalf("%q: a date starts at piece %d (%q), which FindIn's quick tests turn away", s, i, ps[i].Lower)
			}
		}
	})
}

// TestDaysIn checks daysIn against time.Date over the years FindIn may meet, leap and
// century years among them, and every month it is asked of.
func TestDaysIn(t *testing.T) {
	for y := -401; y <= 2401; y++ {
		for mo := time.Month(0); mo <= 13; mo++ {
			if got, want := daysIn(y, mo), time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%d, %d) = %d, want %d", y, mo, got, want)
			}
		}
	}
}

// TestAppendIn checks that AppendIn adds to what out holds what FindIn returns.
func TestAppendIn(t *testing.T) {
	text := "On 9 May 2020, clashes erupted; on Friday, and earlier that day, 3 were killed."
	ps := lexicon.Scan(text, nil)
	want := FindIn(text, ps, fri)
	got := AppendIn([]Expr{{Text: "x"}}, text, ps, fri)
	if len(got) != len(want)+1 || got[0].Text != "x" || fmt.Sprint(got[1:]) != fmt.Sprint(want) {
		t.Errorf("AppendIn = %+v, want x then %+v", got, want)
	}
}
