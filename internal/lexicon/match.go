package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"sync/atomic"
)

// Matcher finds phrases in a token stream. Phrases are sequences of folded words; a word
// ending in "*" matches any word with that prefix ("clash*" matches "clashes", "clashed").
// Each phrase carries an integer value that the caller interprets (an index into its own
// table of entries).
//
// The words of its phrases are numbered in a Vocab, and it follows a text's words by their
// numbers (FindIDs): a text's words are looked up once for every matcher that shares the
// vocabulary.
type Matcher struct {
	root node
	n    int
	v    *Vocab
	// unprefixed has a bit, by id, for each word of the vocabulary that starts with none of
	// the root's prefixes, so that most known words skip the test of their first bytes at
	// the root. It is made by the first FindIDs after the last Add; a word added to the
	// vocabulary after that is tested.
	unprefixed atomic.Pointer[[]uint64]
}

type node struct {
	// The fields every visit reads come first, in the node's first cache line.
	value int32 // -1 when no phrase ends here
	// hasPrefixes: the node has prefix edges. short: one of them is shorter than three bytes.
	hasPrefixes, short bool
	// kid0 is the first node added after a whole word, more the others, by the word's id;
	// byID indexes them all by id for a node with many (the first words of a lexicon). Most
	// nodes have one word after them, read from the node itself.
	kid0 kid
	byID []*node
	more []kid
	// pre4 lists the first four bytes of every prefix of four bytes or more, heads has a
	// bit for each of them by hash when they are many (the root's), and pre3 lists the
	// prefixes of three, so that a word that starts like none of them skips the prefix
	// edges (unless short is set). Four bytes, not three: "res" starts "resident*" and many
	// words that are not residents. Most nodes with prefixes have one or two, compared in
	// turn: a bit set for each would be a kilobyte to read.
	pre4  []uint32
	heads *[headBits / 64]uint64
	pre3  []uint32
	// byHead lists the prefix edges by their first three bytes, in the order they were
	// added: unless short, a word is checked only against the prefixes that start as it
	// does, not against all that share its first letter.
	byHead   map[uint32][]int32
	prefixes []prefixEdge
	// byFirst lists the prefix edges by their first byte, in the order they were added; it
	// is read instead of byHead when short is set.
	byFirst *[256][]int32
}

type kid struct {
	id int32
	to *node
}

// byIDFrom is the number of words after a node from which they are indexed by id rather
// than searched.
const byIDFrom = 8

// child returns the node after the word with id id, nil if none.
func (n *node) child(id int32) *node {
	if id == 0 {
		return nil
	}
	if n.kid0.id == id {
		return n.kid0.to
	}
	if n.byID != nil {
		if int(id) < len(n.byID) {
			return n.byID[id]
		}
		return nil
	}
	for _, k := range n.more {
		if k.id == id {
			return k.to
		}
	}
	return nil
}

type prefixEdge struct {
	prefix string
	to     *node
}

// Match is one phrase found: tokens [Start, End) of the stream, and the phrase's value.
type Match struct {
	Start, End int
	Value      int
}

// NewMatcher returns an empty matcher with a vocabulary of its own.
func NewMatcher() *Matcher { return NewMatcherIn(NewVocab()) }

// NewMatcherIn returns an empty matcher whose words are numbered in v.
func NewMatcherIn(v *Vocab) *Matcher { return &Matcher{root: node{value: -1}, v: v} }

// Vocab returns the vocabulary the matcher's words are numbered in.
func (m *Matcher) Vocab() *Vocab { return m.v }

// Len is the number of phrases added.
func (m *Matcher) Len() int { return m.n }

