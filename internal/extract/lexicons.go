package extract

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
)

//go:embed data
var dataFS embed.FS

// cue is a signal a phrase gives about what happened (see data/cues.txt).
type cue uint8

const (
	cueNone cue = iota
	cueProtest
	cueDissent // a word of protest that needs a crowd or a protest beside it (classify.go)
	cueRiot
	cueVDemo
	cueIntervene
	cueForce
	cueMob
	cueClash
	cueWeapon
	cuePositions
	cueAir
	cueShell
	cueExplosion
	cueIED
	cueGrenade
	cueSuicide
	cueChem
	cueKill
	cueShoot
	cueAttack
	cueInjure
	cueAbduct
	cueSexViol
	cueArrest
	cueLoot
	cueDisrupt
	cueAgree
	cueTruce // an agreement only conflict parties make: ceasefire, truce, prisoner swap
	cueHQ
	cueTakeover
	cueCapture
	cueRegain
	cueWithdraw
	cueChange
	cueOther
	cueDisaster
	cueCrime
	cueDiplo
	cueSport  // a game: its shots, attacks and battles are not violence
	cueSeize  // found, seized, defused: with cueArms, weapons taken out of use
	cueArms   // weapons and ammunition named as things, not as the means of an attack
	cueSetUp  // established, set up: with cueBase, a base or post set up
	cueBase   // a base, post or checkpoint named as a thing
	cueRaid   // a raid: counted as an attack too (cueSet.add), told apart for arrests
	cueTake   // seized: counted as looting too (cueSet.add); people seized are abducted (classify.go)
	cueStrike // struck, hit: with a place as object and state forces as doer, a strike from afar (classify.go)
	cueAmbush // an ambush: counted as a clash too (cueSet.add); of civilians only, an attack (classify.go)
	cueSite   // a town, a village, a hill: what is seized there is territory (classify.go)
	cueTrend
	cueHypo
	cueDeny
	numCues
)

var cueNames = map[string]cue{
	"none":    cueNone, // a word that contains a cue but is not one ("firefighters")
	"protest": cueProtest, "dissent": cueDissent, "riot": cueRiot, "vdemo": cueVDemo, "intervene": cueIntervene,
	"force": cueForce, "mob": cueMob, "clash": cueClash, "weapon": cueWeapon, "positions": cuePositions, "air": cueAir, "shell": cueShell,
	"explosion": cueExplosion, "ied": cueIED, "grenade": cueGrenade, "suicide": cueSuicide,
	"chem": cueChem, "kill": cueKill, "shoot": cueShoot, "attack": cueAttack, "injure": cueInjure,
	"abduct": cueAbduct, "sexviol": cueSexViol, "arrest": cueArrest, "loot": cueLoot,
	"disrupt": cueDisrupt, "agree": cueAgree, "truce": cueTruce, "hq": cueHQ, "takeover": cueTakeover,
	"capture": cueCapture, "regain": cueRegain, "withdraw": cueWithdraw, "change": cueChange, "other": cueOther, "disaster": cueDisaster,
	"crime": cueCrime, "diplo": cueDiplo, "sport": cueSport, "seize": cueSeize, "arms": cueArms, "setup": cueSetUp, "base": cueBase, "raid": cueRaid, "take": cueTake, "strike": cueStrike, "ambush": cueAmbush, "site": cueSite, "trend": cueTrend, "hypo": cueHypo, "deny": cueDeny,
}

// trigger reports whether a cue on its own makes a sentence a candidate event.
func (c cue) trigger() bool { return c >= cueProtest && c <= cueOther && c != cueInjure }

// actorEntry is one line of data/actors.txt.
type actorEntry struct {
	inter    int
	template string // "{C}" stands for the country
	// named: the template has no "{C}", it names a group. Set once when the lexicon is read
	// (the entries the coder makes up all have a "{C}").
	named bool
}

// word marks the words of the coder's word lists (passiveAux, speechVerbs, ...) in the
// lexicons' vocabulary: a report's words are looked up once, and wordAt[i]&wordSpeech tells
// whether word i is a verb of speech without a map lookup.
type word uint32

