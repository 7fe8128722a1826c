// Package casualty reads how many people a passage says were killed. It owns the
// fatalities figure of a mention: which numbers count deaths (not wounded, troops, years,
// ages or attacks), how lists are summed ("two soldiers and a civilian were killed" = 3),
// and ACLED's conventions (conservative lower bound, "dozens" = 12, a stated total or toll
// over its parts, the lowest of two tellings of one toll rather than their sum, no figure
// added for "several", "N fatalities split between M events"). Death words are data, in
// data/deaths.txt.
package casualty

import (
	"bufio"
	_ "embed"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/number"
	"github.com/sitrep-dev/sitrep/internal/when"
)

// Count is the fatalities figure a passage states.
type Count struct {
	Killed     int  // ACLED-style conservative fatalities: the lower bound, split per event
	Low, High  int  // bounds across the figures read ("10-15 killed" gives 10 and 15)
	Found      bool // a death figure was stated (Killed may be 0 with Found: "no one was killed")
	Start, End int  // byte span of the evidence for the figure
}

//go:embed data/deaths.txt
var deathsData string

//go:embed data/units.txt
var unitsData string

type kind uint8

const (
	kNone kind = iota
	kActive
	kPassive
	kNoun
	kLives
	kLeft
	kToll
	kIllness
	kResponse
	kNot
)

var (
	maxWords int // longest phrase in words
	units    map[string]bool
)

// firstWords are the words a death phrase starts with, and those run and split look for,
// each with the phrases it starts. firstAt finds them by first byte and length (firstOf):
// a bit for the last byte of each turns away most words, and a comparison or two tells the
// rest, where a map lookup hashes every word.
var (
	firstWords []firstWord
	firstAt    [32][32]struct {
		ends  uint32 // a bit for the last byte (folded into 32) of each word with them
		first uint16 // the index, plus one, of the first of firstWords with them
	}
)

type firstWord struct {
	w       string
	phrases []phrase // longest first
	next    uint16   // the next of firstWords with w's first byte and length, plus one
}

// phrase is a death phrase less its first word: mark compares its words with the tokens
// after one that starts it, instead of joining tokens into keys to look up one length after
// another.
type phrase struct {
	rest []string
	kind kind
}

// mayFirst reports whether w may be one of firstWords: false for most words, by one table
// read. tokenize asks it of every word, and firstOf only of those it passes.
func mayFirst(w string) bool {
	return w != "" && firstAt[w[0]&31][min(len(w), 31)].ends&(1<<(w[len(w)-1]&31)) != 0
}

// firstOf returns the entry of firstWords for w, or nil.
func firstOf(w string) *firstWord {
	if !mayFirst(w) {
		return nil
	}
	for i := firstAt[w[0]&31][min(len(w), 31)].first; i != 0; i = firstWords[i-1].next {
		if fw := &firstWords[i-1]; fw.w == w {
			return fw
		}
	}
	return nil
}

// addFirst adds w to firstWords, if it is not there, and returns its index.
func addFirst(w string) int {
	at := &firstAt[w[0]&31][min(len(w), 31)]
	for i := at.first; i != 0; i = firstWords[i-1].next {
		if firstWords[i-1].w == w {
			return int(i - 1)
		}
	}
	firstWords = append(firstWords, firstWord{w: w, next: at.first})
	at.first = uint16(len(firstWords))
	at.ends |= 1 << (w[len(w)-1] & 31)
	return len(firstWords) - 1
}

func init() {
	phrases := map[string]kind{} // by their text: a phrase listed twice has its last kind
	kinds := map[string]kind{"active": kActive, "passive": kPassive, "noun": kNoun, "lives": kLives, "left": kLeft, "toll": kToll, "illness": kIllness, "response": kResponse, "not": kNot}
	for _, l := range lines(deathsData) {
		f := strings.Fields(l)
		k, ok := kinds[f[0]]
		if !ok || len(f) < 2 {
			panic("casualty: bad line in data/deaths.txt: " + l)
		}
		phrases[strings.Join(f[1:], " ")] = k
		maxWords = max(maxWords, len(f)-1)
	}
	for text, k := range phrases {
		f := strings.Fields(text)
		fw := &firstWords[addFirst(f[0])]
		fw.phrases = append(fw.phrases, phrase{rest: f[1:], kind: k})
	}
	for _, fw := range firstWords {
		// Two phrases of one length never both match: longest first is the longest match.
		sort.Slice(fw.phrases, func(a, b int) bool { return len(fw.phrases[a].rest) > len(fw.phrases[b].rest) })
	}
	addFirst("coded") // for run
	for _, w := range splitWords {
		addFirst(w)
	}
	if len(firstWords) >= 1<<16-1 {
		panic("casualty: too many first words for firstAt")
	}
	units = map[string]bool{}
	for _, l := range lines(unitsData) {
		units[l] = true
	}
}

func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		if l != "" {
			out = append(out, strings.ToLower(l))
		}
	}
	return out
}

// tok is a word, a punctuation mark, or a whole number phrase.
type tok struct {
	start, end int
	w          string // lower-case word or punctuation; "#" for a number
	num        *number.Number
	kind       kind // of the death phrase starting here
	span       int  // tokens in that phrase
}

// Find reads the fatalities stated in text (a sentence, a paragraph or a whole report).
func Find(text string) Count {
	ps := lexicon.Scan(text, nil)
	return Prepare(text, ps, when.FindIn(text, ps, time.Time{})).Find(0, len(text))
}

// Doc is a text made ready for reading the death tolls of its passages: its figures read and
// its death phrases marked once, so that each passage is read without scanning it again. A
// Doc is for one goroutine.
type Doc struct {
	toks    []tok
	nums    []number.Number // the figures toks point to
	firsts  []int32         // tokens that may start a death phrase, or be one of reads or splits (tokenize)
	reads   []int32         // tokens run reads: a death phrase it counts from, or "coded" (markAll)
	splits  []int32         // tokens split reads: "split", "spread" and the like (markAll)
	scratch []tok
	used    []bool
}

// Prepare reads text, already scanned into pieces ps (lexicon.Scan), for Find. dates are the
// date expressions in text (when.FindIn, whatever the reference date), whose figures are not
// counts.
func Prepare(text string, ps []lexicon.Piece, dates []when.Expr) *Doc {
	d := docPool.Get().(*Doc)
	d.nums = number.AppendIn(d.nums[:0], text, ps)
	d.toks, d.firsts = tokenize(text, ps, dates, d.nums, d.toks[:0], d.firsts[:0])
	d.reads, d.splits = markAll(d.toks, d.firsts, d.reads[:0], d.splits[:0])
	return d
}

