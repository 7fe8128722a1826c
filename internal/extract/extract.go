// Package extract is the coder: a pure function from one report to the conflict events it
// describes, with every field explained by a span of the text. It does no I/O beyond reading
// its embedded lexicons and the gazetteer once.
//
// The steps, each in its own file: sentences (sentence.go); cues and actors from the
// lexicons in data/ (lexicons.go); passages, the sentences that tell one event
// (passages below); the sub-event type (classify.go); who did what to whom (actors.go);
// where (places.go), when (package when) and how many died (package casualty).
package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/when"
)

// Version identifies the coder's behaviour; stored with every mention so that re-coding after
// a lexicon change is visible.
const Version = "0.1.0"

// Coder codes documents into events. It is safe for concurrent use.
type Coder struct {
	lx     *lexicons
	places placeFinder
	// countries remembers country's answer for each word it was asked about (up to
	// maxCountries words): the words after "forces of" are few, mostly names of countries,
	// and the gazetteer's Lookup reads every place of a name.
	countries  sync.Map // word -> nation
	nCountries atomic.Int32
}

// New loads the lexicons and the gazetteer.
func New() (*Coder, error) {
	lx, err := loadLexicons()
	if err != nil {
		return nil, fmt.Errorf("lexicons: %w", err)
	}
	pf, err := newPlaceFinder()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return &Coder{lx: lx, places: pf}, nil
}

// nationality maps a demonym ("turkish") to a country.
func (c *Coder) nationality(word string) (iso3, name string, ok bool) {
	return c.places.nationality(word)
}

// sentenceInfo is what the coder knows about one sentence.
type sentenceInfo struct {
	span
	tokFrom, tokTo int
	cues           cueSet
	dates          []when.Expr // dates in this sentence that are not background
	background     bool        // the sentence speaks of a time before the report's (a year, "over the past year")
	current        bool        // it also names a time of its own, resolved or not ("on Thursday" with no publication date)
	refersBack     bool        // every event word in it is a definite reference ("affected by the attack")
}

// definite words before an event word refer to an event already told: "the attack",
// "this latest strike".
var definite = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true, "latest": true}

// passage is a run of sentences that tell one event.
type passage struct {
	first, last int // sentence indexes
	cues        cueSet
	date        when.Expr // if hasDate
	hasDate     bool
}

