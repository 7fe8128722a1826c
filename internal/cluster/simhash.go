package cluster

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// maxDupBits is the Hamming distance up to which two fingerprints are one wire story. On the
// dev set, wire copies with a few words changed lie 8–13 bits apart, and the closest pair of
// reports of different events 20 bits apart (unrelated texts sit near 32). Short texts make
// simhash noisy: a changed word alters three shingles of fifty.
const maxDupBits = 14

// Simhash is a 64-bit near-duplicate fingerprint of an article's text: Charikar's simhash
// over word 3-shingles (lower-cased runs of letters and digits). Texts with fewer than three
// words hash their words; an empty text hashes to 0.
func Simhash(text string) uint64 {
	var v [64]int32
	add := func(x uint64) {
		for i := range 64 {
			v[i] += int32(x>>i&1)*2 - 1
		}
	}
	var w [3]uint64 // hashes of the last three words
	n := 0
	const offset, prime = 14695981039346656037, 1099511628211 // FNV-1a
	h, in := uint64(offset), false
	flush := func() {
		if !in {
			return
		}
		w[0], w[1], w[2] = w[1], w[2], h
		n++
		if n >= 3 {
			add(mix(w[0]*0x9e3779b97f4a7c15 ^ bits.RotateLeft64(w[1], 21) ^ bits.RotateLeft64(w[2], 42)))
		}
		h, in = offset, false
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		r = unicode.ToLower(r)
		in = true
		for r > 0 { // hash the rune's value byte by byte; any stable encoding will do
			h = (h ^ uint64(r&0xff)) * prime
			r >>= 8
		}
	}
	flush()
	if n == 0 {
		return 0
	}
	if n < 3 {
		for _, x := range w[3-n:] {
			add(mix(x))
		}
	}
	var out uint64
	for i := range 64 {
		if v[i] > 0 {
			out |= 1 << i
		}
	}
	return out
}

// mix is MurmurHash3's finaliser: FNV's high bits are poor for short inputs, and simhash
// needs every bit of a feature's hash to be a fair coin.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// NearDuplicate reports whether two fingerprints are close enough for "same wire story".
// A zero fingerprint (empty text) is a duplicate of nothing.
func NearDuplicate(a, b uint64) bool {
	if a == 0 || b == 0 {
		return false
	}
	return bits.OnesCount64(a^b) <= maxDupBits
}
