// Package names folds place names to the lookup keys shared by the gazetteer generator and the
// runtime index. It lives apart from package geo so that the generator can use it before the
// embedded data file exists; any change here requires `go generate ./internal/geo`.
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// articles are the romanised forms of the Arabic article (and the French/Spanish ones that
// transliterations borrow). They are dropped so that "Al-Hasakah", "Hasakah" and "el Hasakeh"
// meet; romanisers disagree on whether and how the article is written.
var articles = map[string]bool{
	"al": true, "el": true, "ad": true, "ar": true, "as": true, "ash": true, "at": true,
	"az": true, "an": true, "ath": true, "adh": true, "ed": true, "er": true, "es": true,
	"et": true, "ez": true, "en": true, "esh": true, "ul": true, "il": true,
}

// IsArticle reports whether the lower-case token w is an article form that Key drops.
// Every article is two or three letters long and starts with a vowel: the test spares most
// words (spotting asks about every word of a name) the map lookup.
func IsArticle(w string) bool {
	if len(w) < 2 || len(w) > 3 {
		return false
	}
	switch w[0] {
	case 'a', 'e', 'i', 'u':
		return articles[w]
	}
	return false
}

// Fold lower-cases s, strips accents and turns every run of characters that are not letters or
// digits into one space. Apostrophes and the ayn/hamza marks are removed without a space, so
// "Ma'arrat" and "Maarrat" fold alike.
func Fold(s string) string {
	if isPlainASCII(s) {
		return foldASCII(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bf' || r == '\u02be' || r == '`' || r == '\u02bc' || r == '\u00b4':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r < utf8.RuneSelf {
				b.WriteByte(byte(unicode.ToLower(r)))
			} else {
				switch r {
				case 'ß':
					b.WriteString("ss")
				case 'ı':
					b.WriteByte('i')
				case 'ł', 'Ł':
					b.WriteByte('l')
				case 'ø', 'Ø':
					b.WriteByte('o')
				case 'đ', 'Đ':
					b.WriteByte('d')
				case 'æ', 'Æ':
					b.WriteString("ae")
				default:
					b.WriteRune(unicode.ToLower(r))
				}
			}
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// lowerAlnum reports whether s has only lower-case ASCII letters and digits, which
// foldASCII keeps as they are.
func lowerAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func foldASCII(s string) string {
	if lowerAlnum(s) {
		return s // most words: nothing to fold, nothing to allocate
	}
	return string(AppendFoldASCII(make([]byte, 0, len(s)), s))
}

// AppendFoldASCII appends Fold of the ASCII text s to dst: lower case, apostrophes dropped,
// any other run of characters one space, no space at either end. Callers that fold many
// words into one buffer (geo's tokenizer) use it to avoid a string per word.
func AppendFoldASCII(dst []byte, s string) []byte {
	start := len(dst)
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '`':
			continue
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			dst = append(dst, c)
			space = false
		default:
			if !space {
				dst = append(dst, ' ')
				space = true
			}
		}
	}
	if len(dst) > start && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// IsLatin reports whether s is written in Latin script (ASCII letters after folding). Names in
// other scripts are dropped from the gazetteer: the reports we code are in English.
func IsLatin(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// Key is the lookup key of a name: Fold, then articles dropped (unless the name is only an
// article), then each word folded with foldWord so that common transliteration variants
// (Deir/Dayr, Raqqa/Raqqah, Hasakeh/Hasakah, Idleb/Idlib is not covered) meet.
func Key(s string) string {
	return KeyFolded(Fold(s))
}

// KeyFolded is Key for a string already passed through Fold.
func KeyFolded(f string) string {
	if f == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(f))
	words := 0
	rest := f
	for rest != "" {
		var w string
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			w, rest = rest, ""
		}
		if articles[w] && rest != "" {
			continue
		}
		if words > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(foldWord(w))
		words++
	}
	return b.String()
}

// KeyWord is KeyFolded for one folded word (no spaces, not empty), without KeyFolded's
// splitting and joining: the geocoder keys every capitalised word of a report.
func KeyWord(w string) string {
	return foldWord(w)
}

// AppendKeyWord appends KeyWord(w) to dst, for a caller that keeps the keys of many words in
// one buffer. It is never longer than w.
func AppendKeyWord(dst []byte, w string) []byte {
	return appendFoldWord(dst, w)
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}

// foldWord merges spelling variants that romanisations of Arabic, Persian, Pashto and Cyrillic
// names produce: y/i, ay/ai/ei/ey, ou/oo/u, ee/i, doubled letters, and -eh/-ah/-a endings.
// It runs on both sides (index and query), so it only has to be consistent, not pretty.
func foldWord(w string) string {
	return string(appendFoldWord(make([]byte, 0, len(w)), w))
}

// appendFoldWord appends foldWord(w) to dst; it is never longer than w.
func appendFoldWord(dst []byte, w string) []byte {
	start := len(dst)
	b := dst
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == 'y' {
			c = 'i'
		}
		n := len(b)
		switch {
		case n > start && b[n-1] == c:
			continue // doubled letter
		case c == 'i' && n > start && b[n-1] == 'e':
			b[n-1] = 'a' // ei, ey -> ai
			c = 'i'
		case c == 'u' && n > start && b[n-1] == 'o':
			b[n-1] = 'u' // ou -> u
			continue
		case c == 'o':
			c = 'u' // o/u: Homs/Hums, Zor/Zur, Kobani/Kubani
			if n > start && b[n-1] == 'u' {
				continue
			}
		case c == 'w' && n > start && b[n-1] == 'a' && (i+1 == len(w) || !isVowel(w[i+1])):
			b[n-1] = 'u' // aw before a consonant: Zawr/Zor, Hawl/Hol
			continue
		}
		b = append(b, c)
	}
	// "ee" became "e" above via the doubled-letter rule; map a remaining
	// final "eh"/"ah"/"e" (after a consonant) to "a".
	n := len(b)
	if n-start > 3 && b[n-1] == 'h' && (b[n-2] == 'a' || b[n-2] == 'e') {
		b = b[:n-1]
		b[n-2] = 'a'
	}
	return b
}

// Similar reports whether two lookup keys are spellings of one name rather than different
// names: one contains the other (spaces ignored), or the Dice coefficient of their character
// bigrams is at least 0.4 ("idleb"/"idlib" yes, "mogadishu"/"banadir" no).
func Similar(ka, kb string) bool {
	ka, kb = strings.ReplaceAll(ka, " ", ""), strings.ReplaceAll(kb, " ", "")
	if ka == "" || kb == "" {
		return false
	}
	if strings.Contains(ka, kb) || strings.Contains(kb, ka) {
		return true
	}
	if len(ka) < 2 || len(kb) < 2 {
		return false
	}
	var bg [26 * 26]uint8
	idx := func(a, b byte) int {
		if a < 'a' || a > 'z' || b < 'a' || b > 'z' {
			return -1
		}
		return int(a-'a')*26 + int(b-'a')
	}
	for i := 0; i+2 <= len(ka); i++ {
		if x := idx(ka[i], ka[i+1]); x >= 0 && bg[x] < 255 {
			bg[x]++
		}
	}
	common := 0
	for i := 0; i+2 <= len(kb); i++ {
		if x := idx(kb[i], kb[i+1]); x >= 0 && bg[x] > 0 {
			bg[x]--
			common++
		}
	}
	return 2*float64(common)/float64(len(ka)+len(kb)-2) >= 0.4
}
