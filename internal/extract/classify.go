package extract

import "github.com/sitrep-dev/sitrep/internal/event"

// cueSet counts the cues of a passage.
type cueSet [numCues]int

func (s *cueSet) has(cs ...cue) bool {
	for _, c := range cs {
		if s[c] > 0 {
			return true
		}
	}
	return false
}

// interSet records which actor types a passage mentions, and whether any of them is the
// target of violence (a victim).
type interSet struct {
	present [9]bool
	victim  [9]bool
}

func (a *interSet) armed() bool {
	return a.present[1] || a.present[2] || a.present[3] || a.present[4] || a.present[8]
}

// classify turns the cues and actor types of a passage into an ACLED sub-event type. The
// order of the tests is the decision: the most specific means of violence first (a chemical,
// suicide, air, grenade or explosive attack is coded so however many died), then
// demonstrations, then fighting between armed actors, then one-sided violence, then the
// strategic developments. It returns "" when the passage describes no event.
func classify(c *cueSet, a *interSet) string {
	heavy := c.has(cueAir, cueShell, cueIED, cueSuicide, cueGrenade, cueChem)
	violent := heavy || c.has(cueClash, cueKill, cueShoot, cueAttack, cueAbduct, cueSexViol)

	// Reports about natural or industrial disasters and plain crime are not conflict events,
	// even when people die in them.
	if c.has(cueDisaster) && !c.has(cueClash, cueAir, cueShell, cueIED, cueSuicide, cueGrenade, cueChem, cueShoot, cueAttack, cueAbduct, cueProtest, cueRiot) {
		return ""
	}

	switch {
	case c.has(cueChem):
		return "Chemical weapon"
	case c.has(cueSuicide):
		return "Suicide bomb"
	case c.has(cueDisrupt) && !c.has(cueKill, cueInjure, cueClash) && (c.has(cueIED, cueAir, cueShell, cueGrenade, cueExplosion) || !violent):
		return "Disrupted weapons use"
	}

	protest := c.has(cueProtest) || a.present[6]
	if protest && !heavy && !c.has(cueClash) {
		switch {
		case c.has(cueForce) || (c.has(cueKill) && c.has(cueShoot)):
			return "Excessive force against protesters"
		case c.has(cueRiot, cueVDemo) || a.present[5]:
			return "Violent demonstration"
		case c.has(cueIntervene, cueArrest):
			return "Protest with intervention"
		}
		return "Peaceful protest"
	}
	if !heavy && (c.has(cueRiot, cueVDemo) || a.present[5]) && !c.has(cueMob) && !c.has(cueClash) {
		return "Violent demonstration"
	}
	if !heavy && c.has(cueMob) && !(c.has(cueClash) && a.armed()) {
		return "Mob violence"
	}

	switch {
	case c.has(cueAir):
		return "Air/drone strike"
	case c.has(cueGrenade):
		return "Grenade"
	case c.has(cueIED) && !(c.has(cueShell) && c[cueShell] >= c[cueIED]):
		return "Remote explosive/landmine/IED"
	case c.has(cueShell):
		return "Shelling/artillery/missile attack"
	}

	if c.has(cueClash) || (c.has(cueKill, cueShoot, cueAttack) && armedVictim(a)) {
		switch {
		case c.has(cueRegain):
			return "Government regains territory"
		case c.has(cueTakeover) && !a.present[1]:
			return "Non-state actor overtakes territory"
		}
		return "Armed clash"
	}
	switch {
	case c.has(cueSexViol):
		return "Sexual violence"
	case c.has(cueAbduct):
		return "Abduction/forced disappearance"
	case c.has(cueKill, cueShoot, cueAttack, cueExplosion):
		if c.has(cueExplosion) && !c.has(cueKill, cueShoot, cueAttack) {
			return "Remote explosive/landmine/IED"
		}
		return "Attack"
	case c.has(cueRegain):
		return "Government regains territory"
	case c.has(cueTakeover):
		return "Non-violent transfer of territory"
	case c.has(cueArrest):
		return "Arrests"
	case c.has(cueLoot):
		return "Looting/property destruction"
	case c.has(cueDisrupt):
		return "Disrupted weapons use"
	case c.has(cueHQ):
		return "Headquarters or base established"
	case c.has(cueAgree):
		return "Agreement"
	case c.has(cueChange):
		return "Change to group/activity"
	case c.has(cueOther):
		return "Other"
	}
	return ""
}

// armedVictim reports whether violence was done to an armed actor (soldiers, police,
// militants), which ACLED codes as a battle rather than violence against civilians.
func armedVictim(a *interSet) bool {
	for _, i := range []int{1, 2, 3, 4, 8} {
		if a.victim[i] {
			return true
		}
	}
	return false
}

// eventType returns the ACLED event type of a sub-event type.
func eventType(sub string) string { return event.TypeOf(sub) }
