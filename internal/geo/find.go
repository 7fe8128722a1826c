package geo

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

func log10(x float64) float64 { return math.Log10(x) }

// token is one word of the text: a run of letters and digits, with inner apostrophes kept
// ("Ma'arrat"), hyphens splitting words ("al-Hol" is two tokens joined by a hyphen).
type token struct {
	start, end int
	fold       string // names.Fold of the word
	upper      bool   // starts with a capital letter
	allCaps    bool
}

func tokenize(text string) []token {
	toks, _ := tokenizeInto(text, nil, nil)
	return toks
}

// tokenizeInto is tokenize appending to toks[:0], with arena (reused if it has room for the
// text) holding the folds that differ from their words; it returns both for reuse.
func tokenizeInto(text string, toks []token, arena []byte) ([]token, []byte) {
	if cap(toks) < len(text)/6+1 {
		toks = make([]token, 0, len(text)/6+1)
	}
	toks = toks[:0]
	if cap(arena) < len(text) {
		arena = make([]byte, 0, len(text)) // tokenfold.go
	}
	arena = arena[:0]
	i := 0
	for i < len(text) {
		// ASCII, most of the text, is read a byte at a time without decoding, by a table of
		// its letters and digits: the unicode tables give the same answers for it.
		// (Decoding every byte was most of the time.)
		if c := text[i]; asciiClass[c] == 0 {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			if r, n := utf8.DecodeRuneInString(text[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += n
				continue
			}
		}
		start := i
		// seen gathers the classes of the word's letters: caps is no lower-case letter,
		// and a word of plain ASCII letters and digits has the word lower-cased as its
		// fold, made here rather than by a second scan of the word (foldToken, for the
		// rest).
		var seen uint8
		plain := true
		for i < len(text) {
			var cl uint8
			if i, cl = asciiRun(text, i); cl != 0 {
				seen |= cl
				if i == len(text) {
					break
				}
			}
			if c := text[i]; c < utf8.RuneSelf {
				if (c == '\'' || c == '`') && i+1 < len(text) && wordAfterApos(text, i+1) {
					plain = false
					i++
					continue
				}
				break
			}
			plain = false
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				if unicode.IsLower(r) {
					seen |= chLower
				}
				i += n
				continue
			}
			if isApos(r) && i+n < len(text) && wordAfterApos(text, i+n) {
				i += n
				continue
			}
			break
		}
		caps, hasUpper := seen&chLower == 0, seen&chUpper != 0
		var upper, letter bool
		if c := text[start]; c < utf8.RuneSelf {
			cl := asciiClass[c]
			upper, letter = cl == chUpper, cl&(chUpper|chLower) != 0
		} else {
			first, _ := utf8.DecodeRuneInString(text[start:])
			upper, letter = unicode.IsUpper(first), unicode.IsLetter(first)
		}
		w := text[start:i]
		fold := w
		switch {
		case !plain:
			fold = foldToken(&arena, w)
		case hasUpper:
			// ASCII letters and digits: setting the 0x20 bit lower-cases a letter and
			// leaves a digit as it is.
			from := len(arena)
			arena = arena[:from+len(w)] // tokenizeInto made room for the whole text
			dst := arena[from:]
			for j := range dst {
				dst[j] = w[j] | 0x20
			}
			fold = unsafe.String(&dst[0], len(dst))
		}
		toks = append(toks, token{start: start, end: i, fold: fold, upper: upper, allCaps: caps && letter})
	}
	return toks, arena
}

// Classes of ASCII bytes in asciiClass; 0 is none of them.
const (
	chLower = 1 << iota
	chUpper
	chDigit
)

// asciiRun reads the ASCII letters and digits from text[i:], returning where they end and
// their classes together. A loop of its own keeps the tokenizer's commonest step to a few
// instructions a byte.
func asciiRun(text string, i int) (int, uint8) {
	var seen uint8
	for ; i < len(text); i++ {
		cl := asciiClass[text[i]]
		if cl == 0 {
			break
		}
		seen |= cl
	}
	return i, seen
}

// asciiClass is the class of each ASCII letter and digit, 0 for every other byte.
var asciiClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = chLower
		t[c-'a'+'A'] = chUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = chDigit
	}
	return t
}()

// wordAfterApos reports whether an apostrophe before text[j:] joins two parts of a word
// ("Ma'arrat"): a letter follows, and not the "s" of a possessive.
func wordAfterApos(text string, j int) bool {
	r, _ := utf8.DecodeRuneInString(text[j:])
	return unicode.IsLetter(r) && !possessive(text, j)
}

