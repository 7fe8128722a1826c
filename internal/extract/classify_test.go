package extract

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

var (
	testCoderOnce sync.Once
	testCoder     *Coder
	testCoderErr  error
)

// coder returns one Coder shared by the table tests (loading it costs the gazetteer).
func coder(t *testing.T) *Coder {
	t.Helper()
	testCoderOnce.Do(func() { testCoder, testCoderErr = New() })
	if testCoderErr != nil {
		t.Fatal(testCoderErr)
	}
	return testCoder
}

// classifyCase is a sentence written for the test and the sub-event type of its first
// event ("" for no event).
type classifyCase struct {
	text, want string
}

func runClassifyCases(t *testing.T, cases []classifyCase) {
	t.Helper()
	c := coder(t)
	for _, tc := range cases {
		evs := c.Code(doc.Document{ID: "t", Text: tc.text})
		got := ""
		if len(evs) > 0 {
			got = evs[0].SubEventType
		}
		if got != tc.want {
			t.Errorf("%q\n  got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestActorRoles: who is the victim decides between a battle and an attack on civilians.
func TestActorRoles(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		// The militants are the ones killed; the attack in the next sentence does not make
		// them the doers.
		{"On 3 March, soldiers in the district killed 4 militants. The means of attack were not reported.", "Armed clash"},
		{"On 3 March, gunmen killed two farmers in the village.", "Attack"},
	})
}

// TestRiots: crowds against police, and crowds against a person, are riots, not battles.
func TestRiots(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 4 May, villagers clashed with police and pelted stones at them over a land dispute.", "Mob violence"},
		{"On 4 May, hundreds of workers demanding unpaid wages clashed with police in the city.", "Violent demonstration"},
		{"On 6 May, community members beat a suspected thief in the market.", "Mob violence"},
		{"On 6 May, villagers assaulted police officers who were enforcing the curfew in the village.", "Mob violence"},
		{"On 6 May, gunmen shot at police officers who were enforcing the curfew in the village.", "Armed clash"},
		{"On 6 May, firefighters protested against budget cuts in the city.", "Peaceful protest"},
		// Soldiers against militants stays a battle.
		{"On 4 May, soldiers clashed with militants near the border.", "Armed clash"},
	})
}

// TestFireExchange: fire both ways is a battle; heavy weapons fired at positions are shelling.
func TestFireExchange(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 6 May, monitors recorded 40 projectiles and shots in both directions of the frontline near the village.", "Armed clash"},
		{"On 6 May, monitors recorded 12 shots involving small arms near the village.", "Armed clash"},
		{"On 6 May, monitors recorded 30 explosions and shots involving small arms near the village.", "Armed clash"},
		{"On 6 May, monitors recorded 30 explosions and bursts of fire involving heavy machine guns near the village.", "Shelling/artillery/missile attack"},
		{"On 6 May, rebels fired heavy machine guns at army positions near the village.", "Shelling/artillery/missile attack"},
		{"On 6 May, protesters blocked the highway in both directions.", "Peaceful protest"},
	})
}

// TestArmsTaken: weapons found or seized before use are a disrupted weapons use; taking
// other things, or taking a weapon in an attack, is not.
func TestArmsTaken(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 2 May, police seized six pistols and 300 rounds of ammunition from a house in the town.", "Disrupted weapons use"},
		{"On 2 May, soldiers discovered a cache of mortars and explosives near the village.", "Disrupted weapons use"},
		{"On 2 May, militants seized cattle from herders in the village.", "Looting/property destruction"},
		{"On 2 May, gunmen shot dead a trader in the village and took his rifle.", "Attack"},
	})
}

// TestTerritory: who took a place, and whether by force, decides the sub-event type.
func TestTerritory(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 3 May, government forces captured the village from the rebels after heavy fighting.", "Government regains territory"},
		{"On 3 May, militants recaptured the town from the army.", "Non-state actor overtakes territory"},
		{"On 3 May, rebels took control of the town after the army withdrew from it.", "Non-violent transfer of territory"},
		{"On 3 May, rebels captured two villages near the town where a chemical attack once killed dozens.", "Non-state actor overtakes territory"},
	})
}

