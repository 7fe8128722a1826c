package extract

// cueSet counts the cues of a passage, and remembers which trigger cue came first: in a
// report the first verb of violence or dissent is usually what the event is.
type cueSet struct {
	// n is int32, not int: a sentence's and a passage's cues are copied and cleared for
	// every sentence, and half the size is half the copying.
	n     [numCues]int32
	first cue
	lead  cue // the first trigger or context cue (diplomacy, disaster, crime) of the first sentence
	// firstTake: the first trigger was a word of seizing (counted as looting).
	firstTake bool
}

func (s *cueSet) add(q cue) {
	if q == cueRaid {
		// A raid is an attack; its own count tells a round of arrests from a beating.
		s.n[cueRaid]++
		q = cueAttack
	}
	if q == cueAmbush {
		s.n[cueAmbush]++
		q = cueClash
	}
	if q == cueTake {
		// Seizing is taking: of goods a looting, of people an abduction, of a town a
		// capture (classify).
		s.n[cueTake]++
		q = cueLoot
		s.firstTake = s.firstTake || s.first == cueNone
	}
	if s.first == cueNone && q.trigger() {
		s.first = q
	}
	if s.lead == cueNone && (q.trigger() || q == cueDiplo || q == cueDisaster || q == cueCrime) {
		s.lead = q
	}
	s.n[q]++
}

// armsTaken reports whether a passage tells of weapons found, seized or made safe ("police
// seized seven pistols", "a cache of mortars was discovered"): a verb of taking and a
// weapon named as a thing.
func (s *cueSet) armsTaken() bool {
	return s.has(cueSeize, cueDisrupt, cueLoot) && s.has(cueArms, cueWeapon, cueIED, cueGrenade, cueShell)
}

// baseSetUp reports whether a passage tells of a base, post or checkpoint set up.
func (s *cueSet) baseSetUp() bool {
	return s.has(cueHQ) || s.has(cueSetUp) && s.has(cueBase)
}