const (
	wordPassiveAux word = 1 << iota
	wordObjectVerb
	wordMember
	wordCommunity
	wordCount
	wordClauseOpener
	wordPreposition
	wordSpeech
	wordHedge
	wordPlace
	wordDied
	wordClaimedAct
	wordDefinite
	wordGrievance
	wordRelative
	wordClause
)

// wordLists are the lists the word bits stand for.
var wordLists = []struct {
	bit   word
	words map[string]bool
}{
	{wordPassiveAux, passiveAux}, {wordObjectVerb, objectVerbs}, {wordMember, memberNouns},
	{wordCommunity, communityNouns}, {wordCount, countWords}, {wordClauseOpener, clauseOpeners},
	{wordPreposition, prepositions}, {wordSpeech, speechVerbs}, {wordHedge, hedges},
	{wordPlace, placeNouns}, {wordDied, diedWords}, {wordClaimedAct, claimedActs},
	{wordDefinite, definite}, {wordGrievance, grievanceWords}, {wordRelative, relativeWords},
	{wordClause, clauseWords},
}

// codes holds the CAMEO root and PLOVER type of a sub-event type.
type codes struct{ cameo, plover string }

// lexicons is everything the coder reads from data/.
type lexicons struct {
	// words numbers the words of both lexicons (and tags the coder's word lists, wordTags),
	// so that a report's words are looked up once.
	words   *lexicon.Vocab
	cues    *lexicon.Matcher
	cueOf   []cue
	actors  *lexicon.Matcher
	actorOf []actorEntry
	codesOf map[string]codes
}

func loadLexicons() (*lexicons, error) {
	v := lexicon.NewVocab()
	lx := &lexicons{words: v, cues: lexicon.NewMatcherIn(v), actors: lexicon.NewMatcherIn(v), codesOf: map[string]codes{}}
	lines, err := readData("data/cues.txt")
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) < 1 {
			return nil, fmt.Errorf("data/cues.txt:%d: want phrase and cue", l.Num)
		}
		c, ok := cueNames[l.Fields[0]]
		if !ok {
			return nil, fmt.Errorf("data/cues.txt:%d: unknown cue %q", l.Num, l.Fields[0])
		}
		if err := lx.cues.Add(l.Phrase, len(lx.cueOf)); err != nil {
			return nil, fmt.Errorf("data/cues.txt:%d: %v", l.Num, err)
		}
		lx.cueOf = append(lx.cueOf, c)
	}
	if lines, err = readData("data/actors.txt"); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) < 2 {
			return nil, fmt.Errorf("data/actors.txt:%d: want phrase, inter and name", l.Num)
		}
		inter, err := strconv.Atoi(l.Fields[0])
		if err != nil || inter < 1 || inter > 8 {
			return nil, fmt.Errorf("data/actors.txt:%d: inter %q is not 1-8", l.Num, l.Fields[0])
		}
		if err := lx.actors.Add(l.Phrase, len(lx.actorOf)); err != nil {
			return nil, fmt.Errorf("data/actors.txt:%d: %v", l.Num, err)
		}
		lx.actorOf = append(lx.actorOf, actorEntry{inter: inter, template: l.Fields[1], named: !strings.Contains(l.Fields[1], "{C}")})
	}
	for _, l := range wordLists {
		for w := range l.words {
			v.Tag(w, uint64(l.bit))
		}
	}
	if lines, err = readData("data/codes.tsv"); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) < 2 || event.TypeOf(l.Phrase) == "" {
			return nil, fmt.Errorf("data/codes.tsv:%d: want a known sub-event type, CAMEO and PLOVER", l.Num)
		}
		lx.codesOf[l.Phrase] = codes{l.Fields[0], l.Fields[1]}
	}
	return lx, nil
}

func readData(name string) ([]lexicon.Line, error) {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return lexicon.ReadLines(bytes.NewReader(b))
}
