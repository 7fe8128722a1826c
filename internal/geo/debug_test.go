package geo

import (
	"os"
	"sort"
	"testing"
)

// TestDebugFind prints the mentions and top candidates of $GEO_DEBUG_TEXT; a tool for tuning.
func TestDebugFind(t *testing.T) {
	text := os.Getenv("GEO_DEBUG_TEXT")
	if text == "" {
		t.Skip("set GEO_DEBUG_TEXT")
	}
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	debugPass = func(ms []mention) {
		for _, m := range ms {
			if m.demonym == 0 {
				p := g.place(m.cands[m.best].id)
				t.Logf("pass 1: %q -> %s (%s, %s) L%d %.2f", text[m.start:m.end], p.Name, p.Admin1, p.Country, p.Level, m.cands[m.best].score)
			}
		}
	}
	defer func() { debugPass = nil }()
	ms, _ := g.analyse(text)
	for _, m := range ms {
		sort.Slice(m.cands, func(i, j int) bool { return m.cands[i].score > m.cands[j].score })
		t.Logf("%q demonym=%d hint=%d partial=%v qual=%d near=%v", text[m.start:m.end], m.demonym, m.hint, m.partial, m.qualifies, m.near)
		for i, c := range m.cands {
			if i >= 6 {
				break
			}
			p := g.place(c.id)
			t.Logf("   %.2f prior=%.2f %s (%s, %s) L%d pop=%d prim=%v", c.score, g.posts[c.pi].prior, p.Name, p.Admin1, p.Country, p.Level, p.Population, g.posts[c.pi].primary)
		}
	}
	l, ok := g.Locate(text, 0, len(text))
	t.Logf("Locate: %v %+v", ok, l)
}
