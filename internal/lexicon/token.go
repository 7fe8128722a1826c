// Package lexicon splits text into tokens and matches phrase lexicons against them,
// leftmost-longest, following the words by their numbers in a vocabulary the lexicons share
// (Vocab), so that a text's words are looked up once. It is the one place where sitrep
// decides what a token is: the fine stream of pieces (letter runs, digit runs, single marks)
// that the date, figure and death-toll readers share, and the normalised words built from it,
// so that lexicon files can be written in plain lower-case English.
package lexicon

import (
	"encoding/binary"
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

// Kind says what a Piece is.
type Kind uint8

const (
	Letters Kind = iota // a run of ASCII letters
	Digits              // a run of ASCII digits
	Mark                // one other rune: punctuation, a symbol, a non-ASCII letter
)

// Piece is one unit of a text's fine token stream: a run of ASCII letters, a run of ASCII
// digits, or a single other rune. Spaces, tabs and line breaks separate pieces and are not
// pieces themselves. Words (Tokenize) are made of pieces, and the readers of dates, figures
// and death tolls (packages when, number, casualty) read pieces, so that a document is
// scanned once however many of them read it.
type Piece struct {
	Start, End int    // byte offsets into the text
	Lower      string // letters lower-cased; digits and marks as written, except that en and em dashes read "-"
	Kind       Kind
	Cap        bool // starts with an upper-case letter
	Gap        bool // white space (or the start of the text) before it
}

// Scan appends the pieces of text to dst and returns it.
func Scan(text string, dst []Piece) []Piece {
	return ScanLowered(text, "", dst)
}

// ScanLowered is Scan for a caller that has lower, LowerASCII(text), at hand ("" if not):
// the pieces' Lower are cut from it.
func ScanLowered(text, lower string, dst []Piece) []Piece {
	gap := true
	// lower is text[lowFrom:] with its ASCII letters lower-cased, made at the first word
	// with an upper-case letter if the caller has not: one copy of the text rather than
	// one for each such word.
	lowFrom := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			gap = true
			i++
			continue
		case '0' <= c && c <= '9':
			j := i + 1
			for j < len(text) && '0' <= text[j] && text[j] <= '9' {
				j++
			}
			dst = append(dst, Piece{Start: i, End: j, Lower: text[i:j], Kind: Digits, Gap: gap})
			i = j
		case isLetterByte(c):
			j := i + 1
			if lower != "" {
				// Lower from the lower-cased text, whether the word had upper case or not.
				for j < len(text) && isLetterByte(text[j]) {
					j++
				}
				dst = append(dst, Piece{Start: i, End: j, Lower: lower[i-lowFrom : j-lowFrom], Kind: Letters, Cap: c <= 'Z', Gap: gap})
				i = j
				break
			}
			upper := c <= 'Z'
			for j < len(text) && isLetterByte(text[j]) {
				upper = upper || text[j] <= 'Z'
				j++
			}
			w := text[i:j]
			if upper {
				if lower == "" {
					lower, lowFrom = LowerASCII(text[i:]), i
				}
				w = lower[i-lowFrom : j-lowFrom]
			}
			dst = append(dst, Piece{Start: i, End: j, Lower: w, Kind: Letters, Cap: c <= 'Z', Gap: gap})
			i = j
		default:
			j := i + 1
			if c >= utf8.RuneSelf {
				_, size := utf8.DecodeRuneInString(text[i:])
				j = i + size
			}
			p := text[i:j]
			if p == "–" || p == "—" {
				p = "-"
			}
			dst = append(dst, Piece{Start: i, End: j, Lower: p, Kind: Mark, Gap: gap})
			i = j
		}
		gap = false
	}
	return dst
}

// LowerASCII returns s with its ASCII letters lower-cased and every other byte as it is, so
// that byte offsets into s are offsets into the result. For an ASCII text it is
// strings.ToLower.
func LowerASCII(s string) string {
	// Lower-cased a block at a time on the stack and written once into the result: one
	// allocation and no copy of the whole text beside it.
	var b strings.Builder
	b.Grow(len(s))
	var buf [512]byte
	for len(s) > 0 {
		n := copy(buf[:], s)
		lowerBytes(buf[:n])
		b.Write(buf[:n])
		s = s[n:]
	}
	return b.String()
}

