package geo

import (
	"hash/maphash"
	"strings"
)

// keyIndex finds a lookup key's postings without a binary search over the sorted keys:
// spotting names looks up every run of capitalised words, most of them not places, and
// comparing strings along a binary search of a million keys was a tenth of the coder's time.
// It is an open-addressing hash table built once at load (about 32 MB for 1.2 million keys).
//
// A lookup that misses the cache waits on memory for every table it reads, one after the
// other, and with the coder's other tables in between, spotting's lookups were a tenth of
// its time. So a slot holds all a lookup needs: the high half of the key's hash, so that
// probing for a name that is not there reads only the slot; where the key is in the raw data,
// to compare it; and where its postings are. A key found costs two reads from memory (the
// slot, the key), a name that is no key one.
type keyIndex struct {
	seed  maphash.Seed
	slots []keySlot
	mask  uint64

	// first and last have one bit per quickHash of the first and of the last word of the
	// keys of more than one word. Spotting tries every run of up to five capitalised words
	// ("Syrian Democratic Forces", "Deir Ez Zor"), and most runs of two words or more are no
	// key: a word that starts or ends none is told by a bit of a table small enough to stay
	// in the cache, sparing the read of a slot.
	first, last []uint64
}

// keySlot is one key of the index, 16 bytes.
type keySlot struct {
	tag   uint32 // the high half of the key's hash
	off   uint32 // the key is raw[off:off+n]
	n     uint16 // the key's length; 0 for an empty slot (no key is empty)
	npost uint16 // its postings are posts[post:post+npost]
	post  uint32
}

// keyRef is where a key's postings are: posts[post:post+n]. The zero keyRef is a key with
// none, as good as no key.
type keyRef struct {
	post uint32
	n    uint16
}

const endsLog = 21 // 2 Mbit (256 KB) each

// newKeyIndex indexes the keys at positions pos (offset<<16 | length) of raw, whose
// postings start at postStart[i] (postStart[len(pos)] ends the last).
func newKeyIndex(raw string, pos []uint64, postStart []uint32) (keyIndex, error) {
	size, sizeLog := 1, 0
	for size*3 < len(pos)*4 { // at most three quarters full
		size <<= 1
		sizeLog++
	}
	x := keyIndex{seed: maphash.MakeSeed(), slots: make([]keySlot, size), mask: uint64(size - 1)}
	x.first, x.last = make([]uint64, 1<<endsLog/64), make([]uint64, 1<<endsLog/64)
	// The keys go into the table in the order of their home slots, a region of it at a
	// time, rather than in key order, which wrote all over 32 MB and waited on memory for
	// every key (twice the time of the rest of the index).
	hashes := make([]uint64, len(pos))
	const regionsLog = 11
	shift := max(sizeLog-regionsLog, 0)
	var count [1<<regionsLog + 1]uint32
	for i, kp := range pos {
		k := keyAt(raw, kp)
		if len(k) == 0 || postStart[i+1]-postStart[i] > 0xffff || kp>>16 > 0xffffffff {
			return keyIndex{}, errCorrupt
		}
		h := maphash.String(x.seed, k)
		hashes[i] = h
		count[(h&x.mask)>>shift+1]++
		if f, l, ok := ends(k); ok {
			b := quickHash(f) >> (quickHashBits - endsLog)
			x.first[b/64] |= 1 << (b % 64)
			b = quickHash(l) >> (quickHashBits - endsLog)
			x.last[b/64] |= 1 << (b % 64)
		}
	}
	for r := 1; r < len(count); r++ {
		count[r] += count[r-1]
	}
	order := make([]uint32, len(pos))
	for i, h := range hashes {
		r := (h & x.mask) >> shift
		order[count[r]] = uint32(i)
		count[r]++
	}
	for _, i := range order {
		h, kp := hashes[i], pos[i]
		j := h & x.mask
		for x.slots[j].n != 0 {
			j = (j + 1) & x.mask
		}
		x.slots[j] = keySlot{tag: uint32(h >> 32), off: uint32(kp >> 16), n: uint16(kp & 0xffff),
			npost: uint16(postStart[i+1] - postStart[i]), post: postStart[i]}
	}
	return x, nil
}

// ends returns the first and last words of a key of more than one word.
func ends(k string) (first, last string, ok bool) {
	i := strings.IndexByte(k, ' ')
	if i < 0 {
		return "", "", false
	}
	return k[:i], k[strings.LastIndexByte(k, ' ')+1:], true
}

// quickHashBits is the number of bits quickHash returns.
const quickHashBits = 25

// quickHash is a hash of k of quickHashBits bits, from its length and its first and last eight
// bytes: cheap, and keys that agree on all of these are rare. The filters of the word lists
// and of the ends of keys, and spot's memo, use it.
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
	return h >> (64 - quickHashBits)
}

// keyAt is the key at position kp (offset<<16 | length) of raw.
func keyAt(raw string, kp uint64) string {
	off := kp >> 16
	return raw[off : off+kp&0xffff]
}

// find returns the postings of k, the zero keyRef if k is no key.
func (x *keyIndex) find(raw string, k string) keyRef {
	if len(x.slots) == 0 || len(k) == 0 || len(k) > 0xffff {
		return keyRef{}
	}
	if f, l, ok := ends(k); ok {
		if b := quickHash(f) >> (quickHashBits - endsLog); x.first[b/64]&(1<<(b%64)) == 0 {
			return keyRef{}
		}
		if b := quickHash(l) >> (quickHashBits - endsLog); x.last[b/64]&(1<<(b%64)) == 0 {
			return keyRef{}
		}
	}
	h := maphash.String(x.seed, k)
	tag := uint32(h >> 32)
	for j := h & x.mask; ; j = (j + 1) & x.mask {
		s := &x.slots[j]
		if s.n == 0 {
			return keyRef{}
		}
		if s.tag == tag && int(s.n) == len(k) && raw[s.off:s.off+uint32(s.n)] == k {
			return keyRef{post: s.post, n: s.npost}
		}
	}
}
