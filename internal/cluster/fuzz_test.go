package cluster

import (
	"testing"
	"unicode/utf8"
)

// FuzzSimhash: any text, valid UTF-8 or not, hashes without panicking; a text is a near
// duplicate of itself unless it has no words; case and punctuation do not matter.
func FuzzSimhash(f *testing.F) {
	for _, s := range []string{"", "a", "two words", "Gunmen killed three people in Ariha on Tuesday.", "\xff\xfe ab\x00cd", "ḨASAKAH al-Ḩasakah"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := Simhash(s)
		if h != 0 && !NearDuplicate(h, h) {
			t.Errorf("%q is not a near duplicate of itself", s)
		}
		if utf8.ValidString(s) && Simhash(s+" ...") != h {
			t.Errorf("trailing punctuation changed the hash of %q", s)
		}
	})
}
