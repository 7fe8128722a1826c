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
	// As names.Fold for ASCII: lower case, apostrophes dropped, any other run of
	// characters one space, no space at the end.
	b := *arena
	start := len(b)
	space := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '\'' || c == '`':
			continue
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
			space = false
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
	}
	if len(b) > start && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	*arena = b
	if len(b) == start {
		return ""
	}
	return unsafe.String(&b[start], len(b)-start)
}
