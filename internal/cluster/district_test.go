package cluster

import (
	"testing"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// TestPlaceScoreDistrict: a whole district is coded at its centroid, which can lie tens of
// kilometres from a town inside it; a town is compared with it by unit, not by distance.
func TestPlaceScoreDistrict(t *testing.T) {
	ev := func(loc, admin1, admin2 string, gid int, lat, lon float64, prec int) *event.Event {
		return &event.Event{ISO3: "SDN", Country: "Sudan", Admin1: admin1, Admin2: admin2, Location: loc,
			GeonameID: gid, Latitude: f64(lat), Longitude: f64(lon), GeoPrecision: prec}
	}
	// A district whose centroid lies ~45 km north of the city it borders.
	north := ev("Northern Locality", "Khartoum", "Northern Locality", 0, 16.05, 32.40, 2)
	city := ev("Omdurman", "Khartoum", "", 1, 15.64, 32.48, 1)
	cityIn := ev("Omdurman", "Khartoum", "Northern Locality", 1, 15.64, 32.48, 1)
	cityOut := ev("Omdurman", "Khartoum", "Another Locality", 1, 15.64, 32.48, 1)
	town := ev("Some Town", "Khartoum", "", 2, 15.64, 32.48, 1)
	farTown := ev("Far Town", "Khartoum", "", 3, 15.20, 32.48, 1)       // ~95 km from the centroid
	elsewhere := ev("Other Town", "River Nile", "", 4, 16.40, 32.40, 1) // ~40 km, another state
	for _, tc := range []struct {
		name string
		a, b *event.Event
		ok   bool
	}{
		{"town of unknown district within reach", north, city, true},
		{"town in that district", north, cityIn, true},
		{"town in another district", north, cityOut, false},
		{"town beyond a district's reach", north, farTown, false},
		{"town in another state", north, elsewhere, false},
		{"two towns as far apart", town, ev("Karari Town", "Khartoum", "", 5, 16.05, 32.40, 1), false},
	} {
		for _, p := range [][2]*event.Event{{tc.a, tc.b}, {tc.b, tc.a}} {
			if s := placeScore(p[0], p[1]); (s >= -1) != tc.ok {
				t.Errorf("%s: placeScore(%s, %s) = %.2f, want compatible %v", tc.name, p[0].Location, p[1].Location, s, tc.ok)
			}
		}
	}
}