// TestNotPoliticalViolence: accidents, diplomacy and ordinary crime are not conflict events.
func TestNotPoliticalViolence(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 5 May, two people died when a gas cylinder exploded in a restaurant in the town.", ""},
		{"On 5 May, a fireworks warehouse exploded in the town, killing six workers.", ""},
		{"On 5 May, a military aircraft crashed into the sea during a training flight.", ""},
		{"On 5 May, the foreign minister announced new sanctions over the missile tests.", ""},
		{"On 5 May, a man was assaulted in a burglary at his shop in the town.", ""},
		// A bomb in a busy market is an attack even where storms are in the news.
		{"On 5 May, a roadside bomb exploded near a market in the town, killing three civilians.", "Remote explosive/landmine/IED"},
		// A killing in a drug war is counted.
		{"On 5 May, drug traffickers shot dead a man in the town.", "Attack"},
	})
}

// TestBasesAndAgreements: a post set up is a base established; a surrender is an agreement.
func TestBasesAndAgreements(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 7 May, foreign troops set up a new observation post near the town.", "Headquarters or base established"},
		{"On 7 May, the army established two checkpoints on the road into the town.", "Headquarters or base established"},
		{"On 7 May, militants attacked a military base near the town, killing two soldiers.", "Armed clash"},
		{"On 7 May, twelve rebels surrendered to the army in the district.", "Agreement"},
		{"On 7 May, the two sides agreed a ceasefire in the district.", "Agreement"},
		{"On 7 May, the army and the rebels agreed a ceasefire in the district.", "Agreement"},
		// Firms that sign a deal are no side of a conflict.
		{"On 7 May, the two airlines signed an agreement on shared routes.", ""},
	})
}

// TestForceAgainstProtesters: lethal force, or a beating that was not part of dispersing a
// crowd, against peaceful protesters; dispersal and arrests are an intervention.
func TestForceAgainstProtesters(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 9 May, police opened fire on protesters in the capital, killing two of them.", "Excessive force against protesters"},
		{"On 9 May, security forces violently dispersed a peaceful sit-in in the capital.", "Excessive force against protesters"},
		{"On 9 May, police fired tear gas to disperse protesters in the capital.", "Protest with intervention"},
		{"On 9 May, riot police fired rubber bullets and water cannon at a crowd in the capital.", "Protest with intervention"},
		{"On 9 May, police dispersed the protest and detained 11 protesters in the capital.", "Protest with intervention"},
	})
}

// TestVictimPhrases: who was hit is read through "a member of", "left ... dead", and
// community names; an attack that was thwarted met resistance.
func TestVictimPhrases(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 8 May, unidentified gunmen assassinated a member of the police in the town.", "Armed clash"},
		{"On 8 May, an army operation against militants in the district left 3 militants dead.", "Armed clash"},
		{"On 8 May, soldiers executed two members of the Fulani community near the village.", "Attack"},
		{"On 8 May, government forces thwarted a rebel attack on the town.", "Armed clash"},
		{"On 8 May, gunmen opened fire on police at a checkpoint and the police returned fire.", "Armed clash"},
	})
}

// TestViolentDemonstrations: rioting, barricades and fights with police during a protest.
func TestViolentDemonstrations(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 8 May, clashes broke out between police and protesters outside parliament.", "Violent demonstration"},
		{"On 8 May, students rioted on the campus and smashed windows.", "Violent demonstration"},
		{"On 8 May, traders barricaded the main road into the town to demand the market reopen.", "Violent demonstration"},
		{"On 8 May, a mob lynched a suspected thief in the market.", "Mob violence"},
	})
}

// TestChangeOfActivity: measures and moves with no violence; measures against an epidemic are
// not a disaster.
func TestChangeOfActivity(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 6 May, the governor imposed a curfew in the district to curb the spread of the outbreak.", "Change to group/activity"},
		{"On 6 May, the army dispatched troops to the border district.", "Change to group/activity"},
		{"On 6 May, the ministry released a statement on the talks.", ""},
	})
}