// possessive reports whether text[j:] is the "s" of a possessive "'s" that ends a word
// ("China's", "Idlib's"), which is not part of the name.
func possessive(text string, j int) bool {
	if j >= len(text) || text[j] != 's' && text[j] != 'S' {
		return false
	}
	if j+1 == len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j+1:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func isApos(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bf' || r == '\u02be' || r == '`'
}

// leadingArticle reports whether a lower-case a starts a name: "al-Hol", "el Fasher", but not
// English "an IED" or "at Goyali".
func leadingArticle(text string, a, b *token) bool {
	if !b.upper || !names.IsArticle(a.fold) || !joinable(text, a, b) {
		return false
	}
	return a.fold == "al" || a.fold == "el" || text[a.end] == '-'
}

// notCommon keeps the candidates of an English word ("Naval", "Jungle") that a report could
// mean by it: countries, reviewed places, towns of 50,000 or more, and admin units where the
// word stands as a qualifier ("(Baidoa, Bay)"), not in running text ("Free Burma Rangers" is
// not Free State).
//
// qualifierSlot reports whether toks[i] follows "(" or "," or comes before ")" or a level
// word.
func (g *Gazetteer) notCommon(cs []cand, admin bool) []cand {
	out := cs[:0]
	for _, c := range cs {
		p := &g.places[c.id]
		if p.level == 0 || admin && p.level <= 2 || p.pop >= 50000 || p.flags&srcMask == srcSupp || p.flags&flagReviewed != 0 {
			out = append(out, c)
		}
	}
	return out
}

// placeSlot reports whether toks[i] stands where only a place can: after "in" or "near", or
// after "village of", "town of", "outskirts of" ("the outskirts of Kelly", a village).
func placeSlot(toks []token, i int) bool {
	if i > 0 && (toks[i-1].fold == "in" || toks[i-1].fold == "near") {
		return true
	}
	if i > 1 && toks[i-1].fold == "of" {
		switch toks[i-2].fold {
		case "village", "town", "city", "outskirts", "district", "province":
			return true
		}
	}
	return false
}

func qualifierSlot(text string, toks []token, i int) bool {
	if i > 0 {
		if gap := strings.TrimSpace(text[toks[i-1].end:toks[i].start]); gap == "(" || gap == "," {
			return true
		}
	}
	if rest := strings.TrimLeft(text[toks[i].end:], " "); strings.HasPrefix(rest, ")") {
		return true
	}
	// "Hays city", "Somali region": a level word says a place is meant.
	return i+1 < len(toks) && levelOfWord(toks[i+1].fold) > 0 && joinable(text, &toks[i], &toks[i+1])
}

// gluedArticle drops an Arabic article written as part of the word ("Aljfara", "Elfasher")
// so that the rest can be looked up; it returns "" for other words.
func gluedArticle(w string) string {
	if len(w) < 6 || !(strings.HasPrefix(w, "al") || strings.HasPrefix(w, "el")) {
		return ""
	}
	switch w[2] {
	case 'a', 'e', 'i', 'o', 'u', 'l':
		return "" // Albania, Aleppo, Elliott
	}
	return w[2:]
}

// mixedAcronym reports words such as "LoC" or "SoG": short, with a capital after the first
// letter; they are abbreviations, not places.
func mixedAcronym(s string) bool {
	if len(s) > 5 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// joinable reports whether two adjacent tokens may belong to one name: only spaces or a
// hyphen between them, not a comma, full stop or bracket.
func joinable(text string, a, b *token) bool {
	gap := text[a.end:b.start]
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	if gap == "&" && a.end-a.start == 1 && b.end-b.start == 1 && a.allCaps && b.allCaps {
		return true // "J&K"
	}
	for i := 0; i < len(gap); i++ {
		if gap[i] != ' ' && gap[i] != '-' {
			return false
		}
	}
	return true
}

// smallSet is a small set of words with a quick test before its map: most words asked about
// are in none, and spot asks about every word of a name and the words around it.
type smallSet struct {
	shapes lexicon.Shapes
	words  map[string]bool
}

func newSmallSet(words map[string]bool) *smallSet {
	s := &smallSet{words: words}
	for w := range words {
		s.shapes.Add(w)
	}
	return s
}

func (s *smallSet) has(w string) bool { return s.shapes.May(w) && s.words[w] }

// connectors may appear in lower case inside a name ("Ayn al-Arab", "Abadia de Goiás").
var connectors = newSmallSet(map[string]bool{
	"de": true, "del": true, "la": true, "las": true, "los": true, "le": true, "les": true,
	"da": true, "do": true, "dos": true, "das": true, "di": true, "du": true, "of": true,
	"the": true, "y": true, "e": true, "bin": true, "ibn": true, "bani": true, "beni": true,
	"abu": true, "umm": true, "sur": true, "en": true, "au": true, "aux": true, "am": true,
	"an": true, "der": true, "den": true, "op": true, "on": true, "upon": true, "lo": true,
})

// siteWords may end a name in lower case ("al-Hol camp", "Tishreen dam").
var siteWords = newSmallSet(map[string]bool{
	"camp": true, "base": true, "airbase": true, "prison": true, "dam": true, "crossing": true,
	"airport": true, "field": true, "bridge": true, "plant": true, "garrison": true,
})

// levelWords after or before a name say which level of place is meant ("Hasaka province",
// "Cuauhtemoc municipality", "the city of Homs").
var levelWords = map[string]int{
	"province": 1, "governorate": 1, "state": 1, "region": 1, "oblast": 1, "wilayah": 1,
	"department": 1, "provinces": 1, "governorates": 1, "muhafazat": 1, "prefecture": 1,
	"district": 2, "districts": 2, "county": 2, "raion": 2, "rayon": 2, "municipality": 2,
	"subdistrict": 2, "division": 2, "lga": 2, "commune": 2, "nahiya": 2, "tehsil": 2,
	"territory": 2, "upazila": 2, "woreda": 2,
	"city": 3, "town": 3, "village": 3, "neighbourhood": 3, "neighborhood": 3, "camp": 3,
}

// levelShapes is levelWords' quick test (see smallSet).
var levelShapes = func() *lexicon.Shapes {
	s := new(lexicon.Shapes)
	for w := range levelWords {
		s.Add(w)
	}
	return s
}()

// levelOfWord is levelWords[w].
func levelOfWord(w string) int {
	if !levelShapes.May(w) {
		return 0
	}
	return levelWords[w]
}

// nearWords before a town make the event "near" it: geo_precision 2.
var nearWords = newSmallSet(map[string]bool{
	"near": true, "outskirts": true, "outside": true, "around": true, "vicinity": true,
	"countryside": true, "nearby": true, "between": true, "surroundings": true, "environs": true,
})

// titles before a capitalised name make it a person ("President X", "Sheikh X").
var titles = newSmallSet(map[string]bool{
	"president": true, "minister": true, "sheikh": true, "sheik": true, "general": true, "gen": true,
	"colonel": true, "col": true, "commander": true, "leader": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "prince": true, "king": true, "queen": true, "emir": true, "imam": true, "mullah": true,
	"governor": true, "mayor": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"judge": true, "senator": true, "mp": true, "chairman": true, "lt": true, "sgt": true,
	"captain": true, "capt": true, "brigadier": true, "marshal": true, "journalist": true,
	"activist": true, "secretary": true, "ambassador": true, "envoy": true, "cleric": true,
	"pastor": true, "bishop": true, "rabbi": true, "ayatollah": true, "sultan": true, "lawmaker": true,
	"deputy": true, "premier": true, "chancellor": true, "sayyed": true, "sayyid": true, "haji": true,
})

// speechVerbs after a name make it a speaker ("X said"), not a place.
var speechVerbs = newSmallSet(map[string]bool{
	"said": true, "says": true, "told": true, "stated": true, "added": true, "claimed": true,
	"announced": true, "tweeted": true, "wrote": true, "warned": true, "insisted": true,
})

// namedUnit reports whether a demonym before a level word names a unit of that level ("the
// Somali region" of Ethiopia), so that it is read as the place.
func (g *Gazetteer) namedUnit(text string, toks []token, j int, fold string) bool {
	if j+1 >= len(toks) || !joinable(text, &toks[j], &toks[j+1]) {
		return false
	}
	lv := levelOfWord(toks[j+1].fold)
	if lv == 0 || lv == 3 {
		return false
	}
	for _, c := range g.candsKey(names.KeyFolded(fold)) {
		if int(g.places[c.id].level) == lv {
			return true
		}
	}
	return false
}

// affiliation reports whether the name at toks[i..j] only says whose side someone is on:
// "pro-Turkey", "anti-Houthi", "Iran-backed", "US-led".
func affiliation(text string, toks []token, i, j int) bool {
	if i > 0 && text[toks[i-1].end:toks[i].start] == "-" {
		switch toks[i-1].fold {
		case "pro", "anti":
			return true
		}
	}
	if j+1 < len(toks) && text[toks[j].end:toks[j+1].start] == "-" {
		switch toks[j+1].fold {
		case "backed", "led", "aligned", "affiliated", "supported", "allied", "sponsored", "funded", "trained", "armed":
			return true
		}
	}
	return false
}

// personName reports whether the name at toks[i..j] is a person: a title before it
// ("President X", "Gen. X") or a speech verb after it ("X said"). Countries and
// provinces can speak ("Iraq said"), so only a name with no such candidate counts as a speaker.
func (g *Gazetteer) personName(text string, toks []token, i, j int, cs []cand) bool {
	if i > 0 && titles.has(toks[i-1].fold) {
		gap := text[toks[i-1].end:toks[i].start]
		if gap == " " || gap == ". " {
			return true
		}
	}
	// "Ibrahim Gokcek": a given name before another capitalised word (the two together are
	// no place we know, or the longer match would have been taken), unless the name is also
	// a country, a province or a city.
	if i == j && g.isGiven(toks[i].fold) && j+1 < len(toks) && toks[j+1].upper && text[toks[j].end:toks[j+1].start] == " " {
		for _, c := range cs {
			if p := &g.places[c.id]; p.level <= 1 || p.pop >= 100000 {
				return false
			}
		}
		return true
	}
	// "al-Sharaa, who has led...": only people are "who"; "X's" after a mere village name
	// is a person's too ("Trump's"), while towns and provinces own things ("Idlib's").
	if j+1 < len(toks) && toks[j+1].fold == "who" && strings.TrimSpace(text[toks[j].end:toks[j+1].start]) == "," {
		return true
	}
	if rest := text[toks[j].end:]; strings.HasPrefix(rest, "'s ") || strings.HasPrefix(rest, "\u2019s ") {
		small := true
		for _, c := range cs {
			if p := &g.places[c.id]; p.level <= 2 || p.pop >= 20000 || p.flags&srcMask == srcSupp {
				small = false
				break
			}
		}
		if small {
			return true
		}
	}
	if j+1 < len(toks) && speechVerbs.has(toks[j+1].fold) && text[toks[j].end:toks[j+1].start] == " " {
		for _, c := range cs {
			if g.places[c.id].level <= 1 {
				return false
			}
		}
		return true
	}
	return false
}

type mention struct {
	start, end int // byte offsets
	t0, t1     int // token range, inclusive
	cands      []cand
	demonym    int  // country index+1 for a demonym mention (or a cue)
	cue        bool // a group or term tied to one country (data/context.tsv), not a demonym
	hint       int  // level named next to it, 0 none
	near       bool
	partial    bool // only a prefix of a longer capitalised name ("Salah" of "Salah Aldeen")
	qualifies  int  // index+1 of the mention this one qualifies ("X (Y)", "X, Y")
	within     int  // index+1 of the mention this one may contain ("X in Y"), if compatible
	owner      int  // index+1 of the mention whose possessive comes before this one ("Nigeria's Borno State")
	tail       int  // end of the name plus a following level word ("Hasaka province")
	afterName  bool // stands after "Name (" or "Name," where Name is no mention: it qualifies a place we lack
	best       int  // index into cands after resolution

	// cidx is set by compat for a qualifier with many candidates asked about often
	// (resolveindex.go); calls counts the questions until then.
	cidx  *compatIndex
	calls int

	// after caches Analysis.aftermath: 0 not asked yet, 1 no, 2 yes.
	after int8

	// What mayCompat needs of its candidates, once summed (sum): their countries, and
	// whether one is a district or a town with no admin1.
	sum            bool
	ccs            [4]uint64 // bit per country index (fewer than 256)
	zeroL2, zeroL3 bool
}

// maxCands is how many candidates (the likeliest by prior) a name keeps. Resolving scores
// every candidate of every name, twice; 150 rather than 300 makes the geocoder about a tenth
// faster and codes the ACLED and CASE development sets exactly as 300 did (at 100, 8 of 3,546
// records and admin1/geo_25km accuracy drop slightly).
const maxCands = 150

// spot finds name mentions: leftmost-longest n-grams (1-5 tokens) whose key is in the index.
// It appends to ms[:0], and keeps the mentions' candidates in cands (see candsInto).
func (g *Gazetteer) spot(text string, toks []token, ms []mention, cands *[]cand) []mention {
	ms = ms[:0]
	keys := newNgramKeys(toks) // spotkeys.go
	defer keys.release()
	for i := 0; i < len(toks); {
		if !toks[i].upper && !(i+1 < len(toks) && toks[i+1].upper && leadingArticle(text, &toks[i], &toks[i+1])) {
			i++
			continue
		}
		last := i
		for last+1 < len(toks) && last-i < 4 && joinable(text, &toks[last], &toks[last+1]) {
			last++
		}
		matched := false
		for j := last; j >= i && !matched; j-- {
			tj := &toks[j]
			if !tj.upper && !(j > i && siteWords.has(tj.fold)) {
				continue
			}
			ok := true
			for k := i + 1; k < j; k++ {
				if !toks[k].upper && !connectors.has(toks[k].fold) && !names.IsArticle(toks[k].fold) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			var fold string
			if i == j {
				fold = toks[i].fold
			} else {
				fold = keys.joined(i, j)
			}
			wl := g.listsOf(fold) // wordfilter.go
			if i == j {
				if wl.cue > 0 && (!wl.caseOnly() || toks[i].allCaps) {
					ms = append(ms, mention{start: toks[i].start, end: toks[i].end, t0: i, t1: i, demonym: int(wl.cue), cue: true})
					matched = true
					i++
					break
				}
				if wl.stop() || len(fold) < 3 && !wl.caseOnly() || names.IsArticle(fold) {
					continue
				}
				if toks[i].allCaps && len(fold) <= 4 && !wl.caseOnly() || mixedAcronym(text[toks[i].start:toks[i].end]) {
					continue // acronyms: SDF, YPG, LNA
				}
				if wl.caseOnly() && !toks[i].allCaps {
					continue // "us" is not the United States
				}
			} else if wl.stop() {
				continue
			}
			if wl.demonym > 0 && (!wl.caseOnly() || toks[i].allCaps) && !g.namedUnit(text, toks, j, fold) {
				ms = append(ms, mention{start: toks[i].start, end: toks[j].end, t0: i, t1: j, demonym: int(wl.demonym)})
				matched = true
				i = j + 1
				break
			}
			if wl.cue > 0 && (!wl.caseOnly() || toks[j].allCaps) {
				ms = append(ms, mention{start: toks[i].start, end: toks[j].end, t0: i, t1: j, demonym: int(wl.cue), cue: true})
				matched = true
				i = j + 1
				break
			}
			cs := g.candsInto(cands, keys.find(g, keys.key(i, j, fold)))
			if len(cs) == 0 && i == j {
				cs = g.candsKey(names.KeyFolded(gluedArticle(fold)))
			}
			if i == j && wl.common() && !placeSlot(toks, i) {
				cs = g.notCommon(cs, qualifierSlot(text, toks, i))
			}
			if len(cs) == 0 {
				continue
			}
			if len(cs) > maxCands {
				// slices.SortFunc is sort.Slice's algorithm (both are generated from one
				// pdqsort), so ties come out in the same order, without its reflection.
				slices.SortFunc(cs, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
				cs = cs[:maxCands]
			}
			m := mention{start: toks[i].start, end: toks[j].end, t0: i, t1: j, cands: cs}
			if j+1 < len(toks) && joinable(text, &toks[j], &toks[j+1]) {
				next := &toks[j+1]
				m.hint = levelOfWord(next.fold)
				if m.hint > 0 {
					m.tail = next.end
				}
				// A capitalised word or an article starting one ("Mashru Al Hadba") continues
				// the name past what we matched.
				article := j+2 < len(toks) && names.IsArticle(next.fold) && toks[j+2].upper && joinable(text, &toks[j+1], &toks[j+2])
				if m.hint == 0 && (next.upper && !g.isStop(next.fold) || article) && text[toks[j].end] == ' ' {
					m.partial = true
				}
			}
			if m.hint == 0 && i >= 2 && toks[i-1].fold == "of" {
				m.hint = levelOfWord(toks[i-2].fold)
			}
			if i > 0 && toks[i-1].upper && !g.isStop(toks[i-1].fold) && text[toks[i-1].end:toks[i].start] == " " {
				m.partial = true // the tail of a longer name we do not know ("Hamar Weyne")
			}
			// "near X", "on the outskirts of X", and "near the town of X" (levelOf, partof.go).
			for k := levelOf(toks, i) - 1; k >= 0 && k >= levelOf(toks, i)-3; k-- {
				if nearWords.has(toks[k].fold) {
					m.near = true
				}
			}
			// "Hama countryside", "Kansafra and its outskirts": around the town, not in it.
			for k := j + 1; k < len(toks) && k <= j+3; k++ {
				if f := toks[k].fold; f == "countryside" || f == "outskirts" || f == "vicinity" || f == "environs" || f == "surroundings" {
					m.near = true
				}
			}
			if affiliation(text, toks, i, j) {
				matched = true // "pro-Turkey factions", "Iran-backed militia": whose, not where
				i = j + 1
				break
			}
			if g.personName(text, toks, i, j, cs) {
				// Consumed with the rest of the name ("Bashar al-Assad"): its surname is
				// not a place either.
				k := j + 1
				for k < len(toks) && joinable(text, &toks[k-1], &toks[k]) &&
					(toks[k].upper || names.IsArticle(toks[k].fold) && k+1 < len(toks) && toks[k+1].upper) {
					k++
				}
				if i > 0 && titles.has(toks[i-1].fold) || g.isGiven(toks[i].fold) {
					i = k
				} else {
					i = j + 1 // "X said": only X
				}
				matched = true
				break
			}
			ms = append(ms, m)
			matched = true
			i = j + 1
		}
		if !matched {
			i++
		}
	}
	g.link(text, toks, ms)
	return ms
}

// link records how adjacent mentions relate: "X (Y)" and "X, Y" (Y qualifies X), "X in Y"
// (Y locates X), and "Name (Y" for a Name we did not match.
func (g *Gazetteer) link(text string, toks []token, ms []mention) {
	for k := range ms {
		ms[k].qualifies, ms[k].within, ms[k].afterName, ms[k].owner = 0, 0, false, 0
	}
	// "Name (Y" and "Name, Y" with a capitalised name we did not match: Y qualifies a place we
	// lack.
	for k := range ms {
		t := ms[k].t0 - 1
		if t < 0 {
			continue
		}
		if gap := strings.TrimSpace(text[toks[t].end:ms[k].start]); gap != "(" && gap != "," {
			continue
		}
		for t > 0 && gapFillers.has(toks[t].fold) && !toks[t].upper { // "Menakuru village (Y"
			t--
		}
		if toks[t].upper && (k == 0 || ms[k-1].end <= toks[t].start) {
			ms[k].afterName = true
		}
	}
	// "X (Y)" and "X, Y": Y qualifies X. A demonym or group never does: "Donetsk region,
	// Russians killed..." starts a new clause.
	for k := 1; k < len(ms); k++ {
		if ms[k].demonym > 0 || ms[k-1].demonym > 0 {
			continue
		}
		end := max(ms[k-1].end, ms[k-1].tail)
		if end > ms[k].start {
			end = ms[k-1].end
		}
		gap := strings.ToLower(strings.TrimSpace(text[end:ms[k].start]))
		switch {
		case gap == "(" || gap == ",":
			ms[k].qualifies = k
		case ownerGap(gap): // possessive.go
			ms[k].owner = k
		case locatingGap(gap):
			ms[k].within = k
		}
	}
}

// gapFillers may stand between two names of which the second locates the first: "X area in
// western Y", "X village in the countryside of Y", "X north of Y".
var gapFillers = newSmallSet(map[string]bool{
	"area": true, "areas": true, "town": true, "village": true, "city": true, "district": true,
	"neighbourhood": true, "neighborhood": true, "camp": true, "countryside": true, "outskirts": true,
	"sector": true, "region": true, "province": true, "governorate": true, "state": true, "rural": true,
	"eastern": true, "western": true, "northern": true, "southern": true, "central": true,
	"north": true, "south": true, "east": true, "west": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "northeastern": true, "northwestern": true,
	"southeastern": true, "southwestern": true, "the": true, "part": true, "suburb": true,
	"suburbs": true, "vicinity": true, "municipality": true, "county": true, "subdistrict": true,
	"locality": true, "commune": true, "parish": true, "division": true, "frontline": true,
})

// locatingGap reports whether the words between two names make the second the place the
// first lies in or near: "in", "of" or "near", with only fillers beside them.
func locatingGap(gap string) bool {
	link := false
	for w := range strings.FieldsSeq(gap) {
		switch {
		case w == "in" || w == "of" || w == "near" || w == "within":
			link = true
		case !gapFillers.has(w):
			return false
		}
	}
	return link
}

// resolve picks a candidate for every mention using the whole text as context: country names,
// demonyms and the countries of other mentions vote for a country; admin units and places next
// to a name ("X, Y", "X (Y)") vote for its admin1.
//
// The country context's votes are appended to votes[:0].
func (g *Gazetteer) resolve(text string, ms []mention, votes []ccVote) countryContext {
	sc := g.getScratch() // resolveindex.go
	clean := false
	defer func() {
		if clean { // else a panic left it part-written: it is dropped
			scratchPool.Put(sc)
		}
	}()
	// Votes by country index (ctx keeps them as a map), and the countries voted for.
	cv := sc.votes
	voted := sc.voted[:0]
	vote := func(cc uint16, v float64) {
		if cv[cc] == 0 {
			voted = append(voted, cc)
		}
		cv[cc] += v
	}
	var cueA1 []int32 // admin1 units the cues point at
	for mi := range ms {
		m := &ms[mi]
		if m.cue {
			cueA1 = append(cueA1, g.cueA1[names.Fold(text[m.start:m.end])]...)
		}
	}
	seen := sc.seen     // per mention, the best exp(prior) in each country
	seenP := sc.seenP   // and that prior
	var seenCC []uint16 // the countries set in seen, to reset it
	for mi := range ms {
		m := &ms[mi]
		if m.demonym > 0 {
			if m.cue {
				vote(uint16(m.demonym-1), 1.5)
			} else {
				vote(uint16(m.demonym-1), 1)
			}
			continue
		}
		// Each mention spreads one vote over its candidates' countries in proportion to
		// their priors; a country name or an admin1 unit votes outright.
		w := 1.0
		if m.partial {
			w = 0.3
		}
		total := 0.0
		country := false
		seenCC = seenCC[:0]
		for _, c := range m.cands {
			p := &g.posts[c.pi]
			switch {
			case p.level == 0 && p.primary:
				vote(p.cc, 3*w)
				country = true
			case p.level == 1:
				vote(p.cc, 0.5*w)
			}
			// The best candidate per country counts, not the number of them: many small
			// Athens in the US must not outvote the one in Greece.
			// exp is asked only of a prior above the country's best so far (seenP): it
			// cannot beat it otherwise.
			if seen[p.cc] != 0 && c.score <= seenP[p.cc] {
				continue
			}
			if e := math.Exp(c.score); e > seen[p.cc] {
				if seen[p.cc] == 0 {
					seenCC = append(seenCC, p.cc)
				}
				total += e - seen[p.cc]
				seen[p.cc], seenP[p.cc] = e, c.score
			}
		}
		for _, cc := range seenCC {
			if !country {
				vote(cc, w*seen[cc]/total)
			}
			seen[cc] = 0
		}
	}
	ctx := countryContext{votes: voteList(votes[:0], cv, voted)}
	for _, cc := range voted {
		ctx.max = math.Max(ctx.max, cv[cc])
	}
	ctxCountry := ctx.weights(cv, voted, sc.w) // by country index
	// base is the score of candidate c (posting p) of mention m from the candidate alone and
	// the text as a whole, whose reading in the previous pass was own (a1v is nil in the first
	// pass); full adds what the names next to m say (i is m's index), at most
	// compatBound(ms, i) more.
	base := func(m *mention, own *post, p *post, a1v []float64) float64 {
		s := p.prior + 2*ctxCountry[p.cc]
		if m.hint > 0 && int(p.level) == m.hint {
			s += 3
		}
		for _, a := range cueA1 {
			if p.a1 == a {
				s += 3 // as much as a qualifier naming the province
				break
			}
		}
		if p.a1 > 0 && a1v != nil {
			v := a1v[p.a1]
			if own.a1 == p.a1 {
				v -= 0.8 // a mention does not support itself
			}
			if v > 2 { // math.Min(v, 2), inline: v is never NaN
				v = 2
			}
			s += v
		}
		return s
	}
	full := func(i int, m *mention, c *cand, p *post, s float64, second bool) float64 {
		if m.qualifies > 0 {
			if g.compat(&ms[m.qualifies-1], c, second) {
				s += 3
			}
			// "X (Y)", "X, Y": Y is usually the district or province of X.
			if p.level == 1 || p.level == 2 {
				s += 1.5
			}
		}
		// "X (Y, Z)": every name in the chain after X narrows X down; an admin unit
		// ("Rafah (Rafah, North Sinai)") as much as the first name.
		for k := i + 1; k < len(ms) && ms[k].qualifies == k; k++ {
			unit := second && (ms[k].demonym > 0 || g.places[ms[k].cands[ms[k].best].id].level <= 1)
			ok := g.compat(&ms[k], c, second) // once, whatever unit is
			switch {
			case unit && ok:
				s += 3
			case ok:
				s += 3 / float64(k-i)
			case unit:
				s -= 2 // outside the province the text names ("El Callao, Bolivar state")
			}
		}
		// "X (Y)", "X, Y": with its district or province named after it, X is a town
		// ("Durango, Durango" is the city in the state).
		if i+1 < len(ms) && ms[i+1].qualifies == i+1 && p.level == 3 {
			s += 1
		}
		// "X in Y": Y says which X, and is usually a district or province.
		if i+1 < len(ms) && ms[i+1].within == i+1 && g.compat(&ms[i+1], c, second) {
			s += 2
		}
		if m.within > 0 && (p.level == 1 || p.level == 2) {
			s += 1.5
		}
		// "Y's X": Y says which X ("Syria's Idlib province"), and is usually a
		// country or province ("Aleppo's Manbij").
		if m.owner > 0 && g.compat(&ms[m.owner-1], c, second) {
			s += 2
		}
		if i+1 < len(ms) && ms[i+1].owner == i+1 && (p.level == 1 || p.level == 2) && g.compat(&ms[i+1], c, second) {
			s += 1.5
		}
		return s
	}
	pass := func(a1v []float64) {
		second := a1v != nil
		for i := range ms {
			m := &ms[i]
			if m.demonym > 0 {
				continue
			}
			bestS := math.Inf(-1)
			own := &g.posts[m.cands[m.best].pi] // the previous pass's choice
			// Most of the cost of a candidate is in comparing it with the other names
			// (compat). A candidate whose score without them, plus the most they could add,
			// falls short of a score already reached cannot win, so it is not compared:
			// the likeliest candidate by its score without them is scored first, and sets
			// the bar. The answer is the one the full loop gives, ties included.
			byLevel, gs, near := bounds(ms, i, sc.gated) // near: full is more than base
			sc.gated = gs
			if len(m.cands) < 3 || !near {
				for ci := range m.cands {
					c := &m.cands[ci]
					p := &g.posts[c.pi]
					s := base(m, own, p, a1v)
					if near {
						s = full(i, m, c, p, s, second)
					}
					c.score = s
					if s > bestS {
						bestS, m.best = s, ci
					}
				}
				continue
			}
			for _, t := range gs {
				g.sumUp(t.q) // for bound's mayBe
			}
			ub, bs := sc.bound(len(m.cands))
			top := 0
			for ci := range m.cands {
				p := &g.posts[m.cands[ci].pi]
				bs[ci] = base(m, own, p, a1v)
				ub[ci] = bs[ci] + g.bound(p, &byLevel, gs)
				if ub[ci] > ub[top] {
					top = ci
				}
			}
			topS := full(i, m, &m.cands[top], &g.posts[m.cands[top].pi], bs[top], second)
			bar := topS - 1e-9
			for ci := range m.cands {
				c := &m.cands[ci]
				if ub[ci] < bar {
					c.score = math.Inf(-1) // not scored: it cannot win
					continue
				}
				s := topS
				if ci != top {
					s = full(i, m, c, &g.posts[c.pi], bs[ci], second)
				}
				c.score = s
				if s > bestS {
					bestS, m.best = s, ci
					bar = max(bar, s-1e-9)
				}
			}
		}
	}
	pass(nil)
	if debugPass != nil {
		debugPass(ms)
	}
	// Second pass: the admin1 units of the first-pass winners support each other, so that
	// "Tal Tamr" goes to the Tal Tamr of the governorate the text is about.
	// By admin1 index+1, in scratch memory (a map lookup per candidate was a tenth of the
	// pass); the units set are cleared after.
	a1v := sc.a1v
	var a1set []int32
	for mi := range ms {
		m := &ms[mi]
		if m.demonym == 0 && len(m.cands) > 0 {
			if p := &g.places[m.cands[m.best].id]; p.a1 > 0 {
				if a1v[p.a1] == 0 {
					a1set = append(a1set, p.a1)
				}
				a1v[p.a1] += 0.8
			}
		}
	}
	pass(a1v)
	for _, a := range a1set {
		a1v[a] = 0
	}
	for _, cc := range voted { // the only countries with a vote or a weight
		cv[cc], sc.w[cc] = 0, 0
	}
	sc.voted = voted
	clean = true
	g.releaseQualifiers(ms)
	return ctx
}

var debugPass func([]mention)

// bounds describes the most that the names next to mention i can add to the score of one of
// its candidates in resolve (full less base), every bonus counted as won: for each place
// level, the bonuses that depend on the level alone (byLevel), and the bonuses for agreeing
// with another name (gs), which a candidate can win only where mayCompat says it may. It
// reports whether there is any (if not, full is base).
func bounds(ms []mention, i int, gs []gatedBonus) (byLevel [4]float64, _ []gatedBonus, has bool) {
	m := &ms[i]
	gs = gs[:0]
	admin, town := 0.0, 0.0 // levels 1 and 2; level 3
	if m.qualifies > 0 {
		gs = append(gs, gatedBonus{&ms[m.qualifies-1], 3, false})
		admin += 1.5
	}
	for k := i + 1; k < len(ms) && ms[k].qualifies == k; k++ {
		gs = append(gs, gatedBonus{&ms[k], 3, false})
	}
	next := i + 1
	if next < len(ms) && ms[next].qualifies == next {
		town++
	}
	if next < len(ms) && ms[next].within == next {
		gs = append(gs, gatedBonus{&ms[next], 2, false})
	}
	if m.within > 0 {
		admin += 1.5
	}
	if m.owner > 0 {
		gs = append(gs, gatedBonus{&ms[m.owner-1], 2, false})
	}
	if next < len(ms) && ms[next].owner == next {
		gs = append(gs, gatedBonus{&ms[next], 1.5, true})
	}
	return [4]float64{0, admin, admin, town}, gs, len(gs) > 0 || admin > 0 || town > 0
}

// gatedBonus is a bonus for agreeing with mention q (compat), for admin units only if admin.
type gatedBonus struct {
	q     *mention
	bonus float64
	admin bool
}

// bound is the most the names next to a mention can add to candidate p's score (see bounds).
func (g *Gazetteer) bound(p *post, byLevel *[4]float64, gs []gatedBonus) float64 {
	b := byLevel[min(p.level, 3)]
	for _, t := range gs {
		if t.admin && p.level != 1 && p.level != 2 {
			continue
		}
		if t.q.mayBe(p.cc, p.level, p.a1) {
			b += t.bonus
		}
	}
	return b
}

// countryContext is how strongly the text as a whole points at each country.
type countryContext struct {
	votes []ccVote // the countries voted for, each once
	max   float64
}

// weight is the country's support relative to the best-supported one, 0-1.
func (c countryContext) weight(cc uint16) float64 {
	if c.max == 0 {
		return 0
	}
	v := 0.0
	for _, x := range c.votes {
		if x.cc == cc {
			v = x.v
			break
		}
	}
	return v / c.max
}

// compat reports whether one of q's candidates contains, lies in or lies near the place of
// candidate c (its admin1, admin2 or country, or a town within 50 km), restricted to q's
// chosen candidate when resolved is set (after the first pass), so that an ambiguous qualifier
// supports only the reading the text settled on.
//
// Before the first pass settles on a reading, a qualifier asked often enough is indexed
// (resolveindex.go): the index answers as the loop over its candidates does.
func (g *Gazetteer) compat(q *mention, c *cand, resolved bool) bool {
	r := &g.posts[c.pi]
	if q.demonym > 0 {
		return uint16(q.demonym-1) == r.cc
	}
	// A place qualifies itself: "Nouakchott (Nouakchott)" names a town and its district.
	if resolved && len(q.cands) > 0 {
		b := &q.cands[q.best]
		if b.id == c.id {
			return true
		}
		if g.unitsInOneCountry && !nearAcross(&g.posts[b.pi], r.cc, r.level, r.a1) {
			return false // read from the postings, sparing two place records
		}
		return g.near(&g.places[b.id], &g.places[c.id])
	}
	if !g.mayCompat(q, r.cc, r.level, r.a1) {
		return false
	}
	if q.cidx == nil {
		if q.calls++; q.calls >= minCalls && len(q.cands) >= minIndexed {
			q.cidx = g.newCompatIndex(q.cands)
		}
	}
	if q.cidx != nil {
		return q.cidx.compat(g, c.id)
	}
	return g.compatLoop(q, c.id)
}

// nearAcross reports whether near may hold for the place of posting a and a place of country
// cc, level and admin1 a1 as far as their countries go: in one country, or a district and a
// town that both lack an admin1 (contains' distance test). It is exact only when
// g.unitsInOneCountry.
func nearAcross(a *post, cc uint16, level uint8, a1 int32) bool {
	return a.cc == cc || a.a1 == 0 && a1 == 0 && (a.level == 2 && level == 3 || a.level == 3 && level == 2)
}

// mayCompat reports whether compat(q, id, false) may hold for a place id of country cc, level
// and admin1 a1: whether near can hold for it and one of q's candidates. Two places are near
// only in one country (the same admin1 or admin2 unit is in one country when
// g.unitsInOneCountry, checked at load), except a district and a town that both lack an
// admin1 (contains' distance test). resolve asks it of every candidate to bound what the names
// next to it can add, and compat before comparing with every candidate of q.
func (g *Gazetteer) mayCompat(q *mention, cc uint16, level uint8, a1 int32) bool {
	g.sumUp(q)
	return q.mayBe(cc, level, a1)
}

// sumUp sums up q's candidates for mayBe, once.
func (g *Gazetteer) sumUp(q *mention) {
	if q.sum {
		return
	}
	q.sum = true
	if !g.unitsInOneCountry {
		q.ccs = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)} // any country
		return
	}
	for _, c := range q.cands {
		r := &g.posts[c.pi]
		if r.cc >= 256 {
			q.ccs = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
		} else {
			q.ccs[r.cc/64] |= 1 << (r.cc % 64)
		}
		if r.a1 == 0 {
			q.zeroL2 = q.zeroL2 || r.level == 2
			q.zeroL3 = q.zeroL3 || r.level == 3
		}
	}
}

// mayBe is mayCompat once q is summed up (sumUp), small enough to be inlined in resolve's
// loop over candidates.
func (q *mention) mayBe(cc uint16, level uint8, a1 int32) bool {
	if q.demonym > 0 {
		return uint16(q.demonym-1) == cc
	}
	return cc >= 256 || q.ccs[cc/64]&(1<<(cc%64)) != 0 ||
		a1 == 0 && (q.zeroL2 && level == 3 || q.zeroL3 && level == 2)
}

// compatLoop is compat before resolution, comparing id with each of q's candidates. A
// candidate in another country is passed over by its posting, without reading its place
// record (a wait on memory), where near could not hold for it (see mayCompat).
func (g *Gazetteer) compatLoop(q *mention, id uint32) bool {
	p := &g.places[id]
	for _, c := range q.cands {
		if c.id == id {
			return true
		}
		if g.unitsInOneCountry && !nearAcross(&g.posts[c.pi], p.cc, p.level, p.a1) {
			continue
		}
		if g.near(&g.places[c.id], p) {
			return true
		}
	}
	return false
}

// near reports whether either place contains the other or they lie close together.
func (g *Gazetteer) near(o, p *prec) bool {
	return contains(o, p) || contains(p, o)
}

// contains reports whether place o contains p (or, for two towns, lies close to it).
func contains(o, p *prec) bool {
	switch o.level {
	case 0:
		return o.cc == p.cc
	case 1:
		return o.a1 == p.a1 && o.cc == p.cc
	case 2:
		return o.a2 == p.a2 && p.a2 > 0 || o.a1 == p.a1 && p.level == 3 && dist(o, p) < 60
	default:
		return o.cc == p.cc && dist(o, p) < 50
	}
}

// dist is the great-circle distance in km, or a lower bound of it (over 66 km) for places
// more than 0.6 degree of latitude or a few of longitude apart (a degree is at least 111 km). Its callers only ask
// whether two places are within 60 km, and most pairs they ask about are far apart, so the
// trigonometry is skipped for those.
func dist(a, b *prec) float64 {
	if d := math.Abs(float64(a.lat) - float64(b.lat)); d > 0.6 {
		return 111 * d
	}
	// A degree of longitude apart is at least 2R cos(L)/180 km of great circle (2R cos L
	// sin(x/2) >= 2R cos L x/π for x up to 180 degrees), L the larger latitude: over 50 km
	// below 45 degrees, 35.3 below 60, 24.2 below 70. Places more than 1.5, 2 or 3 degrees
	// apart there are over 70 km apart: most of the rest of the pairs.
	if dl := math.Abs(float64(a.lon) - float64(b.lon)); dl > 1.5 {
		dl = min(dl, 360-dl)
		switch l := max(math.Abs(float64(a.lat)), math.Abs(float64(b.lat))); {
		case l < 45 && dl > 1.5:
			return 50 * dl
		case l < 60 && dl > 2:
			return 35 * dl
		case l < 70 && dl > 3:
			return 24 * dl
		}
	}
	return km(float64(a.lat), float64(a.lon), float64(b.lat), float64(b.lon))
}

func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = math.Pi / 180
	d := 0.5 - math.Cos((lat2-lat1)*r)/2 + math.Cos(lat1*r)*math.Cos(lat2*r)*(1-math.Cos((lon2-lon1)*r))/2
	return 12742 * math.Asin(math.Sqrt(math.Max(0, d)))
}

func (g *Gazetteer) analyse(text string) ([]mention, countryContext) {
	a := g.Analyse(text)
	return a.ms, a.ctx
}

// Analysis is the place mentions of one text, spotted and resolved once, so that a caller
// locating several events of one report reads it once.
type Analysis struct {
	g    *Gazetteer
	text string
	toks []token
	ms   []mention
	ctx  countryContext
	bufs *analysisBufs // returned by Release

	// The first mention naming each admin1 unit asked about, -1 for none (writtenAdmin1).
	a1Named []a1Name

	// The best mention and demonym with no passage bonus (scoreOutside); -1 for none.
	outDone               bool
	outBest, outDemonym   int
	outScore, outDemonymW float64
}

// Analyse spots and resolves the place mentions of text, for Locate. A caller done with the
// analysis may Release it.
func (g *Gazetteer) Analyse(text string) *Analysis {
	b, _ := analysisPool.Get().(*analysisBufs)
	if b == nil {
		b = new(analysisBufs)
	}
	a := &Analysis{g: g, text: text, bufs: b, a1Named: b.named[:0]}
	a.toks, b.arena = tokenizeInto(text, b.toks, b.arena)
	b.cands = b.cands[:0]
	a.ms = g.spot(text, a.toks, b.ms, &b.cands)
	a.ctx = g.resolve(text, a.ms, b.votes)
	b.votes = a.ctx.votes
	return a
}

// analysisBufs is the memory of one Analysis, kept between texts (analysisPool): the tokens
// alone are several times the size of the text, and allocating and clearing them afresh for
// every report was a tenth of the geocoder's time.
type analysisBufs struct {
	toks  []token
	arena []byte
	ms    []mention
	cands []cand
	votes []ccVote
	named []a1Name
}

var analysisPool sync.Pool

// Release returns the analysis's memory for the next text. Neither a nor anything it
// returned that views its memory may be used after; Locations own theirs.
func (a *Analysis) Release() {
	b := a.bufs
	if b == nil || len(a.text) > 1<<20 {
		return // a huge text's buffers are not worth keeping
	}
	a.bufs = nil
	clear(a.toks) // they view the text
	clear(a.ms)
	b.toks, b.ms, b.named = a.toks[:0], a.ms[:0], a.a1Named[:0]
	a.toks, a.ms = nil, nil
	analysisPool.Put(b)
}

func (g *Gazetteer) location(text string, m mention) Location {
	c := m.cands[m.best]
	l := Location{Place: g.place(c.id), Start: m.start, End: m.end, Matched: text[m.start:m.end], Score: c.score}
	switch l.Level {
	case 3:
		l.Precision = 1
		if m.near {
			l.Precision = 2
		}
	case 2:
		l.Precision = 2
	default:
		l.Precision = 3
	}
	return l
}

// writtenAdmin1 records the location's admin1 as the report spells it when the report names
// that unit ("in Idleb", "(Al-Hasakeh)"), so that the record can agree with its source.
// Level words ("province") are not part of the mention span, so they are not copied.
//
// The first mention naming each unit is found once per report (a1Named): Locate runs for
// every passage, and reading every mention each time made a report of passages and mentions
// cost their product (a 50 MB report took over a minute).
func (a *Analysis) writtenAdmin1(id uint32, l *Location) {
	p := &a.g.places[id]
	if p.a1 == 0 {
		return
	}
	mi := -2
	for _, n := range a.a1Named { // a report names a few units
		if n.a1 == p.a1 {
			mi = n.mi
			break
		}
	}
	if mi == -2 {
		mi = a.namingA1(p.a1)
		a.a1Named = append(a.a1Named, a1Name{p.a1, mi})
	}
	if mi >= 0 {
		l.Admin1Written = a.text[a.ms[mi].start:a.ms[mi].end]
	}
}

// a1Name is the first mention (mi) naming admin1 unit a1 (index+1), -1 for none.
type a1Name struct {
	a1 int32
	mi int
}

// namingA1 returns the index of the first mention that names admin1 unit a1 (index+1), or -1.
func (a *Analysis) namingA1(a1 int32) int {
	g, text := a.g, a.text
	unit := ""
	for mi := range a.ms {
		m := &a.ms[mi]
		if m.demonym > 0 || m.partial {
			continue
		}
		if o := &g.places[m.cands[m.best].id]; o.level == 1 && o.a1 == a1 {
			return mi
		}
		// A town named like its province ("Idleb") also names the province, but an
		// alternate name of another kind does not: "Mogadishu" is listed for Banaadir.
		for _, c := range m.cands {
			if o := &g.posts[c.pi]; o.level == 1 && o.a1 == a1 {
				if unit == "" {
					unit = names.Key(g.a1[a1-1].name)
				}
				if names.Similar(names.Key(text[m.start:m.end]), unit) {
					return mi
				}
				break
			}
		}
	}
	return -1
}

// Find returns every place mention in text, resolved using the whole text as context, in text
// order. Demonyms ("Syrian") are context, not mentions, and are not returned.
func (g *Gazetteer) Find(text string) []Location {
	var out []Location
	ms, _ := g.analyse(text)
	for _, m := range ms {
		if m.demonym == 0 {
			out = append(out, g.location(text, m))
		}
	}
	return out
}

// Locate returns the best single location for an event whose evidence sentence is
// text[start:end]. It prefers places in that sentence, the most specific level, names after
// "in/at/near", and not the "(Y)" that only qualifies another name; it falls back to places
// elsewhere in the text and then to the country of a demonym ("Syrian government forces").
func (g *Gazetteer) Locate(text string, start, end int) (Location, bool) {
	return g.Analyse(text).Locate(start, end)
}

// scoreOutside finds, once per report, the mention that scores best with no passage bonus
// and the demonym the text as a whole points at most, for Locate.
func (a *Analysis) scoreOutside() {
	if a.outDone {
		return
	}
	a.outDone = true
	a.outBest, a.outDemonym = -1, -1
	a.outScore = math.Inf(-1)
	for i := range a.ms {
		if d := a.ms[i].demonym; d > 0 {
			if w := a.ctx.weight(uint16(d - 1)); a.outDemonym < 0 || w > a.outDemonymW {
				a.outDemonym, a.outDemonymW = i, w
			}
			continue
		}
		if s := a.score(i, false, 0); s > a.outScore {
			a.outBest, a.outScore = i, s
		}
	}
}

// score is how well mention i answers "where": a mention inside the passage (in, the
// order-th there) beats one elsewhere in the report; a site, a town, a preposition before
// it and a place in the country the text points at count for it; a qualifier ("Y" in "X in
// Y" or "X (Y)") and a partial name count against it.
func (a *Analysis) score(i int, in bool, order int) float64 {
	g, ms, ctx, toks := a.g, a.ms, a.ctx, a.toks
	m := &ms[i]
	p := &g.places[m.cands[m.best].id]
	s := []float64{0.2, 0.8, 1.4, 2}[p.level]
	if in {
		s += 4
		s -= 0.1 * float64(order)
	}
	if p.flags&flagSite != 0 {
		s += 0.6
	}
	if m.qualifies > 0 {
		s -= 1.5
	}
	if m.within > 0 && g.compat(&ms[m.within-1], &m.cands[m.best], true) && !a.districtOfTown(i) {
		s -= 1.5 // "X in Y": Y only says where X is, unless X is a district of town Y (partof.go)
	}
	if a.countrysideNamed(i) {
		s -= 1.5 // "the Y countryside ... X": as "X in Y" (countryside.go)
	}
	if m.partial {
		s -= 2.5
	}
	// "Taken to hospital in X", "fled to X": where people went afterwards (aftermath.go)
	// loses to any other place the report names.
	if a.aftermath(i) {
		s -= 6
	}
	// A place in a country the rest of the text does not point at is most likely a
	// namesake of a place the gazetteer lacks ("Bennsh in Idleb" is not Binche, Belgium).
	s -= 3 * (1 - ctx.weight(p.cc))
	// "X in Y" where no X we know lies in Y: as for "X (Y)" below, Y is the safer answer.
	if i+1 < len(ms) && ms[i+1].within == i+1 && ms[i+1].demonym == 0 && !g.compat(&ms[i+1], &m.cands[m.best], true) {
		s -= 3
	}
	// "X (Y, Z)" where no X we know lies in Y or in Z: the X found is another place of
	// that name, so the qualifier is the safer answer.
	// Beyond the first qualifier only a country or province counts: a district name
	// further on is itself ambiguous.
	for k := i + 1; k < len(ms) && ms[k].qualifies == k; k++ {
		if ms[k].demonym == 0 && (k == i+1 || g.places[ms[k].cands[ms[k].best].id].level <= 1) &&
			!g.compat(&ms[k], &m.cands[m.best], true) {
			s -= 3
			break
		}
	}
	// "in Nigeria's Borno State": the owner only says where the place is, and the word
	// before the owner is the place's (possessive.go).
	t0 := m.t0
	if a.owns(i) {
		s -= 1.5
	} else if o := a.ownedBy(i); o >= 0 {
		t0 = ms[o].t0
	}
	if t0 > 0 {
		switch toks[t0-1].fold {
		case "in", "at", "near", "outside", "into":
			s += 0.5
		}
	}
	return s + math.Min(m.cands[m.best].score, 8)*0.05
}

// Locate is (*Gazetteer).Locate for the analysed text.
func (a *Analysis) Locate(start, end int) (Location, bool) {
	g, text, ms := a.g, a.text, a.ms
	if start < 0 {
		start = 0
	}
	if end > len(text) || end < start {
		end = len(text)
	}
	// The passage's own mentions compete with the document's best mention outside it. Only
	// the passage's mentions are scored here: the document's best is scored once (outside),
	// so that a report with many passages costs passages plus mentions, not their product
	// (a 50 MB report has hundreds of thousands of each).
	a.scoreOutside()
	bestI, bestS := -1, math.Inf(-1)
	demonym, dI, dW := 0, -1, 0.0
	order := 0
	lo := sort.Search(len(ms), func(i int) bool { return ms[i].start >= start })
	for i := lo; i < len(ms) && ms[i].start < end; i++ {
		m := &ms[i]
		if m.end > end {
			continue
		}
		if m.demonym > 0 {
			// The country the text as a whole points at, then one named in the sentence.
			if w := a.ctx.weight(uint16(m.demonym-1)) + 0.1; demonym == 0 || w > dW {
				demonym, dI, dW = m.demonym, i, w
			}
			continue
		}
		if s := a.score(i, true, order); s > bestS || (s == bestS && i < bestI) {
			bestI, bestS = i, s
		}
		order++
	}
	if o := a.outBest; o >= 0 && (bestI < 0 || a.outScore > bestS || (a.outScore == bestS && o < bestI)) {
		bestI = o
	}
	if o := a.outDemonym; o >= 0 && (demonym == 0 || a.outDemonymW > dW || (a.outDemonymW == dW && o < dI)) {
		demonym, dI = ms[o].demonym, o
	}
	dStart, dEnd := -1, -1
	if dI >= 0 {
		dStart, dEnd = ms[dI].start, ms[dI].end
	}
	if bestI >= 0 {
		l := g.location(text, ms[bestI])
		a.writtenAdmin1(ms[bestI].cands[ms[bestI].best].id, &l)
		// A town that only qualifies or contains the name the text gives ("Menakuru village
		// (Nellore, AP)", a village we do not know), or the town the wounded were taken to,
		// is where the event was near, not at.
		if m := &ms[bestI]; l.Precision == 1 && (m.qualifies > 0 || m.within > 0 || m.afterName || a.aftermath(bestI)) {
			l.Precision = 2
		}
		return l, true
	}
	if demonym > 0 {
		for _, c := range g.candsKey(names.Key(g.countries[demonym-1].name)) {
			if p := &g.places[c.id]; p.level == 0 && int(p.cc) == demonym-1 {
				l := Location{Place: g.place(c.id), Start: dStart, End: dEnd, Matched: text[dStart:dEnd], Precision: 3, Score: c.score}
				return l, true
			}
		}
	}
	return Location{Start: -1, End: -1}, false
}
