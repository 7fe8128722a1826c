// Package number finds the numbers written in English news text ("twenty-five", "1,000",
// "between 5 and 7", "at least 3", "dozens") and reads them as integers with their
// qualifiers. It owns the reading of figures only; which figure counts as what (deaths,
// troops, years) is decided by the packages that call it, such as casualty.
package number

import (
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

// Number is one figure found in text.
type Number struct {
	Start, End int  // byte offsets of the whole phrase, qualifiers included
	Value      int  // best figure: the lower bound of a range
	Low, High  int  // bounds of a range ("5 to 7", "between 5 and 7", "5-7"); equal to Value otherwise
	AtLeast    bool // "at least", "more than", "over", "upwards of"
	Approx     bool // "around", "about", "nearly", "some", "approximately", "up to"
	// Vague marks a quantity word rather than a figure. Following ACLED: "dozens" 12,
	// "tens" 10, "hundreds" 100, "thousands" 1000. We also read "a dozen" 12, "scores" 20
	// (one score, the conservative reading), "several" and "a number of" 10 (ACLED codes an
	// unknown plural count as 10), and "a few" 3.
	Vague bool
	// Unstated marks a vague word that gives no figure at all ("several", "a few", "a number
	// of"), unlike "dozens" or "hundreds", which ACLED reads as 12 and 100. Its Value is the
	// default a caller may fall back on when nothing else is reported; ACLED codes only
	// reported figures, so it is not added to one ("three soldiers and several attackers").
	Unstated bool
}

// Parse reads one number phrase such as "twenty-five", "1,000", "a hundred and five", "3"
// or "two". It reports false unless the whole of s (trimmed) is a single number phrase.
func Parse(s string) (int, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, false
	}
	ns := Find(t)
	if len(ns) != 1 || ns[0].Start != 0 || ns[0].End != len(t) {
		return 0, false
	}
	n := ns[0]
	if n.Low != n.High || n.AtLeast || n.Approx {
		return 0, false
	}
	return n.Value, true
}

// maxValue caps figures so that arithmetic on them cannot overflow.
const maxValue = 1 << 50

var units = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19,
}

var tens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]int{
	"hundred": 100, "thousand": 1000, "million": 1000000, "billion": 1000000000,
}

// vague quantity words, read as ACLED does where ACLED says.
var vague = map[string]int{
	"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 1000000,
	"scores": 20, "several": 10,
}

// starters are the words a number phrase can start with (readRange, readOne): digit groups
// aside, no other word starts one.
var starters = func() map[string]bool {
	m := map[string]bool{"between": true, "a": true, "an": true}
	for _, words := range []map[string]int{units, tens, vague} {
		for w := range words {
			m[w] = true
		}
	}
	return m
}()

// startersSeen spares most words the lookup in starters.
var startersSeen = func() *lexicon.Shapes {
	s := new(lexicon.Shapes)
	for w := range starters {
		s.Add(w)
	}
	return s
}()

// mayStart reports whether w may be one of starters.
func mayStart(w string) bool { return startersSeen.May(w) }

var atLeastWords = [][]string{
	{"at", "least"}, {"more", "than"}, {"over"}, {"upwards", "of"}, {"in", "excess", "of"},
	{"no", "fewer", "than"}, {"no", "less", "than"}, {"not", "less", "than"},
}

var approxWords = [][]string{
	{"around"}, {"about"}, {"nearly"}, {"some"}, {"approximately"}, {"roughly"},
	{"almost"}, {"an", "estimated"}, {"up", "to"}, {"close", "to"}, {"estimated"},
	{"approx"}, {"circa"}, {"as", "many", "as"},
}

// qualifierEnds are the last words of the qualifiers, which qualifier asks of the word
// before a figure first (qualifierEnd).
var qualifierEnds = func() map[string]bool {
	m := map[string]bool{}
	for _, q := range append(atLeastWords[:len(atLeastWords):len(atLeastWords)], approxWords...) {
		m[q[len(q)-1]] = true
	}
	return m
}()

// qualifierSeen spares most words the lookup in qualifierEnds.
var qualifierSeen = func() *lexicon.Shapes {
	s := new(lexicon.Shapes)
	for w := range qualifierEnds {
		s.Add(w)
	}
	return s
}()

