// Package when finds date expressions in news text and resolves them against the
// publication date: "9 May 2020", "on Friday", "earlier in the week", "In December" (in a
// January report, last December), "late 2024". It owns the date, its ACLED time precision
// and whether the expression names background rather than the report's own events, so that
// every date decision in the coder is made, and tested, in one place.
//
// Choices that are ours rather than ACLED's are documented where they are made: a date
// without a year is put on or before the publication date (up to seven days after is
// allowed, for reports that run late); "early/mid/late May" is month precision (3) with the
// first of the month, since ACLED has no unit between week and month; "around 9 May" and
// "as reported on 9 May" are week precision (2), which is how ACLED codes them.
package when

import (
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

// Precision values, ACLED's time_precision plus 4 for a year or longer.
const (
	Day   = 1
	Week  = 2
	Month = 3
	Year  = 4
)

// Expr is a date expression found in text.
type Expr struct {
	Start, End int       // byte offsets in the text given
	Text       string    // text[Start:End]
	Date       time.Time // first day of the span it names (UTC midnight); zero if it could not be resolved (relative expression and no reference date)
	Precision  int       // ACLED time_precision: 1 day, 2 week, 3 month; 4 = year or longer (never an event date)
	Background bool      // a year or period clearly before the report's own time: "a 2014 intervention", "in late 2024", "over the past year", "last year"
	Approx     bool      // "around 9 May", "(as reported)"
}

// lateDays is how far after the publication date a date without a year may fall and still
// be taken in the publication year.
const lateDays = 7

// Find returns all date expressions in text in text order. ref is the publication date
// (zero = unknown); only its calendar day in UTC is used.
func Find(text string, ref time.Time) []Expr {
	return FindIn(text, lexicon.Scan(text, nil), ref)
}

// FindIn is Find over a text already scanned into pieces (lexicon.Scan), so that a caller
// that reads the text in other ways too scans it once. Which expressions are found does not
// depend on ref, only their dates and background.
func FindIn(text string, toks []lexicon.Piece, ref time.Time) []Expr {
	return AppendIn(nil, text, toks, ref)
}

// AppendIn is FindIn appending to out, for a caller that keeps its buffer between texts
// rather than allocate one for each.
func AppendIn(out []Expr, text string, toks []lexicon.Piece, ref time.Time) []Expr {
	r := resolver{toks: toks, text: text}
	if !ref.IsZero() {
		r.refY, r.refM, r.refD = ref.Date() // one reading of the date, not three
		r.ref = time.Date(r.refY, r.refM, r.refD, 0, 0, 0, 0, time.UTC)
		r.hasRef = true
	}
	// anchor is the day the text last named: "said on Wednesday they had repelled an
	// assault a day earlier" puts the assault on Tuesday, whatever the publication date.
	// An approximate day ("around 3 May (as reported)") anchors at its own precision.
	anchor, anchorPrec := r.ref, Day
	for i := 0; ; {
		if i = r.next(i); i == len(toks) {
			break
		}
		m, ok := r.match(i)
		if !ok {
			i++
			continue
		}
		dayRef := m.anaphor && m.prec == Day // a day, not a week, told from the anchor
		if m.anaphor && !anchor.IsZero() {
			m.date = anchor.AddDate(0, 0, m.shift)
			if m.prec == Week { // the Monday of that week
				m.date = m.date.AddDate(0, 0, -((int(m.date.Weekday()) + 6) % 7))
			}
			m.prec = max(m.prec, anchorPrec)
			if anchor.Equal(r.ref) && m.date.After(r.ref) {
				m.date = r.ref // "the next day" in a report that named no day: not after it
			}
		}
		r.qualify(&m)
		e := Expr{
			Start:     toks[m.first].Start,
			End:       toks[m.last-1].End,
			Date:      m.date,
			Precision: m.prec,
			Approx:    m.approx,
		}
		e.Text = text[e.Start:e.End]
		e.Background = m.background || r.isBackground(e)
		if (e.Precision == Day || e.Approx || dayRef) && !e.Date.IsZero() && !e.Background {
			anchor, anchorPrec = e.Date, e.Precision
		}
		out = append(out, e)
		i = m.last
	}
	return out
}

// match is a date expression over tokens [first, last).
type match struct {
	first, last int
	date        time.Time
	prec        int
	approx      bool
	background  bool
	// anaphor marks a day told relative to the day the text last named, not to the
	// publication date: "a day earlier" (shift -1), "the following day" (+1), "that day" (0).
	anaphor bool
	shift   int
}

type resolver struct {
	toks   []lexicon.Piece
	text   string
	ref    time.Time
	hasRef bool
	// The date of ref, and two days from it that the expressions of a text are compared
	// with, made once for the text (yearAgo, late) rather than for each expression.
	refY, refD    int
	refM          time.Month
	yearAgo, late time.Time // ref.AddDate(-1, 0, -1) and ref.AddDate(0, 0, lateDays); zero until asked
}

// yearBefore is ref.AddDate(-1, 0, -1), before which a dated span is background.
func (r *resolver) yearBefore() time.Time {
	if r.yearAgo.IsZero() {
		r.yearAgo = time.Date(r.refY-1, r.refM, r.refD-1, 0, 0, 0, 0, time.UTC)
	}
	return r.yearAgo
}

// latest is ref.AddDate(0, 0, lateDays), the latest a date without a year may be.
func (r *resolver) latest() time.Time {
	if r.late.IsZero() {
		r.late = time.Date(r.refY, r.refM, r.refD+lateDays, 0, 0, 0, 0, time.UTC)
	}
	return r.late
}

func (r *resolver) lower(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	return r.toks[i].Lower
}

// isBackground: a dated span that ends more than a year before the report is background;
// a bare year before the report's year is too.
func (r *resolver) isBackground(e Expr) bool {
	if !r.hasRef || e.Date.IsZero() {
		return false
	}
	if e.Precision == Year {
		return e.Date.Year() < r.refY
	}
	return e.Date.Before(r.yearBefore())
}

// qualify widens m over the hedges around it: "Around", "As reported on", "the week of",
// "(as reported)", "(week of)", "(or around)".
func (r *resolver) qualify(m *match) {
	t := r.toks
	// before
	switch {
	case m.first >= 3 && r.lower(m.first-3) == "as" && r.lower(m.first-2) == "reported" && r.lower(m.first-1) == "on":
		m.first -= 3
		m.approx = true
	case m.first >= 2 && r.lower(m.first-2) == "reported" && r.lower(m.first-1) == "on":
		m.first -= 2
		m.approx = true
	case m.first >= 1 && isApproxWord(r.lower(m.first-1)):
		m.first--
		m.approx = true
	case m.first >= 3 && r.lower(m.first-3) == "the" && r.lower(m.first-2) == "week" && r.lower(m.first-1) == "of":
		m.first -= 3
		m.prec = max(m.prec, Week)
	case m.first >= 2 && r.lower(m.first-2) == "week" && r.lower(m.first-1) == "of":
		m.first -= 2
		m.prec = max(m.prec, Week)
	}
	// after: a parenthesis of hedges
	if m.last < len(t) && t[m.last].Lower == "(" {
		j := m.last + 1
		var words []string
		for j < len(t) && j < m.last+6 && t[j].Lower != ")" {
			words = append(words, t[j].Lower)
			j++
		}
		if j < len(t) && t[j].Lower == ")" {
			p := strings.Join(words, " ")
			switch p {
			case "as reported", "as reported on", "or around", "around", "approximately", "approx", "reported", "estimated", "midweek", "or earlier", "or before":
				m.approx = true
				m.last = j + 1
			case "week of", "the week of", "week":
				m.prec = max(m.prec, Week)
				m.last = j + 1
			}
		}
	}
	if m.approx && m.prec == Day {
		m.prec = Week
	}
}

func isApproxWord(w string) bool {
	switch w {
	case "around", "about", "approximately", "circa", "c", "roughly":
		return true
	}
	return false
}

// startWords are the words a date expression can start with (match): month and weekday
// names, the words phrase switches on, and the counts it reads before "days" or "weeks". By
// first letter and length, a bit for the last letter of each.
var startWords = func() *lexicon.Shapes {
	var t lexicon.Shapes
	add := func(w string) {
		if w[0] >= 'a' && w[0] <= 'z' {
			t.Add(w)
		}
	}
	for _, w := range []string{"yesterday", "today", "tonight", "overnight", "earlier", "this", "last", "past", "the", "that", "later", "previous", "on", "recent"} {
		add(w)
	}
	for w := range months {
		add(w)
	}
	for w := range weekdays {
		add(w)
	}
	for w := range smallNumbers {
		add(w)
	}
	return &t
}()

// mayStart reports whether a date expression may start at t: a digit run, or a word whose
// first letter, length and last letter are those of a start word. It spares most pieces of
// a report match, which tries every form.
func mayStart(t *lexicon.Piece) bool {
	if t.Kind != lexicon.Letters {
		return t.Kind == lexicon.Digits
	}
	w := t.Lower
	return startWords.May(w)
}

// next is the first piece from toks[i] on where a date expression may start (mayStart,
// mayFollow), or len(toks). Most pieces are passed over here, in a loop of its own that
// keeps what it needs in registers.
func (r *resolver) next(i int) int {
	toks := r.toks
	for ; i < len(toks); i++ {
		if mayStart(&toks[i]) && r.mayFollow(i) {
			break
		}
	}
	return i
}

// mayFollow reports whether the words after toks[i] may make a phrase of it, for the three
// start words most common in reports, which start one only before a few words (phrase): "the"
// before "previous", "day" and the like; "on" before "the" ("on the 9th"); "a" before "day"
// or "week". It is true of any other word.
func (r *resolver) mayFollow(i int) bool {
	switch r.toks[i].Lower {
	case "the":
		switch r.lower(i + 1) {
		case "previous", "preceding", "following", "next", "past", "last", "prior", "same",
			"day", "days", "night", "evening", "week", "weeks":
			return true
		}
		return false
	case "on":
		return r.lower(i+1) == "the"
	case "a":
		switch r.lower(i + 1) {
		case "day", "days", "week", "weeks":
			return true
		}
		return false
	}
	return true
}

// match tries each form at toks[i], longest forms first.
func (r *resolver) match(i int) (match, bool) {
	t := &r.toks[i]
	switch t.Kind {
	case lexicon.Digits:
		if m, ok := r.numericDate(i); ok {
			return m, true
		}
		if m, ok := r.dayFirst(i); ok {
			return m, true
		}
		if m, ok := r.bareYear(i); ok {
			return m, true
		}
		if m, ok := r.phrase(i); ok { // "3 days ago", "2 days earlier"
			return m, true
		}
	case lexicon.Letters:
		if _, ok := monthOf(t); ok {
			if m, ok := r.monthFirst(i); ok {
				return m, true
			}
		}
		if m, ok := r.phrase(i); ok {
			return m, true
		}
		if t.Cap {
			if wd, ok := weekdays[t.Lower]; ok {
				return r.weekday(i, wd)
			}
		}
	}
	return match{}, false
}

// day reads a day of the month at toks[i]: "9", "9th", returning the index after it.
func (r *resolver) day(i int) (int, int, bool) {
	if i >= len(r.toks) || r.toks[i].Kind != lexicon.Digits || len(r.toks[i].Lower) > 2 {
		return 0, 0, false
	}
	d, _ := strconv.Atoi(r.toks[i].Lower)
	if d < 1 || d > 31 {
		return 0, 0, false
	}
	j := i + 1
	if j < len(r.toks) && !r.toks[j].Gap {
		switch r.toks[j].Lower {
		case "st", "nd", "rd", "th":
			j++
		}
	}
	return d, j, true
}

// year reads a four-digit year at toks[i].
func (r *resolver) year(i int) (int, bool) {
	if i >= len(r.toks) || r.toks[i].Kind != lexicon.Digits || len(r.toks[i].Lower) != 4 {
		return 0, false
	}
	y, _ := strconv.Atoi(r.toks[i].Lower)
	if y < 1900 || y > 2099 {
		return 0, false
	}
	// "2020-05" is ISO, handled elsewhere; "2,020" never reaches here.
	return y, true
}

// month reads a month name at toks[i] (and a following "." of an abbreviation).
func (r *resolver) month(i int) (time.Month, int, bool) {
	if i >= len(r.toks) {
		return 0, 0, false
	}
	mo, ok := monthOf(&r.toks[i])
	if !ok {
		return 0, 0, false
	}
	j := i + 1
	// "Apr." is an abbreviation; the full stop after "May", "June" or "July" ends a sentence.
	if w := r.toks[i].Lower; j < len(r.toks) && r.toks[j].Lower == "." && len(w) <= 4 && w != "may" && w != "june" && w != "july" && !r.toks[j].Gap {
		j++
	}
	return mo, j, true
}

// optYear reads ", 2020" or " 2020" after a date, returning the year (0 if none).
func (r *resolver) optYear(j int) (int, int) {
	k := j
	if r.lower(k) == "," {
		k++
	}
	if y, ok := r.year(k); ok {
		// not "9 May 2020-21" style ranges or "May 9, 2020 troops"? keep it simple
		return y, k + 1
	}
	return 0, j
}

// dayFirst: "9 May 2020", "9th of May", "9 May", "1-3 May 2020", "1 to 3 May".
func (r *resolver) dayFirst(i int) (match, bool) {
	d, j, ok := r.day(i)
	if !ok {
		return match{}, false
	}
	// range "1-3 May", "1 to 3 May", "1 and 3 May" (after "between")
	d2 := 0
	if sep := r.lower(j); sep == "-" || sep == "to" || sep == "and" || sep == "/" {
		if dd, k, ok := r.day(j + 1); ok && dd > d {
			if _, _, ok := r.month(skipOf(r, k)); ok {
				d2, j = dd, k
			}
		}
	}
	if r.lower(j) == "of" {
		j++
	}
	mo, j, ok := r.month(j)
	if !ok {
		return match{}, false
	}
	y, j := r.optYear(j)
	first := i
	if d2 > 0 && (r.lower(i-1) == "between" || r.lower(i-1) == "from") {
		first--
	}
	if r.lower(first-1) == "the" {
		first--
	}
	m := match{first: first, last: j, prec: Day}
	m.date = r.resolveDay(y, mo, d)
	if d2 > 0 {
		m.prec = Week
		if d2-d > 6 {
			m.prec = Month
		}
	}
	return m, true
}

func skipOf(r *resolver, k int) int {
	if r.lower(k) == "of" {
		return k + 1
	}
	return k
}

// monthFirst: "May 9, 2020", "May 9th", "May 2020", "May 1-3".
func (r *resolver) monthFirst(i int) (match, bool) {
	mo, j, _ := r.month(i)
	if d, k, ok := r.day(j); ok && !(k < len(r.toks) && r.toks[k].Kind == lexicon.Digits && !r.toks[k].Gap) {
		// "May 9 people were killed" is rare; a following year or comma is not required.
		d2 := 0
		if sep := r.lower(k); sep == "-" || sep == "to" {
			if dd, kk, ok := r.day(k + 1); ok && dd > d {
				d2, k = dd, kk
			}
		}
		y, k := r.optYear(k)
		m := match{first: i, last: k, prec: Day, date: r.resolveDay(y, mo, d)}
		if d2 > 0 {
			m.prec = Week
			if d2-d > 6 {
				m.prec = Month
			}
		}
		return m, true
	}
	// "May 2020", "May of 2020"
	k := j
	if r.lower(k) == "of" || r.lower(k) == "," {
		k++
	}
	if y, ok := r.year(k); ok {
		first := i
		first = r.periodModifier(first)
		return match{first: first, last: k + 1, prec: Month, date: time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)}, true
	}
	// a month alone needs a preposition or a modifier: "in December", "late May", "mid-May"
	first := r.periodModifier(i)
	prev := r.lower(first - 1)
	if first == i {
		switch prev {
		case "in", "during", "since", "until", "till", "through", "throughout", "by", "last", "this", "of", "from", "before", "after":
		default:
			return match{}, false
		}
		if prev == "last" || prev == "this" {
			first--
		}
	}
	m := match{first: first, last: j, prec: Month}
	if r.hasRef {
		y := r.refY
		if mo > r.refM {
			y--
		}
		if prev == "last" && mo == r.refM {
			y--
		}
		m.date = time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	}
	return m, true
}

