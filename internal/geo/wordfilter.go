package geo

// wordFilter is a quick test that a word is none of the gazetteer's word lists (stopwords,
// common words, given names, case-only aliases, cues, demonyms): one bit per hash of the
// word. spot asks several of these maps about every capitalised word and n-gram, most of them
// in none, and testing one bit of 16 KB spares those the map lookups. mayHave may say true of
// a word in no list (about one in fifteen), never false of one in a list.
type wordFilter struct {
	bits []uint64
}

const wordFilterLog = 17

func (f *wordFilter) add(w string) {
	if f.bits == nil {
		f.bits = make([]uint64, 1<<wordFilterLog/64)
	}
	b := quickHash(w) >> (quickHashBits - wordFilterLog)
	f.bits[b/64] |= 1 << (b % 64)
}

func (f *wordFilter) mayHave(w string) bool {
	if f.bits == nil {
		return true
	}
	b := quickHash(w) >> (quickHashBits - wordFilterLog)
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// wordLists is what the word lists say of one word: one lookup answers every list, where
// spot asked up to six maps about every name it tried.
type wordLists struct {
	flags   uint8  // listStop, listCaseOnly, listCommon, listGiven
	cue     uint16 // country index+1 of a cue (data/context.tsv), 0 none
	demonym uint16 // country index+1 of a demonym, 0 none
}

const (
	listStop = 1 << iota
	listCaseOnly
	listCommon
	listGiven
)

func (l wordLists) stop() bool     { return l.flags&listStop != 0 }
func (l wordLists) caseOnly() bool { return l.flags&listCaseOnly != 0 }
func (l wordLists) common() bool   { return l.flags&listCommon != 0 }
func (l wordLists) given() bool    { return l.flags&listGiven != 0 }

// buildWordFilter fills g.words and g.lists from the word lists, once they are loaded.
func (g *Gazetteer) buildWordFilter() {
	g.words = wordFilter{}
	g.lists = map[string]wordLists{}
	for i, m := range []map[string]bool{g.stop, g.caseOnly, g.common, g.given} {
		for w := range m {
			g.words.add(w)
			l := g.lists[w]
			l.flags |= 1 << i // listStop, listCaseOnly, listCommon, listGiven in that order
			g.lists[w] = l
		}
	}
	for w, c := range g.cues {
		g.words.add(w)
		l := g.lists[w]
		l.cue = c + 1
		g.lists[w] = l
	}
	for w, c := range g.demonyms {
		g.words.add(w)
		l := g.lists[w]
		l.demonym = c + 1
		g.lists[w] = l
	}
}

// listsOf is what the word lists say of w.
func (g *Gazetteer) listsOf(w string) wordLists {
	if !g.words.mayHave(w) {
		return wordLists{}
	}
	return g.lists[w]
}

func (g *Gazetteer) isStop(w string) bool  { return g.listsOf(w).stop() }
func (g *Gazetteer) isGiven(w string) bool { return g.listsOf(w).given() }
