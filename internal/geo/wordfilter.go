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
	b := quickHash(w) >> (bloomLog - wordFilterLog)
	f.bits[b/64] |= 1 << (b % 64)
}

func (f *wordFilter) mayHave(w string) bool {
	if f.bits == nil {
		return true
	}
	b := quickHash(w) >> (bloomLog - wordFilterLog)
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// buildWordFilter fills g.words from the word lists, once they are loaded.
func (g *Gazetteer) buildWordFilter() {
	g.words = wordFilter{}
	for _, m := range []map[string]bool{g.stop, g.caseOnly, g.common, g.given} {
		for w := range m {
			g.words.add(w)
		}
	}
	for _, m := range []map[string]uint16{g.cues, g.demonyms} {
		for w := range m {
			g.words.add(w)
		}
	}
}

func (g *Gazetteer) isStop(w string) bool     { return g.words.mayHave(w) && g.stop[w] }
func (g *Gazetteer) isCaseOnly(w string) bool { return g.words.mayHave(w) && g.caseOnly[w] }
func (g *Gazetteer) isCommon(w string) bool   { return g.words.mayHave(w) && g.common[w] }
func (g *Gazetteer) isGiven(w string) bool    { return g.words.mayHave(w) && g.given[w] }

// cue is g.cues[w] with its ok.
func (g *Gazetteer) cue(w string) (uint16, bool) {
	if !g.words.mayHave(w) {
		return 0, false
	}
	c, ok := g.cues[w]
	return c, ok
}

// demonym is g.demonyms[w] with its ok.
func (g *Gazetteer) demonym(w string) (uint16, bool) {
	if !g.words.mayHave(w) {
		return 0, false
	}
	c, ok := g.demonyms[w]
	return c, ok
}
