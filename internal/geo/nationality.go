package geo

import "github.com/sitrep-dev/sitrep/internal/geo/names"

// Nationality returns the country a demonym names ("Turkish" → Turkey), so that the coder can
// tell a foreign army ("Turkish soldiers" in Iraq) from the host state's.
// The coder asks it of the word before every actor it finds, most of them no demonym: the
// word lists' filter turns those away before the map is hashed.
func (g *Gazetteer) Nationality(word string) (iso3, country string, ok bool) {
	d := g.listsOf(names.Fold(word)).demonym // wordfilter.go
	if d == 0 {
		return "", "", false
	}
	c := g.countries[d-1]
	return c.iso3, c.name, true
}