func (s *cueSet) has(cs ...cue) bool {
	for _, c := range cs {
		if s.n[c] > 0 {
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
	agent   [9]bool // the text makes an actor of this type the doer
	lead    int     // the type of the first actor made a doer, 0 if none
	// placeStruck: a verb of striking whose object is a place or a building, not a person
	// ("struck a residential block"): something fired from afar.
	placeStruck bool
	// siteSeized: a word of seizing with a town, a hill or a base as its object ("seized the
	// northern town of", "seized a camp").
	siteSeized bool
}

// onlyState reports whether the only armed actors a passage names are state forces (or
// none): police facing a crowd is a riot, not a battle.
func (a *interSet) onlyState() bool {
	return !a.present[2] && !a.present[3] && !a.present[4] && !a.present[8]
}

// crowd reports whether a passage names a crowd or unarmed people as a side.
func (a *interSet) crowd() bool { return a.present[5] || a.present[6] || a.present[7] }

func (a *interSet) armed() bool {
	return a.present[1] || a.present[2] || a.present[3] || a.present[4] || a.present[8]
}

// armedVictim reports whether violence was done to an armed actor (soldiers, police,
// militants), which ACLED codes as a battle rather than violence against civilians.
func (a *interSet) armedVictim() bool {
	return a.victim[1] || a.victim[2] || a.victim[3] || a.victim[4] || a.victim[8]
}

// classify turns the cues and actor types of a passage into an ACLED sub-event type. The
// order of the tests is the decision:
//   - chemical and suicide attacks, and defused weapons, whatever else happened;
//   - demonstrations, when dissent is what the passage is first about;
//   - fighting between two armed sides, even with artillery or air support ("clashes amid
//     shelling" is a battle); fighting without armed sides is mob violence;
//   - remote violence by its means: air, grenade, explosive, shelling;
//   - one-sided violence, then the strategic developments.
//
// It returns "" when the passage describes no conflict event.
func classify(c *cueSet, a *interSet) string {
	if c.has(cueDissent) {
		// Demanding, denouncing, a petition or a vigil is a protest when people gather for
		// it ("residents gathered, demanding water"), not when a court or a firm does it.
		cc := *c
		c = &cc
		if c.has(cueProtest) || a.crowd() || a.present[3] {
			c.n[cueProtest] += c.n[cueDissent]
			if c.first == cueDissent {
				c.first = cueProtest
			}
		} else if c.first == cueDissent {
			c.first = cueNone
		}
		c.n[cueDissent] = 0
	}
	heavy := c.has(cueAir, cueShell, cueIED, cueSuicide, cueGrenade, cueChem)
	harm := c.has(cueKill, cueShoot, cueAttack, cueAbduct, cueSexViol, cueInjure)

	// Disasters and accidents are not conflict events, even when people die in them. An
	// explosion or an aircraft in a report about an accident is part of the accident.
	// Measures taken against a disaster (a curfew, closed roads) are a change of activity.
	// A report that leads with a weapon of war that killed, and then tells of a wall that
	// collapsed, tells of what the weapon did: a tie goes to the weapon.
	weapons := c.n[cueAir] + c.n[cueShell] + c.n[cueIED] + c.n[cueGrenade] + c.n[cueExplosion] + c.n[cueChem]
	weaponLed := (c.lead == cueAir || c.lead == cueShell || c.lead == cueIED || c.lead == cueGrenade || c.lead == cueChem) && c.has(cueKill, cueInjure)
	if c.has(cueDisaster) && (c.lead != cueChange || c.has(cueKill, cueInjure)) && !c.has(cueClash, cueShoot, cueAttack, cueAbduct, cueProtest, cueRiot, cueSuicide) &&
		(c.n[cueDisaster] > weapons || c.n[cueDisaster] == weapons && !weaponLed) {
		return ""
	}
	// Sport: shots, attacks and battles on a pitch or court, with no one killed or hurt and
	// no fans rioting, are not violence.
	if c.n[cueSport] >= 2 && c.n[cueSport] > c.n[cueClash]+c.n[cueAttack]+c.n[cueShoot]+c.n[cueWeapon] &&
		!c.has(cueKill, cueInjure, cueRiot, cueMob, cueVDemo, cueAir, cueShell, cueIED, cueGrenade, cueSuicide) {
		return ""
	}
	// A report led by diplomacy (sanctions, talks, a summit) that tells of no one killed or
	// hurt is about the response to events, not an event.
	if c.lead == cueDiplo && !c.has(cueKill, cueInjure, cueAgree, cueTruce) {
		return ""
	}
	// Ordinary crime with no armed or political actor named and no one shot or killed is
	// not political violence (a killing in a drug war is: ACLED counts gangs).
	if c.has(cueCrime) && !a.armed() && !heavy && !c.has(cueKill, cueShoot, cueProtest, cueRiot, cueVDemo) {
		return ""
	}

	// Seizing a town, a hill or a base is taking territory, not looting.
	if c.n[cueTake] > 0 && a.siteSeized && a.armed() && !a.victim[7] && !c.has(cueArms) {
		cc := *c
		c = &cc
		c.n[cueCapture] += c.n[cueTake]
		c.n[cueLoot] -= c.n[cueTake]
		if c.firstTake {
			c.first = cueCapture
		}
	}
	// A report that leads with a change of hands is about territory, whatever it recalls
	// ("captured two villages near the town hit by a chemical attack in 2017").
	// A report led by a ceasefire or a truce is about the agreement; the fighting it ends
	// is its background ("agreed a ceasefire after two weeks of fighting"), unless it tells
	// of fire or bombs.
	if (c.first == cueTruce || c.first == cueAgree && c.has(cueTruce)) && !c.has(cueAir, cueShell, cueShoot, cueWeapon, cueIED, cueGrenade, cueSuicide, cueChem) {
		return "Agreement"
	}
	if c.territorial(c.first) && a.armed() {
		return territory(c, a, false)
	}

	switch {
	case c.has(cueChem):
		return "Chemical weapon"
	case c.has(cueSuicide):
		return "Suicide bomb"
	case c.has(cueDisrupt) && !c.has(cueKill, cueInjure, cueClash) && (c.has(cueIED, cueAir, cueShell, cueGrenade, cueExplosion) || !harm):
		return "Disrupted weapons use"
	case c.baseSetUp() && (c.has(cueHQ) || a.armed()) && !harm && !c.has(cueClash, cueRegain, cueCapture, cueTakeover):
		// A new base or post, even one with heavy weapons brought in.
		return "Headquarters or base established"
	case c.armsTaken() && !harm && !c.has(cueClash, cueAir, cueExplosion, cueSuicide):
		// Weapons found, seized or destroyed before use: a cache, a bomb by the road.
		return "Disrupted weapons use"
	}

	// Tear gas and water cannon are used on crowds: a passage led by them is about a protest.
	dissent := c.first == cueProtest || c.first == cueRiot || c.first == cueVDemo || c.first == cueIntervene || c.first == cueForce ||
		(c.has(cueProtest) && !heavy && !c.has(cueClash))
	if (c.has(cueProtest) || a.present[6] || c.first == cueIntervene || c.first == cueForce) && dissent && !heavy {
		switch {
		case c.has(cueForce) || !c.has(cueRiot, cueVDemo, cueClash) && (c.has(cueKill) && (c.has(cueShoot) || a.victim[6]) ||
			a.victim[6] && (a.agent[1] || a.agent[8]) && c.has(cueAttack) && !c.has(cueIntervene, cueArrest)):
			// Lethal force, or a beating that was no part of dispersing a crowd, against
			// protesters who were not themselves violent.
			return "Excessive force against protesters"
		case c.has(cueRiot, cueVDemo, cueClash) || a.agent[5]:
			return "Violent demonstration"
		case c.has(cueIntervene) || (c.has(cueArrest) && a.present[1]):
			return "Protest with intervention"
		}
		return "Peaceful protest"
	}

	// A report led by a grenade is about the grenade, even one thrown amid clashes, unless
	// the targets shot back.
	if c.first == cueGrenade && !c.has(cueAir, cueSuicide, cueWeapon, cueShoot) {
		return "Grenade"
	}
	// Fire at an enemy's positions is a battle unless the means were only heavy weapons.
	// Small-arms fire with no civilian named is an exchange between armed sides, even
	// when the report names neither ("shots and explosions were heard near the line"),
	// unless heavy weapons dominate the report.
	heavyN := c.n[cueAir] + c.n[cueShell] + c.n[cueIED] + c.n[cueGrenade]
	clash := c.has(cueClash) || (c.has(cueWeapon) && !a.victim[7] && (a.armed() || !a.crowd() && c.n[cueWeapon] >= heavyN)) || (c.has(cuePositions) && !heavy)
	// An ambush in which only civilians were hit is an attack on them ("gunmen ambushed and
	// killed four youths"); an ambush of soldiers is a battle.
	if clash && c.n[cueClash] == c.n[cueAmbush] && a.victim[7] && !a.armedVictim() && !c.has(cueWeapon, cuePositions) {
		clash = false
	}
	if clash {
		// A crowd does not fire drones or shells: with heavy weapons told, fighting
		// between unnamed sides stays a battle, not a riot.
		if !heavy && !a.armed() && (a.present[5] || a.present[7] || c.has(cueMob, cueVDemo)) {
			return "Mob violence"
		}
		// Police and a stone-throwing crowd: a riot. It is a demonstration if the crowd
		// was making a demand.
		if !heavy && a.onlyState() && (a.present[5] || a.present[6] || a.agent[7] || c.has(cueMob, cueRiot, cueVDemo, cueProtest)) && !c.has(cueShoot) {
			if c.has(cueProtest) || a.present[6] {
				return "Violent demonstration"
			}
			return "Mob violence"
		}
		if c.has(cueRegain, cueCapture, cueTakeover) {
			return territory(c, a, true)
		}
		return "Armed clash"
	}
	if !heavy && (c.has(cueMob, cueRiot) || a.present[5]) {
		// Rioting that wrecks property or takes on the police, with no mob and no one
		// attacked among the public, is a violent demonstration.
		if c.has(cueRiot) && !c.has(cueMob) && !a.victim[7] && !a.agent[7] {
			return "Violent demonstration"
		}
		return "Mob violence"
	}
	// Stones thrown at a person, with no arms named, by people who are no armed group.
	if !heavy && !a.armed() && c.has(cueVDemo) && a.victim[7] && c.has(cueInjure, cueAttack, cueKill) && !c.has(cueShoot, cueWeapon, cueAbduct, cueSexViol) {
		return "Mob violence"
	}
	if !heavy && c.has(cueVDemo) && !harm {
		// Stones thrown at police who answer with tear gas, with no demand told: a mob,
		// not looting.
		if a.onlyState() && c.has(cueIntervene) {
			return "Mob violence"
		}
		if a.armed() {
			return "Looting/property destruction"
		}
		return "Mob violence"
	}

	switch {
	case c.has(cueAir):
		return "Air/drone strike"
	case c.has(cueGrenade) && !(a.armedVictim() && c.has(cueShoot, cueWeapon)):
		return "Grenade"
	case c.has(cueIED) && !(c.has(cueShell) && c.n[cueShell] >= c.n[cueIED]):
		return "Remote explosive/landmine/IED"
	case c.has(cueShell):
		return "Shelling/artillery/missile attack"
	}

	// State forces that struck a building or a town, with no weapon named and no one shot,
	// fired from afar: "Russian forces struck a residential block, killing three".
	if a.placeStruck && (a.agent[1] || a.agent[8]) && !a.agent[2] && !a.agent[3] && !a.agent[4] && !a.agent[5] && !a.agent[6] &&
		!c.has(cueShoot, cueWeapon, cueClash, cueAbduct, cueSexViol, cueArrest, cueLoot, cueMob, cueRiot, cueVDemo, cueProtest, cueIntervene, cueForce) {
		return "Shelling/artillery/missile attack"
	}
	// An attack that was thwarted met armed resistance: a battle ("repelled an incursion").
	if c.has(cueDisrupt) && c.has(cueAttack) && a.armed() && !a.victim[7] {
		return "Armed clash"
	}
	if c.has(cueKill, cueShoot, cueAttack) && a.armedVictim() && !a.victim[7] {
		if !heavy && a.onlyState() && (a.agent[5] || a.agent[7] && (c.has(cueMob, cueVDemo) || a.victim[1])) && !c.has(cueShoot, cueWeapon) {
			// Villagers who beat or stone a policeman are rioters, not an armed group.
			return "Mob violence"
		}
		return "Armed clash"
	}
	// A crowd, or people with no arms named, who beat, burn or lynch someone.
	if !heavy && !a.armed() && (a.agent[5] || a.agent[7] && c.has(cueMob)) && c.has(cueKill, cueAttack, cueLoot) && !c.has(cueShoot, cueSexViol, cueAbduct) {
		return "Mob violence"
	}
	// Arrests, in raids or not, with no one killed, shot, beaten or hurt, are arrests.
	if c.has(cueArrest) && (c.first == cueArrest || c.first == cueAttack) && c.n[cueAttack] == c.n[cueRaid] &&
		!c.has(cueKill, cueShoot, cueInjure, cueSexViol, cueAbduct, cueLoot) &&
		(a.agent[1] || a.agent[8] || a.present[1] && !a.present[2] && !a.present[3] && !a.present[4]) {
		return "Arrests"
	}
	switch {
	case c.has(cueSexViol):
		return "Sexual violence"
	case c.has(cueLoot) && c.n[cueLoot] == c.n[cueTake] && a.victim[7] && !c.has(cueKill, cueArms, cueArrest, cueTakeover, cueCapture, cueRegain):
		// "farmers who were seized by insurgents": people taken are abducted.
		return "Abduction/forced disappearance"
	case c.has(cueLoot) && !c.has(cueKill, cueInjure, cueShoot, cueAbduct, cueTakeover, cueCapture, cueRegain):
		return "Looting/property destruction"
	case c.has(cueAbduct) && !c.has(cueKill):
		return "Abduction/forced disappearance"
	case c.has(cueKill, cueShoot, cueAttack, cueAbduct):
		return "Attack"
	case c.has(cueExplosion):
		return "Remote explosive/landmine/IED"
	}
	if c.has(cueRegain, cueCapture, cueTakeover, cueWithdraw) && a.armed() {
		return territory(c, a, false)
	}
	// Among the non-violent developments, the one the passage opens with is what it is
	// about ("released 50 prisoners to advance the peace process" is a release, the peace
	// process its context); failing that, the order below decides.
	order := strategicOrder
	for i, r := range strategicOrder {
		// A release in an exchange is still the agreement ("released 30 rebels in
		// exchange for 16 soldiers").
		if r.cue == c.first && i > 0 && !c.has(cueTruce) {
			order = append([]struct {
				cue cue
				sub string
			}{r}, strategicOrder...)
			break
		}
	}
	for _, r := range order {
		if !c.has(r.cue) {
			continue
		}
		// An agreement or a release with no armed actor or authority named (firms that
		// signed a deal, data released) is not a conflict event.
		if (r.cue == cueAgree || r.cue == cueOther) && !a.armed() {
			return ""
		}
		return r.sub
	}
	return ""
}

// violent reports whether q is a cue of violence done to people or places.
func (q cue) violent() bool {
	switch q {
	case cueKill, cueShoot, cueAttack, cueClash, cueAir, cueShell, cueIED, cueGrenade, cueSuicide, cueChem, cueAbduct, cueSexViol, cueExplosion:
		return true
	}
	return false
}

// territorial reports whether q is a cue of a place changing hands.
func (s *cueSet) territorial(q cue) bool {
	return q == cueTakeover || q == cueCapture || q == cueRegain || q == cueWithdraw
}

// territory decides a change of hands (ACLED): state forces that take a place regain
// territory; a non-state group that takes it by force (a capture, or fighting told in the
// passage) overtakes it; a withdrawal with no fighting, or a group that simply takes over,
// is a non-violent transfer. fought says the passage already told of fighting.
func territory(c *cueSet, a *interSet, fought bool) string {
	fought = fought || c.has(cueClash, cueKill, cueShoot, cueAttack, cueAir, cueShell)
	if c.has(cueWithdraw) && !fought {
		return "Non-violent transfer of territory"
	}
	stateAgent := a.agent[1] || a.agent[8]
	rebelAgent := a.agent[2] || a.agent[3] || a.agent[4]
	statePresent := a.present[1] || a.present[8]
	rebelPresent := a.present[2] || a.present[3] || a.present[4]
	var state bool
	switch {
	case stateAgent != rebelAgent:
		state = stateAgent
	case stateAgent:
		// Both sides did something: the first named doer took the place ("militants
		// recaptured the town, hours after it was seized by troops").
		state = a.lead == 1 || a.lead == 8
	case c.has(cueRegain):
		// "Retook" from both sides or from nobody named: usually the state's.
		state = statePresent || !rebelPresent
	default:
		// Nobody made the doer: the side named only as the one taken from lost the place.
		rebelSide := a.present[2] && !a.victim[2] || a.present[3] && !a.victim[3] || a.present[4] && !a.victim[4]
		state = statePresent && !rebelSide
	}
	switch {
	case state:
		return "Government regains territory"
	case fought || c.has(cueCapture, cueRegain):
		return "Non-state actor overtakes territory"
	}
	return "Non-violent transfer of territory"
}

// strategicOrder decides among the non-violent developments when nothing violent happened:
// the first cue present names the sub-event type.
var strategicOrder = []struct {
	cue cue
	sub string
}{
	{cueRegain, "Government regains territory"},
	{cueTakeover, "Non-violent transfer of territory"},
	{cueCapture, "Non-violent transfer of territory"},
	{cueWithdraw, "Non-violent transfer of territory"},
	{cueArrest, "Arrests"},
	{cueLoot, "Looting/property destruction"},
	{cueDisrupt, "Disrupted weapons use"},
	{cueHQ, "Headquarters or base established"},
	{cueTruce, "Agreement"},
	{cueAgree, "Agreement"},
	{cueChange, "Change to group/activity"},
	{cueOther, "Other"},
}