// docPool keeps prepared documents' buffers between documents (Release).
var docPool = sync.Pool{New: func() any { return new(Doc) }}

// Release lets later documents reuse d's buffers; d must not be used after it.
func (d *Doc) Release() {
	if cap(d.toks) > 1<<18 {
		return // a long report's buffers are not kept
	}
	clear(d.toks) // drop the references to the text before the buffers wait for the next one
	clear(d.scratch)
	d.toks, d.nums, d.firsts, d.scratch, d.used = d.toks[:0], d.nums[:0], d.firsts[:0], d.scratch[:0], d.used[:0]
	d.reads, d.splits = d.reads[:0], d.splits[:0]
	docPool.Put(d)
}

// Find reads the fatalities stated in the passage text[start:end] of the prepared text; the
// evidence span is in bytes of the whole text. A figure or phrase that runs over the edge of
// the passage is not part of it.
func (d *Doc) Find(start, end int) Count {
	lo := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].start >= start })
	// the tokens from lo that end by end (their ends rise with their starts)
	hi := lo + sort.Search(len(d.toks)-lo, func(i int) bool { return d.toks[lo+i].end > end })
	toks := d.toks[lo:hi]
	// Phrases were marked over the whole text; one that runs past the end of the passage is
	// marked again within it, on a copy (the parser only reads toks).
	copied := false
	for i := max(0, len(toks)-maxWords); i < len(toks); i++ {
		if toks[i].span > 0 && i+toks[i].span > len(toks) {
			if !copied {
				d.scratch = append(d.scratch[:0], toks...)
				toks, copied = d.scratch, true
			}
			toks[i].kind, toks[i].span = kNone, 0
			mark(toks, i)
		}
	}
	d.used = append(d.used[:0], make([]bool, len(toks))...)
	p := parser{toks: toks, used: d.used, off: lo, tail: max(0, len(toks)-maxWords)}
	p.reads = d.reads[within(d.reads, lo):within(d.reads, hi)]
	p.splits = d.splits[within(d.splits, lo):within(d.splits, hi)]
	return p.run()
}

// within is the number of indices in list (ascending) below i.
func within(list []int32, i int) int {
	return sort.Search(len(list), func(k int) bool { return int(list[k]) >= i })
}

type parser struct {
	toks []tok
	used []bool // numbers already counted
	// reads and splits are the passage's tokens that run and split read (Doc.reads and
	// Doc.splits), as indices into the document's tokens, less off for toks. From tail
	// on, run reads every token: a phrase there may have been marked again within the
	// passage.
	reads, splits []int32
	off, tail     int
}

type figure struct {
	low, high  int
	start, end int
	// unstated: every count in it is a vague word that states no figure ("several").
	unstated bool
	// noun is the head noun of the dead ("villagers"; "" for "seven had died"), which
	// tells a second telling of one toll from another group of dead.
	noun string
	at   int // token of its death phrase
	// ref: the dead are named by reference only ("the soldier later died", "killed him"),
	// so they may be dead already counted.
	ref bool
}

func (p *parser) w(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	return p.toks[i].w
}

func (p *parser) run() Count {
	var coded, explicit *figure
	var partsBuf [4]figure // most passages have a figure or two: no heap for them
	parts := partsBuf[:0]
	var tolls, stale []figure
	revised := -1 // the last toll that revises one before it ("rose to 12")
	negated := -1 // start of a "no one was killed" style statement
	r := 0        // the next of reads
	for i := 0; i < len(p.toks); i++ {
		if i < p.tail {
			// on to the next token that is more than a word to run
			for r < len(p.reads) && int(p.reads[r])-p.off < i {
				r++
			}
			if r < len(p.reads) && int(p.reads[r])-p.off < p.tail {
				i = int(p.reads[r]) - p.off
			} else {
				i = p.tail
			}
		}
		t := p.toks[i]
		// ACLED's "fatalities coded as N"
		if t.w == "coded" && (p.w(i+1) == "as" || p.w(i+1) == "to" || p.w(i+1) == "at") && i+2 < len(p.toks) && p.toks[i+2].num != nil {
			n := p.toks[i+2].num
			coded = &figure{low: n.Value, high: n.High, start: t.start, end: p.toks[i+2].end}
			p.used[i+2] = true
			continue
		}
		switch t.kind {
		case kNone, kNot, kIllness, kResponse:
			continue
		}
		if p.negated(i) {
			if negated < 0 {
				negated = t.start
			}
			i += t.span - 1
			continue
		}
		if t.kind == kToll {
			if f, ok := p.toll(i); ok {
				switch {
				case p.superseded(i):
					stale = append(stale, f)
				case p.revises(i):
					revised = len(tolls)
					tolls = append(tolls, f)
				default:
					tolls = append(tolls, f)
				}
			}
			i += t.span - 1
			continue
		}
		f, ok := p.figureAt(i)
		if ok {
			summary := i >= 2 && p.toks[i-1].num != nil && p.toks[i-1].start == f.start && isBoundary(p.w(i-2)) && isBoundary(p.w(i+t.span))
			if summary || t.kind == kNoun && (t.w == "fatalities" || t.w == "fatality") && f.start < t.start && f.end == t.end {
				// "3 fatalities." or a bare "3 killed." states the total
				fc := f
				fc.end = t.end
				explicit = &fc
			} else {
				f.at = i
				parts = append(parts, f)
			}
		} else if t.w == "to" {
			continue // "leading to death of one": the noun is read on its own
		}
		i += t.span - 1
	}
	var c Count
	switch {
	case coded != nil:
		c = Count{Killed: coded.low, Low: coded.low, High: coded.high, Found: true, Start: coded.start, End: coded.end}
	case explicit != nil:
		c = Count{Killed: explicit.low, Low: explicit.low, High: explicit.high, Found: true, Start: explicit.start, End: explicit.end}
	case len(tolls) > 0:
		// A toll states the whole. Of several, a revised one ("rose to 14") replaces those
		// before it; otherwise they are tellings of one toll and the lowest is ACLED's.
		c = Count{Found: true, Start: tolls[0].start, End: tolls[0].end, Low: tolls[0].low, High: tolls[0].high}
		if revised >= 0 {
			f := tolls[revised]
			c = Count{Found: true, Start: f.start, End: f.end, Low: f.low, High: f.high}
		} else {
			for _, f := range tolls[1:] {
				if f.low < c.Low {
					c.Start, c.End = f.start, f.end
				}
				c.Low = min(c.Low, f.low)
				c.High = max(c.High, f.high)
			}
		}
		c.Killed = c.Low
	case len(parts) > 0:
		c = p.sum(parts)
	case len(stale) > 0:
		f := stale[len(stale)-1]
		c = Count{Killed: f.low, Low: f.low, High: f.high, Found: true, Start: f.start, End: f.end}
	case negated >= 0:
		return Count{Found: true, Start: negated, End: negated}
	default:
		return Count{}
	}
	p.split(&c)
	return c
}