// TestGrenadesArrestsGas: a grenade leads its report unless the targets shot back; raids
// that end in arrests are arrests, a beating is not; gas used as a weapon, not leaked.
func TestGrenadesArrestsGas(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 2 May, a grenade was thrown into a crowd during clashes between police and rebels in the city.", "Grenade"},
		{"On 2 May, militants threw a hand grenade at a police post and the police responded with gunfire.", "Armed clash"},
		{"On 2 May, soldiers arrested 12 men in overnight raids across the district.", "Arrests"},
		{"On 2 May, soldiers detained and tortured a villager to death in the district.", "Attack"},
		{"On 2 May, dozens of people were treated after a poisonous gas attack on the town.", "Chemical weapon"},
		{"On 2 May, poisonous gas leaked from a chemical factory in the port, killing two workers.", ""},
	})
}

// TestDissentWords: demanding or a petition is a protest when people gather for it.
func TestDissentWords(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 4 May, residents blocked the road into the town, demanding water.", "Peaceful protest"},
		{"On 4 May, the state filed a petition in the supreme court demanding the board be set up.", ""},
		{"On 4 May, thousands attended the Easter vigil in the cathedral.", ""},
	})
}

// TestNotViolenceWords: a game, a company and a dead end are not violence.
func TestNotViolenceWords(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 6 May, her game-winning shot in overtime sent the team into the semifinal of the tournament.", ""},
		{"On 6 May, the team faces a relegation battle after the striker was suspended by the league.", ""},
		{"On 6 May, Shell said its profits fell in the quarter.", ""},
		{"On 6 May, an artillery shell fired by the army fell on a house in the village.", "Shelling/artillery/missile attack"},
		// Fans who riot after a match are rioters.
		{"On 6 May, fans rioted and smashed shop windows after the league match in the city.", "Violent demonstration"},
	})
}

// TestOffDuty: an off-duty or former officer is a civilian victim.
func TestOffDuty(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 4 May, gunmen shot dead an off-duty police officer outside his home in the city.", "Attack"},
		{"On 4 May, gunmen shot dead a police officer at a checkpoint in the city.", "Armed clash"},
		{"On 4 May, police killed a drug suspect during a raid in the city.", "Attack"},
	})
}

// TestBackgroundYear: a sentence that tells an event on a day of its own is not background
// because it also recalls a year, even when the day cannot be resolved (no publication date).
func TestBackgroundYear(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"Dozens of lawyers took to the streets on Thursday to protest against police brutality that has grown since the president came to power in 2017.", "Peaceful protest"},
		{"The town was the scene of heavy fighting in 2017.", ""},
	})
}

// TestGrievance: what a protest is against is not what happened at it.
func TestGrievance(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 2 May, protesters gathered outside the court to demonstrate against the detention of activists accused of vandalising a bank.", "Peaceful protest"},
		{"On 2 May, residents held a protest against the killing of a student by gunmen.", "Peaceful protest"},
		{"On 2 May, protesters marched against the new law, and police fired tear gas to disperse them.", "Protest with intervention"},
		{"On 2 May, rival groups of protesters rallied against each other and clashed in the square.", "Violent demonstration"},
	})
}

// TestHeavyWeaponsNoCrowd: a crowd does not fire drones; a city "besieged" for months and
// the fighting of an earlier war are not a battle told in the report.
func TestHeavyWeaponsNoCrowd(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 3 May, at least ten people were killed when a drone hit a market in the besieged town, local medics said.", "Air/drone strike"},
		{"On 3 May, a boy was killed when unexploded ordnance left from previous fighting went off near his home in the village.", "Remote explosive/landmine/IED"},
		{"On 3 May, residents of the besieged city clashed with each other over bread in the market.", "Mob violence"},
	})
}

