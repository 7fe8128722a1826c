package geo

import "testing"

// TestPossessiveOwner: "Nigeria's Borno State", "Syria's Idlib province": the possessive names
// the country or province the next place lies in, and the next place is the answer.
func TestPossessiveOwner(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text, name, cc string
		level          int
	}{
		{"Gunmen abducted traders in Nigeria's Zamfara State on Sunday.", "", "NG", 1},
		{"Shelling killed a boy in Syria's Idlib province.", "", "SY", 1},
		{"A drone struck a fuel depot in Ukraine's Poltava region overnight.", "", "UA", 1},
		{"Militants attacked a checkpoint in Afghanistan's Kunduz city.", "Kunduz", "AF", 3},
		{"A bomb went off in Aleppo's Manbij on Friday.", "Manbij", "SY", 3},
	}
	for _, tt := range tests {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok {
			t.Errorf("%q: no location", tt.text)
			continue
		}
		if tt.name != "" && l.Name != tt.name || l.CC != tt.cc || l.Level != tt.level {
			t.Errorf("%q: got %s (%s) L%d, want %q (%s) L%d", tt.text, l.Name, l.CC, l.Level, tt.name, tt.cc, tt.level)
		}
	}
}