// sum adds up the figures of a passage's dead, following ACLED, which codes reported figures only and the lowest of several
// tellings:
//   - a vague word that states no figure ("several attackers") adds nothing to a stated
//     one; told alone, its default stands (the largest, not a sum of defaults);
//   - a figure in a later sentence that someone gives ("a police spokesman said seven
//     people had died") for the same dead (people in general, or the noun told before) and
//     without a word of addition ("also", "another", "more") is a second telling of the
//     toll so far, not more dead: the lower of the two counts, the higher is kept as High.
func (p *parser) sum(parts []figure) Count {
	stated := false
	for _, f := range parts {
		stated = stated || !f.unstated
	}
	c := Count{Found: true, Start: -1}
	firstSent := -1
	counted := parts[:0] // the parts counted so far, in place
	for _, f := range parts {
		if f.unstated && stated {
			continue
		}
		if c.Start < 0 {
			c.Start, c.End = f.start, f.end
			firstSent = p.sentenceOf(f.at)
		}
		switch {
		case len(counted) == 0:
			c.Low, c.High = f.low, f.high
		case f.ref:
			// "Gunmen killed a trader. The victim died on the spot.": the same dead
			continue
		case f.unstated:
			c.Low, c.High = max(c.Low, f.low), max(c.High, f.high)
		case p.retells(f.at, firstSent, f.noun, counted):
			if f.low < c.Low {
				c.Start, c.End = f.start, f.end
			}
			c.Low, c.High = min(c.Low, f.low), max(c.High, f.high)
		default:
			c.Low += f.low
			c.High += f.high
			c.Start = min(c.Start, f.start)
			c.End = max(c.End, f.end)
		}
		counted = append(counted, f)
	}
	c.Killed = c.Low
	return c
}

// sentenceOf is the index, within the passage, of the sentence token i is in.
func (p *parser) sentenceOf(i int) int {
	n := 0
	for k := 0; k < i && k < len(p.toks); k++ {
		if w := p.w(k); w == "." || w == "!" || w == "?" {
			n++
		}
	}
	return n
}

// sentence returns the token range [from, to) of the sentence token i is in.
func (p *parser) sentence(i int) (int, int) {
	from, to := i, i
	for from > 0 {
		if w := p.w(from - 1); w == "." || w == "!" || w == "?" {
			break
		}
		from--
	}
	for to < len(p.toks) {
		if w := p.w(to); w == "." || w == "!" || w == "?" {
			break
		}
		to++
	}
	return from, to
}

// retells reports whether the figure whose death phrase is at token i retells the toll of
// figures before it (the first in sentence first): see sum.
func (p *parser) retells(i, first int, noun string, before []figure) bool {
	if p.sentenceOf(i) == first {
		return false // "two soldiers were killed and a civilian died" is a list
	}
	same := genericDead[noun]
	for _, b := range before {
		same = same || b.noun == noun
	}
	from, to := p.sentence(i)
	given, disputed := false, false
	for k := from; k < to; k++ {
		w := p.w(k)
		if addition[w] {
			return false
		}
		given = given || speech[w]
		disputed = disputed || dispute[w]
	}
	// "The villagers contest that figure, saying 13 civilians were killed": whoever the
	// dead are said to be, a disputed figure is another telling.
	return given && (same || disputed)
}

// dispute are words that set a figure against one told before.
var dispute = map[string]bool{
	"contest": true, "contests": true, "contested": true, "dispute": true, "disputes": true,
	"disputed": true, "version": true, "instead": true, "rather": true, "differ": true,
	"differs": true, "differed": true,
}

// genericDead are head nouns that cover every dead of an event ("" for "seven had died").
var genericDead = map[string]bool{
	"": true, "people": true, "persons": true, "person": true, "individuals": true,
	"victims": true, "dead": true,
}

// addition are words that make a figure more dead, not a second telling.
var addition = map[string]bool{
	"also": true, "another": true, "other": true, "others": true, "more": true,
	"further": true, "additional": true, "separately": true, "separate": true,
	"too": true, "addition": true, "besides": true, "plus": true, "second": true,
	"third": true, "later": true, "subsequently": true,
}

// speech are words that give a figure as someone's telling.
var speech = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "confirmed": true,
	"confirms": true, "according": true, "reported": true, "reports": true, "stated": true,
	"claimed": true, "counted": true, "gave": true, "put": true, "puts": true,
	"estimated": true, "cited": true, "quoted": true, "saying": true, "insisted": true,
	"insist": true,
}

// toll reads the figure of a toll at toks[i]: "the death toll at 12", "the toll rose to 9
// from 5", "a death toll of 4". The figure is the first after the phrase in its clause,
// less one it rose "from"; a toll of a war or a year, or one "since" a date, is an
// aggregate and no figure.
func (p *parser) toll(i int) (figure, bool) {
	t := p.toks[i]
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if aggregateToll[p.w(j)] {
			return figure{}, false
		}
		if isBoundary(p.w(j)) {
			break
		}
	}
	// "the number of people killed by Friday's bombing at a checkpoint in the capital has
	// risen to eight"
	for j := i + t.span; j < len(p.toks) && j < i+t.span+16; j++ {
		w := p.w(j)
		if isBoundary(w) || w == "," || p.toks[j].kind == kNot {
			break
		}
		if aggregateToll[w] || w == "since" {
			return figure{}, false
		}
		n := p.toks[j].num
		// "rose to 12 from 5": not the figure it rose from; "range from 2 to 4" is a range
		if n == nil || p.used[j] || p.isUnit(j) || p.w(j-1) == "from" && n.Low == n.High {
			continue
		}
		p.used[j] = true
		for k := j + 1; k < len(p.toks) && k < j+4; k++ {
			if p.w(k) == "since" || aggregateToll[p.w(k)] {
				return figure{}, false
			}
			if isBoundary(p.w(k)) || p.w(k) == "," {
				break
			}
		}
		return figure{low: n.Value, high: n.High, start: t.start, end: p.toks[j].end, unstated: n.Unstated}, true
	}
	return figure{}, false
}

