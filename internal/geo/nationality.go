package geo

import "github.com/sitrep-dev/sitrep/internal/geo/names"

// Nationality returns the country a demonym names ("Turkish" → Turkey), so that the coder can
// tell a foreign army ("Turkish soldiers" in Iraq) from the host state's.
func (g *Gazetteer) Nationality(word string) (iso3, country string, ok bool) {
	i, ok := g.demonyms[names.Fold(word)]
	if !ok {
		return "", "", false
	}
	c := g.countries[i]
	return c.iso3, c.name, true
}
