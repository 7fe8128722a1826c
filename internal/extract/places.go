package extract

import "github.com/sitrep-dev/sitrep/internal/geo"

// loc is where an event happened, as the coder reports it.
type loc struct {
	found                               bool
	name, country, iso3, admin1, admin2 string
	lat, lon                            float64
	precision, geonameID                int
	start                               int // byte offset of the name in the text, -1 if none
}

// placeFinder wraps the gazetteer for the coder.
type placeFinder struct{ g *geo.Gazetteer }

func newPlaceFinder() (placeFinder, error) {
	g, err := geo.Default()
	return placeFinder{g}, err
}

// placeReader locates the events of one report. The gazetteer reads the report's places on
// the first event (geo.Analyse) and every event after uses that reading.
type placeReader struct {
	p    placeFinder
	text string
	a    *geo.Analysis
}

// release hands the report's analysis back to the gazetteer: the events keep nothing of it.
func (r *placeReader) release() {
	if r.a != nil {
		r.a.Release()
		r.a = nil
	}
}

// locate returns the best place for an event told in text[start:end], with the whole text as
// context (package geo decides; see geo.Locate).
func (r *placeReader) locate(start, end int) loc {
	if r.a == nil {
		r.a = r.p.g.Analyse(r.text)
	}
	l, ok := r.a.Locate(start, end)
	if !ok {
		return loc{}
	}
	out := loc{found: true, name: l.Name, country: l.Country, iso3: l.ISO3, admin1: l.Admin1, admin2: l.Admin2,
		lat: l.Lat, lon: l.Lon, precision: l.Precision, geonameID: l.GeonameID, start: l.Start}
	if l.Level == 0 {
		out.name = l.Country
	}
	// The record spells the admin1 as its source does when the source names the unit
	// (ACLED's "Idleb" for GeoNames' Idlib), so an analyst finds the word of the report.
	if l.Admin1Written != "" {
		out.admin1 = l.Admin1Written
	}
	return out
}

func (p placeFinder) nationality(word string) (iso3, name string, ok bool) {
	return p.g.Nationality(word)
}