// aggregateToll are words that make a toll a tally of a war or a period, not of an event.
var aggregateToll = map[string]bool{
	"war": true, "war's": true, "conflict": true, "conflict's": true, "insurgency": true,
	"overall": true, "cumulative": true, "annual": true, "yearly": true, "year's": true,
	"monthly": true,
}

// superseded reports a toll that a later one replaces: "raising an earlier toll of five".
func (p *parser) superseded(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch p.w(j) {
		case "earlier", "previous", "initial", "preliminary", "old", "first", "prior":
			return true
		}
		if isBoundary(p.w(j)) || p.w(j) == "," {
			break
		}
	}
	return false
}

// revises reports a toll that replaces those before it: "the toll rose to 14", "bringing
// the death toll to 9".
func (p *parser) revises(i int) bool {
	for j := max(0, i-3); j < len(p.toks) && j < i+p.toks[i].span+4; j++ {
		switch p.w(j) {
		case "rose", "risen", "rises", "rising", "climbed", "climbs", "increased", "jumped",
			"raising", "raised", "bringing", "brought", "brings", "revised", "updated":
			return true
		}
	}
	return false
}

// split applies ACLED's "N fatalities split between M events": each event gets N/M
// rounded to the nearest whole (halves down). ACLED gives the remainder to some of the
// events, so the nearest figure is the one most of them carry. A per-event figure in
// brackets ("split across 2 events (3)") or "with 5 coded to each" wins.
func (p *parser) split(c *Count) {
	for _, s := range p.splits {
		i := int(s) - p.off
		switch p.toks[i].w {
		case "split", "spread", "divided", "distributed", "shared":
		default:
			continue
		}
		j := i + 1
		for j < len(p.toks) && j < i+4 && (p.w(j) == "up" || p.w(j) == "equally" || p.w(j) == "evenly") {
			j++
		}
		switch p.w(j) {
		case "between", "among", "across", "over", "amongst":
		default:
			continue
		}
		j++
		if p.w(j) == "the" {
			j++
		}
		if j >= len(p.toks) || p.toks[j].num == nil {
			continue
		}
		m := p.toks[j].num.Value
		switch p.w(j + 1) {
		case "events", "locations", "incidents", "days", "areas", "districts":
		default:
			continue
		}
		if m < 2 {
			return
		}
		k := j + 2
		if p.w(k) == "(" && k+2 < len(p.toks) && p.toks[k+1].num != nil && p.w(k+2) == ")" {
			c.Killed = p.toks[k+1].num.Value
			return
		}
		for k2 := k; k2 < k+6 && k2 < len(p.toks); k2++ {
			if p.toks[k2].num != nil && p.w(k2+1) == "coded" && p.w(k2+2) == "to" && p.w(k2+3) == "each" {
				c.Killed = p.toks[k2].num.Value
				return
			}
		}
		c.Killed = (2*c.Low + m - 1) / (2 * m)
		return
	}
}

// negated reports a death word denied just before it: "no one was killed", "no
// fatalities", "without casualties".
func (p *parser) negated(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		switch p.w(j) {
		case "no", "nobody", "none", "without", "zero", "not", "never":
			return true
		case ".", ";", ",", ":", "(", ")":
			return false
		}
	}
	return false
}

// figureAt reads the figure a death phrase at toks[i] governs.
func (p *parser) figureAt(i int) (figure, bool) {
	t := p.toks[i]
	after := i + t.span
	switch t.kind {
	case kNoun:
		// "5 fatalities", "3 civilian deaths", "two dead bodies", "2 rebel and 1 army fatality"
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			if n := p.toks[j].num; n != nil && !p.used[j] {
				if f, ok := p.subject(i); ok {
					return f, true
				}
				p.used[j] = true
				noun := ""
				if j < i-1 && isWord(p.w(i-1)) {
					noun = p.w(i - 1) // "3 civilian deaths"
				}
				return figure{low: n.Value, high: n.High, start: p.toks[j].start, end: t.end, unstated: n.Unstated, noun: noun}, true
			}
			if p.toks[j].num != nil || isBoundary(p.w(j)) || p.w(j) == "of" {
				break
			}
		}
		// "resulting in his death"
		if t.w == "death" && (p.w(i-1) == "his" || p.w(i-1) == "her") && p.caused(i) {
			return figure{low: 1, high: 1, start: p.toks[i-1].start, end: t.end, ref: true}, true
		}
		// "the body of a woman", "the bodies of two men", "resulting in the death of a man"
		if p.w(after) == "of" && (t.w != "death" || p.caused(i)) {
			if f, ok := p.count(after+1, t.start); ok {
				return f, true
			}
		}
		// "a body was found", "the body was found", "an old man's body was found"
		if (t.w == "body" || t.w == "corpse") && p.foundNear(after) {
			for j := i - 1; j >= 0 && j >= i-6; j-- {
				w := p.w(j)
				if w == "a" || w == "an" || w == "the" {
					return figure{low: 1, high: 1, start: p.toks[j].start, end: t.end}, true
				}
				if !isWord(w) && w != "'" && w != "’" || w == "his" || w == "her" || w == "their" || w == "its" {
					break // "his body was found": a body told of before
				}
			}
		}
		return figure{}, false
	case kLives:
		if j := i - 1; j >= 0 && p.toks[j].num != nil && !p.used[j] {
			p.used[j] = true
			n := p.toks[j].num
			return figure{low: n.Value, high: n.High, start: p.toks[j].start, end: t.end, unstated: n.Unstated}, true
		}
		return figure{}, false
	case kLeft:
		// "left 3 dead", "leaving 2 people killed"
		if f, ok := p.count(after, t.start); ok {
			for j := after; j < len(p.toks) && j < after+6; j++ {
				if k := p.toks[j].kind; k == kPassive || k == kActive {
					return f, true
				}
				if isBoundary(p.w(j)) || p.toks[j].kind == kNot {
					break
				}
			}
			p.unuse(f)
		}
		return figure{}, false
	}
	if t.w == "dead" && p.w(i-1) == "the" {
		return figure{}, false // "to honour the dead": the dead of another time
	}
	if p.ofIllness(after) {
		return figure{}, false // "a resident died of the coronavirus"
	}
	if p.earlierEvent(i) {
		return figure{}, false
	}
	// verbs. An active verb takes its object on the right ("killing 3"), and its left noun
	// phrase only when used passively ("3 were killed", or a headline's "3 killed"): the
	// noun phrase before "gunmen killed" is the killers.
	if t.kind == kActive && !p.passive(i) {
		if p.w(after) == "of" { // "resulting in the killing of a journalist"
			if !p.caused(i) {
				return figure{}, false
			}
			after++
		}
		if f, ok := p.count(after, t.start); ok {
			return p.halve(i, f), true
		}
	}
	if f, ok := p.subject(i); ok {
		return p.halve(i, f), true
	}
	return figure{}, false
}

