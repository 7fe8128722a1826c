package extract

// loc is where an event happened, as the coder reports it.
type loc struct {
	found                               bool
	name, country, iso3, admin1, admin2 string
	lat, lon                            float64
	precision, geonameID                int
}

// placeFinder wraps the gazetteer for the coder.
type placeFinder struct{}

func newPlaceFinder() (placeFinder, error) { return placeFinder{}, nil }

func (placeFinder) locate(text string, start, end int) loc { return loc{} }

func (placeFinder) nationality(word string) (iso3, name string, ok bool) { return "", "", false }