// TestTallies: what went on for months, almost daily or several times this month is
// background to a report, not an event of its own.
func TestTallies(t *testing.T) {
	c := coder(t)
	pub := time.Date(2025, 6, 14, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text string
		want int // events coded
	}{
		{"Shells hit a school in the town on Friday, killing two pupils, the mayor said. The town has come under fire several times this month.", 1},
		{"A rocket hit a depot in the city on Friday, killing a guard. The province has faced almost daily attacks since the rebels launched an offensive in March.", 1},
		{"Rebels who have besieged the town for months attacked an army post there on Friday, killing four soldiers.", 1},
		{"The town has come under fire several times this month.", 0},
	} {
		evs := c.Code(doc.Document{ID: "t", Text: tc.text, Published: pub})
		if len(evs) != tc.want {
			t.Errorf("%q\n  got %d events, want %d: %+v", tc.text, len(evs), tc.want, evs)
		}
	}
}

// TestStonesAtAPerson: stones thrown at a person, no arms named, are a mob's violence.
func TestStonesAtAPerson(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 4 May, a group of youths threw stones at a shopkeeper and badly injured him in the town.", "Mob violence"},
	})
}

// TestDemandAfterViolence: a demand or a blockade told after a killing is its background,
// not a protest; a sentence that only refers back to "the attack" tells no new event.
func TestDemandAfterViolence(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 5 May, gunmen killed six farmers in the village. Residents said the farmers had refused to pay a tax demanded by the gang.", "Attack"},
		{"On 5 May, rebels attacked an army post in the district, killing three soldiers. The rebels have kept the district under blockade since the spring.", "Armed clash"},
		{"On 5 May, traders blockaded the main market road in the town to denounce new taxes.", "Peaceful protest"},
	})
	c := coder(t)
	pub := time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC)
	text := "Gunmen killed four traders in a village in the north of the country on Monday, residents said. The governor of the province said he would send aid to the families affected by the attack."
	if evs := c.Code(doc.Document{ID: "t", Text: text, Published: pub}); len(evs) != 1 {
		t.Errorf("%q\n  got %d events, want 1: %+v", text, len(evs), evs)
	}
}

// TestClaimsAndQualifiers: a group that claims an attack is its doer, not a source; a
// generic noun or a linked group before a named one is that group.
func TestClaimsAndQualifiers(t *testing.T) {
	c := coder(t)
	for _, tc := range []struct {
		text, actor1, actor2 string
		attribution          []string
	}{
		{"On 9 May, at least three soldiers were killed in an attack on an army post near the border. Al Shabaab claimed the attack in a statement.",
			"Al Shabaab", "Military Forces", nil},
		{"On 9 May, fighters from the Islamic State-affiliated Boko Haram attacked an army base in the district, killing two soldiers, a local official said.",
			"Boko Haram", "Military Forces", []string{"a local official"}},
		{"On 9 May, a bomb exploded beside a police vehicle in the town, killing an officer, the governor said. Nobody has claimed responsibility.",
			"", "", []string{"the governor"}},
	} {
		evs := c.Code(doc.Document{ID: "t", Text: tc.text})
		if len(evs) == 0 {
			t.Errorf("%q: no event", tc.text)
			continue
		}
		ev := evs[0]
		if tc.actor1 != "" && (ev.Actor1 == nil || !strings.HasPrefix(ev.Actor1.Name, tc.actor1) || ev.Actor2 == nil || !strings.HasPrefix(ev.Actor2.Name, tc.actor2)) {
			t.Errorf("%q\n  actors %+v / %+v, want %s / %s", tc.text, ev.Actor1, ev.Actor2, tc.actor1, tc.actor2)
		}
		if tc.attribution != nil && !reflect.DeepEqual(ev.Attribution, tc.attribution) {
			t.Errorf("%q\n  attribution %q, want %q", tc.text, ev.Attribution, tc.attribution)
		}
	}
}