// periodModifier extends first back over "early", "mid", "mid-", "late", "the end of",
// "the beginning of", "the start of", "the middle of".
func (r *resolver) periodModifier(first int) int {
	switch {
	case r.lower(first-1) == "-" && r.lower(first-2) == "mid":
		return first - 2
	case r.lower(first-1) == "early" || r.lower(first-1) == "mid" || r.lower(first-1) == "late":
		return first - 1
	case r.lower(first-1) == "of":
		switch r.lower(first - 2) {
		case "end", "beginning", "start", "middle":
			if r.lower(first-3) == "the" {
				return first - 3
			}
			return first - 2
		}
	}
	return first
}

// resolveDay builds a date from a day and month, and the year if given; without a year it
// takes the year that puts the date on or before ref (allowing lateDays after).
func (r *resolver) resolveDay(y int, mo time.Month, d int) time.Time {
	if y == 0 {
		if !r.hasRef {
			return time.Time{}
		}
		y = r.refY
		if date(y, mo, d).After(r.latest()) {
			y--
		}
	}
	return date(y, mo, d)
}

// date is time.Date at UTC midnight, clamping the day to the month's length.
func date(y int, mo time.Month, d int) time.Time {
	if last := daysIn(y, mo); d > last {
		d = last
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// daysIn is the length of month mo of year y, which time.Date(y, mo+1, 0, ...).Day() reads
// by making a date: month 0 is the December before. TestDaysIn checks the two agree.
func daysIn(y int, mo time.Month) int {
	switch mo {
	case 0, time.January, time.March, time.May, time.July, time.August, time.October, time.December:
		return 31
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// numericDate: "2020-05-09" and unambiguous "9/5/2020" style dates (day or month over 12,
// or both equal).
func (r *resolver) numericDate(i int) (match, bool) {
	t := r.toks
	if i+4 >= len(t) {
		return match{}, false
	}
	tight := !t[i+1].Gap && !t[i+2].Gap && !t[i+3].Gap && !t[i+4].Gap
	if !tight || t[i+2].Kind != lexicon.Digits || t[i+4].Kind != lexicon.Digits {
		return match{}, false
	}
	a, b, c := t[i].Lower, t[i+2].Lower, t[i+4].Lower
	if t[i+1].Lower == "-" && t[i+3].Lower == "-" && len(a) == 4 && len(b) == 2 && len(c) == 2 {
		y, _ := strconv.Atoi(a)
		mo, _ := strconv.Atoi(b)
		d, _ := strconv.Atoi(c)
		if y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return match{first: i, last: i + 5, prec: Day, date: date(y, time.Month(mo), d)}, true
		}
	}
	sep := t[i+1].Lower
	if (sep == "/" || sep == ".") && t[i+3].Lower == sep && len(a) <= 2 && len(b) <= 2 && len(c) == 4 {
		x, _ := strconv.Atoi(a)
		z, _ := strconv.Atoi(b)
		y, _ := strconv.Atoi(c)
		var d, mo int
		switch {
		case x == z && x >= 1 && x <= 12:
			d, mo = x, z
		case x > 12 && x <= 31 && z >= 1 && z <= 12:
			d, mo = x, z
		case z > 12 && z <= 31 && x >= 1 && x <= 12:
			d, mo = z, x
		default:
			return match{}, false
		}
		if y >= 1900 {
			return match{first: i, last: i + 5, prec: Day, date: date(y, time.Month(mo), d)}, true
		}
	}
	return match{}, false
}

// bareYear: "in 2014", "a 2014 intervention", "late 2024", "since 2019". A four-digit
// figure counts as a year only after a word that introduces one, or before a comma or full
// stop, so that "2000 protesters" is not a year.
func (r *resolver) bareYear(i int) (match, bool) {
	y, ok := r.year(i)
	if !ok {
		return match{}, false
	}
	if i+1 < len(r.toks) && !r.toks[i+1].Gap && r.toks[i+1].Kind != lexicon.Mark {
		return match{}, false
	}
	first := r.periodModifier(i)
	prev := r.lower(first - 1)
	intro := first < i
	switch prev {
	case "in", "since", "until", "till", "during", "of", "by", "a", "an", "the", "from", "before", "after", "year", "throughout", "through", "between", "and", "to", "early", "late", "mid":
		intro = true
	}
	next := r.lower(i + 1)
	if next == "," || next == "." || next == ")" || next == ";" || next == "" {
		intro = true
	}
	if !intro {
		return match{}, false
	}
	// an "about 2000" or "nearly 2000" is a count
	switch prev {
	case "about", "around", "nearly", "some", "over", "than":
		return match{}, false
	}
	return match{first: first, last: i + 1, prec: Year, date: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)}, true
}

// weekday: "on Friday", "last Friday", "Friday night": the most recent such day on or
// before ref.
func (r *resolver) weekday(i int, wd time.Weekday) (match, bool) {
	first := i
	last := i + 1
	strict := false
	switch r.lower(i - 1) {
	case "last", "past":
		first--
		strict = true
	case "on", "this":
		first--
	}
	if r.lower(last) == "," && r.toks[min(last+1, len(r.toks)-1)].Kind == lexicon.Digits {
		return match{}, false // "Friday, 9 May" is matched from the day
	}
	m := match{first: first, last: last, prec: Day}
	if r.hasRef {
		back := (int(r.ref.Weekday()) - int(wd) + 7) % 7
		if back == 0 && strict {
			back = 7
		}
		m.date = r.ref.AddDate(0, 0, -back)
	}
	return m, true
}

// phrase: relative words and periods anchored on ref.
func (r *resolver) phrase(i int) (match, bool) {
	w := r.lower(i)
	n1, n2, n3 := r.lower(i+1), r.lower(i+2), r.lower(i+3)
	day := func(n, back int) (match, bool) {
		m := match{first: i, last: i + n, prec: Day}
		if r.hasRef {
			m.date = r.ref.AddDate(0, 0, -back)
		}
		return m, true
	}
	week := func(n, backWeeks int) (match, bool) {
		m := match{first: i, last: i + n, prec: Week}
		if r.hasRef {
			mon := r.ref.AddDate(0, 0, -((int(r.ref.Weekday()) + 6) % 7))
			m.date = mon.AddDate(0, 0, -7*backWeeks)
		}
		return m, true
	}
	month := func(n, back int) (match, bool) {
		m := match{first: i, last: i + n, prec: Month}
		if r.hasRef {
			m.date = time.Date(r.ref.Year(), r.ref.Month()-time.Month(back), 1, 0, 0, 0, 0, time.UTC)
		}
		return m, true
	}
	year := func(n, back int, bg bool) (match, bool) {
		m := match{first: i, last: i + n, prec: Year, background: bg}
		if r.hasRef {
			m.date = time.Date(r.ref.Year()-back, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return m, true
	}
	// anaphor: a day told relative to the day the text last named (FindIn resolves it).
	anaphor := func(n, shift int) (match, bool) {
		return match{first: i, last: i + n, prec: Day, anaphor: true, shift: shift}, true
	}
	switch w {
	case "yesterday":
		return day(1, 1)
	case "today", "tonight":
		return day(1, 0)
	case "overnight":
		// "overnight into Monday" is Monday's, whatever the day of the report
		if (n1 == "into" || n1 == "to") && i+2 < len(r.toks) && r.toks[i+2].Cap {
			if wd, ok := weekdays[n2]; ok {
				m, _ := r.weekday(i+2, wd)
				m.first = i
				return m, true
			}
		}
		return day(1, 1)
	case "earlier":
		if n1 == "today" {
			return day(2, 0)
		}
		if n1 == "that" && isDayWord(n2) { // "earlier that day"
			return anaphor(3, 0)
		}
		if n1 == "the" && n2 == "same" && isDayWord(n3) {
			return anaphor(4, 0)
		}
		if n1 == "this" && n2 == "week" {
			return week(3, 0)
		}
		if n1 == "in" && n2 == "the" && n3 == "week" {
			return week(4, 0)
		}
		if n1 == "this" && n2 == "month" {
			return month(3, 0)
		}
	case "this":
		switch n1 {
		case "morning", "afternoon", "evening":
			return day(2, 0)
		case "week":
			return week(2, 0)
		case "month":
			return month(2, 0)
		case "year":
			return year(2, 0, false)
		}
	case "last", "past":
		switch n1 {
		case "night":
			if w == "last" {
				return day(2, 1)
			}
		case "week":
			return week(2, 1)
		case "weekend":
			m, ok := week(2, 1)
			if r.hasRef {
				m.date = m.date.AddDate(0, 0, 5)
			}
			return m, ok
		case "month":
			return month(2, 1)
		case "year":
			return year(2, 1, true)
		}
	case "the":
		// "the previous week" counts from the day the text last named, like "the
		// previous day"; "the past week" and "the last week" from publication.
		if (n1 == "previous" || n1 == "preceding" || n1 == "following" || n1 == "next") && n2 == "week" {
			return match{first: i, last: i + 3, prec: Week, anaphor: true, shift: 7 * must(relativeDay(n1))}, true
		}
		// "the past year", "the day before"
		if n1 == "past" || n1 == "previous" || n1 == "last" {
			// "over the past decade", "in the last two years": a span long before the
			// report's own events, however it ends
			if n, ok := smallNumbers[n2]; ok && (n3 == "years" || n3 == "decades" || n3 == "months") {
				if n3 == "decades" {
					n *= 10
				}
				if n3 == "months" {
					n = 0
				}
				return year(4, n, true)
			}
			switch n2 {
			case "decade":
				return year(3, 10, true)
			case "year":
				return year(3, 1, true)
			case "week":
				return week(3, 1)
			case "month":
				return month(3, 1)
			}
		}
		if n1 == "day" && n2 == "before" && n3 == "yesterday" {
			return day(4, 2)
		}
		if shift, ok := relativeDay(n1); ok && isDayWord(n2) {
			return anaphor(3, shift) // "the previous day", "the following night"
		}
		if (n1 == "day" || n1 == "night" || n1 == "evening") && r.endsAt(i+3) {
			switch n2 { // "the night before,", "the day after."
			case "before":
				return anaphor(3, -1)
			case "after":
				return anaphor(3, 1)
			}
		}
	case "that":
		// "that day", "that same night"; "said that night raids ..." is rare beside it
		if isDayWord(n1) && n1 != "morning" && n1 != "afternoon" {
			return anaphor(2, 0)
		}
		if n1 == "same" && isDayWord(n2) {
			return anaphor(3, 0)
		}
	case "later":
		// "later that day", "later the same day"
		if n1 == "that" && isDayWord(n2) {
			return anaphor(3, 0)
		}
		if n1 == "the" && n2 == "same" && isDayWord(n3) {
			return anaphor(4, 0)
		}
	case "previous":
		switch n1 {
		case "week":
			return week(2, 1)
		case "month":
			return month(2, 1)
		case "year":
			return year(2, 1, true)
		}
	case "on":
		// "on the 9th": a day of the month ref is in, or the month before
		if n1 == "the" {
			if d, k, ok := r.day(i + 2); ok && k > i+3 && r.lower(k) != "of" {
				if _, _, isMonth := r.month(k); !isMonth {
					m := match{first: i, last: k, prec: Day}
					if r.hasRef {
						mo := r.refM
						y := r.refY
						if d > r.refD {
							mo--
						}
						m.date = date(y, mo, d) // month 0 is December of the year before
					}
					return m, true
				}
			}
		}
	case "recent":
		if n1 == "weeks" || n1 == "months" || n1 == "years" || n1 == "days" {
			m := match{first: i, last: i + 2, prec: Year, background: true}
			if r.hasRef {
				m.date = r.ref
				m.background = n1 != "days"
			}
			if n1 == "days" {
				m.prec = Week
			}
			return m, true
		}
	}
	if n1 != "day" && n1 != "days" && n1 != "week" && n1 != "weeks" {
		return match{}, false // most words: no count of days or weeks follows
	}
	n, isNum := smallNumbers[w]
	// "a day earlier", "two days later", "a day before," (not "two days before the vote":
	// that counts from a day the text may never date)
	if isNum && (n1 == "day" || n1 == "days") && w != "several" && w != "few" {
		switch n2 {
		case "earlier":
			return anaphor(3, -n)
		case "later":
			return anaphor(3, n)
		case "before", "prior":
			if r.endsAt(i + 3) {
				return anaphor(3, -n)
			}
		case "after":
			if r.endsAt(i + 3) {
				return anaphor(3, n)
			}
		}
	}
	// "N days ago", "two weeks ago"
	if isNum && n2 == "ago" {
		switch n1 {
		case "day", "days":
			return day(3, n)
		case "week", "weeks":
			m := match{first: i, last: i + 3, prec: Week}
			if r.hasRef {
				m.date = r.ref.AddDate(0, 0, -7*n)
			}
			return m, true
		}
	}
	return match{}, false
}

// endsAt reports whether a relative phrase ends before toks[i]: at a mark, the end of the
// text, or a word that starts a new clause, not a noun phrase it would count from ("the day
// before the vote").
func (r *resolver) endsAt(i int) bool {
	if i >= len(r.toks) {
		return true
	}
	t := &r.toks[i]
	if t.Kind == lexicon.Mark {
		return t.Lower != "'" && t.Lower != "’"
	}
	if t.Kind != lexicon.Letters || t.Cap {
		return false
	}
	return !nounStarts[t.Lower]
}

// nounStarts are words that open a noun phrase or a clause a relative day counts from:
// "the day before the attack", "two days after he was freed", "a day prior to".
var nounStarts = map[string]bool{
	"the": true, "a": true, "an": true, "his": true, "her": true, "their": true, "its": true,
	"this": true, "that": true, "these": true, "those": true, "to": true, "he": true,
	"she": true, "they": true, "it": true, "we": true, "i": true, "you": true, "yesterday": true,
	"last": true, "our": true, "my": true, "your": true,
}

// relativeDay reads a word that opens an anaphoric day ("the previous day") as its shift
// in days.
func relativeDay(w string) (int, bool) {
	switch w {
	case "previous", "preceding", "prior":
		return -1, true
	case "following", "next":
		return 1, true
	case "same":
		return 0, true
	}
	return 0, false
}

func must(n int, _ bool) int { return n }

// isDayWord reports a part of a day an anaphoric phrase can name.
func isDayWord(w string) bool {
	switch w {
	case "day", "night", "evening", "morning", "afternoon":
		return true
	}
	return false
}

var smallNumbers = map[string]int{
	"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "several": 3, "few": 2,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

// monthOf reads a capitalised month name; lower-case "may" and "march" are verbs.
func monthOf(t *lexicon.Piece) (time.Month, bool) {
	if t.Kind != lexicon.Letters || !t.Cap {
		return 0, false
	}
	mo, ok := months[t.Lower]
	return mo, ok
}
