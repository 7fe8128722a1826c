package geo

import "testing"

// TestCountrysideVillage: "the X countryside" is the rural area around town X; a smaller
// village of that area named in the passage is the event's place, while a bigger town named
// beside the countryside only locates it.
func TestCountrysideVillage(t *testing.T) {
	g := gaz(t)
	tests := []struct{ text, want string }{
		{"A mine killed a shepherd in the Deir ez-Zor countryside on Monday; it had been buried on the track between al-Busayrah and the river.", "Al Buşayrah"},
		{"Gunmen killed a farmer in the northern Aleppo countryside, whose farm lay beside Anadan.", "`Anadan"},
		{"A car bomb exploded in the Manbij countryside, east of Aleppo.", "Manbij"},
		{"Shelling hit Manbij and its countryside.", "Manbij"},
	}
	for _, tt := range tests {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok {
			t.Errorf("%q: no location", tt.text)
			continue
		}
		if l.Name != tt.want {
			t.Errorf("%q: got %s (L%d), want %q", tt.text, l.Name, l.Level, tt.want)
		}
	}
}