// TestWeaponBeforeCollapse: a missile that killed, then a wall that collapsed, is the
// missile's event; an explosion of stored chemicals that killed no one is not.
func TestWeaponBeforeCollapse(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 6 May, a missile hit a depot in the city, killing two guards, the mayor of the city said. Rescuers pulled a man from a collapsed roof.", "Shelling/artillery/missile attack"},
		{"On 6 May, a storage tank exploded in the port and a warehouse collapsed.", ""},
	})
	evs := coder(t).Code(doc.Document{ID: "t", Text: "On 6 May, a missile hit a depot in the city, killing two guards, the governor of the eastern region said."})
	if len(evs) == 0 || !reflect.DeepEqual(evs[0].Attribution, []string{"the governor of the eastern region"}) {
		t.Errorf("attribution: got %+v, want the governor of the eastern region", evs)
	}
}

// TestSourcesAndClauses: "police in the state said" is a source; a verb before "when" has
// another object ("people were killed when gunmen raided"); the day a statement was made
// is not the day of the event it tells.
func TestSourcesAndClauses(t *testing.T) {
	c := coder(t)
	pub := time.Date(2025, 5, 9, 0, 0, 0, 0, time.UTC) // a Friday
	ev := c.Code(doc.Document{ID: "t", Published: pub,
		Text: "Police in the northern state said on Thursday that five people were killed when gunmen raided a village on Tuesday."})
	if len(ev) == 0 {
		t.Fatal("no event")
	}
	if ev[0].SubEventType != "Attack" || ev[0].Actor1 == nil || ev[0].Actor1.Inter != 3 {
		t.Errorf("got %s by %+v, want an Attack by an armed group", ev[0].SubEventType, ev[0].Actor1)
	}
	if ev[0].EventDate != "2025-05-06" {
		t.Errorf("event date %s, want the Tuesday 2025-05-06", ev[0].EventDate)
	}
	for _, text := range []string{
		"The army told reporters on Thursday that rebels attacked a post in the district on Tuesday.",
		"The army said in a statement on Thursday that rebels attacked a post in the district on Tuesday.",
	} {
		ev = c.Code(doc.Document{ID: "t", Published: pub, Text: text})
		if len(ev) == 0 || ev[0].EventDate != "2025-05-06" {
			t.Errorf("%q: got %+v, want an event on Tuesday 2025-05-06", text, ev)
		}
	}
}

// TestSeizedPeople: people seized are abducted; goods seized are looted.
func TestSeizedPeople(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 3 May, families of twelve fishermen who were seized by militants near the lake appealed for their release.", "Abduction/forced disappearance"},
		{"On 2 May, militants seized cattle from herders in the village.", "Looting/property destruction"},
	})
}

// TestStrikeFromAfar: state forces that struck a building or a town, with no weapon named,
// fired from afar; soldiers who struck a person did not.
func TestStrikeFromAfar(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 7 May, Russian forces struck an apartment building in the city, killing four residents.", "Shelling/artillery/missile attack"},
		{"On 7 May, government forces struck residential areas of the town overnight, killing a child.", "Shelling/artillery/missile attack"},
		{"On 7 May, soldiers struck and killed a man at a checkpoint in the village.", "Attack"},
		{"On 7 May, gunmen struck a village in the district, killing five farmers.", "Attack"},
	})
}

// TestVehicleHitMine: a convoy that struck a mine was hit by it.
func TestVehicleHitMine(t *testing.T) {
	evs := coder(t).Code(doc.Document{ID: "t", Text: "On 10 May, an army convoy struck an explosive device on the road near the town, killing two soldiers."})
	if len(evs) == 0 || evs[0].SubEventType != "Remote explosive/landmine/IED" || evs[0].Actor1 == nil || evs[0].Actor1.Inter == 1 {
		t.Errorf("got %+v, want an IED with the army as its target, not its doer", evs)
	}
}

