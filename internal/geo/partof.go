package geo

import "strings"

// districtOfTown reports whether mention i is the town Y of "the X district of Y" or "the X
// area in Y" where X reads as a district (admin2): X is then a part of the town, and the
// town's point is nearer the event than the district's centroid, which for a large district
// can lie tens of kilometres out of town. Only words of being part of a place may stand
// between the two.
func (a *Analysis) districtOfTown(i int) bool {
	m := &a.ms[i]
	if m.within == 0 || a.g.places[m.cands[m.best].id].level != 3 {
		return false
	}
	x := &a.ms[m.within-1]
	if x.demonym > 0 || a.g.places[x.cands[x.best].id].level != 2 {
		return false
	}
	// "X district west of Y", "X near Y": Y is a landmark outside X, not the town X is in.
	for _, w := range strings.Fields(strings.ToLower(a.text[x.end:m.start])) {
		switch w {
		case "in", "of", "within", "the", "area", "district", "neighbourhood", "neighborhood",
			"quarter", "suburb", "suburbs", "part", "locality", "sector", "city", "town", "municipality":
		default:
			return false
		}
	}
	return true
}

// levelOf returns the token where "the town of X" starts for the name at token i ("near the
// town of X" is "near X"), or i when no such words stand before it.
func levelOf(toks []token, i int) int {
	if i >= 3 && toks[i-1].fold == "of" && toks[i-3].fold == "the" {
		switch toks[i-2].fold {
		case "town", "village", "city", "hamlet", "settlement":
			return i - 3
		}
	}
	return i
}