// qualifierEnd reports whether w is one of qualifierEnds.
func qualifierEnd(w string) bool { return qualifierSeen.May(w) && qualifierEnds[w] }

// Find returns the numbers in text, in text order. Ordinals ("9th", "second") and digits
// glued to letters ("12.7mm") are not numbers; a bare "a" or "an" is never one either.
func Find(text string) []Number {
	return FindIn(text, lexicon.Scan(text, nil))
}

// FindIn is Find over a text already scanned into pieces (lexicon.Scan), so that a caller
// that reads the text in other ways too scans it once.
func FindIn(text string, ps []lexicon.Piece) []Number {
	return AppendIn(nil, text, ps)
}

// AppendIn is FindIn appending to out, for a caller that keeps its buffer between texts.
//
// Most tokens start no figure, and AppendIn reads the text token by token without keeping
// them. Where one may start (a digit group, or a word of starters) it makes a window of the
// tokens from there to the first that chains does not pass, or to the end: a figure is read
// through chain tokens only, and no test of the reading looks past the first other one
// (TestAppendInRef and FuzzAppendIn check it against a reading of all the tokens). The
// three tokens before a figure are made only when the one just before ends a qualifier.
func AppendIn(out []Number, text string, ps []lexicon.Piece) []Number {
	buf := windowBufs.Get().(*window)
	win, at := buf.toks[:0], buf.at[:0]
	defer func() {
		clear(win) // drop the references to text before the buffer waits for the next one
		buf.toks, buf.at = win[:0], at[:0]
		windowBufs.Put(buf)
	}()
	var first token // a digit group's token
	var last [3]int // the pieces the last three tokens start at, the latest last
	seen := 0       // tokens read, of which last holds up to three
	push := func(k int) {
		last[0], last[1], last[2] = last[1], last[2], k
		seen++
	}
	for k := 0; ; {
		if k, last, seen = skip(ps, k, last, seen); k == len(ps) {
			break
		}
		p := &ps[k]
		next := k + 1
		if p.Kind == lexicon.Digits {
			if next = tokenAt(text, ps, k, &first); !first.digits {
				push(k)
				k = next
				continue
			}
		}
		// The window: three slots for the tokens before, then the figure's.
		const i = 3
		win, at = append(win[:0], token{}, token{}, token{}), append(at[:0], 0, 0, 0)
		var n Number
		var j int
		var ok bool
		resume := len(ps) // the piece after the figure
		if p.Kind == lexicon.Digits && (next == len(ps) || ps[next].Kind != lexicon.Digits && !mayChain(ps[next].Lower)) {
			// Most digit groups: one that nothing a figure reads through follows, which
			// readOne reads alone; one of a single run of digits, as digitValue reads it.
			win, at = append(win, first), append(at, k)
			if next == k+1 {
				if len(p.Lower) <= 15 {
					v, _ := strconv.Atoi(p.Lower)
					n, j, ok = mk(first.start, first.end, v), i+1, true
				}
			} else {
				n, j, ok = readOne(win, i)
			}
			resume = next
		} else {
			for kk := k; kk < len(ps); {
				win, at = append(win, token{}), append(at, kk)
				t := &win[len(win)-1]
				kk = tokenAt(text, ps, kk, t)
				if len(win)-1 > i && !chains(t) {
					break
				}
			}
			n, j, ok = readRange(text, win, i)
			if j < len(at) {
				resume = at[j]
			}
		}
		if !ok {
			push(k)
			k = next
			continue
		}
		// Qualifiers just before. A word that ends one is a token of one piece, so the
		// piece is asked first, and the tokens made only for one that is.
		if before := min(seen, 3); before > 0 && qualifierEnd(ps[last[2]].Lower) {
			if tokenAt(text, ps, last[2], &win[2]); qualifierEnd(win[2].lower) {
				for b := 1; b < before; b++ {
					tokenAt(text, ps, last[2-b], &win[2-b])
				}
				if q, start := qualifier(win[i-before:], before, atLeastWords); q {
					n.AtLeast = true
					n.Start = start
				} else if q, start := qualifier(win[i-before:], before, approxWords); q {
					n.Approx = true
					n.Start = start
				}
			}
		}
		out = append(out, n)
		// on from token j
		for _, s := range at[i:j] {
			push(s)
		}
		k = resume
	}
	return out
}

