package geo

// regionAround reports whether the name ending at token t1 is followed by "countryside"
// ("the Deir ez-Zor countryside", "Idlib's southern countryside"): the words name the rural
// area around the town, not the town. Only a possessive or a direction may stand between
// ("X in the countryside of Y" is Y's countryside, not X's).
func regionAround(toks []token, t1 int) bool {
	for k := t1 + 1; k < len(toks) && k <= t1+3; k++ {
		switch toks[k].fold {
		case "countryside":
			return true
		case "s", "rural", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
			"northeastern", "northwestern", "southeastern", "southwestern":
			continue
		}
		return false
	}
	return false
}

// countrysideNamed reports whether mention i is "the X countryside" of a town X and a nearby
// mention (within a few names of it) is another town or village in that countryside ("in the
// Deir ez-Zor countryside ... between al-Busayrah and Thiban"): the village is the more
// precise place, as in "X in Y". The village is smaller than the town: a bigger town named
// beside it locates the countryside ("the Tal Tamr countryside, north of Hasakah"). A village
// the wounded were taken to does not count.
func (a *Analysis) countrysideNamed(i int) bool {
	g, ms := a.g, a.ms
	m := &ms[i]
	town := &g.places[m.cands[m.best].id]
	if town.level != 3 || !regionAround(a.toks, m.t1) {
		return false
	}
	for j := max(0, i-8); j < len(ms) && j <= i+8; j++ {
		o := &ms[j]
		if j == i || o.demonym > 0 || o.partial {
			continue
		}
		id := o.cands[o.best].id
		if p := &g.places[id]; id != m.cands[m.best].id && p.level == 3 && p.pop < town.pop && g.compat(m, &o.cands[o.best], true) && !a.aftermath(j) {
			return true
		}
	}
	return false
}
