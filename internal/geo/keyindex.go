package geo

import "hash/maphash"

// keyIndex finds a lookup key's index without a binary search over the sorted keys: spotting
// names looks up every run of capitalised words, most of them not places, and comparing
// strings along a binary search of a million keys was a tenth of the coder's time. It is an
// open-addressing hash table of key indexes, 4 bytes a slot, built once at load (about
// 60 ms and 8 MB for 1.2 million keys).
type keyIndex struct {
	seed  maphash.Seed
	slots []uint32 // key index + 1; 0 is empty
	mask  uint64
}

func newKeyIndex(keys []string) keyIndex {
	size := 1
	for size*3 < len(keys)*4 { // at most three quarters full
		size <<= 1
	}
	x := keyIndex{seed: maphash.MakeSeed(), slots: make([]uint32, size), mask: uint64(size - 1)}
	for i, k := range keys {
		h := maphash.String(x.seed, k) & x.mask
		for x.slots[h] != 0 {
			h = (h + 1) & x.mask
		}
		x.slots[h] = uint32(i + 1)
	}
	return x
}

// find returns the index of k in keys (the keys the index was built from), or -1.
func (x *keyIndex) find(keys []string, k string) int {
	if len(x.slots) == 0 {
		return -1
	}
	h := maphash.String(x.seed, k) & x.mask
	for {
		s := x.slots[h]
		if s == 0 {
			return -1
		}
		if keys[s-1] == k {
			return int(s - 1)
		}
		h = (h + 1) & x.mask
	}
}