// Add adds a phrase with a value, from 0 to math.MaxInt32. A later Add of the same phrase
// replaces the value.
func (m *Matcher) Add(phrase string, value int) error {
	if value < 0 || value > math.MaxInt32 {
		return fmt.Errorf("phrase %q: value %d out of range", phrase, value)
	}
	// Words are split exactly as Tokenize splits text ("shoot-out" is two words); a "*"
	// after a word makes it a prefix.
	type word struct {
		w      string
		prefix bool
	}
	var words []word
	for _, f := range strings.Fields(phrase) {
		f, prefix := strings.CutSuffix(f, "*")
		toks := Tokenize(f, nil)
		for i, t := range toks {
			words = append(words, word{t.Norm, prefix && i == len(toks)-1})
		}
	}
	if len(words) == 0 {
		return fmt.Errorf("empty phrase %q", phrase)
	}
	m.unprefixed.Store(nil)
	n := &m.root
	for _, wd := range words {
		var next *node
		if p, ok := wd.w, wd.prefix; ok {
			for _, e := range n.prefixes {
				if e.prefix == p {
					next = e.to
				}
			}
			if next == nil {
				next = &node{value: -1}
				if n.byFirst == nil {
					n.byFirst = new([256][]int32)
				}
				n.byFirst[p[0]] = append(n.byFirst[p[0]], int32(len(n.prefixes)))
				switch {
				case len(p) < 3:
					n.short = true
				case len(p) == 3:
					n.pre3 = append(n.pre3, head3(p))
				default:
					n.pre4 = append(n.pre4, head4(p))
					if len(n.pre4) > headsFrom {
						if n.heads == nil {
							n.heads = new([headBits / 64]uint64)
						}
						for _, k := range n.pre4 {
							h := headHash(k)
							n.heads[h/64] |= 1 << (h % 64)
						}
					}
				}
				if len(p) >= 3 {
					if n.byHead == nil {
						n.byHead = map[uint32][]int32{}
					}
					n.byHead[head3(p)] = append(n.byHead[head3(p)], int32(len(n.prefixes)))
				}
				n.prefixes = append(n.prefixes, prefixEdge{p, next})
				n.hasPrefixes = true
			}
		} else {
			id := m.v.Intern(wd.w)
			if next = n.child(id); next == nil {
				next = &node{value: -1}
				if n.kid0.id == 0 {
					n.kid0 = kid{id, next}
				} else {
					n.more = append(n.more, kid{id, next})
				}
				if n.byID != nil || 1+len(n.more) >= byIDFrom {
					for _, k := range append([]kid{n.kid0}, n.more...) {
						for int(k.id) >= len(n.byID) {
							n.byID = append(n.byID, nil)
						}
						n.byID[k.id] = k.to
					}
				}
			}
		}
		n = next
	}
	if n.value < 0 {
		m.n++
	}
	n.value = int32(value)
	return nil
}

// FindAll returns the leftmost-longest, non-overlapping phrase matches in toks.
func (m *Matcher) FindAll(toks []Token, dst []Match) []Match {
	return m.FindIDs(toks, m.v.IDs(toks, nil), dst)
}

// FindIDs is FindAll for a caller that has the ids of the tokens' words in the matcher's
// vocabulary at hand: ids[i] is m.Vocab().ID(toks[i].Norm).
func (m *Matcher) FindIDs(toks []Token, ids []int32, dst []Match) []Match {
	ids = ids[:len(toks)]
	root := &m.root
	unprefixed := m.rootUnprefixed()
	for i := 0; i < len(toks); {
		// The root's step is taken here: most words start no phrase, and are turned away
		// without a call.
		end, val := -1, -1
		id := ids[i]
		if c := root.child(id); c != nil {
			end, val = m.longest(c, toks, ids, i+1, end, val)
		}
		if w := toks[i].Norm; !hasBit(unprefixed, id) && root.mayPrefix(w) {
			for _, k := range root.prefixCands(w) {
				if e := &root.prefixes[k]; e.matches(w) {
					end, val = m.longest(e.to, toks, ids, i+1, end, val)
				}
			}
		}
		if end > i {
			dst = append(dst, Match{Start: i, End: end, Value: val})
			i = end
			continue
		}
		i++
	}
	return dst
}

// rootUnprefixed returns m.unprefixed, made if need be.
func (m *Matcher) rootUnprefixed() []uint64 {
	if p := m.unprefixed.Load(); p != nil {
		return *p
	}
	bits := make([]uint64, (m.v.Len()+63)/64)
	for id := 1; id < m.v.Len(); id++ {
		if !m.root.prefixed(m.v.Word(int32(id))) {
			bits[id/64] |= 1 << (id % 64)
		}
	}
	m.unprefixed.Store(&bits)
	return bits
}

// hasBit reports whether bit id of bits is set (false past its end).
func hasBit(bits []uint64, id int32) bool {
	k := uint(id) / 64
	return k < uint(len(bits)) && bits[k]&(1<<(uint(id)%64)) != 0
}

