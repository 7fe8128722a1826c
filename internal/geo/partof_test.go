package geo

import "testing"

// TestDistrictOfTown: "the X district of Y" with X a district unit and Y a town places the
// event in town Y (precision 2: part of it), not at the district's centroid; "X district north
// of Y" keeps X, which only lies beside Y.
func TestDistrictOfTown(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text      string
		name      string
		level     int
		precision int
	}{
		{"Artillery fire hit the Karari area of Omdurman on Monday.", "Omdurman", 3, 2},
		{"Air raids hit the Karari district north of Omdurman.", "Karari", 2, 2},
	}
	for _, tt := range tests {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok {
			t.Errorf("%q: no location", tt.text)
			continue
		}
		if l.Name != tt.name || l.Level != tt.level || l.Precision != tt.precision {
			t.Errorf("%q: got %s L%d precision %d, want %s L%d precision %d", tt.text, l.Name, l.Level, l.Precision, tt.name, tt.level, tt.precision)
		}
		// A district is its own admin2, so that the clusterer can tell it from a town.
		if l.Level == 2 && l.Place.Admin2 == "" {
			t.Errorf("%q: district %s has no admin2", tt.text, l.Name)
		}
	}
}

// TestNearTheTownOf: "near the town of X" is near X (precision 2), like "near X"; "in the town
// of X" is at it.
func TestNearTheTownOf(t *testing.T) {
	g := gaz(t)
	for _, tt := range []struct {
		text string
		prec int
	}{
		{"A mine exploded under a truck near the town of Douentza.", 2},
		{"A mine exploded under a truck near Douentza.", 2},
		{"A mine exploded under a truck in the town of Douentza.", 1},
	} {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok || l.Name != "Douentza" || l.Precision != tt.prec {
			t.Errorf("%q: got %s precision %d, want Douentza precision %d", tt.text, l.Name, l.Precision, tt.prec)
		}
	}
}
