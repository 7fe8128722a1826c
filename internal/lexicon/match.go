package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Matcher finds phrases in a token stream. Phrases are sequences of folded words; a word
// ending in "*" matches any word with that prefix ("clash*" matches "clashes", "clashed").
// Each phrase carries an integer value that the caller interprets (an index into its own
// table of entries).
type Matcher struct {
	root node
	n    int
}

type node struct {
	next     map[string]*node
	prefixes []prefixEdge
	// byFirst lists the prefix edges by their first byte, in the order they were added, so
	// that a word is checked only against the prefixes that start like it: the first word of
	// the cue lexicon alone has about a hundred.
	byFirst *[256][]int32
	// heads holds the first three bytes of every prefix of three bytes or more, so that
	// a word that starts like none of them skips the prefix edges (unless short, a prefix
	// shorter than that, is set).
	heads *Filter
	short bool
	// words filters lookups in next, for a node with many words after it (the first
	// words of a lexicon): most words of a text are none of them.
	words *Filter
	value int // -1 when no phrase ends here
}

// filterFrom is the number of words after a node from which lookups are filtered.
const filterFrom = 16

type prefixEdge struct {
	prefix string
	to     *node
}

// Match is one phrase found: tokens [Start, End) of the stream, and the phrase's value.
type Match struct {
	Start, End int
	Value      int
}

// NewMatcher returns an empty matcher.
func NewMatcher() *Matcher { return &Matcher{root: node{value: -1}} }

// Len is the number of phrases added.
func (m *Matcher) Len() int { return m.n }

// Add adds a phrase with a value. A later Add of the same phrase replaces the value.
func (m *Matcher) Add(phrase string, value int) error {
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
				if len(p) < 3 {
					n.short = true
				} else {
					if n.heads == nil {
						n.heads = new(Filter)
					}
					n.heads.Add(p[:3])
				}
				n.prefixes = append(n.prefixes, prefixEdge{p, next})
			}
		} else {
			if n.next == nil {
				n.next = map[string]*node{}
			}
			if next = n.next[wd.w]; next == nil {
				next = &node{value: -1}
				n.next[wd.w] = next
				switch {
				case n.words != nil:
					n.words.Add(wd.w)
				case len(n.next) >= filterFrom:
					n.words = new(Filter)
					for w := range n.next {
						n.words.Add(w)
					}
				}
			}
		}
		n = next
	}
	if n.value < 0 {
		m.n++
	}
	n.value = value
	return nil
}

// FindAll returns the leftmost-longest, non-overlapping phrase matches in toks.
func (m *Matcher) FindAll(toks []Token, dst []Match) []Match {
	for i := 0; i < len(toks); {
		end, val := m.longest(&m.root, toks, i, i, -1, -1)
		if end > i {
			dst = append(dst, Match{Start: i, End: end, Value: val})
			i = end
			continue
		}
		i++
	}
	return dst
}

// longest walks the trie from n at token i and returns the end and value of the longest phrase.
func (m *Matcher) longest(n *node, toks []Token, start, i, bestEnd, bestVal int) (int, int) {
	if n.value >= 0 && i > start && i > bestEnd {
		bestEnd, bestVal = i, n.value
	}
	if i >= len(toks) {
		return bestEnd, bestVal
	}
	w := toks[i].Norm
	if n.words == nil || n.words.MayHave(w) {
		if c := n.next[w]; c != nil {
			bestEnd, bestVal = m.longest(c, toks, start, i+1, bestEnd, bestVal)
		}
	}
	if n.byFirst == nil || w == "" || !n.short && (len(w) < 3 || !n.heads.MayHave(w[:3])) {
		return bestEnd, bestVal
	}
	// In the order they were added, since among matches of equal length the first found wins.
	for _, k := range n.byFirst[w[0]] {
		// The second byte first: most words that start like a prefix differ from it there.
		if e := &n.prefixes[k]; (len(e.prefix) < 2 || len(w) >= 2 && w[1] == e.prefix[1]) && strings.HasPrefix(w, e.prefix) {
			bestEnd, bestVal = m.longest(e.to, toks, start, i+1, bestEnd, bestVal)
		}
	}
	return bestEnd, bestVal
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
