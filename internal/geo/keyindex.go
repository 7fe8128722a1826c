package geo

import (
	"hash/maphash"
	"strings"
)

// keyIndex finds a lookup key's index without a binary search over the sorted keys: spotting
// names looks up every run of capitalised words, most of them not places, and comparing
// strings along a binary search of a million keys was a tenth of the coder's time. It is an
// open-addressing hash table built once at load (about 60 ms and 16 MB for 1.2 million
// keys). A slot holds a key's index and the high half of its hash, so that probing for a
// name that is not there (most lookups) reads only the table, not the keys.
type keyIndex struct {
	seed  maphash.Seed
	slots []uint64 // hash>>32<<32 | key index + 1; 0 is empty
	mask  uint64

	// bloom has one bit per quickHash of a key: most lookups are of runs of capitalised
	// words that are no key, and testing one bit of 4 MB (mostly in cache) spares them the
	// hash and the probe of the 16 MB table, which waits on memory.
	bloom []uint64

	// first and last have one bit per quickHash of the first and of the last word of the
	// keys of more than one word. Spotting tries every run of up to five capitalised words
	// ("Syrian Democratic Forces", "Deir Ez Zor"), and most runs of two words or more are no
	// key: a word that starts or ends none is told by a bit of a table small enough to stay
	// in the cache, where the bloom filter above, thirty times larger, is a read from memory.
	first, last []uint64
}

const endsLog = 21 // 2 Mbit (256 KB) each

const bloomLog = 25 // 32 Mbit: about one false yes in thirty for 1.2 million keys

func newKeyIndex(raw string, pos []uint64) keyIndex {
	size := 1
	for size*3 < len(pos)*4 { // at most three quarters full
		size <<= 1
	}
	x := keyIndex{seed: maphash.MakeSeed(), slots: make([]uint64, size), mask: uint64(size - 1)}
	for i, kp := range pos {
		h := maphash.String(x.seed, keyAt(raw, kp))
		j := h & x.mask
		for x.slots[j] != 0 {
			j = (j + 1) & x.mask
		}
		x.slots[j] = h>>32<<32 | uint64(i+1)
	}
	x.bloom = make([]uint64, 1<<bloomLog/64)
	x.first, x.last = make([]uint64, 1<<endsLog/64), make([]uint64, 1<<endsLog/64)
	for _, kp := range pos {
		k := keyAt(raw, kp)
		b := quickHash(k)
		x.bloom[b/64] |= 1 << (b % 64)
		if f, l, ok := ends(k); ok {
			b = quickHash(f) >> (bloomLog - endsLog)
			x.first[b/64] |= 1 << (b % 64)
			b = quickHash(l) >> (bloomLog - endsLog)
			x.last[b/64] |= 1 << (b % 64)
		}
	}
	return x
}

// ends returns the first and last words of a key of more than one word.
func ends(k string) (first, last string, ok bool) {
	i := strings.IndexByte(k, ' ')
	if i < 0 {
		return "", "", false
	}
	return k[:i], k[strings.LastIndexByte(k, ' ')+1:], true
}

// quickHash is a bloom bit of k, from its length and its first and last eight bytes: cheap,
// and keys that agree on all of these are rare.
func quickHash(k string) uint64 {
	var a, b uint64
	n := len(k)
	if n >= 8 {
		a = uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
			uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
		t := k[n-8:]
		b = uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
	} else {
		for i := 0; i < n; i++ {
			a |= uint64(k[i]) << (8 * i)
		}
	}
	h := a*0x9e3779b97f4a7c15 ^ b*0xc2b2ae3d27d4eb4f ^ uint64(n)*0x165667b19e3779f9
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return h >> (64 - bloomLog)
}

// keyAt is the key at position kp (offset<<16 | length) of raw.
func keyAt(raw string, kp uint64) string {
	off := kp >> 16
	return raw[off : off+kp&0xffff]
}

// find returns the index of k among the keys the index was built from, or -1.
func (x *keyIndex) find(raw string, pos []uint64, k string) int {
	if len(x.slots) == 0 {
		return -1
	}
	if f, l, ok := ends(k); ok {
		if b := quickHash(f) >> (bloomLog - endsLog); x.first[b/64]&(1<<(b%64)) == 0 {
			return -1
		}
		if b := quickHash(l) >> (bloomLog - endsLog); x.last[b/64]&(1<<(b%64)) == 0 {
			return -1
		}
	}
	if b := quickHash(k); x.bloom[b/64]&(1<<(b%64)) == 0 {
		return -1
	}
	h := maphash.String(x.seed, k)
	tag := h >> 32
	for j := h & x.mask; ; j = (j + 1) & x.mask {
		s := x.slots[j]
		if s == 0 {
			return -1
		}
		if s>>32 == tag {
			if i := int(uint32(s)) - 1; keyAt(raw, pos[i]) == k {
				return i
			}
		}
	}
}
