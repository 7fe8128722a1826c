package lexicon

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func norms(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Norm)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Two US soldiers were killed.", []string{"two", "us", "soldiers", "were", "killed"}},
		{"Around 1,000 troops; 2.5 km", []string{"around", "1000", "troops", "2.5", "km"}},
		{"al-Sharaa’s overthrow", []string{"al", "sharaas", "overthrow"}},
		{"Côte d'Ivoire", []string{"cote", "divoire"}},
		{"Ḩawl, Dayr az-Zawr", []string{"hawl", "dayr", "az", "zawr"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := norms(Tokenize(tt.in, nil))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	text := "Ḩawl — “clashes” erupted"
	for _, tok := range Tokenize(text, nil) {
		if Fold(text[tok.Start:tok.End]) != tok.Norm {
			t.Errorf("token %q at %d:%d reads %q", tok.Norm, tok.Start, tok.End, text[tok.Start:tok.End])
		}
	}
}

func TestMatcherLeftmostLongest(t *testing.T) {
	m := NewMatcher()
	for i, p := range []string{"abc", "abc d", "b", "clash*", "opened fire", "opened fire on"} {
		if err := m.Add(p, i); err != nil {
			t.Fatal(err)
		}
	}
	toks := Tokenize("x abc d b; they opened fire on clashing groups", nil)
	got := m.FindAll(toks, nil)
	want := []Match{{1, 3, 1}, {3, 4, 2}, {5, 8, 5}, {8, 9, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindAll = %v, want %v", got, want)
	}
}

func TestReadLines(t *testing.T) {
	in := "# comment\nair strike\tair\t3\n\nshelled  shell  2 # trailing\n"
	got, err := ReadLines(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Line{{2, "air strike", []string{"air", "3"}}, {4, "shelled", []string{"shell", "2"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadLines = %+v, want %+v", got, want)
	}
}

func BenchmarkTokenizeMatch(b *testing.B) {
	m := NewMatcher()
	for i, p := range []string{"killed", "opened fire", "clash*", "air strike", "suicide bomber"} {
		m.Add(p, i)
	}
	text := strings.Repeat("On 9 May 2020, gunmen opened fire on a convoy near the town, killing three soldiers; clashes followed. ", 1000)
	b.SetBytes(int64(len(text)))
	var toks []Token
	var ms []Match
	for b.Loop() {
		toks = Tokenize(text, toks[:0])
		ms = m.FindAll(toks, ms[:0])
	}
}

func TestScan(t *testing.T) {
	text := "On 9 May, 1,000 Al-Hol—camp é"
	type p struct {
		lower    string
		kind     Kind
		cap, gap bool
	}
	want := []p{{"on", Letters, true, true}, {"9", Digits, false, true}, {"may", Letters, true, true},
		{",", Mark, false, false}, {"1", Digits, false, true}, {",", Mark, false, false}, {"000", Digits, false, false},
		{"al", Letters, true, true}, {"-", Mark, false, false}, {"hol", Letters, true, false}, {"-", Mark, false, false},
		{"camp", Letters, false, false}, {"é", Mark, false, true}}
	var got []p
	for _, x := range Scan(text, nil) {
		got = append(got, p{x.Lower, x.Kind, x.Cap, x.Gap})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scan(%q) =\n%v, want\n%v", text, got, want)
	}
}

// tokenizeRef is Tokenize as it was written before it was built on Scan: a direct reading of
// the definition, kept to check that Words over Scan gives the same tokens.
func tokenizeRef(text string) []Token {
	var dst []Token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) {
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWord(r) {
				i += size
				continue
			}
			if (r == ',' || r == '.') && i > start && isDigit(text[i-1]) && i+1 < len(text) && isDigit(text[i+1]) {
				i += size
				continue
			}
			if (r == '\'' || r == '’') && i+size < len(text) && isLetterByte(text[i+size]) {
				i += size
				continue
			}
			break
		}
		dst = append(dst, Token{Start: start, End: i, Norm: Fold(text[start:i])})
	}
	return dst
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Two US soldiers were killed.", "Around 1,000 troops; 2.5 km", "al-Sharaa’s overthrow",
		"Côte d'Ivoire", "Ḩawl, Dayr az-Zawr", "M16 9th 12.7mm don't x'9 a,1 1,a", "é\x80x \xff1,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Tokenize(s, nil), tokenizeRef(s)
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Tokenize(%q) =\n%v, want\n%v", s, got, want)
		}
	})
}