// passive reports a verb at toks[i] used passively: "were killed", "were reportedly
// killed", a headline's "reportedly killed" with no object; not "militants reportedly
// killed four herders".
func (p *parser) passive(i int) bool {
	w := p.w(i - 1)
	if w == "and" && i >= 3 && passiveAux[p.w(i-3)] && (p.toks[i-2].kind != kNone || strings.HasSuffix(p.w(i-2), "ed")) {
		return true // "were kidnapped and killed"
	}
	if !passiveAux[w] {
		return false
	}
	if w == "reportedly" || w == "allegedly" {
		if passiveAux[p.w(i-2)] {
			return true
		}
		next := i + p.toks[i].span
		return next >= len(p.toks) || p.toks[next].num == nil && !determiners[p.w(next)]
	}
	return true
}

// determiners open an object noun phrase: "reportedly killed a member of the guard".
var determiners = map[string]bool{
	"a": true, "an": true, "the": true, "his": true, "her": true, "their": true, "its": true,
}

var passiveAux = map[string]bool{"was": true, "were": true, "been": true, "being": true, "is": true, "are": true, "be": true, "reportedly": true, "allegedly": true, "reported": true}

// halve: a figure given for "killed and wounded" together counts half as dead, rounded
// down, as ACLED does when it cannot tell the two apart.
func (p *parser) halve(i int, f figure) figure {
	after := i + p.toks[i].span
	both := p.w(after) == "and" && injury[p.w(after+1)] || p.w(i-1) == "and" && injury[p.w(i-2)]
	if both {
		f.low /= 2
		f.high /= 2
	}
	return f
}

// ofIllness reports "from"/"of" an illness just after a death word at toks[j]: "died of
// cholera", "died from complications of COVID-19". Such deaths are no event's.
func (p *parser) ofIllness(j int) bool {
	if w := p.w(j); w != "from" && w != "of" {
		return false
	}
	for k := j + 1; k < len(p.toks) && k <= j+4; k++ {
		if p.toks[k].kind == kIllness {
			return true
		}
		if isBoundary(p.w(k)) || p.w(k) == "," {
			return false
		}
	}
	return false
}

// earlierEvent reports a death verb in a clause about an event before the one told: "two
// days after a bombardment that killed four people", "following an attack which killed a
// guard". Its dead are that event's.
func (p *parser) earlierEvent(i int) bool {
	// "protested after two children were killed by gunmen", "the strikes came after the
	// group killed ten soldiers": the clause of the dead opens with "after", and the clause
	// before it tells a response (data/deaths.txt), not "residents fled after gunmen killed
	// twelve villagers", where the killing is the event told.
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		w := p.w(j)
		if w == "after" {
			for k := j - 1; k >= 0 && k >= j-12; k-- {
				if p.toks[k].kind == kResponse {
					return true
				}
				if isBoundary(p.w(k)) {
					break
				}
			}
			break
		}
		if isBoundary(w) || w == "," || stops[w] || p.toks[j].kind != kNone {
			break
		}
	}
	if w := p.w(i - 1); w != "that" && w != "which" {
		return false
	}
	for j := i - 2; j >= 0 && j >= i-6; j-- {
		switch p.w(j) {
		case "after", "following", "since":
			return true
		}
		if isBoundary(p.w(j)) || p.w(j) == "," || p.toks[j].num != nil {
			return false
		}
	}
	return false
}

// injury are the words of wounds told in one figure with deaths ("9 killed and wounded");
// "kidnapped and killed" is not such a figure.
var injury = map[string]bool{
	"wounded": true, "injured": true, "hurt": true, "injuring": true, "wounding": true,
}

// caused reports a death noun that an event caused: "resulting in the death of", "led to
// the killing of". Without it, "protesting the killing of a teacher" would count a death
// that belongs to another event.
func (p *parser) caused(i int) bool {
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		switch p.w(j) {
		case "resulting", "resulted", "leading", "led", "caused", "causing", "result":
			return true
		}
		if isBoundary(p.w(j)) || grievance[p.w(j)] {
			return false
		}
	}
	return false
}

// grievance are words that make a death the cause of what is told, not its result:
// "protesting against the killing of a teacher".
var grievance = map[string]bool{
	"over": true, "against": true, "protesting": true, "protest": true, "condemning": true,
	"denouncing": true, "mourning": true, "commemorating": true, "demanding": true,
}

// foundNear reports "was found" / "were discovered" after a body noun.
func (p *parser) foundNear(j int) bool {
	for k := j; k < len(p.toks) && k < j+4; k++ {
		switch p.w(k) {
		case "found", "discovered", "recovered", "retrieved", "dumped", "located":
			return true
		}
	}
	return false
}

var aux = map[string]bool{
	"was": true, "were": true, "is": true, "are": true, "been": true, "be": true, "being": true,
	"have": true, "has": true, "had": true, "reportedly": true, "reported": true,
	"allegedly": true, "also": true, "all": true, "later": true, "subsequently": true,
	"then": true, "eventually": true, "confirmed": true, "who": false, "instantly": true,
	"immediately": true, "each": true, "both": true, "found": true, "shot": true,
}

