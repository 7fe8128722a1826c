package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [start, end) of the document text.
type span struct{ start, end int }

// abbreviations end with a dot that does not end a sentence. Lower-case, without the dot.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "lt": true, "col": true,
	"maj": true, "capt": true, "cpt": true, "sgt": true, "brig": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "st": true, "no": true, "nos": true, "vs": true, "etc": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "est": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "jr": true, "sr": true, "prof": true,
	"u.s": true, "u.n": true, "u.k": true, "e.g": true, "i.e": true, "al": true, "pres": true,
}

// sentenceMarks are the bytes that may end a sentence.
var sentenceMarks = [...]byte{'\n', '.', '!', '?'}

// sentences splits text into sentences. A sentence ends at a line break, or at ".", "!" or
// "?" (with any closing quotes or brackets) followed by white space and an upper-case letter,
// digit or opening quote, unless the dot ends an abbreviation or a single initial. Spans are
// trimmed of white space; empty ones are dropped. The spans are appended to out.
func sentences(text string, out []span) []span {
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, span{s, e})
		}
	}
	// next holds the offset of the next of each mark at or after pos (len(text) if none),
	// each found by a search of its own: the text is not read byte by byte, since a mark
	// comes once in a sentence or so.
	var next [len(sentenceMarks)]int
	for k := range next {
		next[k] = -1
	}
	for pos := 0; ; {
		i := len(text)
		for k, m := range sentenceMarks {
			if next[k] < pos {
				next[k] = len(text)
				if d := strings.IndexByte(text[pos:], m); d >= 0 {
					next[k] = pos + d
				}
			}
			i = min(i, next[k])
		}
		if i == len(text) {
			break
		}
		pos = i + 1
		c := text[i]
		if c == '\n' {
			emit(i)
			start = i + 1
			continue
		}
		j := i + 1
		for j < len(text) && strings.IndexByte("\"')]”’»", text[j]) >= 0 {
			j++
		}
		if j < len(text) && (text[j] == 0xE2) { // closing curly quotes are multi-byte
			if strings.HasPrefix(text[j:], "”") || strings.HasPrefix(text[j:], "’") {
				j += 3
			}
		}
		if j >= len(text) {
			continue
		}
		if !isSpace(text[j]) {
			continue
		}
		k := j
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k < len(text) && text[k] != '\n' {
			r, _ := utf8.DecodeRuneInString(text[k:])
			if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '(' || r == '\'' || r == '[' || r == '*') {
				continue
			}
		}
		if c == '.' && endsAbbreviation(text[start:i]) {
			continue
		}
		emit(j)
		start = j
		pos = j
	}
	emit(len(text))
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// endsAbbreviation reports whether s (the text before a dot) ends with an abbreviation or a
// single capital initial ("J. Smith").
func endsAbbreviation(s string) bool {
	i := len(s)
	for i > 0 && (s[i-1] == '.' || isLetterByte(s[i-1])) {
		i--
	}
	w := s[i:]
	if w == "" {
		return false
	}
	if len(w) == 1 && s[i] >= 'A' && s[i] <= 'Z' {
		return true
	}
	// Lower-cased on the stack: the word before a full stop is usually no abbreviation, and
	// usually longer than any.
	var b [maxAbbreviation]byte
	if len(w) > len(b) {
		return false
	}
	for k := range len(w) {
		b[k] = w[k] | 0x20 // letters and dots only: '.' is 0x2e already
	}
	return abbreviations[string(b[:len(w)])]
}

// maxAbbreviation is the length of the longest abbreviation.
const maxAbbreviation = 6

func isLetterByte(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }
