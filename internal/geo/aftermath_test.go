package geo

import "testing"

// TestAftermath: a place where people went after the event (hospital, burial, flight) is
// not where it happened; it loses to the event's own place wherever that is named, and is
// kept, as "near", only when no other place is named.
func TestAftermath(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text      string
		name      string // want Place.Name (empty: any)
		admin1    string
		precision int
	}{
		// The event's place in the evidence sentence, the hospital town later.
		{"A mortar round killed two soldiers near Kafr Nabl. A third was wounded and rushed to a hospital in Aleppo.", "", "Idlib", 2},
		{"Two farmers died when a mine exploded in Manbij. The wounded were airlifted to a field hospital in Aleppo.", "Manbij", "Aleppo", 1},
		// The hospital town in the same sentence as the event, before and after it.
		{"Gunmen shot dead a trader in Gwoza on Friday, and his brother was taken to the general hospital in Maiduguri.", "Gwoza", "", 1},
		{"Flown to a clinic in Mopti, the wounded survived an ambush in Bandiagara.", "Bandiagara", "Mopti", 1},
		{"Residents fled to Kidal after fighters attacked Aguelhok at dawn.", "Aguelhok", "", 1},
		{"The victims of the raid on Tal Abyad were buried in Raqqa on Sunday.", "Tal Abyad", "Al-Raqqah", 1},
		// Only the hospital town is named: it stands for the event, near it.
		{"A soldier was wounded by a sniper and evacuated to hospital in Kramatorsk.", "Kramatorsk", "", 2},
	}
	for _, tt := range tests {
		l, ok := g.Locate(tt.text, 0, len(tt.text))
		if !ok {
			t.Errorf("%q: no location", tt.text)
			continue
		}
		if tt.name != "" && l.Name != tt.name || tt.admin1 != "" && l.Place.Admin1 != tt.admin1 || l.Precision != tt.precision {
			t.Errorf("%q: got %s (%s) precision %d, want %s (%s) precision %d", tt.text, l.Name, l.Place.Admin1, l.Precision, tt.name, tt.admin1, tt.precision)
		}
	}
}

func TestAftermathPhrases(t *testing.T) {
	tests := []struct {
		text string // the name is the last word
		want bool
	}{
		{"the wounded were taken to hospital in Homs", true},
		{"he was transferred to a military hospital in Homs", true},
		{"he later died in hospital in Homs", true},
		{"families fled to the town of Homs", true},
		{"the dead were laid to rest in Homs", true},
		{"three people died in Homs", false},                     // "died" needs "hospital"
		{"a hospital in Homs", false},                            // a hospital hit is the event's place
		{"troops were taken to task, in Homs", false},            // the clause ends at the comma
		{"the convoy was taken across the river to Homs", false}, // "across", "river" are no fillers
	}
	for _, tt := range tests {
		toks := tokenize(tt.text)
		if got := aftermath(tt.text, toks, len(toks)-1); got != tt.want {
			t.Errorf("aftermath(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