// TestArmsOfState: "a Russian missile" was fired by Russia's military; a downed drone's
// state is its target.
func TestArmsOfState(t *testing.T) {
	c := coder(t)
	evs := c.Code(doc.Document{ID: "t", Text: "On 7 May, a Russian missile hit a warehouse in Kharkiv, killing two workers."})
	if len(evs) == 0 || evs[0].Actor1 == nil || evs[0].Actor1.Country != "RUS" || evs[0].Actor1.Inter != 8 {
		t.Errorf("got %+v, want actor1 Russia's military (inter 8)", evs)
	}
	evs = c.Code(doc.Document{ID: "t", Text: "On 7 May, Syrian air defences shot down a Turkish drone over Idlib."})
	if len(evs) > 0 && evs[0].Actor1 != nil && evs[0].Actor1.Country == "TUR" {
		t.Errorf("got %+v, want Turkey as the target, not the doer", evs[0].Actor1)
	}
}

// TestSpeakingSide: in a battle, an armed side that tells of it is the other side.
func TestSpeakingSide(t *testing.T) {
	evs := coder(t).Code(doc.Document{ID: "t", Text: "On 7 May, police said they had repelled an attack by gunmen on a checkpoint in the town."})
	if len(evs) == 0 || evs[0].SubEventType != "Armed clash" || evs[0].Actor2 == nil || !strings.HasPrefix(evs[0].Actor2.Name, "Police Forces") {
		t.Errorf("got %+v, want an Armed clash of gunmen with the police", evs)
	}
}

// TestNamedGroupNoun: "SDF fighters" are the SDF, and fighters who died were killed, not
// killers.
func TestNamedGroupNoun(t *testing.T) {
	c := coder(t)
	for _, tc := range []struct{ text, sub, a1, a2 string }{
		{"On 5 May, two Taliban fighters died in clashes with soldiers in the district.", "Armed clash", "Military Forces", "Taliban"},
		{"On 5 May, two SDF fighters died when a roadside bomb exploded beside their vehicle in the province.", "Remote explosive/landmine/IED", "Unidentified Armed Group", "Syrian Democratic Forces"},
	} {
		evs := c.Code(doc.Document{ID: "t", Text: tc.text})
		if len(evs) == 0 || evs[0].SubEventType != tc.sub || evs[0].Actor1 == nil || evs[0].Actor2 == nil ||
			!strings.HasPrefix(evs[0].Actor1.Name, tc.a1) || !strings.HasPrefix(evs[0].Actor2.Name, tc.a2) {
			var got []string
			for _, e := range evs {
				got = append(got, fmt.Sprintf("%s %+v %+v", e.SubEventType, e.Actor1, e.Actor2))
			}
			t.Errorf("%q\n  got %v, want %s: %s vs %s", tc.text, got, tc.sub, tc.a1, tc.a2)
		}
	}
}

// TestForcesOfCountry: "the forces of Armenia", "forces of India and Pakistan" name the
// states after the noun.
func TestForcesOfCountry(t *testing.T) {
	c := coder(t)
	for _, tc := range []struct{ text, a1, a2 string }{
		{"On 6 May, the military forces of Armenia fired on the positions of the military forces of Azerbaijan near Tovuz, Azerbaijan.", "Military Forces of Armenia", "Military Forces of Azerbaijan"},
		{"On 6 May, the armed forces of India and Pakistan exchanged fire across the border near Poonch, India.", "Military Forces of India", "Military Forces of Pakistan"},
	} {
		evs := c.Code(doc.Document{ID: "t", Text: tc.text})
		if len(evs) == 0 || evs[0].Actor1 == nil || evs[0].Actor2 == nil || evs[0].Actor1.Name != tc.a1 || evs[0].Actor2.Name != tc.a2 || evs[0].Actor1.Inter+evs[0].Actor2.Inter != 9 {
			t.Errorf("%q\n  got %+v, want %s vs %s (inter 1 and 8)", tc.text, evs, tc.a1, tc.a2)
		}
	}
}

