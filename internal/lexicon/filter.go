package lexicon

// Filter is a quick test that a word is not one of a set: one bit per hash of the word's
// length and its first, middle and last bytes. Most words of a report start no phrase of a
// lexicon, and the test spares them a map lookup, which costs several times as much.
// MayHave may say true of a word not in the set (about one in twenty for a thousand words),
// never false of one in it.
type Filter struct {
	bits [filterBits / 64]uint64
}

const filterLog = 14
const filterBits = 1 << filterLog

func filterHash(w string) uint32 {
	if w == "" {
		return 0
	}
	h := uint32(len(w)) | uint32(w[0])<<8 | uint32(w[len(w)/2])<<16 | uint32(w[len(w)-1])<<24
	h *= 0x9E3779B1
	return h >> (32 - filterLog)
}

// Add adds w to the set.
func (f *Filter) Add(w string) {
	h := filterHash(w)
	f.bits[h/64] |= 1 << (h % 64)
}

// MayHave reports whether w may be in the set: false means it is not.
func (f *Filter) MayHave(w string) bool {
	h := filterHash(w)
	return f.bits[h/64]&(1<<(h%64)) != 0
}
