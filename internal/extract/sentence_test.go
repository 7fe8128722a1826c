package extract

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Gen. Smith met Mr. Jones in the U.S. on Friday. Then he left.", []string{"Gen. Smith met Mr. Jones in the U.S. on Friday.", "Then he left."}},
		{"Clashes killed 2.5 percent. 3 fatalities.", []string{"Clashes killed 2.5 percent.", "3 fatalities."}},
		{"Caption line\nCaption line (credit: X)\n\nBody.", []string{"Caption line", "Caption line (credit: X)", "Body."}},
		{"He said “it ended.” Then fighting resumed.", []string{"He said “it ended.”", "Then fighting resumed."}},
		{"J. Smith reported it. on lower case no split.", []string{"J. Smith reported it. on lower case no split."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentences(tt.in, nil) {
			got = append(got, tt.in[s.start:s.end])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// maxAbbreviation is what it says: endsAbbreviation looks no further.
func TestMaxAbbreviation(t *testing.T) {
	n := 0
	for a := range abbreviations {
		n = max(n, len(a))
		if a != strings.ToLower(a) {
			t.Errorf("abbreviation %q is not lower-case", a)
		}
	}
	if n != maxAbbreviation {
		t.Errorf("longest abbreviation has %d bytes, maxAbbreviation is %d", n, maxAbbreviation)
	}
}

// sentencesRef is sentences as it was written before it searched for each mark: a reading
// of the text byte by byte, kept to check the searches against.
func sentencesRef(text string, out []span) []span {
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
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !refMarks[c] {
			continue // one test for most bytes
		}
		if c == '\n' {
			emit(i)
			start = i + 1
			continue
		}
		if c != '.' && c != '!' && c != '?' {
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
		if c == '.' && endsAbbreviationRef(text[start:i]) {
			continue
		}
		emit(j)
		start = j
		i = j - 1
	}
	emit(len(text))
	return out
}
func endsAbbreviationRef(s string) bool {
	i := len(s)
	for i > 0 && (s[i-1] == '.' || isLetterByte(s[i-1])) {
		i--
	}
	w := strings.ToLower(s[i:])
	if w == "" {
		return false
	}
	if len(w) == 1 && s[i] >= 'A' && s[i] <= 'Z' {
		return true
	}
	return abbreviations[w]
}

var refMarks = [256]bool{'\n': true, '.': true, '!': true, '?': true}

func TestSentencesRef(t *testing.T) {
	texts := []string{"", ".", "\n", "a.\n", "Gen. Smith. ! ? x.\"” Y", "He said “it ended.” Then. U.S. Army. J. Smith"}
	notes, _ := evalfile.ACLEDNotes(t)
	texts = append(texts, notes...)
	for _, s := range texts {
		if got, want := sentences(s, nil), sentencesRef(s, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("sentences(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"One. Two! Three?", "Gen. Smith met Mr. Jones in the U.S. on Friday. Then he left.", "He said “it ended.” Then fighting resumed.", "a.\n\nB. c? D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := sentences(s, nil), sentencesRef(s, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("sentences(%q) = %v, want %v", s, got, want)
		}
	})
}

// BenchmarkSentences splits the ACLED notes into sentences.
func BenchmarkSentences(b *testing.B) {
	texts, size := evalfile.ACLEDNotes(b)
	for _, bb := range []struct {
		name string
		f    func(string, []span) []span
	}{{"search", sentences}, {"ref", sentencesRef}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			var out []span
			for b.Loop() {
				for _, s := range texts {
					out = bb.f(s, out[:0])
				}
			}
		})
	}
}
