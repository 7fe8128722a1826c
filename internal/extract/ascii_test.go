package extract

import (
	"strings"
	"testing"
)

// isASCII finds a non-ASCII byte at any position, in the eight-byte words and in the tail.
func TestIsASCII(t *testing.T) {
	for n := 0; n < 20; n++ {
		s := strings.Repeat("a", n)
		if !isASCII(s) {
			t.Errorf("isASCII(%q) = false", s)
		}
		for i := 0; i < n; i++ {
			for _, c := range []byte{0x80, 0xC3, 0xFF} {
				b := []byte(s)
				b[i] = c
				if isASCII(string(b)) {
					t.Errorf("isASCII(%q) = true", b)
				}
			}
		}
	}
}