// stops end a subject noun phrase on the left.
var stops = map[string]bool{
	"when": true, "while": true, "after": true, "as": true, "that": true, "who": true,
	"which": true, "where": true, "but": true, "because": true, "since": true, "said": true,
	"says": true, "claimed": true, "by": true, "including": true, "with": true, "if": true,
	"than": true, "whom": true, "whose": true, "before": true, "during": true, "among": true,
	"against": true, "killing": true, "killed": true,
}

// subject reads the figures of the noun phrase before a verb: "two US soldiers and a
// civilian interpreter were killed" gives 3.
func (p *parser) subject(i int) (figure, bool) {
	j := i - 1
	for j >= 0 && aux[p.w(j)] {
		j--
	}
	if p.w(j) == "and" && j >= 2 && passiveAux[p.w(j-2)] && (p.toks[j-1].kind != kNone || strings.HasSuffix(p.w(j-1), "ed")) {
		j -= 3 // "3 civilians were kidnapped and killed"
		for j >= 0 && aux[p.w(j)] {
			j--
		}
	}
	f := figure{start: -1}
	if isWord(p.w(j)) {
		f.noun = p.w(j)
	}
	// A passive verb's subject may be one person named by reference: "the soldier later
	// died", "he died of his wounds", "the NDS district head and his guard were killed".
	// Before an active verb it is the killer: "the gunman killed".
	byRef := p.toks[i].kind == kPassive || p.passive(i)
	if byRef && (p.w(j) == "he" || p.w(j) == "she") {
		return figure{low: 1, high: 1, start: p.toks[j].start, end: p.toks[i+p.toks[i].span-1].end, ref: true}, true
	}
	refs, refStart := 0, -1 // definite conjuncts ("the soldier") counted; a pending one's start
	listOnly := false       // after ", and" only a figure continues the subject
	var dropped figure      // a part told after "including", kept if the whole is only "several"
	found := false
	stated := false // a count other than "several": what a vague word states is nothing
	unstated := 0
	conjunctHasNum := false
	joined := false // a joiner was read and the conjunct before it has no count yet
	var counted []int
	needJoin := false // after a counted conjunct, only a list joiner may come before it
	// "Several people, including two children, were killed": the part in commas is kept
	// aside, for when the whole states no figure.
	if p.w(j) == "," {
		for q := j - 1; q > 0 && q > j-12; q-- {
			if p.w(q) == "," && (p.w(q+2) == "of" && p.w(q+3) == "them" || p.w(q+1) == "among" && p.w(q+2) == "them") {
				q++ // "Four people, two of them children, were killed": read as "including"
			}
			if isBoundary(p.w(q)) || p.w(q) == "," && p.w(q+1) != "including" {
				break
			}
			if (p.w(q) == "including" || p.toks[q].num != nil && p.w(q+1) == "of" || p.w(q) == "among") && p.w(q-1) == "," {
				for k := q; k < j; k++ {
					if n := p.toks[k].num; n != nil && !n.Unstated && !p.used[k] && !p.isUnit(k) {
						dropped.low += n.Value
						dropped.high += n.High
						dropped.start = p.toks[q].start
					}
				}
				j = q - 2
				break
			}
		}
	}
	head := "" // the last word of the conjunct being read: "officer" in "the police officer"
	for k := j; k >= 0 && k > j-30; k-- {
		t := p.toks[k]
		w := t.w
		if head == "" && isWord(w) && t.kind == kNone && w != "and" {
			head = w
		}
		// "the X" counts only where the subject starts: not "the militants' base in the
		// area and two militants were killed", nor "members of the unit were killed"
		if refStart >= 0 && k+1 < len(p.toks) && p.toks[k+1].start == refStart {
			switch {
			case w == "and" || w == "&" || w == "," || isBoundary(w) || clauseStarts[w] || !isWord(w) && t.num == nil:
			default:
				refStart = -1 // "during the clash, at least 10 were killed"
			}
		}
		if w == ")" { // "four CPI-Maoist (CPI-M) cadres": skip a bracket inside the phrase
			o := k - 1
			for o >= 0 && o > k-16 && p.w(o) != "(" && p.w(o) != ")" {
				o--
			}
			if p.w(o) == "(" {
				k = o
				continue
			}
			break
		}
		if needJoin && w == "as" && p.w(k-1) == "well" && p.w(k-2) == "as" {
			k -= 2 // "4 people as well as 2 policemen"
			needJoin, joined, conjunctHasNum, head = false, true, false, ""
			continue
		}
		if needJoin {
			switch w {
			case "and", ",", "&":
				needJoin, joined = false, true
			case "including":
				// "15 militants including a commander were killed": what follows is a part
				dropped = f
				f = figure{start: -1, noun: f.noun}
				found, conjunctHasNum, needJoin, stated, counted, refs = false, false, false, false, counted[:0], 0
				unstated = 0
			case "the", "another", "other", "all", "only", "also", "further", "additional":
				continue
			default:
				k = -1
				continue
			}
		}
		if t.num != nil {
			if p.used[k] || p.isUnit(k) {
				if p.used[k] {
					break
				}
				continue
			}
			if p.w(k-1) == "no" {
				break
			}
			if t.num.Unstated {
				unstated = max(unstated, t.num.Value)
			} else {
				f.low += t.num.Value
				f.high += t.num.High
				stated = true
			}
			f.start = t.start
			found, conjunctHasNum, needJoin, joined = true, true, true, false
			counted = append(counted, k)
			continue
		}
		if w == "a" || w == "an" {
			if !conjunctHasNum && k+1 <= j && (p.toks[k+1].num == nil || p.isUnit(k+1)) && !units[p.w(k+1)] && (isWord(p.w(k+1)) || p.toks[k+1].num != nil) && p.w(k+1) != "group" && p.w(k+1) != "number" && p.w(k+1) != "total" {
				f.low++
				f.high++
				f.start = t.start
				found, needJoin, stated, joined = true, true, true, false
			}
			conjunctHasNum = true
			continue
		}
		// "a farmer and his brother": a possessive singular in a list counts one
		if (w == "his" || w == "her" || w == "their") && !conjunctHasNum && p.w(k-1) == "and" && k+1 <= j && isWord(p.w(k+1)) && !strings.HasSuffix(p.w(k+1), "s") {
			f.low++
			f.high++
			f.start = t.start
			found, conjunctHasNum, needJoin, stated, joined = true, true, true, true, false
			continue
		}
		// "three suspects managed to flee and one was killed": a clause, not a conjunct
		if joined && clauseWords[w] {
			break
		}
		if w == "and" || w == "&" {
			if !conjunctHasNum && refStart >= 0 {
				f.low, f.high, f.start = f.low+1, f.high+1, refStart
				found, stated, needJoin, refs = true, true, true, refs+1
			}
			conjunctHasNum, refStart, head = false, -1, ""
			continue
		}
		// "the officer": one, if the conjunct has no figure further left
		if w == "the" && byRef && !conjunctHasNum && !listOnly && k+1 <= j && p.toks[k+1].kind == kNone && isWord(p.w(k+1)) &&
			head != "" && (!strings.HasSuffix(head, "s") || strings.HasSuffix(head, "ss")) {
			refStart = t.start
			continue
		}
		if w == "including" {
			// "two militants including their chief were killed": what follows is a part
			f = figure{start: -1}
			found, conjunctHasNum, counted = false, false, counted[:0]
			continue
		}
		if w == "," {
			// a list runs on over commas: "5 soldiers, 2 police(,) and a civilian"
			if found && k+1 < len(p.toks) && (p.toks[k+1].num != nil || p.w(k+1) == "a" || p.w(k+1) == "an") {
				conjunctHasNum, head = false, ""
				continue
			}
			// ", and": a list's last joiner, or two clauses; only a figure continues the list
			if found && refs == 0 && p.w(k+1) == "and" {
				conjunctHasNum, listOnly, head = false, true, ""
				continue
			}
			break
		}
		// "a displaced person died": a participle between an article or figure and its
		// noun is no casualty word
		if t.kind == kNot && k < j && p.toks[k+1].kind == kNone && isWord(p.w(k+1)) && p.w(k+1) != "and" &&
			(p.w(k-1) == "a" || p.w(k-1) == "an" || p.w(k-1) == "the" || w == "displaced" || k > 0 && p.toks[k-1].num != nil) {
			continue
		}
		if isBoundary(w) || stops[w] || t.kind != kNone || w == "those" {
			break // "a list of those killed": dead told of elsewhere
		}
		if !isWord(w) && w != "-" && w != "'" && w != "’" && w != "/" {
			break
		}
	}
	if !conjunctHasNum && refStart >= 0 {
		f.low, f.high, f.start = f.low+1, f.high+1, refStart
		found, stated, refs = true, true, refs+1
	}
	if !stated && dropped.start >= 0 && dropped.low > 0 {
		f, found, stated = dropped, true, true // "several people, including two children"
	}
	if !found {
		return figure{}, false
	}
	f.ref = refs > 0 && len(counted) == 0 && f.low == refs
	for _, k := range counted {
		p.used[k] = true
	}
	if !stated {
		f.low, f.high, f.unstated = unstated, unstated, true
	}
	f.end = p.toks[i+p.toks[i].span-1].end
	return f, true
}