// lowerBytes lower-cases the ASCII letters of b in place.
func lowerBytes(b []byte) {
	// Eight bytes at a time: a byte is an upper-case ASCII letter when its high bit is clear
	// and its value is at least 'A' and not above 'Z'; each test is an addition whose carry
	// stays within the byte, read from the byte's high bit.
	const highs = 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		h := w &^ highs
		geA := h + 0x3f3f3f3f3f3f3f3f // high bit set where h >= 'A'
		gtZ := h + 0x2525252525252525 // high bit set where h > 'Z'
		if upper := (geA ^ gtZ) &^ w & highs; upper != 0 {
			binary.LittleEndian.PutUint64(b[i:], w|upper>>2)
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// Tokenize appends the word tokens of text to dst and returns it. A word is a run of letters
// and digits; hyphens and punctuation separate words, except a comma or dot between digits
// ("1,000", "2.5") and apostrophes inside a word.
func Tokenize(text string, dst []Token) []Token {
	return Words(text, Scan(text, nil), dst)
}

// Words appends the word tokens (as Tokenize defines them) of a text already scanned into
// pieces ps.
func Words(text string, ps []Piece, dst []Token) []Token {
	dst, _ = appendWords(text, "", ps, dst, nil, nil)
	return dst
}

// WordIDs is Words that also appends the id of each word in v to ids. lower is
// LowerASCII(text): a word cut from it (most are) is looked up by its bytes there, with no
// second pass over the words.
func (v *Vocab) WordIDs(text, lower string, ps []Piece, toks []Token, ids []int32) ([]Token, []int32) {
	return appendWords(text, lower, ps, toks, v, ids)
}

func appendWords(text, lower string, ps []Piece, dst []Token, v *Vocab, ids []int32) ([]Token, []int32) {
	for i := 0; i < len(ps); {
		if !wordPiece(text, &ps[i]) {
			i++
			continue
		}
		first := i
		plain := true // one piece, or ASCII lower-case letters and digits only: Norm needs no Fold
		for i++; i < len(ps) && !ps[i].Gap; i++ {
			p := &ps[i]
			if wordPiece(text, p) {
				continue
			}
			// Digit groups: 1,000 and 2.5 stay one token. Apostrophes inside a word:
			// "al-Sharaa's", "don't".
			if i+1 < len(ps) && !ps[i+1].Gap && (((p.Lower == "," || p.Lower == ".") && ps[i-1].Kind == Digits && ps[i+1].Kind == Digits) ||
				((p.Lower == "'" || p.Lower == "’") && ps[i+1].Kind == Letters)) {
				plain = false
				continue
			}
			break
		}
		start, end := ps[first].Start, ps[i-1].End
		var norm string
		// cut: norm is lower[start:end] (the letters of the text lower-cased, its digits).
		cut := true
		switch {
		case i-first == 1 && ps[first].Kind != Mark:
			norm = ps[first].Lower
		case plain && lowerRun(text, ps[first:i]):
			norm = text[start:end]
		default:
			norm, cut = Fold(text[start:end]), false
		}
		dst = append(dst, Token{Start: start, End: end, Norm: norm})
		if v != nil {
			if cut && start+8 <= len(lower) {
				ids = append(ids, v.id(norm, headAt(lower, start, len(norm))))
			} else {
				ids = append(ids, v.ID(norm))
			}
		}
	}
	return dst, ids
}

// wordPiece reports whether p is part of a word: letters, digits, or a non-ASCII letter,
// digit or combining mark.
func wordPiece(text string, p *Piece) bool {
	if p.Kind != Mark {
		return true
	}
	if text[p.Start] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[p.Start:p.End])
	return isWord(r)
}

// lowerRun reports whether pieces are all ASCII letters and digits with no upper case.
func lowerRun(text string, ps []Piece) bool {
	for i := range ps {
		// Lower is the text itself unless Scan had to lower-case it.
		if ps[i].Kind == Mark || ps[i].Lower != text[ps[i].Start:ps[i].End] {
			return false
		}
	}
	return true
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isDigit(b byte) bool      { return '0' <= b && b <= '9' }
func isLetterByte(b byte) bool { return (b|0x20)-'a' < 26 } // 'A'-'Z' or 'a'-'z'; |0x20 lower-cases a letter

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
