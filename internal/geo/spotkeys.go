package geo

import (
	"strings"
	"sync"
	"unsafe"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

// ngramKeys builds the lookup keys of the n-grams spot tries from the keys of their words,
// each computed once per text. spot tries up to five n-grams starting at every capitalised
// word, and building each key from scratch (names.KeyFolded of the joined words) allocated
// twice per try and was a tenth of the geocoder's time. The key of words i..j is the keys of
// the words joined by spaces, leaving out articles that are not last: what KeyFolded does to
// the joined folds when no word's fold is empty or holds a space (else it falls back).
type ngramKeys struct {
	toks []token
	kw   []string // names.KeyFolded of each token's fold, "" until first used
	kbuf []byte   // kw's bytes: a new buffer when full, the old one left to the keys viewing it
	buf  []byte
	jbuf []byte // joined's

	// memo remembers the answers of the key index, by a hash of the key, across the texts
	// this pooled value serves: a report's names recur across reports ("Aleppo", "Kabul",
	// "Houthi"), and a key costs up to three dependent reads of tables far bigger than the
	// cache (the slot, the key's position, the key), or a read of the 4 MB filter for most
	// of those that are no key; a memo hit is one read of a table that stays in the cache.
	memo  [memoSize]memoEntry
	memoG *Gazetteer
}

const memoLog = 12
const memoSize = 1 << memoLog

// memoKeyMax is the longest key the memo keeps; longer ones are rare and looked up.
const memoKeyMax = 23

// memoEntry is a key, held in the entry (no pointer to follow), and its postings: none for
// a key the index does not have. 32 bytes.
type memoEntry struct {
	refs keyRef
	n    uint8 // the key's length; 0 for an empty slot
	key  [memoKeyMax]byte
}

// find is g.find(k), through the memo.
func (n *ngramKeys) find(g *Gazetteer, k string) keyRef {
	if n.memoG != g {
		n.memo, n.memoG = [memoSize]memoEntry{}, g
	}
	if len(k) == 0 || len(k) > memoKeyMax {
		return g.find(k)
	}
	e := &n.memo[quickHash(k)&(memoSize-1)]
	if int(e.n) == len(k) && string(e.key[:len(k)]) == k {
		return e.refs
	}
	r := g.find(k)
	e.refs, e.n = r, uint8(len(k))
	copy(e.key[:], k)
	return r
}

// ngramPool keeps the per-text slices between texts; spot releases them when done.
var ngramPool sync.Pool

func newNgramKeys(toks []token) *ngramKeys {
	n, _ := ngramPool.Get().(*ngramKeys)
	if n == nil {
		n = &ngramKeys{}
	}
	if cap(n.kw) < len(toks) {
		n.kw = make([]string, len(toks))
	}
	n.toks, n.kw = toks, n.kw[:len(toks)]
	clear(n.kw)
	return n
}

// release returns n to the pool; its keys must not be used after.
func (n *ngramKeys) release() {
	clear(n.kw)
	n.kbuf = n.kbuf[:0] // nothing views it now: the memo keeps copies of its keys
	n.toks = nil
	ngramPool.Put(n)
}

// key returns the lookup key of toks[i..j], whose folds joined by spaces are fold. The
// result may view a buffer reused by the next call: use it for a lookup, do not keep it.
func (n *ngramKeys) key(i, j int, fold string) string {
	if i == j {
		if k, ok := n.word(i); ok {
			return k
		}
		return names.KeyFolded(fold)
	}
	n.buf = n.buf[:0]
	for t := i; t <= j; t++ {
		k, ok := n.word(t)
		if !ok {
			return names.KeyFolded(fold)
		}
		if t < j && names.IsArticle(n.toks[t].fold) {
			continue
		}
		if len(n.buf) > 0 {
			n.buf = append(n.buf, ' ')
		}
		n.buf = append(n.buf, k...)
	}
	return unsafe.String(unsafe.SliceData(n.buf), len(n.buf))
}

// joined returns the folds of toks[i..j] joined by spaces. The result views a buffer reused
// by the next call: use it for lookups, do not keep it.
func (n *ngramKeys) joined(i, j int) string {
	n.jbuf = n.jbuf[:0]
	for t := i; t <= j; t++ {
		if t > i {
			n.jbuf = append(n.jbuf, ' ')
		}
		n.jbuf = append(n.jbuf, n.toks[t].fold...)
	}
	return unsafe.String(unsafe.SliceData(n.jbuf), len(n.jbuf))
}

// word returns the key of token t, and false if its fold is not a single word.
func (n *ngramKeys) word(t int) (string, bool) {
	f := n.toks[t].fold
	if f == "" || strings.IndexByte(f, ' ') >= 0 {
		return "", false
	}
	if n.kw[t] == "" {
		// KeyFolded(f) for a word; never "", never longer than f.
		if cap(n.kbuf)-len(n.kbuf) < len(f) {
			n.kbuf = make([]byte, 0, max(4096, len(f)))
		}
		start := len(n.kbuf)
		n.kbuf = names.AppendKeyWord(n.kbuf, f)
		n.kw[t] = unsafe.String(&n.kbuf[start], len(n.kbuf)-start)
	}
	return n.kw[t], true
}
