package geo

import "strings"

// ownerGap reports whether the text between two names is a possessive "'s" ("Nigeria's Borno
// State", "Syria's Idlib province"): the first name says where the second lies, as Y does
// in "X in Y".
func ownerGap(gap string) bool {
	gap = strings.TrimSpace(gap)
	return gap == "'s" || gap == "\u2019s"
}

// ownedBy returns the index of the mention whose possessive names the place of mention i
// ("Nigeria's" before "Borno State"), or -1. It stands when the owner may contain the
// place (resolved reading).
func (a *Analysis) ownedBy(i int) int {
	m := &a.ms[i]
	if m.owner == 0 {
		return -1
	}
	if a.g.compat(&a.ms[m.owner-1], &m.cands[m.best], true) {
		return m.owner - 1
	}
	return -1
}

// owns reports whether mention i is the possessive owner of the next mention, which is then
// the more precise place ("Nigeria's Borno State": Borno State, in Nigeria).
func (a *Analysis) owns(i int) bool {
	return i+1 < len(a.ms) && a.ms[i+1].demonym == 0 && a.ownedBy(i+1) == i
}