// Among prefix phrases that match the same words, the one added first wins, whatever the
// lengths of the prefixes.
func TestMatcherPrefixOrder(t *testing.T) {
	for _, tt := range []struct {
		phrases []string
		want    int
	}{{[]string{"clash*", "cl*"}, 0}, {[]string{"cl*", "clash*"}, 0}, {[]string{"clashes", "cl*"}, 0}, {[]string{"x", "c*", "clashes*"}, 1},
		{[]string{"clash*", "clashes*"}, 0}, {[]string{"clashes*", "clash*"}, 0}, {[]string{"cla*", "clb*", "clash*"}, 0}, {[]string{"clb*", "clashe*", "cla*"}, 1}} {
		m := NewMatcher()
		for i, p := range tt.phrases {
			m.Add(p, i)
		}
		got := m.FindAll(Tokenize("clashes", nil), nil)
		if len(got) != 1 || got[0].Value != tt.want {
			t.Errorf("%q: FindAll = %v, want value %d", tt.phrases, got, tt.want)
		}
	}
}

// Shapes never turns away a word of its set, and turns away most others.
func TestShapes(t *testing.T) {
	var f Shapes
	set := []string{"a", "killed", "clashes", "al-hol", "côte", "between"}
	for _, w := range set {
		f.Add(w)
	}
	for _, w := range set {
		if !f.May(w) {
			t.Errorf("May(%q) = false for a word added", w)
		}
	}
	others := []string{"", "the", "of", "soldiers", "village", "on", "reported", "police", "said", "killing", "clash", "a-very-long-word-indeed"}
	passed := 0
	for _, w := range others {
		if f.May(w) {
			passed++
		}
	}
	if passed > 2 {
		t.Errorf("%d of %d words not in the set pass the test", passed, len(others))
	}
}

// LowerASCII keeps every byte offset: only ASCII letters change.
func TestLowerASCII(t *testing.T) {
	for in, want := range map[string]string{
		"Gunmen KILLED 3 in Al-Hol": "gunmen killed 3 in al-hol",
		"Côte D'Ivoire ÉTAT":        "côte d'ivoire État",
		"":                          "",
	} {
		if got := LowerASCII(in); got != want {
			t.Errorf("LowerASCII(%q) = %q, want %q", in, got, want)
		}
	}
	// Every byte value at every position of an eight-byte word and in the tail.
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 11; pos++ {
			b := []byte("xYz-Q7\xff\x80Ab@")
			b[pos] = byte(c)
			want := []byte(string(b))
			for i, c := range want {
				if 'A' <= c && c <= 'Z' {
					want[i] = c + 'a' - 'A'
				}
			}
			if got := LowerASCII(string(b)); got != string(want) {
				t.Fatalf("LowerASCII(%q) = %q, want %q", b, got, want)
			}
		}
	}
}

// Prefixes shorter than the three bytes the matcher indexes them by still match, and words
// shorter than that skip only the longer prefixes.
func TestShortPrefixes(t *testing.T) {
	m := NewMatcher()
	for i, p := range []string{"clash*", "ki*", "x*", "shot dead"} {
		if err := m.Add(p, i); err != nil {
			t.Fatal(err)
		}
	}
	toks := Tokenize("Kin clashed; x and xy, kit shot dead, cl", nil)
	var got []int
	for _, mt := range m.FindAll(toks, nil) {
		got = append(got, mt.Value)
	}
	want := []int{1, 0, 2, 2, 1, 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values %v, want %v", got, want)
	}
}

// A Vocab finds every word it was given, of every length, and no other: words that share
// their first eight bytes, or differ only in length, are told apart.
func TestVocab(t *testing.T) {
	v := NewVocab()
	var in []string
	for n := 1; n <= 20; n++ {
		in = append(in, strings.Repeat("k", n), strings.Repeat("k", n-1)+"z", "abcdefgh"[:min(n, 8)]+strings.Repeat("q", max(0, n-8)))
	}
	in = append(in, "killed", "killer", "killedx", "police", "é", "côte", "x\x00")
	ids := map[string]int32{}
	for _, w := range in {
		if _, ok := ids[w]; !ok {
			ids[w] = v.Intern(w)
		}
	}
	if v.Len() != len(ids)+1 {
		t.Errorf("Len = %d, want %d", v.Len(), len(ids)+1)
	}
	for w, id := range ids {
		if got := v.ID(w); got != id || id == 0 || v.Word(id) != w {
			t.Errorf("ID(%q) = %d, want %d (Word %q)", w, got, id, v.Word(id))
		}
	}
	for _, w := range []string{"", "kill", "killers", "k\x00", "abcdefghr", "abcdefgz", "abcdefgh" + strings.Repeat("q", 13), "x", "polices", "cote"} {
		if id := v.ID(w); id != 0 {
			t.Errorf("ID(%q) = %d (%q), want 0", w, id, v.Word(id))
		}
	}
	v.Tag("killed", 1)
	v.Tag("killed", 4)
	v.Tag("said", 2)
	if v.Tags(v.ID("killed")) != 5 || v.Tags(v.ID("said")) != 2 || v.Tags(v.ID("police")) != 0 || v.Tags(0) != 0 {
		t.Errorf("tags: killed %d, said %d, police %d", v.Tags(v.ID("killed")), v.Tags(v.ID("said")), v.Tags(v.ID("police")))
	}
}

