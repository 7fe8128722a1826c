package extract

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
)

// attributionsRef is attributions as it was written before it searched the passage in one
// pass: a search for each phrase, kept to check the one pass against.
func attributionsRef(s, low string) []string {
	var out []string
	if i := strings.Index(low, "according to "); i >= 0 {
		out = append(out, clip(s[i+len("according to "):]))
	}
	for _, verb := range []string{" said", " told ", " reported", " claimed"} {
		from := 0
		for {
			i := strings.Index(low[from:], verb)
			if i < 0 {
				break
			}
			i += from
			from = i + len(verb)
			if verb == " claimed" && claimOfAct(low[from:]) {
				continue
			}
			who := lastWords(s[:i], 4)
			for n := 6; n <= 10 && ofPhrase(who); n += 2 {
				who = lastWords(s[:i], n)
			}
			if who != "" && !nobody(who) {
				out = append(out, who)
			}
			break
		}
	}
	return out
}

func TestAttributionsRef(t *testing.T) {
	texts := []string{"", " said", "according to ", "Police said. The group claimed the attack, and residents claimed five died.",
		"According to local sources, the governor of the Kharkiv region said that no one claimed it; he told reporters."}
	notes, _ := evalfile.ACLEDNotes(t)
	texts = append(texts, notes...)
	for _, s := range texts {
		low := strings.ToLower(s)
		if got, want := attributions(s, low), attributionsRef(s, low); !reflect.DeepEqual(got, want) {
			t.Fatalf("attributions(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAttributions(f *testing.F) {
	for _, s := range []string{"Police said. The group claimed the attack, and residents claimed five died.", "no one said", "x told y", "AccORDING TO İ said"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		low := strings.ToLower(s)
		if len(low) != len(s) {
			return // the coder passes the lower-cased text only where offsets agree
		}
		if got, want := attributions(s, low), attributionsRef(s, low); !reflect.DeepEqual(got, want) {
			t.Fatalf("attributions(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkAttributions reads the sources of the ACLED notes, each note as one passage.
func BenchmarkAttributions(b *testing.B) {
	texts, size := evalfile.ACLEDNotes(b)
	lows := make([]string, len(texts))
	for i, s := range texts {
		lows[i] = strings.ToLower(s)
	}
	for _, bb := range []struct {
		name string
		f    func(s, low string) []string
	}{{"onepass", attributions}, {"ref", attributionsRef}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for i := range texts {
					bb.f(texts[i], lows[i])
				}
			}
		})
	}
}

// fieldsJoined is lastN(strings.Fields(s), n, head), whatever the spaces.
func FuzzFieldsJoined(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a  b\tc \n", "the governor of the region", "x\u00a0y z", "a b c d e f g h i j"} {
		f.Add(s, 4)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n%12 + 1
		if n < 1 {
			n += 12
		}
		for _, head := range []bool{true, false} {
			if got, want := fieldsJoined(s, n, head), lastN(strings.Fields(s), n, head); got != want {
				t.Fatalf("fieldsJoined(%q, %d, %v) = %q, want %q", s, n, head, got, want)
			}
		}
	})
}
