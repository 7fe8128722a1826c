package geo

import (
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
)

// TestNgramKeys checks that n-gram keys built from word keys equal names.KeyFolded of the
// joined folds, for articles in every position, accents, apostrophes and odd letters.
func TestNgramKeys(t *testing.T) {
	text := "Clashes in Deir ez-Zor and Ma'arrat al-Nu'man near Al Hasakah, El Fasher AL ain " +
		"São Paulo Düsseldorf Straße Łódź Øresund ǅemal ﬁeld Ayn al-Arab Abu Kamal Umm Qasr al " +
		"ﷺ Ras al-Ain Dayr az Zawr Kobani Homs Kiev-Pecherskyi O'Neill"
	toks := tokenize(text)
	keys := newNgramKeys(toks)
	n := 0
	for i := range toks {
		for j := i; j < len(toks) && j < i+5; j++ {
			parts := make([]string, 0, j-i+1)
			for k := i; k <= j; k++ {
				parts = append(parts, toks[k].fold)
			}
			fold := strings.Join(parts, " ")
			want := names.KeyFolded(fold)
			if got := keys.key(i, j, fold); got != want {
				t.Errorf("key of %q: %q, want %q", text[toks[i].start:toks[j].end], got, want)
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d n-grams", n)
	}
}
