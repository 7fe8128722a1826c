package names

import "testing"

func TestKeyVariants(t *testing.T) {
	same := [][]string{
		{"Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"},
		{"Al-Hasakah", "Hasakah", "el Hasakeh", "Hasaka", "al-Hasakeh"},
		{"Raqqa", "Ar-Raqqah", "Al Raqqa"},
		{"Ma'arrat al-Nu'man", "Maarrat an Numan", "Ma‘arrat an Nu‘mān"},
		{"Ayn al-Arab", "Ain al Arab", "Ein al-Arab"},
		{"Saida", "Sayda"},
		{"Cuauhtémoc", "Cuauhtemoc"},
		{"Kharkivs’ka", "Kharkivs'ka"},
	}
	for _, g := range same {
		k := Key(g[0])
		for _, s := range g[1:] {
			if Key(s) != k {
				t.Errorf("Key(%q)=%q, Key(%q)=%q; want equal", g[0], k, s, Key(s))
			}
		}
	}
	differ := [][2]string{{"Homs", "Hama"}, {"Aleppo", "Idlib"}, {"Kiev", "Kyiv"}}
	for _, d := range differ {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) == Key(%q) = %q", d[0], d[1], Key(d[0]))
		}
	}
	if Key("Al") != "al" {
		t.Errorf("Key(Al) = %q", Key("Al"))
	}
}

func TestIsLatin(t *testing.T) {
	for s, want := range map[string]bool{"Tadmur": true, "Ḩalab": true, "تدمر": false, "Тадмор": false, "Kraków": true} {
		if IsLatin(s) != want {
			t.Errorf("IsLatin(%q) = %v", s, !want)
		}
	}
}

func TestKeyWordIsKeyFolded(t *testing.T) {
	for _, w := range []string{"a", "al", "el", "deir", "dayr", "hasakeh", "zawr", "kobani", "ouadi", "raqqah", "x", "eyi", "aw", "homs"} {
		if got, want := KeyWord(w), KeyFolded(w); got != want {
			t.Errorf("KeyWord(%q) = %q, KeyFolded %q", w, got, want)
		}
	}
}

// TestAppendKeyWord checks that a word's key appended after other bytes is KeyWord's: the
// rules that look at the letter before must not look past the start of the word ("e" then
// "i", "a" then "w", a doubled letter).
func TestAppendKeyWord(t *testing.T) {
	for _, w := range []string{"a", "i", "ii", "yi", "u", "o", "w", "wa", "deir", "dayr", "hasakeh", "zawr", "kobani", "ouadi", "raqqah", "eyi", "aw", "homs", "ah", "eeh"} {
		for _, prefix := range []string{"", "e", "a", "o", "u", "i", "y", "ss", "abc"} {
			got := string(AppendKeyWord([]byte(prefix), w))
			if want := prefix + KeyWord(w); got != want {
				t.Errorf("AppendKeyWord(%q, %q) = %q, want %q", prefix, w, got, want)
			}
		}
	}
}