// Code returns the events d reports, the most salient first.
func (c *Coder) Code(d doc.Document) []event.Event {
	text := d.Text
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if len(text) > maxSegment {
		return c.codeLong(d, text)
	}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	// One scan of the text: words for the lexicons, and the pieces they are made of for
	// dates and death tolls.
	// The text lower-cased once, for the pieces and the passages' sources.
	lower := lexicon.LowerASCII(text)
	pieces := lexicon.ScanLowered(text, lower, sc.pieces[:0])
	// The words, looked up once in the vocabulary, for the lexicons and the word lists.
	toks, ids := c.lx.words.WordIDs(text, lower, pieces, sc.toks[:0], sc.ids[:0])
	wordAt := sc.wordAt[:0]
	for _, id := range ids {
		wordAt = append(wordAt, word(c.lx.words.Tags(id)))
	}
	sc.pieces, sc.toks, sc.ids, sc.wordAt = pieces, toks, ids, wordAt
	// cueAt marks every token of a cue phrase; cueStart only its first, where it is counted.
	cueAt := resize(sc.cueAt, len(toks))
	cueStart := resize(sc.cueStart, len(toks))
	sc.cueAt, sc.cueStart = cueAt, cueStart
	sc.matches = c.lx.cues.FindIDs(toks, ids, sc.matches[:0])
	for _, m := range sc.matches {
		cueStart[m.Start] = true
		for k := m.Start; k < m.End; k++ {
			cueAt[k] = c.lx.cueOf[m.Value]
		}
	}
	dates := when.AppendIn(sc.found[:0], text, pieces, d.Published)
	sc.found = dates
	deaths := &deathReader{text: text, pieces: pieces, dates: dates}
	defer deaths.release()
	where := &placeReader{p: c.places, text: text}
	defer where.release()

	sents := sentences(text, sc.sents[:0])
	sc.sents = sents
	infos := resize(sc.infos, len(sents))
	sc.infos = infos
	ti, di := 0, 0
	for i, s := range sents {
		info := &infos[i]
		info.span = s
		for ti < len(toks) && toks[ti].Start < s.start {
			ti++
		}
		info.tokFrom = ti
		grievance := false
		triggers, refs := 0, 0
		for ti < len(toks) && toks[ti].End <= s.end {
			if grievance || wordAt[ti]&wordGrievance != 0 { // else it stays false
				grievance = inGrievance(grievance, &info.cues, text, toks, wordAt, cueAt, ti, info.tokFrom)
			}
			if cueStart[ti] && !grievance {
				info.cues.add(cueAt[ti])
				if cueAt[ti].trigger() {
					triggers++
					if ti > info.tokFrom && wordAt[ti-1]&wordDefinite != 0 {
						refs++
					}
				}
			}
			ti++
		}
		info.refersBack = triggers > 0 && refs == triggers
		info.tokTo = ti
		for di < len(dates) && dates[di].Start < s.start {
			di++
		}
		// The sentences' dates share one buffer; each takes its part with no room after it.
		from := len(sc.dates)
		said := sc.said[:0]
		for k := di; k < len(dates) && dates[k].Start < s.end; k++ {
			if dates[k].Background || dates[k].Precision >= 4 {
				info.background = true
			} else {
				info.current = true
				// "attacks since May": the start of a period, not the day of an event.
				switch {
				case dates[k].Date.IsZero() || periodStart(text, dates[k].Start):
				case statementDate(text, lower, dates[k].Start):
					said = append(said, dates[k])
				default:
					sc.dates = append(sc.dates, dates[k])
				}
			}
		}
		// "Police said on Thursday that seven people were killed on Wednesday": the day
		// of the statement comes after the day of the event.
		sc.dates = append(sc.dates, said...)
		sc.said = said
		if len(sc.dates) > from {
			info.dates = sc.dates[from:len(sc.dates):len(sc.dates)]
		}
	}

	ps := c.passages(infos, sc.passages[:0])
	sc.passages = ps
	// The sources are read in the lower-cased text where it is strings.ToLower's.
	ascii := isASCII(text)
	if !ascii {
		lower = ""
	}
	dated := false
	for _, p := range ps {
		dated = dated || p.hasDate
	}
	evs := make([]event.Event, 0, len(ps))
	for i := range ps {
		ev, ok := c.codePassage(d, text, lower, toks, cueAt, infos, &ps[i], dated, deaths, where, sc)
		if ok {
			evs = append(evs, ev)
		}
	}
	if !ascii { // in ASCII text a byte offset is a code point offset
		runeOffsets(text, evs)
	}
	evs = dedupe(evs)
	if len(evs) > 1 {
		sort.SliceStable(evs, func(i, j int) bool { return salience(&evs[i]) > salience(&evs[j]) })
	}
	for i := range evs {
		evs[i].EventID = d.ID + "#" + strconv.Itoa(i+1)
	}
	return evs
}

