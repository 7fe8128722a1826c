package geo

import "testing"

// FuzzLocate feeds arbitrary text and spans to Find and Locate: no panic, and every location
// points inside the text at the name it matched.
func FuzzLocate(f *testing.F) {
	for _, s := range []string{
		"Shelling hit Kobani overnight.",
		"Rafah (Rafah, North Sinai), pro-Turkey factions, J&K, China's, al-Sharaa, who",
		"X (", "(,", "'s", "\xff\xfe al-", "Hasaka province, Russians said",
	} {
		f.Add(s, 0, len(s))
	}
	g := gaz(f)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		for _, l := range g.Find(text) {
			if l.Start < 0 || l.End > len(text) || l.Start > l.End || text[l.Start:l.End] != l.Matched {
				t.Fatalf("Find(%q): bad span %d-%d %q", text, l.Start, l.End, l.Matched)
			}
		}
		if l, ok := g.Locate(text, start, end); ok && l.Start >= 0 {
			if l.End > len(text) || l.Start > l.End || text[l.Start:l.End] != l.Matched {
				t.Fatalf("Locate(%q): bad span %d-%d %q", text, l.Start, l.End, l.Matched)
			}
		}
	})
}