// skip passes over the tokens from piece k on that no figure starts with (marks, and words
// other than starters), noting in last and seen where each starts as AppendIn does, and
// returns the piece of the first that may start one, or len(ps). Most tokens end here, in a
// loop of its own that keeps its few values in registers.
func skip(ps []lexicon.Piece, k int, last [3]int, seen int) (int, [3]int, int) {
	for k < len(ps) {
		p := &ps[k]
		next := k + 1
		switch p.Kind {
		case lexicon.Digits:
			return k, last, seen
		case lexicon.Letters:
			if next < len(ps) && !ps[next].Gap && (ps[next].Kind == lexicon.Letters || ps[next].Lower == "'") {
				// a word with an apostrophe ("don't"), which no figure starts with
				for next < len(ps) && !ps[next].Gap && (ps[next].Kind == lexicon.Letters || ps[next].Lower == "'") {
					next++
				}
			} else if w := p.Lower; w == "a" || w == "an" {
				// most of them: "a" before a word that makes it no figure
				if next < len(ps) && isAfterA(ps[next].Lower) {
					return k, last, seen
				}
			} else if mayStart(w) && starters[w] {
				return k, last, seen
			}
		}
		last[0], last[1], last[2] = last[1], last[2], k
		seen++
		k = next
	}
	return k, last, seen
}

// isAfterA reports the words after "a" or "an" that make a figure (readOne).
func isAfterA(w string) bool {
	switch w {
	case "dozen", "few", "number", "hundred", "thousand", "million", "billion":
		return true
	}
	return false
}

// window is AppendIn's buffer: tokens around a figure, and the piece each starts at.
type window struct {
	toks []token
	at   []int
}

// windowBufs holds AppendIn's windows for reuse between texts.
var windowBufs = sync.Pool{New: func() any { return new(window) }}

// chainWords are the words a figure is read through (readRange, readOne, readWords): the
// starters, number words, and the words that join them or a range.
var chainWords = func() map[string]bool {
	m := map[string]bool{"and": true, "-": true, "to": true, "or": true, "of": true, "number": true, "dozen": true, "few": true}
	for w := range starters {
		m[w] = true
	}
	for w := range scales {
		m[w] = true
	}
	return m
}()

// chains reports whether reading a figure may go on past t.
func chains(t *token) bool { return t.digits || mayChain(t.lower) && chainWords[t.lower] }

// chainSeen spares most words the lookup in chainWords.
var chainSeen = func() *lexicon.Shapes {
	s := new(lexicon.Shapes)
	for w := range chainWords {
		s.Add(w)
	}
	return s
}()

// mayChain reports whether w may be one of chainWords.
func mayChain(w string) bool { return chainSeen.May(w) }

func qualifier(toks []token, i int, lists [][]string) (bool, int) {
	// "between" is part of the range and already consumed; look before toks[i].
	if i == 0 || !qualifierEnd(toks[i-1].lower) {
		return false, 0 // most figures: no qualifier ends just before
	}
	for _, q := range lists {
		if i < len(q) {
			continue
		}
		ok := true
		for k := range q {
			if toks[i-len(q)+k].lower != q[k] {
				ok = false
				break
			}
		}
		if ok {
			return true, toks[i-len(q)].start
		}
	}
	return false, 0
}

