package lexicon

// Vocab numbers the words of a caller's lexicons and word lists, so that each word of a text
// is looked up once (IDs) and then matched and tested by number. A Go map hashes the whole
// word at every lookup, and a coder asks a dozen questions of some words; a word's number
// indexes a table.
//
// A Vocab also keeps tags, bits whose meaning is the caller's ("a verb of speech", "a word
// that makes the next verb passive"), so that a word list becomes one bit test.
//
// Id 0 is every word not in the vocabulary. A Vocab may be read by many goroutines once it
// is no longer added to.
type Vocab struct {
	words []string // by id; words[0] is ""
	tags  []uint64 // by id
	// slots is an open-addressed hash table of the ids, with the first eight bytes and the
	// length of each word beside its id, so that a lookup of a word of up to eight bytes
	// compares two integers rather than strings.
	slots []vocabSlot
	shift uint // 64 - log2(len(slots))
	// seen has one bit for each word, by other bits of its hash than pick its slot: most
	// words of a text are not in the vocabulary, and are told so from this small table
	// (2 KB), which stays in the cache, rather than from the slots.
	seen [vocabSeenBits / 64]uint64
}

const vocabSeenBits = 1 << 14

type vocabSlot struct {
	head uint64 // the word's first eight bytes, little-endian, zero-padded
	n    int32  // its length
	id   int32  // 0: empty
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab {
	v := &Vocab{words: []string{""}, tags: []uint64{0}}
	v.rehash(64)
	return v
}

// Len is the number of ids, the unknown word's 0 included: ids are below it.
func (v *Vocab) Len() int { return len(v.words) }

// Word returns the word with id id.
func (v *Vocab) Word(id int32) string { return v.words[id] }

// Intern returns the id of w, adding it if it is new. The empty word is id 0.
func (v *Vocab) Intern(w string) int32 {
	if w == "" {
		return 0
	}
	if id := v.ID(w); id != 0 {
		return id
	}
	if 2*len(v.words) >= len(v.slots) {
		v.rehash(2 * len(v.slots))
	}
	id := int32(len(v.words))
	v.words = append(v.words, w)
	v.tags = append(v.tags, 0)
	v.place(w, id)
	return id
}

// Tag adds w to the vocabulary and sets the bits t among its tags.
func (v *Vocab) Tag(w string, t uint64) {
	id := v.Intern(w)
	v.tags[id] |= t
}

// Tags returns the tags of the word with id id (none for id 0).
func (v *Vocab) Tags(id int32) uint64 { return v.tags[id] }

// ID returns the id of w, 0 if w is not in the vocabulary.
func (v *Vocab) ID(w string) int32 {
	if len(w) == 0 {
		return 0
	}
	return v.id(w, head8(w))
}

// id is ID for a caller that has h, head8(w), at hand.
func (v *Vocab) id(w string, h uint64) int32 {
	if len(w) == 0 {
		return 0
	}
	hv := vocabHash(w, h)
	if b := hv >> 20 % vocabSeenBits; v.seen[b/64]&(1<<(b%64)) == 0 {
		return 0
	}
	n := int32(len(w))
	mask := len(v.slots) - 1
	for i := int(hv >> v.shift); ; i = (i + 1) & mask {
		s := &v.slots[i]
		if s.id == 0 {
			return 0
		}
		if s.head == h && s.n == n && (n <= 8 || v.words[s.id][8:] == w[8:]) {
			return s.id
		}
	}
}

// IDs appends the id of every token's word to dst and returns it.
func (v *Vocab) IDs(toks []Token, dst []int32) []int32 {
	for i := range toks {
		dst = append(dst, v.ID(toks[i].Norm))
	}
	return dst
}

func (v *Vocab) rehash(size int) {
	v.slots = make([]vocabSlot, size)
	v.shift = 64
	for s := size; s > 1; s >>= 1 {
		v.shift--
	}
	for id, w := range v.words[1:] {
		v.place(w, int32(id+1))
	}
}

func (v *Vocab) place(w string, id int32) {
	h := head8(w)
	hv := vocabHash(w, h)
	b := hv >> 20 % vocabSeenBits
	v.seen[b/64] |= 1 << (b % 64)
	mask := len(v.slots) - 1
	i := int(hv >> v.shift)
	for v.slots[i].id != 0 {
		i = (i + 1) & mask
	}
	v.slots[i] = vocabSlot{head: h, n: int32(len(w)), id: id}
}

// head8 is the first eight bytes of w, little-endian, zero-padded.
func head8(w string) uint64 {
	if len(w) >= 8 {
		_ = w[7]
		return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	}
	var h uint64
	if len(w)&4 != 0 {
		h = uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24
	}
	if len(w)&2 != 0 {
		k := len(w) &^ 3
		h |= (uint64(w[k]) | uint64(w[k+1])<<8) << (8 * k)
	}
	if len(w)&1 != 0 {
		k := len(w) - 1
		h |= uint64(w[k]) << (8 * k)
	}
	return h
}

// headAt is head8(s[at:at+n]) for an s with eight bytes from at: one load and a mask.
func headAt(s string, at, n int) uint64 {
	h := head8(s[at : at+8])
	if n < 8 {
		h &= 1<<(8*n) - 1
	}
	return h
}

// vocabHash hashes a word by its head, length and, past eight bytes, its last eight bytes;
// the top bits of the result pick a slot.
func vocabHash(w string, head uint64) uint64 {
	h := head ^ uint64(len(w))<<59
	if len(w) > 8 {
		h ^= head8(w[len(w)-8:]) * 0xC2B2AE3D27D4EB4F
	}
	return h * 0x9E3779B97F4A7C15
}
