package lexicon

import "strconv"

// Shapes is a quick test that a word is not one of a set: by first byte (folded into 32
// slots) and length, a bit for the last byte of each word of the set. It is one table read,
// where a map lookup hashes the word and probes, and most words a coder asks about are in no
// set (numbers and dates ask it of every word of a report before their maps).
type Shapes [32][16]uint32

// Add adds w, which must be 1 to 15 bytes long, to the set.
func (s *Shapes) Add(w string) {
	if w == "" || len(w) >= 16 {
		panic("lexicon: no shape for " + strconv.Quote(w))
	}
	s[w[0]&31][len(w)] |= 1 << (w[len(w)-1] & 31)
}

// May reports whether w may be in the set: false means it is not.
func (s *Shapes) May(w string) bool {
	return w != "" && len(w) < 16 && s[w[0]&31][len(w)]&(1<<(w[len(w)-1]&31)) != 0
}
