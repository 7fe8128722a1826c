package number

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"3", 3, true},
		{"two", 2, true},
		{"Two", 2, true},
		{"twenty-five", 25, true},
		{"twenty five", 25, true},
		{"1,000", 1000, true},
		{"10,500", 10500, true},
		{"a hundred and five", 105, true},
		{"one hundred", 100, true},
		{"three hundred and twenty-one", 321, true},
		{"two thousand five hundred", 2500, true},
		{"1.5 million", 1500000, true},
		{"3 million", 3000000, true},
		{"seven million two hundred thousand", 7200000, true},
		{"a thousand", 1000, true},
		{"two dozen", 24, true},
		{"zero", 0, true},
		{"nineteen", 19, true},
		{"ninety-nine", 99, true},
		{"", 0, false},
		{"a", 0, false},
		{"the", 0, false},
		{"9th", 0, false},
		{"1,00", 0, false},
		{"12.7mm", 0, false},
		{"two three", 0, false},
		{"5 to 7", 0, false},
		{"at least 3", 0, false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		in   string
		want []Number // Start/End checked via text
		text []string
	}{
		{"at least 3 people were killed", []Number{{Value: 3, Low: 3, High: 3, AtLeast: true}}, []string{"at least 3"}},
		{"between 5 and 7 soldiers", []Number{{Value: 5, Low: 5, High: 7}}, []string{"between 5 and 7"}},
		{"5-7 soldiers", []Number{{Value: 5, Low: 5, High: 7}}, []string{"5-7"}},
		{"10-15 militants and 3 to 4 soldiers", []Number{{Value: 10, Low: 10, High: 15}, {Value: 3, Low: 3, High: 4}}, []string{"10-15", "3 to 4"}},
		{"one or two civilians", []Number{{Value: 1, Low: 1, High: 2}}, []string{"one or two"}},
		{"dozens of people", []Number{{Value: 12, Low: 12, High: 12, Vague: true}}, []string{"dozens"}},
		{"tens of people and hundreds more", []Number{{Value: 10, Low: 10, High: 10, Vague: true}, {Value: 100, Low: 100, High: 100, Vague: true}}, []string{"tens", "hundreds"}},
		{"hundreds of thousands fled", []Number{{Value: 100000, Low: 100000, High: 100000, Vague: true}}, []string{"hundreds of thousands"}},
		{"a dozen soldiers", []Number{{Value: 12, Low: 12, High: 12, Vague: true}}, []string{"a dozen"}},
		{"several houses and a few cars", []Number{{Value: 10, Low: 10, High: 10, Vague: true, Unstated: true}, {Value: 3, Low: 3, High: 3, Vague: true, Unstated: true}}, []string{"several", "a few"}},
		{"a number of guards and dozens of fighters", []Number{{Value: 10, Low: 10, High: 10, Vague: true, Unstated: true}, {Value: 12, Low: 12, High: 12, Vague: true}}, []string{"a number", "dozens"}},
		{"around 2500 medical interns", []Number{{Value: 2500, Low: 2500, High: 2500, Approx: true}}, []string{"around 2500"}},
		{"more than twenty fighters", []Number{{Value: 20, Low: 20, High: 20, AtLeast: true}}, []string{"more than twenty"}},
		{"a soldier was killed", nil, nil},
		{"the 9th brigade fired 12.7mm rounds", nil, nil},
		{"1,000 troops", []Number{{Value: 1000, Low: 1000, High: 1000}}, []string{"1,000"}},
		{"Twenty-one people", []Number{{Value: 21, Low: 21, High: 21}}, []string{"Twenty-one"}},
	}
	for _, tt := range tests {
		got := Find(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("Find(%q) = %+v; want %d numbers", tt.in, got, len(tt.want))
			continue
		}
		for i, g := range got {
			w := tt.want[i]
			if tt.in[g.Start:g.End] != tt.text[i] {
				t.Errorf("Find(%q)[%d] text %q; want %q", tt.in, i, tt.in[g.Start:g.End], tt.text[i])
			}
			g.Start, g.End = 0, 0
			if g != w {
				t.Errorf("Find(%q)[%d] = %+v; want %+v", tt.in, i, g, w)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"twenty-five", "1,000", "a hundred and five", "3", "two", "1.5 million", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := Parse(s)
		if ok && v < 0 {
			t.Fatalf("Parse(%q) = %d", s, v)
		}
	})
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"at least 3 killed", "between 5 and", "5-", "a", "hundreds of", "\xff12", "ünf 3 – 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, n := range Find(s) {
			if n.Start < prev || n.Start >= n.End || n.End > len(s) {
				t.Fatalf("Find(%q): bad span %+v", s, n)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[n.Start]) || (n.End < len(s) && !utf8.RuneStart(s[n.End]))) {
				t.Fatalf("Find(%q): span not on rune boundary %+v", s, n)
			}
			if n.Low > n.High || n.Value < 0 {
				t.Fatalf("Find(%q): bad values %+v", s, n)
			}
			prev = n.End
		}
	})
}

