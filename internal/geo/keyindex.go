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

func newKeyIndex(keys []string) keyIndex {
	size := 1
	for size*3 < len(keys)*4 { // at most three quarters full
		size <<= 1
	}
	x := keyIndex{seed: maphash.MakeSeed(), slots: make([]uint64, size), mask: uint64(size - 1)}
	for i, k := range keys {
		h := maphash.String(x.seed, k)
		j := h & x.mask
		for x.slots[j] != 0 {
			j = (j + 1) & x.mask
		}
		x.slots[j] = h>>32<<32 | uint64(i+1)
	}
	return x
}

// find returns the index of k in keys (the keys the index was built from), or -1.
func (x *keyIndex) find(keys []string, k string) int {
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
			if i := int(uint32(s)) - 1; keys[i] == k {
				return i
			}
		}
	}
}