// readRange reads a number at toks[i], and a range if one follows or "between" leads.
func readRange(text string, toks []token, i int) (Number, int, bool) {
	if toks[i].lower == "between" && i+1 < len(toks) {
		a, j, ok := readOne(toks, i+1)
		if ok && j+1 < len(toks) && (toks[j].lower == "and" || toks[j].lower == "-" || toks[j].lower == "to") {
			b, k, ok2 := readOne(toks, j+1)
			if ok2 && b.Value >= a.Value {
				return Number{Start: toks[i].start, End: b.End, Value: a.Value, Low: a.Value, High: b.Value, Vague: a.Vague || b.Vague, Unstated: a.Unstated && b.Unstated}, k, true
			}
		}
		return Number{}, 0, false
	}
	a, j, ok := readOne(toks, i)
	if !ok {
		return Number{}, 0, false
	}
	if j+1 < len(toks) {
		sep := toks[j].lower
		tight := sep == "-"
		if sep == "to" || sep == "or" || sep == "-" {
			b, k, ok2 := readOne(toks, j+1)
			// "5-7" must be tight and digit-digit; "five to seven" either way.
			if ok2 && b.Value > a.Value && !a.Vague && !b.Vague && (!tight || (toks[i].digits && toks[j+1].digits)) {
				return Number{Start: a.Start, End: b.End, Value: a.Value, Low: a.Value, High: b.Value}, k, true
			}
		}
	}
	return a, j, true
}

// readOne reads a single number phrase starting at toks[i].
func readOne(toks []token, i int) (Number, int, bool) {
	t := toks[i]
	start := t.start
	// "a dozen", "a hundred", "a few", "a number of"
	if t.lower == "a" || t.lower == "an" {
		if i+1 >= len(toks) {
			return Number{}, 0, false
		}
		nx := toks[i+1].lower
		switch {
		case nx == "dozen":
			return Number{Start: start, End: toks[i+1].end, Value: 12, Low: 12, High: 12, Vague: true}, i + 2, true
		case nx == "few":
			return Number{Start: start, End: toks[i+1].end, Value: 3, Low: 3, High: 3, Vague: true, Unstated: true}, i + 2, true
		case nx == "number" && i+2 < len(toks) && toks[i+2].lower == "of":
			return Number{Start: start, End: toks[i+1].end, Value: 10, Low: 10, High: 10, Vague: true, Unstated: true}, i + 2, true
		case nx == "hundred" || nx == "thousand" || nx == "million" || nx == "billion":
			v, j := readWords(toks, i+1, 1)
			return mk(start, toks[j-1].end, v), j, true
		}
		return Number{}, 0, false
	}
	if t.digits {
		v, ok := digitValue(t.text)
		if !ok {
			return Number{}, 0, false
		}
		j := i + 1
		// "3 million", "1.5 million"
		if j < len(toks) && mayChain(toks[j].lower) {
			if s, ok := scales[toks[j].lower]; ok && s >= 1000 {
				f, _ := strconv.ParseFloat(strings.ReplaceAll(t.text, ",", ""), 64)
				v = clamp(int(f*float64(s) + 0.5))
				return mk(start, toks[j].end, v), j + 1, true
			}
		}
		if strings.Contains(t.text, ".") {
			return Number{}, 0, false // decimals are not counts
		}
		return mk(start, t.end, v), j, true
	}
	if v, ok := vague[t.lower]; ok {
		// "tens" alone is too common ("tens of" is the figure); require "of" for tens, scores.
		if (t.lower == "tens" || t.lower == "scores") && !(i+1 < len(toks) && toks[i+1].lower == "of") {
			return Number{}, 0, false
		}
		n := Number{Start: start, End: t.end, Value: v, Low: v, High: v, Vague: true, Unstated: t.lower == "several"}
		// "hundreds of thousands"
		if i+2 < len(toks) && toks[i+1].lower == "of" {
			if m, ok := vague[toks[i+2].lower]; ok && m > v && m >= 1000 {
				n.Value, n.Low, n.High, n.End = v*m, v*m, v*m, toks[i+2].end
				return n, i + 3, true
			}
		}
		return n, i + 1, true
	}
	if _, ok := wordValue(t.lower); ok {
		v, j := readWords(toks, i, 0)
		// "two dozen"
		if j < len(toks) && toks[j].lower == "dozen" {
			return mk(start, toks[j].end, clamp(v*12)), j + 1, true
		}
		return mk(start, toks[j-1].end, v), j, true
	}
	return Number{}, 0, false
}

func mk(s, e, v int) Number { return Number{Start: s, End: e, Value: v, Low: v, High: v} }

func clamp(v int) int {
	if v > maxValue || v < 0 {
		return maxValue
	}
	return v
}