// prefixed reports whether w starts with one of n's prefixes.
func (n *node) prefixed(w string) bool {
	if !n.mayPrefix(w) {
		return false
	}
	for _, k := range n.prefixCands(w) {
		if n.prefixes[k].matches(w) {
			return true
		}
	}
	return false
}

// longest walks the trie from n, reached at token i after at least one word, and returns the
// end and value of the longest phrase, bestEnd and bestVal if none is longer.
func (m *Matcher) longest(n *node, toks []Token, ids []int32, i, bestEnd, bestVal int) (int, int) {
	if n.value >= 0 && i > bestEnd {
		bestEnd, bestVal = i, int(n.value)
	}
	if i >= len(toks) {
		return bestEnd, bestVal
	}
	if c := n.child(ids[i]); c != nil {
		bestEnd, bestVal = m.longest(c, toks, ids, i+1, bestEnd, bestVal)
	}
	w := toks[i].Norm
	if !n.mayPrefix(w) {
		return bestEnd, bestVal
	}
	// In the order they were added, since among matches of equal length the first found wins.
	for _, k := range n.prefixCands(w) {
		if e := &n.prefixes[k]; e.matches(w) {
			bestEnd, bestVal = m.longest(e.to, toks, ids, i+1, bestEnd, bestVal)
		}
	}
	return bestEnd, bestVal
}

// mayPrefix reports whether w may start with one of n's prefixes: false means it does not.
func (n *node) mayPrefix(w string) bool {
	switch {
	case !n.hasPrefixes || w == "":
		return false
	case n.short:
		return true
	case len(w) >= 4 && n.heads != nil:
		if h := headHash(head4(w)); n.heads[h/64]&(1<<(h%64)) != 0 {
			return true
		}
	case len(w) >= 4:
		for _, k := range n.pre4 {
			if k == head4(w) {
				return true
			}
		}
	}
	if len(w) >= 3 {
		for _, k := range n.pre3 {
			if k == head3(w) {
				return true
			}
		}
	}
	return false
}

// prefixCands returns the prefix edges that w, which passed mayPrefix, may follow, in the
// order they were added.
func (n *node) prefixCands(w string) []int32 {
	if n.short {
		return n.byFirst[w[0]]
	}
	return n.byHead[head3(w)]
}

// headBits is the size of a node's heads bit set.
const (
	headLog  = 13
	headBits = 1 << headLog
)

// headsFrom is the number of four-byte heads of a node's prefixes from which they are
// tested by a bit set rather than in turn.
const headsFrom = 4

// headHash is the bit of a node's heads for a word's first four bytes h (head4).
func headHash(h uint32) uint32 { return h * 0x9E3779B1 >> (32 - headLog) }

// head4 is the first four bytes of w, which has at least four.
func head4(w string) uint32 {
	_ = w[3]
	return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
}

// head3 is the first three bytes of w, which has at least three.
func head3(w string) uint32 { return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 }

// matches reports whether w starts with the edge's prefix. The second byte first: most words
// that start like a prefix differ from it there.
func (e *prefixEdge) matches(w string) bool {
	return (len(e.prefix) < 2 || len(w) >= 2 && w[1] == e.prefix[1]) && strings.HasPrefix(w, e.prefix)
}

// Line is one entry of a lexicon file: the phrase and the remaining tab-separated fields.
type Line struct {
	Num    int
	Phrase string
	Fields []string
}

// ReadLines parses a lexicon file: one entry a line, fields separated by tabs (or by two or
// more spaces), "#" starting a comment, blank lines ignored.
func ReadLines(r io.Reader) ([]Line, error) {
	var out []Line
	sc := bufio.NewScanner(r)
	num := 0
	for sc.Scan() {
		num++
		s := sc.Text()
		if i := strings.Index(s, "#"); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		var parts []string
		if strings.Contains(s, "\t") {
			parts = strings.Split(s, "\t")
		} else {
			parts = splitSpaces(s)
		}
		var fields []string
		for _, p := range parts[1:] {
			if p = strings.TrimSpace(p); p != "" {
				fields = append(fields, p)
			}
		}
		out = append(out, Line{Num: num, Phrase: strings.TrimSpace(parts[0]), Fields: fields})
	}
	return out, sc.Err()
}

// splitSpaces splits on runs of two or more spaces, so phrases may contain single spaces.
func splitSpaces(s string) []string {
	var parts []string
	for {
		i := strings.Index(s, "  ")
		if i < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:i])
		s = strings.TrimLeft(s[i:], " ")
	}
}