// TestCivilianPlaces: fire at "residential areas" aimed at civilians but names no people
// as a side; "a civilian's house" names its owner.
func TestCivilianPlaces(t *testing.T) {
	c := coder(t)
	evs := c.Code(doc.Document{ID: "t", Text: "On 8 May, government forces shelled residential areas of the town. No casualties were reported."})
	if len(evs) == 0 || evs[0].SubEventType != "Shelling/artillery/missile attack" || evs[0].Actor2 != nil {
		t.Errorf("got %+v, want shelling with no actor2", evs)
	}
	evs = c.Code(doc.Document{ID: "t", Text: "On 8 May, gunmen threw a grenade at a civilian's house in the town."})
	if len(evs) == 0 || evs[0].SubEventType != "Grenade" || evs[0].Actor2 == nil || evs[0].Actor2.Inter != 7 {
		t.Errorf("got %+v, want a grenade with civilians as actor2", evs)
	}
}

// TestCrowdWords: tear gas shells are no artillery; people who set a man on fire are a
// mob; foreign nationals who fight the police are rioters.
func TestCrowdWords(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 6 May, residents threw stones at police, who fired tear gas shells at them in the town.", "Mob violence"},
		{"On 6 May, residents demanding water threw stones at police, who fired tear gas shells at them in the town.", "Violent demonstration"},
		{"On 6 May, a group of local people killed a suspected thief by setting him on fire in the market.", "Mob violence"},
		{"On 6 May, foreign nationals clashed with border police who tried to stop them from crossing near the town.", "Mob violence"},
	})
}

// TestAmbushAndDuty: an ambush in which only civilians were hit is an attack; an officer
// "who was off duty" was a civilian; a policewoman is police.
func TestAmbushAndDuty(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 3 May, gunmen ambushed and killed three farmers on the road to the village.", "Attack"},
		{"On 3 May, rebels ambushed an army patrol near the village, killing two soldiers.", "Armed clash"},
		{"On 3 May, gunmen shot dead a police officer of the town council who was off duty.", "Attack"},
		{"On 3 May, gunmen shot and killed a policewoman at a checkpoint in the city.", "Armed clash"},
	})
}

// TestTruceAndSuppression: a report led by a ceasefire is an agreement; police who
// suppress a march or use pepper spray intervene in it.
func TestTruceAndSuppression(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 9 May, the army and the rebels agreed a ceasefire in the district after two weeks of fighting.", "Agreement"},
		{"On 9 May, the ceasefire collapsed when the army shelled rebel positions in the district.", "Shelling/artillery/missile attack"},
		{"On 9 May, police suppressed a student march in the capital.", "Protest with intervention"},
		{"On 9 May, police used pepper spray on demonstrators outside the ministry.", "Protest with intervention"},
	})
}

// TestCountedVictims: "killing up to 40 soldiers" makes the soldiers the ones killed.
func TestCountedVictims(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 4 May, militants launched attacks in the province, killing up to 40 soldiers and wounding 80.", "Armed clash"},
	})
}

// TestSeizedGround: seizing a town or a camp is taking territory, and troops who capture a
// rebel camp regain it.
func TestSeizedGround(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 8 May, rebel fighters seized the northern town after the army pulled back.", "Non-state actor overtakes territory"},
		{"On 8 May, troopers of the northern command captured two rebel camps in the hills.", "Government regains territory"},
		{"On 8 May, government troops have occupied three hill posts held by the rebels.", "Government regains territory"},
		{"On 8 May, near a village in the district, soldiers seized food hidden by the rebels.", "Looting/property destruction"},
	})
}

// TestRiotAfterGrievance: a past-tense verb of rioting after what a protest is against is
// what the protesters did; prisoners who burn mattresses riot.
func TestRiotAfterGrievance(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 5 May, residents demonstrating against the curfew vandalized a police station in the town.", "Violent demonstration"},
		{"On 5 May, residents protested against police who stormed the market in the town.", "Peaceful protest"},
		{"On 5 May, inmates burned mattresses in the prison to demand visits from relatives.", "Violent demonstration"},
	})
}

// TestFirstDevelopment: among non-violent developments, the one a report opens with is
// what it is about.
func TestFirstDevelopment(t *testing.T) {
	runClassifyCases(t, []classifyCase{
		{"On 6 May, the government released 80 rebel prisoners from the central prison to advance the peace process.", "Other"},
		{"On 6 May, the army and the rebels agreed a prisoner exchange in the district.", "Agreement"},
	})
}
