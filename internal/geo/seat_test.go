package geo

import "testing"

// TestUnknownSizeSeat: a district's seat that GeoNames lists without a population ranks as a
// town of a district seat's usual size, so that a report naming it alone is placed there and
// not at a bigger namesake elsewhere known by that name only as an alternate ("Ariha" is
// also Jericho's Arabic name).
func TestUnknownSizeSeat(t *testing.T) {
	g := gaz(t)
	tests := []struct{ text, cc, admin1 string }{
		{"Rockets landed in Ariha overnight, wounding a shopkeeper.", "SY", "Idlib"},
		// The namesake's own name still finds it.
		{"Rockets landed in Jericho overnight, wounding a shopkeeper.", "PS", "West Bank"},
	}
	for _, tt := range tests {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok || l.CC != tt.cc || l.Place.Admin1 != tt.admin1 || l.Level != 3 {
			t.Errorf("%q: got %s (%s, %s) L%d, want a town in %s, %s", tt.text, l.Name, l.Place.Admin1, l.CC, l.Level, tt.admin1, tt.cc)
		}
	}
}