func wordValue(w string) (int, bool) {
	if v, ok := units[w]; ok {
		return v, true
	}
	if v, ok := tens[w]; ok {
		return v, true
	}
	return 0, false
}

// readWords reads a run of number words ("a hundred and five", "twenty-five thousand")
// starting at toks[i]. If pre is non-zero it is the value of an "a"/"an" already read.
func readWords(toks []token, i int, pre int) (int, int) {
	total, cur := 0, pre
	last := i
	seen := pre != 0
	for j := i; j < len(toks); j++ {
		w := toks[j].lower
		if v, ok := units[w]; ok {
			if seen && cur%100 != 0 && cur%10 == 0 && cur%100 >= 20 && v < 10 && v > 0 {
				cur += v // "twenty five", "twenty-five"
			} else if seen && cur%100 == 0 && (cur > 0 || total > 0) {
				cur += v // "hundred and five", "thousand two"
			} else if seen {
				break
			} else {
				cur = v
			}
			seen = true
			last = j + 1
			continue
		}
		if v, ok := tens[w]; ok {
			if seen && !(cur%100 == 0 && (cur > 0 || total > 0)) {
				break
			}
			cur += v
			seen = true
			last = j + 1
			continue
		}
		if s, ok := scales[w]; ok && seen {
			if cur == 0 {
				cur = 1
			}
			if s == 100 {
				if cur%1000 >= 100 {
					break // "one hundred hundred"
				}
				cur *= s
			} else {
				total = clamp(total + cur*s)
				cur = 0
			}
			last = j + 1
			continue
		}
		// "and" or "-" joining number words: "a hundred and five", "twenty-five"
		if (w == "and" || w == "-") && seen && j+1 < len(toks) {
			if _, ok := wordValue(toks[j+1].lower); ok {
				if w == "and" && !((cur%100 == 0 && cur > 0) || (cur == 0 && total > 0)) {
					break
				}
				if w == "-" && toks[j].gapBefore {
					break
				}
				continue
			}
		}
		break
	}
	return clamp(total + cur), last
}

func digitValue(s string) (int, bool) {
	// "1,000" and "10,500": commas must group by three.
	if strings.Contains(s, ",") {
		parts := strings.Split(s, ",")
		if len(parts[0]) == 0 || len(parts[0]) > 3 {
			return 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false
			}
		}
		s = strings.Join(parts, "")
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	return v, true
}

type token struct {
	start, end int
	text       string
	lower      string
	digits     bool
	gapBefore  bool // whitespace before the token
}

// tokens groups the pieces of text into the units figures are read from, appending them to
// toks: a word with its inner apostrophes ("don't"), a digit group with its commas and dots
// ("1,000", "2.5"), or one mark. A digit group glued to letters ("12.7mm", "9th", "M16") is
// no digit token.
func tokens(text string, ps []lexicon.Piece, toks []token) []token {
	for i := 0; i < len(ps); {
		toks = append(toks, token{})
		i = tokenAt(text, ps, i, &toks[len(toks)-1])
	}
	return toks
}

// tokenAt sets t to the token of tokens that starts at piece i and returns the piece after
// it.
func tokenAt(text string, ps []lexicon.Piece, i int, t *token) int {
	p := &ps[i]
	j := i + 1
	*t = token{start: p.Start, end: p.End, lower: p.Lower, gapBefore: p.Gap}
	switch p.Kind {
	case lexicon.Digits:
		for j+1 < len(ps) && !ps[j].Gap && !ps[j+1].Gap && (ps[j].Lower == "," || ps[j].Lower == ".") && ps[j+1].Kind == lexicon.Digits {
			j += 2
		}
		t.end = ps[j-1].End
		if (t.end < len(text) && isLetter(text[t.end])) || (t.start > 0 && isLetter(text[t.start-1])) {
			t.lower = "#"
		} else {
			t.lower, t.digits = "", true
		}
	case lexicon.Letters:
		for j < len(ps) && !ps[j].Gap && (ps[j].Kind == lexicon.Letters || ps[j].Lower == "'") {
			j++
		}
		t.end = ps[j-1].End
		if j > i+1 {
			t.lower = strings.ToLower(text[t.start:t.end])
		}
	}
	t.text = text[t.start:t.end]
	return j
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
