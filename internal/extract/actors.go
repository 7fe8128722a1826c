package extract

import (
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

// mention is an actor named in a passage.
type mention struct {
	tok      int // index of the first token
	end      int // index after the last token
	entry    actorEntry
	nation   string // ISO3 of a nationality adjective before it ("Turkish soldiers"), or ""
	nameOf   string // country name for that nationality
	agent    bool   // the text makes it the doer ("gunmen killed", "killed by gunmen")
	victim   bool   // the text makes it the one done to ("soldiers were killed", "killing two soldiers")
	alleged  bool   // "alleged to have X ties", "suspected X"
	named    bool   // a named group, not a generic noun
	reported bool   // the source of a statement ("police said"), not a side of the event
	place    bool   // civilians' places, not people: "residential areas", "civilian facilities"
}

// passiveAux are the words that make the following verb passive.
var passiveAux = map[string]bool{"was": true, "were": true, "been": true, "being": true, "is": true, "are": true, "got": true}

// objectVerbs take the one they harm as object: "killing two soldiers".
var objectVerbs = map[string]bool{
	"killing": true, "killed": true, "kill": true, "attacked": true, "attacking": true, "attack": true,
	"targeted": true, "targeting": true, "shot": true, "shooting": true, "abducted": true,
	"abducting": true, "kidnapped": true, "kidnapping": true, "ambushed": true, "ambushing": true,
	"wounding": true, "wounded": true, "injuring": true, "injured": true, "assassinated": true,
	"executed": true, "arrested": true, "arresting": true, "detained": true, "beat": true,
	"beating": true, "stabbed": true, "assaulted": true, "shelled": true, "shelling": true,
	"raided": true, "struck": true, "hit": true, "against": true, "on": true, "at": true,
	"captured": true, "capturing": true, "overran": true, "recaptured": true, "retook": true,
}

// memberNouns head a phrase that names someone by the group they belong to ("a member of
// the police", "a convoy of soldiers").
var memberNouns = map[string]bool{
	"member": true, "members": true, "commander": true, "commanders": true, "leader": true,
	"leaders": true, "officer": true, "officers": true, "convoy": true, "patrol": true,
	"unit": true, "units": true, "position": true, "positions": true, "base": true,
	"post": true, "checkpoint": true, "headquarters": true, "vehicle": true, "vehicles": true,
}

// offDuty reports whether the words just before token i ("an off-duty police officer", "a
// former soldier", "a retired army general") take the person out of the force.
func offDuty(toks []lexicon.Token, from, i int) bool {
	for k := max(from, i-3); k < i; k++ {
		switch toks[k].Norm {
		case "former", "retired", "ex", "off":
			if toks[k].Norm != "off" || k+1 < len(toks) && toks[k+1].Norm == "duty" {
				return true
			}
		}
	}
	return false
}

// offDutyAfter reports whether the words after a phrase ending at token end say it was off
// duty: "a police officer of the municipality who was off-duty".
func offDutyAfter(toks []lexicon.Token, end, to int) bool {
	for k := end; k < min(to, end+8); k++ {
		if toks[k].Norm == "off" && k+1 < to && toks[k+1].Norm == "duty" || toks[k].Norm == "off-duty" {
			return true
		}
	}
	return false
}

// communityNouns after an ethnic or clan name make it a community of civilians.
var communityNouns = map[string]bool{"community": true, "communities": true, "civilians": true, "villagers": true, "villages": true, "families": true}

// objectReach is how far back from the head of a phrase its verb may be: four words, and
// as many more as a count takes ("killing up to 40 Syrian soldiers").
func objectReach(toks []lexicon.Token, wordAt []word, from, head int) int {
	n := 4
	for k := head - 1; k >= max(from, head-6) && n < 6; k-- {
		if wordAt[k]&wordCount != 0 || toks[k].Norm != "" && toks[k].Norm[0] >= '0' && toks[k].Norm[0] <= '9' {
			n++
		}
	}
	return n
}

// countWords make up a count before a noun.
var countWords = map[string]bool{"up": true, "to": true, "at": true, "least": true, "more": true, "than": true, "about": true, "nearly": true, "around": true, "some": true, "over": true}

// clauseOpeners start a clause of their own: a verb before them has another object.
var clauseOpeners = map[string]bool{"when": true, "as": true, "after": true, "while": true, "before": true, "because": true, "who": true, "which": true, "that": true, "where": true}

// prepositions among objectVerbs: weaker evidence of a victim than a verb.
var prepositions = map[string]bool{"against": true, "on": true, "at": true}

// speechVerbs make the actor before them a source, not a side ("police said").
var speechVerbs = map[string]bool{"said": true, "says": true, "say": true, "told": true, "reported": true, "stated": true, "claimed": true, "announced": true, "confirmed": true, "added": true, "noted": true, "according": true}

// hedges before a named group mark it as alleged.
var hedges = map[string]bool{"alleged": true, "allegedly": true, "suspected": true, "presumed": true, "presumably": true, "purported": true, "reportedly": true, "likely": true, "possible": true}

// actorRoles appends to out the actor mentions in tokens [from, to) and decides who acts
// and who is acted upon, from word order and voice: "X killed Y", "Y was killed by X",
// "killing Y".
//
// ids are the tokens' words in the lexicons' vocabulary, wordAt the word lists they are in;
// found is a buffer for the lexicon's matches, reused between calls.
func (c *Coder) actorRoles(out []mention, toks []lexicon.Token, ids []int32, wordAt []word, cueAt []cue, from, to int, found *[]lexicon.Match) []mention {
	n0 := len(out)
	*found = c.lx.actors.FindIDs(toks[from:to], ids[from:to], (*found)[:0])
	for _, m := range *found {
		m.Start += from
		m.End += from
		e := c.lx.actorOf[m.Value]
		if e.inter == 4 && m.End < to && wordAt[m.End]&wordCommunity != 0 {
			// "members of the Fulani community" are civilians, not an ethnic militia.
			e = actorEntry{inter: 7, template: "Civilians ({C})"}
		}
		if e.inter == 1 && (offDuty(toks, from, m.Start) || offDutyAfter(toks, m.End, to)) {
			// An off-duty or former officer is attacked as a civilian (ACLED).
			e = actorEntry{inter: 7, template: "Civilians ({C})"}
		}
		mn := mention{tok: m.Start, end: m.End, entry: e, named: e.named}
		// Fire at "residential areas" or "civilian facilities" was aimed at civilians (a
		// victim for classify), but names no people as a side.
		// A plural or possessive ("civilians' houses", "a civilian's house") names owners.
		mn.place = e.inter == 7 && m.End < to && wordAt[m.End]&wordPlace != 0 &&
			(toks[m.End-1].Norm == "civilian" || toks[m.End-1].Norm == "residential")
		if m.Start > 0 {
			if iso, name, ok := c.nationality(toks[m.Start-1].Norm); ok {
				mn.nation, mn.nameOf = iso, name
			}
		}
		// "Police said", "Police in the state said": the source of a statement. Only words
		// that tell nothing happened may come between.
		if k := m.End; k < len(toks) {
			if toks[k].Norm == "in" || toks[k].Norm == "of" {
				for k++; k < min(to, m.End+5) && wordAt[k]&(wordSpeech|wordPassiveAux) == 0 && cueAt[k] == cueNone; k++ {
				}
			}
			if k < len(toks) && wordAt[k]&wordSpeech != 0 {
				mn.reported = !claimsAct(toks, wordAt, cueAt, k)
			}
		}
		if m.Start >= 2 && toks[m.Start-2].Norm == "according" {
			mn.reported = true
		}
		// A hedge just before a named group, or "alleged"/"suspected" a few words before it
		// ("alleged to have Islamic State ties"), marks it as alleged.
		for k := max(from, m.Start-5); k < m.Start; k++ {
			if wordAt[k]&wordHedge != 0 && (k >= m.Start-3 || toks[k].Norm == "alleged" || toks[k].Norm == "suspected") {
				mn.alleged = mn.named
			}
		}
		// Agent: "by X" just before, or a violent verb soon after without a passive auxiliary.
		by := m.Start > from && (toks[m.Start-1].Norm == "by" || (m.Start > from+1 && toks[m.Start-2].Norm == "by"))
		mn.agent = by
		passive := false
		for k := m.End; k < min(to, m.End+6); k++ {
			if wordAt[k]&wordPassiveAux != 0 {
				passive = true
				continue
			}
			if q := cueAt[k]; q != cueNone && isViolentAct(q) {
				// "left two militants dead": the state they were left in. "A convoy struck a
				// mine": what it ran into hit it.
				if passive || k <= m.End+1 && toks[k].Norm == "dead" || wordAt[k]&wordDied != 0 || q == cueStrike && hitsExplosive(cueAt, k, to) {
					mn.victim = true
				} else if !mn.agent {
					mn.agent = true
				}
				break
			}
		}
		// Object of a violent verb: "killing two soldiers", "attacked a police post". A verb
		// just before outweighs one after ("killed 3 militants who had attacked"), but a
		// preposition does not ("on Tuesday militants attacked").
		// "killed a member of the police": the verb's object is the head of the phrase.
		head := m.Start
		for k := m.Start - 1; k >= max(from+1, m.Start-4); k-- {
			if toks[k].Norm == "of" && wordAt[k-1]&wordMember != 0 {
				head = k - 1
				break
			}
		}
		// A verb before a clause word is not this phrase's: "people were killed when
		// gunmen raided".
		lo := max(from, head-objectReach(toks, wordAt, from, head))
		for k := head - 1; k >= lo; k-- {
			if wordAt[k]&wordClauseOpener != 0 {
				lo = k + 1
				break
			}
		}
		for k := lo; k < head; k++ {
			if wordAt[k]&wordObjectVerb == 0 || by {
				continue
			}
			// A preposition counts only just before the phrase ("fired on the soldiers"),
			// not a date away ("On 5 May soldiers fired").
			// A preposition right after a violent act ("threw stones at a journalist and
			// injured him", "fired on the soldiers") outweighs a verb after the phrase.
			afterAct := k > from && (cueAt[k-1] == cueVDemo || isViolentAct(cueAt[k-1]))
			if wordAt[k]&wordPreposition != 0 && (mn.agent && !afterAct || k < head-2) {
				continue
			}
			mn.victim, mn.agent = true, false
		}
		// "the military forces of Armenia", "forces of India and Pakistan": the state is
		// named after the noun.
		if (e.inter == 1 || e.inter == 8) && mn.nation == "" && !mn.named && m.End+1 < to && toks[m.End].Norm == "of" {
			if iso, name, ok := c.country(toks[m.End+1].Norm); ok {
				mn.nation, mn.nameOf = iso, name
				if k := m.End + 2; k+1 < to && toks[k].Norm == "and" {
					if iso2, name2, ok := c.country(toks[k+1].Norm); ok {
						out = append(out, mn)
						mn.nation, mn.nameOf, mn.tok, mn.end = iso2, name2, k+1, k+2
					}
				}
			}
		}
		out = append(out, mn)
	}
	out = c.armsOfState(out, n0, toks, cueAt, from, to)
	return mergeQualifiers(out, n0, toks)
}

// country returns the country a single word names ("india", "armenia"), if any.
func (c *Coder) country(word string) (iso3, name string, ok bool) {
	if len(word) < 4 {
		return "", "", false // "of the", "of us": no country is named in three letters or fewer
	}
	if v, found := c.countries.Load(word); found {
		n := v.(nation)
		return n.iso3, n.name, n.ok
	}
	var n nation
	for _, p := range c.places.g.Lookup(word) {
		if p.Level == 0 {
			n = nation{p.ISO3, p.Country, true}
			break
		}
	}
	if c.nCountries.Load() < maxCountries {
		// A copy of the word: it is cut from the report's text, which it would keep.
		if _, loaded := c.countries.LoadOrStore(strings.Clone(word), n); !loaded {
			c.nCountries.Add(1)
		}
	}
	return n.iso3, n.name, n.ok
}

// nation is country's answer for a word: the country it names, if ok.
type nation struct {
	iso3, name string
	ok         bool
}

// maxCountries is how many words' answers a Coder remembers (Coder.countries).
const maxCountries = 4096

// armsOfState adds to out[n0:] the armed forces a weapon's nationality names: "a Russian
// missile", "Israeli warplanes", "Turkish artillery" were fired by that state's military,
// whoever else the sentence names. They are the doer unless the sentence says otherwise
// ("shot down a Turkish drone").
func (c *Coder) armsOfState(out []mention, n0 int, toks []lexicon.Token, cueAt []cue, from, to int) []mention {
	added := false
	for k := from + 1; k < to; k++ {
		if q := cueAt[k]; q != cueAir && q != cueShell || cueAt[k-1] == q {
			continue
		}
		iso, name, ok := c.nationality(toks[k-1].Norm)
		if !ok {
			continue
		}
		covered := false
		for _, m := range out[n0:] {
			covered = covered || m.tok <= k && k-1 < m.end || m.tok == k+1 // "Turkish drone units"
		}
		if covered {
			continue
		}
		mn := mention{tok: k - 1, end: k + 1, entry: actorEntry{inter: 1, template: "Military Forces of {C}"}, nation: iso, nameOf: name, agent: true}
		if k-1 > from && (cueAt[k-2] == cueDisrupt || toks[k-2].Norm == "a" && k-2 > from && cueAt[k-3] == cueDisrupt) {
			mn.agent, mn.victim = false, true
		}
		out = append(out, mn)
		added = true
	}
	if added {
		sort.SliceStable(out[n0:], func(i, j int) bool { return out[n0+i].tok < out[n0+j].tok })
	}
	return out
}

// linkWords after a group's name make it a qualifier of the next one: "the al-Qaeda-linked
// JNIM".
var linkWords = map[string]bool{"linked": true, "affiliated": true, "allied": true, "aligned": true, "inspired": true, "backed": true, "led": true}

// plainTemplates are the least specific names of each actor type.
var plainTemplates = map[string]bool{"Rebel Group ({C})": true, "Civilians ({C})": true, "Military Forces of {C}": true, "Unidentified Armed Group ({C})": true}

// mergeQualifiers folds into an actor the mentions that only qualify it, among out[n0:]:
// a generic noun before a named group ("fighters from the JNIM", "militants of Al
// Shabaab"), a group its name is linked to ("the al-Qaeda-linked JNIM"), and a word of
// the same kind just before it ("a local official"). The actor keeps the role the text
// gave the qualifier, unless it has one of its own.
func mergeQualifiers(out []mention, n0 int, toks []lexicon.Token) []mention {
	w := n0
	for i := n0; i < len(out); i++ {
		if i+1 < len(out) {
			if foldInto(&out[i], &out[i+1], toks) {
				continue // out[i] is dropped; out[i+1] carries what it said
			}
			if m, next := &out[i], &out[i+1]; m.named && !next.named && next.tok == m.end && next.entry.inter == m.entry.inter {
				// "SDF fighters", "Taliban militants": the group, named.
				if !m.agent && !m.victim {
					m.agent, m.victim = next.agent, next.victim
				}
				m.reported = m.reported || next.reported
				out[i+1] = *m // it may qualify what follows in turn
				continue
			}
		}
		out[w] = out[i]
		w++
	}
	return out[:w]
}

// foldInto reports whether m only qualifies next (see mergeQualifiers), and if so gives
// next what m carried.
func foldInto(m, next *mention, toks []lexicon.Token) bool {
	gap := next.tok - m.end
	if !next.named && gap > 0 {
		return false
	}
	switch {
	case gap == 0 && !m.named && !next.named && m.entry.inter == next.entry.inter:
		// "a local official", "army forces", "Islamist militants": one actor; the more
		// specific name of the two is kept.
		if plainTemplates[next.entry.template] && !plainTemplates[m.entry.template] {
			next.entry = m.entry
		}
	case m.named && gap <= 1 && m.end < len(toks) && linkWords[toks[m.end].Norm]:
	case !m.named && gap >= 1 && gap <= 3 && (toks[m.end].Norm == "of" || toks[m.end].Norm == "from"):
	default:
		return false
	}
	if !next.agent && !next.victim && !next.reported {
		next.agent, next.victim = m.agent, m.victim
	}
	next.alleged = next.alleged || m.alleged
	if next.nation == "" {
		next.nation, next.nameOf = m.nation, m.nameOf // "Turkish army forces"
	}
	return true
}

// diedWords tell of a death with the dead as subject: "two fighters died".
var diedWords = map[string]bool{"died": true, "die": true, "dies": true, "lost": true, "perished": true, "succumbed": true}

// hitsExplosive reports whether the verb of striking at token k has a mine or a bomb as
// its object ("struck an explosive device", "hit a landmine").
func hitsExplosive(cueAt []cue, k, to int) bool {
	for j := k + 1; j < min(to, k+4); j++ {
		if cueAt[j] == cueIED || cueAt[j] == cueExplosion {
			return true
		}
	}
	return false
}

// claimsAct reports whether the speech verb at token i claims an act rather than a fact:
// "JNIM claimed the assault", "the group claimed responsibility". The one who claims an
// attack is its doer, not a source.
func claimsAct(toks []lexicon.Token, wordAt []word, cueAt []cue, i int) bool {
	if toks[i].Norm != "claimed" || i+1 >= len(toks) {
		return false
	}
	j := i + 1
	switch toks[j].Norm {
	case "the", "a", "an", "its", "their":
		j++
	}
	return j < len(toks) && (isViolentAct(cueAt[j]) || wordAt[j]&wordClaimedAct != 0)
}

func isViolentAct(q cue) bool {
	switch q {
	case cueKill, cueShoot, cueAttack, cueInjure, cueAbduct, cueSexViol, cueArrest, cueClash, cueAmbush, cueAir, cueShell, cueIED, cueGrenade, cueExplosion, cueLoot, cueTake, cueStrike, cueIntervene, cueForce,
		cueTakeover, cueCapture, cueRegain, cuePositions, cueRaid:
		return true
	}
	return false
}

// interSetOf summarises mentions for classify.
func interSetOf(ms []mention) interSet {
	var a interSet
	for _, m := range ms {
		if m.reported {
			continue
		}
		a.present[m.entry.inter] = true
		if m.victim {
			a.victim[m.entry.inter] = true
		} else if m.agent {
			a.agent[m.entry.inter] = true
			if a.lead == 0 {
				a.lead = m.entry.inter
			}
		}
	}
	return a
}

// place is what actor naming needs to know about where the event happened.
type place struct{ country, iso3 string }

// makeActor names an actor for an event in country p.
func makeActor(m mention, p place) *event.Actor {
	country, iso := p.country, p.iso3
	inter := m.entry.inter
	if m.nation != "" {
		country, iso = m.nameOf, m.nation
		if p.iso3 != "" && m.nation != p.iso3 && (inter == 1 || inter == 2 || inter == 3) {
			inter = 8 // a state's forces (or proxies) acting outside its borders
		}
	}
	name := m.entry.template
	if country == "" {
		name = noCountry.Replace(name)
	} else {
		name = fill(name, country)
	}
	if m.named {
		iso = ""
	}
	return &event.Actor{Name: name, Inter: inter, Country: iso, Alleged: m.alleged}
}

// fill returns template with country for its "{C}": strings.ReplaceAll with one
// concatenation for a template with one "{C}" (all of them).
func fill(template, country string) string {
	i := strings.Index(template, "{C}")
	if i < 0 {
		return template
	}
	if strings.Contains(template[i+3:], "{C}") {
		return strings.ReplaceAll(template, "{C}", country)
	}
	return template[:i] + country + template[i+3:]
}

// noCountry drops the country from an actor name template when the event has none.
var noCountry = strings.NewReplacer(" of {C}", "", " ({C})", "", "{C}", "")

// genericNames are the names of the actors the text implies but does not name, by inter code.
var genericNames = map[int]string{1: "Military Forces of {C}", 3: "Unidentified Armed Group ({C})", 5: "Rioters ({C})", 6: "Protesters ({C})", 7: "Civilians ({C})"}

// generic builds an actor of a given type that the text implies but does not name.
func generic(inter int, p place) *event.Actor {
	return makeActor(mention{entry: actorEntry{inter: inter, template: genericNames[inter]}}, p)
}

func armedMention(m *mention) bool {
	switch m.entry.inter {
	case 1, 2, 3, 4, 8:
		return true
	}
	return false
}

func stateMention(m *mention) bool { return m.entry.inter == 1 || m.entry.inter == 8 }

// assignActors picks actor1 (the initiator) and actor2 for an event of sub-type sub, following
// ACLED's conventions: demonstrators are actor1 of their protest and state forces who
// intervene actor2; violence against civilians has civilians as actor2; battles need two
// armed sides.
func assignActors(sub string, ms []mention, p place) (*event.Actor, *event.Actor) {
	// The sides are the mentions that are neither a source nor civilians' places.
	// The predicates read the mentions in place; the one found is copied.
	first := func(pred func(m *mention) bool) (mention, bool) {
		for i := range ms {
			if m := &ms[i]; !m.reported && !m.place && pred(m) {
				return *m, true
			}
		}
		return mention{}, false
	}
	// Plain functions, not closures made for each event: a closure returned by a function
	// is allocated.
	armed := armedMention
	state := stateMention

	switch sub {
	case "Peaceful protest":
		return generic(6, p), nil
	case "Protest with intervention":
		if s, ok := first(state); ok {
			return generic(6, p), makeActor(s, p)
		}
		return generic(6, p), generic(1, p)
	case "Excessive force against protesters":
		if s, ok := first(armed); ok {
			return makeActor(s, p), generic(6, p)
		}
		return generic(1, p), generic(6, p)
	case "Violent demonstration":
		if s, ok := first(state); ok {
			return generic(5, p), makeActor(s, p)
		}
		return generic(5, p), nil
	case "Mob violence":
		if s, ok := first(func(m *mention) bool { return m.victim && m.entry.inter != 5 }); ok {
			return generic(5, p), makeActor(s, p)
		}
		if s, ok := first(func(m *mention) bool { return m.entry.inter == 1 }); ok {
			return generic(5, p), makeActor(s, p)
		}
		// Two crowds fighting each other.
		return generic(5, p), generic(5, p)
	}

	// The initiator: an armed actor the text makes the doer, preferring a named group over a
	// generic noun ("attackers, alleged to have Islamic State ties").
	agent, hasAgent := first(func(m *mention) bool { return armed(m) && m.agent && !m.victim })
	if named, ok := first(func(m *mention) bool { return armed(m) && m.named && !m.victim }); ok && (!hasAgent || !agent.named) {
		if hasAgent && agent.entry.inter == 3 {
			named.alleged = named.alleged || agent.alleged
			agent, hasAgent = named, true
		}
	}
	if !hasAgent {
		agent, hasAgent = first(func(m *mention) bool { return armed(m) && !m.victim })
	}
	victimCiv, hasCiv := first(func(m *mention) bool { return m.entry.inter == 7 })
	// The other side: an armed actor other than the initiator, preferably of another kind;
	// failing that, a second mention of the same kind ("clashes between soldiers and other
	// soldiers", "GNA and LNA forces").
	other := func(m *mention) bool { return armed(m) && (!hasAgent || m.tok != agent.tok) }
	target, hasTarget := first(func(m *mention) bool {
		return other(m) && (!hasAgent || m.entry.inter != agent.entry.inter || m.entry.template != agent.entry.template || m.nation != agent.nation)
	})
	if !hasTarget && event.TypeOf(sub) == event.Battles {
		target, hasTarget = first(other)
	}
	if !hasTarget && event.TypeOf(sub) == event.Battles {
		// "The army said it had repelled an attack by the rebels": in a battle, an armed
		// side that speaks of it is the other side.
		for i := range ms {
			if m := &ms[i]; m.reported && armed(m) && (!hasAgent || m.entry.inter != agent.entry.inter || m.entry.template != agent.entry.template) {
				target, hasTarget = *m, true
				break
			}
		}
	}

	switch event.TypeOf(sub) {
	case event.ViolenceCivilians:
		a1 := generic(3, p)
		if hasAgent {
			a1 = makeActor(agent, p)
		}
		return a1, generic(7, p)
	case event.Battles:
		a1, a2 := generic(3, p), (*event.Actor)(nil)
		if hasAgent {
			a1 = makeActor(agent, p)
		} else if !hasTarget {
			// A shoot-out between unnamed sides.
			return a1, generic(3, p)
		}
		if hasTarget {
			a2 = makeActor(target, p)
		}
		if a2 == nil {
			if a1.Inter == 1 || a1.Inter == 8 {
				a2 = generic(3, p)
			} else {
				a2 = generic(1, p)
			}
		}
		return a1, a2
	case event.Explosions:
		var a1, a2 *event.Actor
		if hasAgent {
			a1 = makeActor(agent, p)
		}
		switch {
		case hasTarget:
			a2 = makeActor(target, p)
		case hasCiv:
			a2 = makeActor(victimCiv, p)
		}
		if a1 == nil {
			if a2 == nil {
				// Nobody named: shells and bombs from the air come from an army; a bomb
				// left by the road from an armed group.
				if sub == "Shelling/artillery/missile attack" || sub == "Air/drone strike" {
					return makeActor(mention{entry: actorEntry{inter: 1, template: "Unidentified Military Forces ({C})"}}, p), nil
				}
				return generic(3, p), nil
			}
			if hasTarget && target.victim || !hasTarget && hasCiv {
				// Only the victims are named: the attacker is unknown.
				if sub == "Shelling/artillery/missile attack" || sub == "Air/drone strike" {
					return makeActor(mention{entry: actorEntry{inter: 1, template: "Unidentified Military Forces ({C})"}}, p), a2
				}
				return generic(3, p), a2
			}
			a1, a2 = a2, nil
		}
		return a1, a2
	}
	// Strategic developments.
	switch sub {
	case "Arrests":
		a1 := generic(1, p)
		if s, ok := first(state); ok {
			a1 = makeActor(s, p)
		}
		if hasCiv {
			return a1, makeActor(victimCiv, p)
		}
		return a1, generic(7, p)
	case "Looting/property destruction":
		var a1 *event.Actor
		if hasAgent {
			a1 = makeActor(agent, p)
		} else {
			a1 = generic(3, p)
		}
		if hasCiv {
			return a1, makeActor(victimCiv, p)
		}
		return a1, nil
	}
	var a1, a2 *event.Actor
	if hasAgent {
		a1 = makeActor(agent, p)
	}
	if hasTarget && (sub == "Non-violent transfer of territory" || sub == "Agreement") {
		a2 = makeActor(target, p)
	}
	if a1 == nil && a2 != nil {
		a1, a2 = a2, nil
	}
	return a1, a2
}