func BenchmarkFind(b *testing.B) {
	text := strings.Repeat("On 3 May, at least twenty-five people were killed and between 5 and 7 wounded when 1,000 troops advanced; dozens fled. ", 3000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}

// tokenizeRef is the tokenizer number had before it read lexicon pieces, kept to check that
// tokens gives the same units: words, digit groups and single punctuation marks, a digit
// group glued to letters ("12.7mm", "9th", "M16") yielding no digit token.
func tokenizeRef(text string) []token {
	toks := make([]token, 0, len(text)/5+1)
	gap := true
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			gap = true
			i++
			continue
		case isDigit(c):
			j := i
			for j < len(text) && (isDigit(text[j]) || ((text[j] == ',' || text[j] == '.') && j+1 < len(text) && isDigit(text[j+1]))) {
				j++
			}
			glued := (j < len(text) && isLetter(text[j])) || (i > 0 && isLetter(text[i-1]))
			if !glued {
				toks = append(toks, token{start: i, end: j, text: text[i:j], digits: true, gapBefore: gap})
			} else {
				toks = append(toks, token{start: i, end: j, text: text[i:j], lower: "#", gapBefore: gap})
			}
			i = j
		case isLetter(c):
			j := i
			for j < len(text) && (isLetter(text[j]) || text[j] == '\'') {
				j++
			}
			w := text[i:j]
			toks = append(toks, token{start: i, end: j, text: w, lower: strings.ToLower(w), gapBefore: gap})
			i = j
		default:
			// one punctuation mark or one non-ASCII rune
			j := i + 1
			if c >= 0x80 {
				for j < len(text) && text[j]&0xC0 == 0x80 {
					j++
				}
			}
			p := text[i:j]
			if p == "–" || p == "—" {
				p = "-"
			}
			toks = append(toks, token{start: i, end: j, text: text[i:j], lower: p, gapBefore: gap})
			i = j
		}
		gap = false
	}
	return toks
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"at least 1,000 troops; 2.5 km, 12.7mm, M16, 9th", "don't soldiers' x'9 a,1 1,a 1,2,3 — – 5-7", "é\x801,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // the old tokenizer read invalid UTF-8 differently; the coder never passes it
		}
		got, want := tokens(s, lexicon.Scan(s, nil), nil), tokenizeRef(s)
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens(%q) =\n%+v, want\n%+v", s, got, want)
		}
	})
}

// appendInRef is AppendIn as it was before it read tokens in windows: every token of the
// text made first, then read in turn. TestAppendInRef and FuzzAppendIn check AppendIn
// against it.
func appendInRef(out []Number, text string, ps []lexicon.Piece) []Number {
	toks := tokens(text, ps, nil)
	for i := 0; i < len(toks); {
		if !toks[i].digits && !starters[toks[i].lower] {
			i++
			continue
		}
		n, next, ok := readRange(text, toks, i)
		if !ok {
			i++
			continue
		}
		if q, start := qualifierRef(toks, i, atLeastWords); q {
			n.AtLeast = true
			n.Start = start
		} else if q, start := qualifierRef(toks, i, approxWords); q {
			n.Approx = true
			n.Start = start
		}
		out = append(out, n)
		i = next
	}
	return out
}

