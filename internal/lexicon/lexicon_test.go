package lexicon

import (
	"reflect"
	"strings"
	"testing"
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