// clauseStarts are the words a clause starts after: a subject "the X" may follow them, not
// a preposition ("during the clash").
var clauseStarts = map[string]bool{
	"when": true, "while": true, "as": true, "that": true, "who": true, "which": true,
	"where": true, "but": true, "because": true, "if": true, "said": true, "says": true,
	"claimed": true, "whom": true, "whose": true,
}

// clauseWords tell a clause from a noun phrase: a list of the dead does not run across
// them ("fled to safety and two were killed").
var clauseWords = map[string]bool{
	"to": true, "was": true, "were": true, "is": true, "are": true, "had": true, "has": true,
	"have": true, "been": true, "be": true, "did": true, "could": true, "would": true,
	"will": true, "can": true, "not": true, "managed": true, "tried": true, "fled": true,
	"escaped": true, "broke": true, "erupted": true, "opened": true, "began": true,
	"started": true, "ensued": true, "followed": true, "occurred": true, "happened": true,
	"took": true, "came": true, "went": true,
}

// count reads an object figure at toks[j]: "3 soldiers", "a man", "one", "him", "the
// owner", "2 soldiers and a civilian". evStart is where the evidence begins.
func (p *parser) count(j, evStart int) (figure, bool) {
	f := figure{start: evStart}
	found := false
	stated := false // as in subject
	unstated := 0
	done := func() (figure, bool) {
		if found && !stated {
			f.low, f.high, f.unstated = unstated, unstated, true
		}
		return f, found
	}
	k := j
	for k < len(p.toks) && k < j+14 {
		t := p.toks[k]
		switch {
		case t.num != nil && !p.used[k] && !p.isUnit(k):
			if t.num.Unstated {
				unstated = max(unstated, t.num.Value)
			} else {
				f.low += t.num.Value
				f.high += t.num.High
				stated = true
			}
			p.used[k] = true
			found = true
			f.end = t.end
			k++
		case (t.w == "a" || t.w == "an") && (p.w(k+1) == "family" || p.w(k+1) == "group") && p.w(k+2) == "of" &&
			k+3 < len(p.toks) && p.toks[k+3].num != nil && !p.used[k+3]:
			// "killed a family of three": the family's count, not one
			n := p.toks[k+3].num
			f.low += n.Value
			f.high += n.High
			p.used[k+3] = true
			found, stated = true, true
			f.end = p.toks[k+3].end
			k += 4
		case (t.w == "a" || t.w == "an") && k+1 < len(p.toks) && isWord(p.w(k+1)) && !units[p.w(k+1)]:
			f.low++
			f.high++
			found, stated = true, true
			f.end = p.toks[k+1].end
			k += 2
		case !found && (t.w == "him" || t.w == "her"):
			return figure{low: 1, high: 1, start: evStart, end: t.end, ref: true}, true
		case !found && t.w == "them" && k == j:
			// "abducted 9 soldiers and later killed them": the figure they were told with
			for a := j - 1; a >= 0 && a >= j-40; a-- {
				if n := p.toks[a].num; n != nil && !n.Unstated && !p.isUnit(a) {
					ref := p.used[a]
					p.used[a] = true
					return figure{low: n.Value, high: n.High, start: evStart, end: t.end, ref: ref}, true
				}
			}
			return done()
		case !found && (t.w == "the" || t.w == "his" || t.w == "her" || t.w == "their") && k == j &&
			isWord(p.w(k+1)) && !strings.HasSuffix(p.w(k+1), "s") && p.toks[k+1].kind == kNone && !units[p.w(k+1)]:
			// "killing the owner", "killing the father and a son"
			f.low++
			f.high++
			found, stated = true, true
			f.end = p.toks[k+1].end
			f.ref = true
			k += 2
		default:
			return done()
		}
		// the noun phrase, then maybe "and" another count
		f.noun = ""
		for k < len(p.toks) && isWord(p.w(k)) && p.toks[k].kind == kNone && !stops[p.w(k)] && p.w(k) != "and" && p.w(k) != "in" && p.w(k) != "on" && p.w(k) != "at" && p.w(k) != "of" {
			f.end = p.toks[k].end
			f.noun = p.w(k)
			k++
		}
		if p.w(k) == "," {
			k++
		}
		if p.w(k) == "and" && k+1 < len(p.toks) && (p.toks[k+1].num != nil || p.w(k+1) == "a" || p.w(k+1) == "an") {
			f.ref = false
			k++
			continue
		}
		if p.w(k) == "and" && (p.w(k+1) == "his" || p.w(k+1) == "her" || p.w(k+1) == "their") && isWord(p.w(k+2)) &&
			!strings.HasSuffix(p.w(k+2), "s") && p.toks[k+2].kind == kNone {
			f.low++
			f.high++
			f.end = p.toks[k+2].end
		}
		return done()
	}
	return done()
}