// scratch holds the working buffers of one document, kept between documents (scratchPool)
// so that coding a stream of reports does not allocate and clear them afresh for each: they
// are several times the size of the text.
type scratch struct {
	pieces   []lexicon.Piece
	toks     []lexicon.Token
	ids      []int32 // the tokens' words in the lexicons' vocabulary
	wordAt   []word  // the word lists they are in
	cueAt    []cue
	cueStart []bool
	matches  []lexicon.Match
	sents    []span
	infos    []sentenceInfo
	passages []passage
	found    []when.Expr // the text's dates
	dates    []when.Expr // the sentences' dates
	said     []when.Expr
	// A passage's actors.
	actorMatches []lexicon.Match
	mentions     []mention
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release returns the buffers to the pool, without what they refer to (the text and its
// words), unless they grew past what a usual report needs.
func (sc *scratch) release() {
	if cap(sc.pieces) > 1<<18 {
		return
	}
	clear(sc.pieces)
	clear(sc.toks)
	clear(sc.infos)
	clear(sc.mentions)
	clear(sc.passages)
	clear(sc.found)
	clear(sc.dates)
	clear(sc.said)
	sc.dates = sc.dates[:0]
	scratchPool.Put(sc)
}

func isASCII(s string) bool {
	// Eight bytes at a time: a byte of a non-ASCII character has its high bit set.
	i := 0
	for ; i+8 <= len(s); i += 8 {
		t := s[i : i+8]
		if (uint64(t[0])|uint64(t[1])<<8|uint64(t[2])<<16|uint64(t[3])<<24|
			uint64(t[4])<<32|uint64(t[5])<<40|uint64(t[6])<<48|uint64(t[7])<<56)&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// resize returns s with length n, all zero, reusing its array when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// passages groups sentences into events. A sentence with an event cue starts a passage
// unless it adds to the one before: no date of its own (or the same date) and no new cue of
// a different kind of violence. Sentences without cues ("The victim died later.") extend the
// passage before them. Sentences about the past ("a 2014 intervention"), trends without a
// date ("near-constant clashes"), hypotheticals and denials start nothing.
//
// The passages are appended to out.
func (c *Coder) passages(infos []sentenceInfo, out []passage) []passage {
	cur := -1
	// lead is a dated sentence that started nothing ("On 29 April, police raided a
	// district."): it dates, and opens, a passage that starts soon after it (within
	// leadReach sentences, none of them dated or about the past) without a date of its own
	// ("A shoot-out broke out and a man was killed.").
	lead := -1
	for i := range infos {
		s := &infos[i]
		// "Police found two pistols", "troops set up a post": no trigger word, an event.
		triggers := s.cues.armsTaken() || s.cues.baseSetUp()
		for q := cueProtest; q <= cueOther && !triggers; q++ {
			if q.trigger() && s.cues.n[q] > 0 {
				triggers = true
			}
		}
		// "Relief was sent to families affected by the attack": a sentence that only refers
		// back to an event already told tells no new one.
		if triggers && s.refersBack && len(out) > 0 {
			triggers = false
		}
		ownDate := len(s.dates) > 0
		// A day or a week names an event; a month with "several times" or "almost daily"
		// names a tally ("the town has come under fire several times this month").
		dayDate := false
		for _, d := range s.dates {
			dayDate = dayDate || d.Precision <= when.Week
		}
		// Deliberations and denials are not events whatever their date ("officials told the
		// paper on Friday that the US is considering a withdrawal"); trends are not events
		// unless dated to a day or week.
		violent := s.cues.has(cueClash, cueKill, cueShoot, cueAttack, cueAir, cueShell, cueIED, cueGrenade, cueSuicide, cueAbduct, cueProtest, cueDissent)
		modal := (s.cues.has(cueHypo, cueDeny) && (!ownDate || !violent)) || (!dayDate && s.cues.has(cueTrend))
		if s.background && !ownDate && !s.current {
			// Background: adds nothing, and ends the passage before it.
			cur, lead = -1, -1
			continue
		}
		if !triggers || modal {
			if cur >= 0 && !modal && i == out[cur].last+1 {
				out[cur].last = i
				addCues(&out[cur].cues, &s.cues)
			} else if !modal && dayDate && !s.background {
				lead = i
			}
			continue
		}
		if cur >= 0 && i == out[cur].last+1 && (!ownDate || (out[cur].hasDate && sameDay(s.dates[0], out[cur].date))) {
			out[cur].last = i
			addCues(&out[cur].cues, &s.cues)
			continue
		}
		p := passage{first: i, last: i, cues: s.cues}
		if ownDate {
			p.date, p.hasDate = s.dates[0], true
		} else if lead >= 0 && i-lead <= leadReach {
			p.date, p.hasDate = infos[lead].dates[0], true
			p.first = lead
		}
		lead = -1
		out = append(out, p)
		cur = len(out) - 1
	}
	return out
}

// leadReach is how many sentences on a dated sentence that told no event still dates
// the passage that follows it.
const leadReach = 3

// periodStart reports whether the date expression at byte offset start opens a period
// ("since May", "since the spring"): what is told with it lasted, it did not happen then.
func periodStart(text string, start int) bool {
	before := strings.TrimRight(text[:start], " ")
	before = strings.TrimSuffix(strings.TrimSuffix(before, " the"), " late")
	before = strings.TrimSuffix(strings.TrimSuffix(before, " early"), " mid")
	i := strings.LastIndexAny(before, " \n(")
	return strings.EqualFold(before[i+1:], "since")
}

// statementDate reports whether the date expression at byte offset start is the day of a
// statement ("said on Thursday", "told reporters on Monday"), not of the event.
//
// lower is LowerASCII(text): an ASCII word is lower-cased by cutting it from there.
func statementDate(text, lower string, start int) bool {
	// The five words before the date, nearest first, without allocating.
	var w [5]string
	n, end := 0, start
	for n < len(w) {
		for end > 0 && (text[end-1] == ' ' || text[end-1] == ',' || text[end-1] == '\n') {
			end--
		}
		b := end
		for b > 0 && text[b-1] != ' ' && text[b-1] != '\n' {
			b--
		}
		if b == end {
			break
		}
		if isASCII(text[b:end]) {
			w[n] = lower[b:end]
		} else {
			w[n] = strings.ToLower(text[b:end])
		}
		n++
		end = b
	}
	k := 0
	if n > 0 && w[0] == "on" {
		k++
	}
	if k >= n {
		return false
	}
	if speechVerbs[w[k]] {
		return true
	}
	// "told reporters on Monday", "said in a statement on Monday"
	return k+1 < n && speechVerbs[w[k+1]] || k+3 < n && w[k+3] == "said" && w[k+2] == "in"
}

// grievanceWords open what a protest is about: "protested against the killing of a
// student" tells of a protest, not a killing.
var grievanceWords = map[string]bool{
	"against": true, "over": true, "denouncing": true, "denounce": true, "condemning": true,
	"condemn": true, "demanding": true, "demanded": true, "demand": true, "decrying": true,
	"decry": true, "protesting": true,
}

// relativeWords before a verb make it part of what a protest is against: "against police
// who stormed the camp".
var relativeWords = map[string]bool{"who": true, "that": true, "which": true, "was": true, "were": true, "by": true, "been": true}

// clauseWords end a grievance: what follows them is told again as what happened.
var clauseWords = map[string]bool{
	"and": true, "but": true, "while": true, "as": true, "when": true, "before": true, "until": true,
	"then": true, "was": true, "were": true, "had": true, "have": true, "has": true,
}

// inGrievance reports whether token i of a sentence (which starts at token from) is in the
// grievance of a protest already told in it, given whether token i-1 was: it opens at a
// grievance word once the sentence has a protest word, and closes at punctuation or a
// clause word.
func inGrievance(was bool, cs *cueSet, text string, toks []lexicon.Token, wordAt []word, cueAt []cue, i, from int) bool {
	w := toks[i].Norm
	if was {
		if wordAt[i]&wordClause != 0 || (i > from && strings.ContainsAny(text[toks[i-1].End:toks[i].Start], ",;:()")) {
			return false
		}
		// "residents demonstrating against the curfew vandalized a police station": a
		// verb of rioting in the past tense is what the protesters did.
		if q := cueAt[i]; (q == cueVDemo || q == cueRiot) && strings.HasSuffix(w, "ed") && i > from && wordAt[i-1]&wordRelative == 0 {
			return false
		}
		return true
	}
	if wordAt[i]&wordGrievance == 0 {
		return false
	}
	if w == "against" && i+1 < len(toks) && (toks[i+1].Norm == "each" || toks[i+1].Norm == "one") {
		return false // "rallied against each other": a fight, not a grievance
	}
	return cs.has(cueProtest, cueDissent)
}

// addCues adds the cues of a sentence to the passage it continues. A word of demand in a
// later sentence of a passage that opened with violence is its background, not a protest
// ("Gunmen killed nine villagers. The village had refused a levy the gang demanded.").
func addCues(dst, src *cueSet) {
	dissent := src.n[cueDissent]
	if dst.first.violent() && !dst.has(cueProtest) {
		dissent = 0
	}
	for i := range dst.n {
		dst.n[i] += src.n[i]
	}
	dst.n[cueDissent] += dissent - src.n[cueDissent]
	if dst.first == cueNone {
		dst.first = src.first
	}
}

func sameDay(a, b when.Expr) bool { return a.Date.Equal(b.Date) && a.Precision == b.Precision }

// codePassage fills in one event from a passage.
//
// In a report that dates its events, a passage with neither a date nor a place of its own is
// commentary on them ("The clashes are further complicated by ...") and is dropped.
func (c *Coder) codePassage(d doc.Document, text, lower string, toks []lexicon.Token, cueAt []cue, infos []sentenceInfo, p *passage, dated bool, deaths *deathReader, where *placeReader, sc *scratch) (event.Event, bool) {
	first, last := &infos[p.first], &infos[p.last]
	// Roles are read sentence by sentence: a verb in the next sentence says nothing about
	// who did what in this one.
	ms := sc.mentions[:0]
	for i := p.first; i <= p.last; i++ {
		ms = c.actorRoles(ms, toks, sc.ids, sc.wordAt, cueAt, infos[i].tokFrom, infos[i].tokTo, &sc.actorMatches)
	}
	sc.mentions = ms
	is := interSetOf(ms)
	is.placeStruck = placeStruck(toks, sc.wordAt, cueAt, ms, infos[p.first].tokFrom, infos[p.last].tokTo)
	is.siteSeized = siteSeized(cueAt, infos[p.first].tokFrom, infos[p.last].tokTo)
	sub := classify(&p.cues, &is)
	if sub == "" {
		return event.Event{}, false
	}
	ev := event.Event{DocID: d.ID, EventType: event.TypeOf(sub), SubEventType: sub, Source: d.Outlet}
	cd := c.lx.codesOf[sub]
	ev.CAMEO, ev.PLOVER = cd.cameo, cd.plover

	// When.
	switch {
	case p.hasDate:
		ev.EventDate = p.date.Date.Format(doc.DateLayout)
		ev.TimePrecision = p.date.Precision
	case !d.Published.IsZero():
		ev.EventDate = d.Published.Format(doc.DateLayout)
		ev.TimePrecision = 2 // the report's date stands in for an event date it does not give
	}

	// Where.
	loc := where.locate(first.start, last.end)
	if dated && !p.hasDate && !(loc.found && loc.start >= first.start && loc.start < last.end) {
		return event.Event{}, false
	}
	ev.Country, ev.ISO3, ev.Admin1, ev.Admin2, ev.Location = loc.country, loc.iso3, loc.admin1, loc.admin2, loc.name
	if loc.found {
		ll := &[2]float64{loc.lat, loc.lon} // one allocation for both
		ev.Latitude, ev.Longitude = &ll[0], &ll[1]
		ev.GeoPrecision = loc.precision
		ev.GeonameID = loc.geonameID
	}

	// Who.
	ev.Actor1, ev.Actor2 = assignActors(sub, ms, place{country: loc.country, iso3: loc.iso3})

	// How many died.
	k := deaths.count(first.start, last.end)
	ev.Fatalities, ev.FatalitiesLow, ev.FatalitiesHigh = k.killed, k.low, k.high

	// Who says so.
	s := text[first.start:last.end]
	low := ""
	if lower != "" {
		low = lower[first.start:last.end]
	} else {
		low = strings.ToLower(s)
	}
	ev.Attribution = attributions(s, low)

	// On what.
	ev.Evidence = evidence(text, first.span)
	ev.Confidence = confidence(&ev, p)
	return ev, true
}

// placeStruck reports whether a verb of striking in tokens [from, to) has no person as its
// object: no actor is named in the three words after it, or after the verb it is paired
// with ("struck a residential block", not "struck and killed a man").
func placeStruck(toks []lexicon.Token, wordAt []word, cueAt []cue, ms []mention, from, to int) bool {
	for k := from; k < to; k++ {
		if cueAt[k] != cueStrike || k > from && cueAt[k-1] == cueStrike {
			continue
		}
		person := k+1 >= to
		reach := k + 3
		if !person && toks[k+1].Norm == "and" {
			reach += 2 // "struck and killed a man": the object both verbs share
		}
		for _, m := range ms {
			// "a residential block", "civilian homes": people's places, not people.
			if m.tok > k && m.tok <= reach && !(m.end < to && wordAt[m.end]&wordPlace != 0) {
				person = true
			}
		}
		if !person {
			return true
		}
	}
	return false
}

// siteSeized reports whether a word of seizing in tokens [from, to) has ground as its
// object: a town, a hill, a camp or a base within the five words after it.
func siteSeized(cueAt []cue, from, to int) bool {
	for k := from; k < to; k++ {
		if cueAt[k] != cueTake {
			continue
		}
		for j := k + 1; j < min(to, k+6); j++ {
			if cueAt[j] == cueSite || cueAt[j] == cueBase {
				return true
			}
		}
	}
	return false
}

// placeNouns after a word for civilians make it a place they live or work in.
var placeNouns = map[string]bool{
	"block": true, "blocks": true, "building": true, "buildings": true, "area": true, "areas": true,
	"neighbourhood": true, "neighbourhoods": true, "neighborhood": true, "neighborhoods": true,
	"district": true, "quarter": true, "house": true, "houses": true, "home": true, "homes": true,
	"village": true, "villages": true, "complex": true, "infrastructure": true,
	"facilities": true, "facility": true, "property": true, "properties": true, "farms": true,
	"objects": true, "targets": true, "sites": true,
}

// evidence is the sentence span s, in byte offsets until runeOffsets converts them.
func evidence(text string, s span) event.Evidence {
	return event.Evidence{Start: s.start, End: s.end, Text: text[s.start:s.end]}
}

// runeOffsets turns the events' evidence byte offsets into the code point offsets of the
// output contract, counting through the text once (passages come in text order), so that
// a report with many events is not counted again for each.
func runeOffsets(text string, evs []event.Event) {
	at, runes := 0, 0 // byte offset and its code point offset
	count := func(b int) int {
		if b < at {
			at, runes = 0, 0
		}
		runes += utf8.RuneCountInString(text[at:b])
		at = b
		return runes
	}
	for i := range evs {
		e := &evs[i].Evidence
		e.Start, e.End = count(e.Start), count(e.End)
	}
}

// confidence is a rough 0–1 score of how much of the event the text pins down.
func confidence(ev *event.Event, p *passage) float64 {
	c := 0.4
	if p.hasDate {
		c += 0.15
	}
	if ev.GeoPrecision == 1 {
		c += 0.15
	} else if ev.GeoPrecision > 1 {
		c += 0.05
	}
	if ev.Actor1 != nil {
		c += 0.1
	}
	if ev.Actor2 != nil {
		c += 0.05
	}
	if p.last > p.first {
		c += 0.05
	}
	return float64(int(c*100+0.5)) / 100
}

// dedupe drops an event that repeats an earlier one of the same document (a photo caption
// printed twice): same sub-type, date and place.
func dedupe(evs []event.Event) []event.Event {
	if len(evs) < 2 {
		return evs
	}
	type key struct{ sub, date, location, admin1, country string }
	out := evs[:0]
	seen := make(map[key]bool, len(evs))
	for _, e := range evs {
		k := key{e.SubEventType, e.EventDate, e.Location, e.Admin1, e.Country}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// salience orders a document's events: a specific, dated, violent event with deaths comes
// before a vague one; among equals the earlier in the text (kept by the stable sort).
func salience(e *event.Event) float64 {
	s := 0.0
	if e.GeoPrecision == 1 {
		s += 1
	} else if e.GeoPrecision == 2 {
		s += 0.5
	}
	if e.TimePrecision == 1 {
		s += 0.5
	}
	if event.Violent(e.EventType) {
		s += 0.25
	}
	if e.Fatalities > 0 {
		s += 0.25
	}
	return s
}

// attributions finds who a passage cites: "according to X", "X said", "X told Y". "X
// claimed responsibility" or "X claimed the attack" is a claim of the act, not a source,
// and nobody ("no group", "no one") is never a source.
//
// low is strings.ToLower(s).
func attributions(s, low string) []string {
	// One pass over the passage finds the first "according to " and the first of each verb
	// (the first " claimed" that claims no act), rather than one search for each. Each of
	// the phrases has one "d", the rarest of their letters: the pass goes from "d" to "d".
	according, said, told, reported, claimed := -1, -1, -1, -1, -1
	for j := 0; ; j++ {
		k := strings.IndexByte(low[j:], 'd')
		if k < 0 {
			break
		}
		j += k
		switch {
		case j >= 4 && low[j-4] == ' ' && low[j-3:j] == "sai":
			if said < 0 {
				said = j - 4
			}
		case j >= 4 && low[j-4] == ' ' && low[j-3:j] == "tol":
			if told < 0 && j+1 < len(low) && low[j+1] == ' ' {
				told = j - 4
			}
		case j >= 8 && low[j-8:j] == " reporte":
			if reported < 0 {
				reported = j - 8
			}
		case j >= 7 && low[j-7:j] == " claime":
			if claimed < 0 && !claimOfAct(low[j+1:]) {
				claimed = j - 7
			}
		case j >= 5 && low[j-5:j] == "accor":
			if according < 0 && strings.HasPrefix(low[j+1:], "ing to ") {
				according = j - 5
			}
		}
	}
	var out []string
	if according >= 0 {
		out = append(out, clip(s[according+len("according to "):]))
	}
	for _, i := range [...]int{said, told, reported, claimed} {
		if i < 0 {
			continue
		}
		who := lastWords(s[:i], 4)
		// "the governor of the Kharkiv region said": reach back to the head noun.
		for n := 6; n <= 10 && ofPhrase(who); n += 2 {
			who = lastWords(s[:i], n)
		}
		if who != "" && !nobody(who) {
			out = append(out, who)
		}
	}
	return out
}

// claimOfAct reports whether the words after "claimed" name what was claimed as done
// ("responsibility for", "the attack") rather than what was said.
func claimOfAct(after string) bool {
	w, rest, _ := strings.Cut(strings.TrimLeft(after, " "), " ")
	switch w {
	case "the", "a", "an", "its", "their":
		w, _, _ = strings.Cut(strings.TrimLeft(rest, " "), " ")
	}
	return claimedActs[strings.Trim(w, ",.;:")]
}

// claimedActs are what a group claims when it claims an act: "claimed responsibility",
// "claimed the firing of three rockets".
var claimedActs = map[string]bool{
	"responsibility": true, "credit": true, "attack": true, "attacks": true, "assault": true,
	"bombing": true, "blast": true, "killing": true, "killings": true, "ambush": true, "raid": true,
	"strike": true, "strikes": true, "abduction": true, "kidnapping": true, "operation": true,
	"explosion": true, "firing": true, "launch": true, "launching": true, "shelling": true,
}

// ofPhrase reports whether a would-be source starts inside a noun phrase ("of the region").
func ofPhrase(who string) bool {
	w, _, _ := strings.Cut(who, " ")
	switch w {
	case "of", "in", "for", "from", "at", "on":
		return true
	}
	return false
}

// nobody reports whether a would-be source names no one ("Nobody has", "no group").
func nobody(who string) bool {
	rest := who
	for rest != "" {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		switch {
		case strings.EqualFold(w, "nobody"), strings.EqualFold(w, "none"), strings.EqualFold(w, "no-one"):
			return true
		case strings.EqualFold(w, "no") && rest != "":
			return true // "no group", "no one"
		}
	}
	return false
}

// clip returns the phrase up to the next comma or full stop, at most eight words.
func clip(s string) string {
	if i := strings.IndexAny(s, ",.;:\n"); i >= 0 {
		s = s[:i]
	}
	return fieldsJoined(s, 8, true)
}

func lastWords(s string, n int) string {
	if i := strings.LastIndexAny(s, ",.;:\n“”\""); i >= 0 {
		s = s[i+1:]
	}
	return fieldsJoined(s, n, false)
}

// fieldsJoined is lastN(strings.Fields(s), n, head), cut from s when the words are ASCII and
// one space apart, as they mostly are: no slice of words and no new string.
func fieldsJoined(s string, n int, head bool) string {
	if !isASCII(s) {
		return lastN(strings.Fields(s), n, head)
	}
	// [from, to) spans the n words; single: one space between each two.
	from, to, count, single := 0, 0, 0, true
	if head {
		for i := 0; count < n; count++ {
			j := i
			for j < len(s) && asciiSpace(s[j]) {
				j++
			}
			if j == len(s) {
				break
			}
			if count == 0 {
				from = j
			} else if j-i != 1 || s[i] != ' ' {
				single = false
			}
			for i = j; i < len(s) && !asciiSpace(s[i]); i++ {
			}
			to = i
		}
	} else {
		for i := len(s); count < n; count++ {
			j := i
			for j > 0 && asciiSpace(s[j-1]) {
				j--
			}
			if j == 0 {
				break
			}
			if count == 0 {
				to = j
			} else if i-j != 1 || s[j] != ' ' {
				single = false
			}
			for i = j; i > 0 && !asciiSpace(s[i-1]); i-- {
			}
			from = i
		}
	}
	if count == 0 {
		return ""
	}
	if !single {
		return strings.Join(strings.Fields(s[from:to]), " ")
	}
	return s[from:to]
}

// asciiSpace reports whether c is white space as strings.Fields reads an ASCII text.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func lastN(w []string, n int, head bool) string {
	if len(w) > n {
		if head {
			w = w[:n]
		} else {
			w = w[len(w)-n:]
		}
	}
	return strings.Join(w, " ")
}
