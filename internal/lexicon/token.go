// Package lexicon turns text into normalised word tokens and matches phrase lexicons against
// them, leftmost-longest. It is the one place where sitrep decides what counts as "the same
// word", so that lexicon files can be written in plain lower-case English.
package lexicon

import (
	"strings"

	"golang.org/x/text/unicode/norm"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text. Start and End are byte offsets into the text; Norm is the word
// lower-cased with accents and apostrophes removed ("Côte" → "cote", "Sharaa’s" → "sharaas").
type Token struct {
	Start, End int
	Norm       string
}

// Tokenize appends the word tokens of text to dst and returns it. A word is a run of letters
// and digits; hyphens and punctuation separate words, except a comma or dot between digits
// ("1,000", "2.5") and apostrophes inside a word.
func Tokenize(text string, dst []Token) []Token {
	i := 0
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !isWord(r) {
			i += size
			continue
		}
		start := i
		ascii := true
		for i < len(text) {
			r, size = rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			if isWord(r) {
				if r >= utf8.RuneSelf || ('A' <= r && r <= 'Z') {
					ascii = false
				}
				i += size
				continue
			}
			// Digit groups: 1,000 and 2.5 stay one token.
			if (r == ',' || r == '.') && i > start && isDigit(text[i-1]) && i+1 < len(text) && isDigit(text[i+1]) {
				ascii = false
				i += size
				continue
			}
			// Apostrophes inside a word: "al-Sharaa's", "don't".
			if (r == '\'' || r == '’') && i+size < len(text) && isLetterByte(text[i+size]) {
				ascii = false
				i += size
				continue
			}
			break
		}
		word := text[start:i]
		if !ascii {
			word = Fold(word)
		}
		dst = append(dst, Token{Start: start, End: i, Norm: word})
	}
	return dst
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isDigit(b byte) bool      { return '0' <= b && b <= '9' }
func isLetterByte(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// Fold lower-cases s, strips accents from Latin letters, and drops apostrophes and the commas
// of digit groups, giving the form lexicons are written in.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == ',':
			continue
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			continue
		default:
			if f, ok := latinFold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteString(foldRune(r))
			}
		}
	}
	return b.String()
}

// foldRune lower-cases r and strips its combining marks through canonical decomposition, for
// letters the latinFold table does not list (Ḩ, ẖ, ...).
func foldRune(r rune) string {
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) {
			b.WriteRune(unicode.ToLower(d))
		}
	}
	return b.String()
}

// latinFold maps accented Latin letters to their plain form. It covers the letters that occur
// in transliterated place and actor names; anything else is only lower-cased.
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	add := func(plain string, letters string) {
		for _, r := range letters {
			m[r] = plain
		}
	}
	add("a", "àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ")
	add("ae", "æÆ")
	add("c", "çćĉċčÇĆĈĊČ")
	add("d", "ďđḍḏĎĐḌḎ")
	add("e", "èéêëēĕėęěẹẻẽếềểễệÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ")
	add("g", "ĝğġģǧĜĞĠĢǦ")
	add("h", "ĥħḥḫḤĤĦḪ")
	add("i", "ìíîïĩīĭįıǐịỉÌÍÎÏĨĪĬĮİǏỊỈ")
	add("j", "ĵĴ")
	add("k", "ķḳĶḲ")
	add("l", "ĺļľŀłĹĻĽĿŁ")
	add("n", "ñńņňṇÑŃŅŇṆ")
	add("o", "òóôõöøōŏőǒọỏốồổỗộớờởỡợơÒÓÔÕÖØŌŎŐǑỌỎỐỒỔỖỘỚỜỞỠỢƠ")
	add("oe", "œŒ")
	add("r", "ŕŗřṛŔŖŘṚ")
	add("s", "śŝşšșṣŚŜŞŠȘṢ")
	add("ss", "ß")
	add("t", "ţťŧțṭṯŢŤŦȚṬṮ")
	add("u", "ùúûüũūŭůűųǔụủứừửữựưÙÚÛÜŨŪŬŮŰŲǓỤỦỨỪỬỮỰƯ")
	add("w", "ŵŴ")
	add("y", "ýÿŷỳỵỷỹÝŸŶỲỴỶỸ")
	add("z", "źżžẓŹŻŽẒ")
	return m
}()