func (p *parser) unuse(f figure) {
	for k, t := range p.toks {
		if t.num != nil && t.start >= f.start && t.end <= f.end {
			p.used[k] = false
		}
	}
}

// isUnit reports a figure that counts things, not people: "300 attacks", "12 km".
func (p *parser) isUnit(k int) bool {
	next := p.w(k + 1)
	if units[next] || next == "%" {
		return true
	}
	// "25-year-old": an age
	if next == "-" && (p.w(k+2) == "year" || p.w(k+2) == "years") {
		return true
	}
	return false
}

func isBoundary(w string) bool {
	switch w {
	case ".", ";", ":", "(", ")", "[", "]", "!", "?", "\"", "“", "”":
		return true
	}
	return false
}

func isWord(w string) bool {
	if w == "" {
		return false
	}
	c := w[0]
	return c >= 'a' && c <= 'z'
}

// tokenize groups the pieces of text into lower-case words (runs of letters and digits) and
// marks, with each number phrase of nums (number.FindIn over the same pieces), less dates and
// years, as one token. It appends to firsts the words that may start a death phrase.
func tokenize(text string, ps []lexicon.Piece, dates []when.Expr, nums []number.Number, toks []tok, firsts []int32) ([]tok, []int32) {
	// A piece makes a token at most: the tokens are written in place, in room made once.
	n := len(toks)
	toks = slices.Grow(toks, len(ps))[:n+len(ps)]
	ni, di := 0, 0
	numAt := math.MaxInt // where nums[ni] starts; no token start before it need look at nums
	if len(nums) > 0 {
		numAt = nums[0].Start
	}
	for k := 0; k < len(ps); {
		p := &ps[k]
		if p.Start >= numAt {
			i := p.Start
			for ni < len(nums) && nums[ni].End <= i {
				ni++
			}
			numAt = math.MaxInt
			if ni < len(nums) {
				numAt = nums[ni].Start
			}
			if numAt == i {
				for di < len(dates) && dates[di].End <= i {
					di++
				}
				f := &nums[ni]
				inDate := di < len(dates) && dates[di].Start <= f.Start && f.End <= dates[di].End
				if !inDate && !isYear(text[f.Start:f.End], *f) {
					t := &toks[n]
					n++
					t.start, t.end, t.w, t.num, t.kind, t.span = f.Start, f.End, "#", f, kNone, 0
					for k < len(ps) && ps[k].Start < f.End {
						k++
					}
					continue
				}
			}
		}
		t := &toks[n]
		n++
		if p.Kind == lexicon.Mark {
			t.start, t.end, t.w, t.num, t.kind, t.span = p.Start, p.End, text[p.Start:p.End], nil, kNone, 0
			k++
			continue
		}
		j := k + 1
		for j < len(ps) && !ps[j].Gap && ps[j].Kind != lexicon.Mark {
			j++
		}
		end, w := p.End, p.Lower
		if j > k+1 {
			end = ps[j-1].End
			w = strings.ToLower(text[p.Start:end])
		}
		if isWord(w) && mayFirst(w) {
			firsts = append(firsts, int32(n-1))
		}
		t.start, t.end, t.w, t.num, t.kind, t.span = p.Start, end, w, nil, kNone, 0
		k = j
	}
	return toks[:n], firsts
}

// markAll marks the death phrase, longest first, that starts at each token of firsts, which
// holds every word that may be one of firstWords, and appends to reads and splits the tokens of
// firsts that run and split read.
func markAll(toks []tok, firsts, reads, splits []int32) ([]int32, []int32) {
	for _, i := range firsts {
		mark(toks, int(i))
		t := &toks[i]
		if t.kind != kNone && t.kind != kNot && t.kind != kIllness && t.kind != kResponse || t.w == "coded" {
			reads = append(reads, i)
		}
		if isSplit(t.w) {
			splits = append(splits, i)
		}
	}
	return reads, splits
}

// splitWords are the words of ACLED's "N fatalities split between M events" (split).
var splitWords = []string{"split", "spread", "divided", "distributed", "shared"}

// isSplit reports the words of splitWords.
func isSplit(w string) bool {
	switch w {
	case "split", "spread", "divided", "distributed", "shared":
		return true
	}
	return false
}

// mark marks the longest death phrase that starts at toks[i] and ends within toks.
func mark(toks []tok, i int) {
	if toks[i].num != nil || !isWord(toks[i].w) {
		return
	}
	fw := firstOf(toks[i].w)
	if fw == nil {
		return
	}
	n := min(maxWords, len(toks)-i) // words the phrase may have
next:
	for _, p := range fw.phrases {
		if len(p.rest) >= n {
			continue
		}
		for k, w := range p.rest {
			if toks[i+1+k].w != w {
				continue next
			}
		}
		toks[i].kind, toks[i].span = p.kind, len(p.rest)+1
		return
	}
}

// isYear: a bare four-digit figure from 1900 to 2099 is a year, not a count.
func isYear(s string, n number.Number) bool {
	return len(s) == 4 && n.Value >= 1900 && n.Value <= 2099
}