func BenchmarkLowerASCII(b *testing.B) {
	text := strings.Repeat("On 9 May 2020, Gunmen opened fire on a convoy near the town of Al-Hol, killing three soldiers. ", 5)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		LowerASCII(text)
	}
}

// WordIDs gives the tokens of Words and, for each, the id IDs gives, whether the word is cut
// from the lower-cased text or folded, near the end of the text or not.
func FuzzWordIDs(f *testing.F) {
	for _, s := range []string{"Two US soldiers were killed.", "Around 1,000 troops; 2.5 km", "al-Sharaa’s overthrow",
		"Côte d'Ivoire KILLED", "Ḩawl, Dayr az-Zawr", "M16 9th 12.7mm don't x'9 a,1 1,a", "é\x80x \xff1,2", "Killed"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := NewVocab()
		for i, tok := range Tokenize(s, nil) {
			if i%2 == 0 {
				v.Intern(tok.Norm)
			}
		}
		v.Intern("killed")
		lower := LowerASCII(s)
		ps := ScanLowered(s, lower, nil)
		toks, ids := v.WordIDs(s, lower, ps, nil, nil)
		want := Words(s, ps, nil)
		if !reflect.DeepEqual(toks, want) {
			t.Fatalf("WordIDs(%q) tokens %v, want %v", s, toks, want)
		}
		if wantIDs := v.IDs(want, nil); !reflect.DeepEqual(ids, wantIDs) {
			t.Fatalf("WordIDs(%q) ids %v, want %v", s, ids, wantIDs)
		}
	})
}

// Prefixes of three bytes and of four or more at one node: each matches the words it
// starts, and no others.
func TestPrefixHeads(t *testing.T) {
	m := NewMatcher()
	for i, p := range []string{"boy*", "resident*", "imam*", "res cue"} {
		if err := m.Add(p, i); err != nil {
			t.Fatal(err)
		}
	}
	toks := Tokenize("boys resign; residents, boy imams, res cue, resid imam bo", nil)
	var got []int
	for _, mt := range m.FindAll(toks, nil) {
		got = append(got, mt.Value)
	}
	want := []int{0, 1, 0, 2, 3, 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values %v, want %v", got, want)
	}
}

// ScanLowered with the lower-cased text at hand gives the pieces Scan gives without it.
func FuzzScanLowered(f *testing.F) {
	for _, s := range []string{"On 9 May, 1,000 Al-Hol—camp é", "Côte d'Ivoire KILLED abcdefghijklmnop", "ab\x80cdefghijkl Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := ScanLowered(s, LowerASCII(s), nil), Scan(s, nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ScanLowered(%q) =\n%v, want\n%v", s, got, want)
		}
	})
}

// A matcher gives the same matches whether its vocabulary grew after its table of
// unprefixed words was made or not, and after a later Add.
func TestUnprefixedTable(t *testing.T) {
	v := NewVocab()
	m := NewMatcherIn(v)
	for i, p := range []string{"clash*", "killed", "kill*"} {
		m.Add(p, i)
	}
	v.Intern("clashes") // known, and starts with a prefix
	v.Intern("police")
	text := "police clashes killed killers clash"
	run := func() []Match {
		toks := Tokenize(text, nil)
		return m.FindIDs(toks, v.IDs(toks, nil), nil)
	}
	want := []Match{{1, 2, 0}, {2, 3, 1}, {3, 4, 2}, {4, 5, 0}}
	if got := run(); !reflect.DeepEqual(got, want) {
		t.Errorf("FindIDs = %v, want %v", got, want)
	}
	v.Intern("killers") // after the table was made
	if got := run(); !reflect.DeepEqual(got, want) {
		t.Errorf("after Intern: FindIDs = %v, want %v", got, want)
	}
	m.Add("pol*", 3)
	want = append([]Match{{0, 1, 3}}, want...)
	if got := run(); !reflect.DeepEqual(got, want) {
		t.Errorf("after Add: FindIDs = %v, want %v", got, want)
	}
}

// A node with more four-byte prefix heads than headsFrom tests them by its bit set, one
// with fewer in turn: both find the same words.
func TestPrefixHeadSet(t *testing.T) {
	text := "killers clashed; shooting, attackers bombed raids; kil clas bomb rai x"
	for _, phrases := range [][]string{{"kill*", "clash*", "shoot*", "attack*", "bomb*", "raid*"}, {"kill*", "clash*"}} {
		m := NewMatcher()
		for i, p := range phrases {
			if err := m.Add("x "+p, i); err != nil { // after a word: not the root
				t.Fatal(err)
			}
			if err := m.Add(p, i); err != nil {
				t.Fatal(err)
			}
		}
		var got []int
		for _, mt := range m.FindAll(Tokenize(text+" x killers x raids", nil), nil) {
			got = append(got, mt.Value)
		}
		want := []int{0, 1, 2, 3, 4, 5, 4, 0, 5}
		if len(phrases) == 2 {
			want = []int{0, 1, 0}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d phrases: values %v, want %v", len(phrases), got, want)
		}
	}
}
