package geo

import "hash/maphash"

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
}

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
	return x
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
