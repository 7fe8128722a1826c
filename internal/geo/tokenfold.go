package geo

import (
	"unicode/utf8"
	"unsafe"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

// foldToken is names.Fold of a token, writing the folds of ASCII words that need folding
// ("Aleppo" -> "aleppo") into arena, one buffer per text, instead of two allocations per
// capitalised word. arena must have room for the whole text (a fold is never longer than
// its ASCII word), so that it never moves and the strings viewing it stay valid.
func foldToken(arena *[]byte, w string) string {
	plain := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf {
			return names.Fold(w)
		} else if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			plain = false
		}
	}
	if plain {
		return w // lower-case letters and digits: nothing to fold
	}
	if cap(*arena)-len(*arena) < len(w) {
		return names.Fold(w) // not the arena tokenize made
	}
	b := *arena
	start := len(b)
	b = names.AppendFoldASCII(b, w)
	*arena = b
	if len(b) == start {
		return ""
	}
	return unsafe.String(&b[start], len(b)-start)
}