// qualifierRef is qualifier without its quick test of the word before.
func qualifierRef(toks []token, i int, lists [][]string) (bool, int) {
	for _, q := range lists {
		if i < len(q) {
			continue
		}
		ok := true
		for k := range q {
			if toks[i-len(q)+k].lower != q[k] {
				ok = false
				break
			}
		}
		if ok {
			return true, toks[i-len(q)].start
		}
	}
	return false, 0
}

// figureTexts are texts dense in figures, qualifiers and the words between them, for the
// tests that compare AppendIn with appendInRef.
var figureTexts = []string{
	"at least 3 killed", "between 5 and", "5-", "a", "an", "hundreds of", "hundreds of thousands of", "a number of",
	"no fewer than twenty-five thousand and three", "as many as a hundred and five to two hundred", "tens of thousands",
	"between 1,000 and 2,000", "some 2.5 million", "up to 7 or 8", "scores of", "a dozen", "two dozen", "a few",
	"over 3 - 4", "in excess of 12,000 - 13,000", "3 to 2", "one two three", "about a hundred", "close to 1.5 million",
	"between a few and several", "several hundred", "M16 9th 12.7mm 3rd", "don't 5 soldiers' 7",
}

func TestAppendInRef(t *testing.T) {
	texts := append([]string{}, figureTexts...)
	// every pair of them, so that a figure meets each of the others' words
	for _, a := range figureTexts {
		for _, b := range figureTexts {
			texts = append(texts, a+" "+b, a+", "+b)
		}
	}
	if acled := evalfile.CSV(t, "acled-2020-dev.csv"); acled != nil {
		for _, row := range acled.Rows {
			texts = append(texts, row[acled.Col("notes")])
		}
	}
	for _, s := range texts {
		ps := lexicon.Scan(s, nil)
		if got, want := AppendIn(nil, s, ps), appendInRef(nil, s, ps); !reflect.DeepEqual(got, want) {
			t.Fatalf("AppendIn(%q) =\n%+v, want\n%+v", s, got, want)
		}
	}
}

func FuzzAppendIn(f *testing.F) {
	for _, s := range figureTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps := lexicon.Scan(s, nil)
		if got, want := AppendIn(nil, s, ps), appendInRef(nil, s, ps); !reflect.DeepEqual(got, want) {
			t.Fatalf("AppendIn(%q) =\n%+v, want\n%+v", s, got, want)
		}
	})
}

// BenchmarkAppendIn reads the figures of the ACLED notes, their pieces scanned, as package
// casualty does for the coder.
func BenchmarkAppendIn(b *testing.B) {
	texts, size := evalfile.ACLEDNotes(b)
	lowers := make([]string, len(texts))
	for k, text := range texts {
		lowers[k] = lexicon.LowerASCII(text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var ps []lexicon.Piece
	var out []Number
	for b.Loop() {
		for k, text := range texts {
			// The pieces scanned just before, as the coder has them (and in the cache);
			// the scan is part of the time.
			ps = lexicon.ScanLowered(text, lowers[k], ps[:0])
			out = AppendIn(out[:0], text, ps)
		}
	}
}

// TestShapes checks that the quick tests pass every word of their sets.
func TestShapes(t *testing.T) {
	for w := range starters {
		if !mayStart(w) {
			t.Errorf("mayStart(%q) = false", w)
		}
	}
	for w := range chainWords {
		if !mayChain(w) {
			t.Errorf("mayChain(%q) = false", w)
		}
	}
	for w := range qualifierEnds {
		if !qualifierEnd(w) {
			t.Errorf("qualifierEnd(%q) = false", w)
		}
	}
	if mayStart("") || mayChain("") || qualifierEnd("") {
		t.Error(`"" passes a quick test`)
	}
}
