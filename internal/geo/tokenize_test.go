package geo

import (
	"encoding/csv"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

// tokenizeRef is the tokenizer as first written, decoding every rune; tokenize must cut
// every text into the same tokens.
func tokenizeRef(text string) []token {
	var toks []token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		start := i
		caps := true
		for i < len(text) {
			r, n = utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				if unicode.IsLower(r) {
					caps = false
				}
				i += n
				continue
			}
			if isApos(r) && i+n < len(text) {
				if r2, _ := utf8.DecodeRuneInString(text[i+n:]); unicode.IsLetter(r2) && !possessive(text, i+n) {
					i += n
					continue
				}
			}
			break
		}
		first, _ := utf8.DecodeRuneInString(text[start:])
		toks = append(toks, token{start: start, end: i, fold: names.Fold(text[start:i]),
			upper: unicode.IsUpper(first), allCaps: caps && unicode.IsLetter(first)})
	}
	return toks
}

func TestTokenizeSameAsRef(t *testing.T) {
	texts := []string{
		"", "a", "A", "'", "O'Neill's men in Ma'arrat al-Nu'man, Idlib's east; `Ain` Ma\u2019arrat\u2019s",
		"São Paulo ÉCOLE Łódź 5th 1,000 AL-HOL x\u0301y \xff\xfe bad \xe2\x80 utf8 Ḥimṣ ʿAyn ﷺ ǅ",
	}
	if f, err := os.Open(evalfile.Path("acled-2020-dev.csv")); err == nil {
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			texts = append(texts, r...)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "Z", "9", " ", "'", "`", "\u2019", "s", "S", "-", "é", "É", "\u0301", "\xff", "\xe2\x80", "ß", "ʿ", ".", "ﷺ"}
	for range 5000 {
		b := []byte{}
		for range r.IntN(20) {
			b = append(b, alphabet[r.IntN(len(alphabet))]...)
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		got, want := tokenize(s), tokenizeRef(s)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tokenize(%q):\n got %+v\nwant %+v", s, got, want)
		}
	}
}

// FuzzTokenize checks tokenize against the rune-by-rune reference on any input.
func FuzzTokenize(f *testing.F) {
	f.Add("O'Neill's men in Ma'arrat al-Nu'man")
	f.Add("São Paulo \xff ÉCOLE x\u0301y ﷺ")
	f.Fuzz(func(t *testing.T, s string) {
		got, want := tokenize(s), tokenizeRef(s)
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tokenize(%q):\n got %+v\nwant %+v", s, got, want)
		}
	})
}

// TestFoldToken checks foldToken against names.Fold, with and without room in the arena.
func TestFoldToken(t *testing.T) {
	words := []string{"", "a", "Aleppo", "AL", "O'Neill", "`Ain", "ma'arrat", "x-y", "A--B-", "'''", "São", "ÉCOLE", "abc123", "ABC123", "\xff"}
	for _, room := range []int{0, 64} {
		arena := make([]byte, 0, room)
		for _, w := range words {
			if got, want := foldToken(&arena, w), names.Fold(w); got != want {
				t.Errorf("foldToken(%q) with room %d = %q, want %q", w, room, got, want)
			}
		}
	}
}
