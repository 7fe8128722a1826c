package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// CASERow is one CASE 2021 task 2 snippet with its label.
type CASERow struct {
	ID      string
	Snippet string
	Label   string // a CASE code such as AIR_STRIKE or NATURAL_DISASTER
}

// Document is the snippet as the coder sees it. CASE gives no publication date, so relative
// dates cannot be resolved; the type decision is all that is scored.
func (r CASERow) Document() doc.Document { return doc.Document{ID: r.ID, Text: r.Snippet} }

// CASELabels maps each CASE 2021 code of an ACLED class to the ACLED sub-event type it
// stands for (the shared task took its classes from ACLED's taxonomy).
var CASELabels = map[string]string{
	"ABDUCT_DISSAP":                 "Abduction/forced disappearance",
	"AGREEMENT":                     "Agreement",
	"AIR_STRIKE":                    "Air/drone strike",
	"ARMED_CLASH":                   "Armed clash",
	"ARREST":                        "Arrests",
	"ART_MISS_ATTACK":               "Shelling/artillery/missile attack",
	"ATTACK":                        "Attack",
	"CHANGE_TO_GROUP_ACT":           "Change to group/activity",
	"CHEM_WEAP":                     "Chemical weapon",
	"DISR_WEAP":                     "Disrupted weapons use",
	"FORCE_AGAINST_PROTEST":         "Excessive force against protesters",
	"GOV_REGAINS_TERIT":             "Government regains territory",
	"GRENADE":                       "Grenade",
	"HQ_ESTABLISHED":                "Headquarters or base established",
	"MOB_VIOL":                      "Mob violence",
	"NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
	"NON_VIOL_TERRIT_TRANSFER":      "Non-violent transfer of territory",
	"OTHER":                         "Other",
	"PEACE_PROTEST":                 "Peaceful protest",
	"PROPERTY_DISTRUCT":             "Looting/property destruction",
	"PROTEST_WITH_INTER":            "Protest with intervention",
	"REM_EXPLOS":                    "Remote explosive/landmine/IED",
	"SEX_VIOL":                      "Sexual violence",
	"SUIC_BOMB":                     "Suicide bomb",
	"VIOL_DEMONSTR":                 "Violent demonstration",
}

// CASENonACLED are the CASE classes outside ACLED's taxonomy. A good coder returns no
// political-violence event for them: a flood or a cartel shoot-out is not a Battle.
var CASENonACLED = map[string]bool{
	"ORG_CRIME": true, "NATURAL_DISASTER": true, "MAN_MADE_DISASTER": true, "DIPLO": true, "ATTRIB": true,
}

// ReadCASE reads the CASE 2021 TSV (columns id, EventSnippet, SubType found by header name).
// Fields are split on tabs only: snippets contain quotation marks that a CSV reader would
// take for quoting.
func ReadCASE(r io.Reader) (rows []CASERow, warnings []string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<26)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, nil, err
		}
		return nil, nil, errors.New("empty file: no TSV header")
	}
	header := strings.Split(strings.TrimRight(strings.TrimPrefix(sc.Text(), "\ufeff"), "\r"), "\t")
	col := columnIndex(header)
	iID, ok1 := col("id")
	iText, ok2 := col("EventSnippet")
	iLabel, ok3 := col("SubType")
	if !ok1 || !ok2 || !ok3 {
		return nil, nil, fmt.Errorf("need the columns id, EventSnippet and SubType; the header has %s", strings.Join(header, ", "))
	}
	unknown := map[string]int{}
	for line := 2; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) <= max(iID, iText, iLabel) {
			return nil, nil, fmt.Errorf("line %d: %d fields, want at least %d", line, len(f), max(iID, iText, iLabel)+1)
		}
		row := CASERow{ID: f[iID], Snippet: f[iText], Label: strings.TrimSpace(f[iLabel])}
		if CASELabels[row.Label] == "" && !CASENonACLED[row.Label] {
			unknown[row.Label]++
			continue
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if len(unknown) > 0 {
		var ls []string
		for l, n := range unknown {
			ls = append(ls, fmt.Sprintf("%s (%d)", l, n))
		}
		sort.Strings(ls)
		warnings = append(warnings, "rows with unknown labels skipped: "+strings.Join(ls, ", "))
	}
	if len(rows) == 0 {
		return nil, warnings, errors.New("no labelled snippets")
	}
	return rows, warnings, nil
}

// CASEOptions tunes what a CASE report carries besides the metrics.
type CASEOptions struct {
	Errors        int
	TopConfusions int // 0 means 15
}

// ScoreCASE scores events[i], the coder's events for rows[i]. For ACLED-class snippets the
// first event's sub_event_type is compared with the label's (no event is wrong); for the
// other classes, the share of snippets with no violent event at all is reported.
func ScoreCASE(rows []CASERow, events [][]event.Event, opt CASEOptions) (*Report, error) {
	if len(events) != len(rows) {
		return nil, fmt.Errorf("%d rows but %d event lists", len(rows), len(events))
	}
	rep := &Report{Format: "case"}
	var nACLED, detected, subOK, typeOK, nOther, quiet int
	labelN, labelOK := map[string]int{}, map[string]int{}
	otherN, otherQuiet := map[string]int{}, map[string]int{}
	confusions := map[[2]string]int{}
	for i, r := range rows {
		es := events[i]
		if sub, ok := CASELabels[r.Label]; ok {
			nACLED++
			labelN[r.Label]++
			var ex Example
			if len(es) > 0 {
				detected++
				if es[0].SubEventType == sub {
					subOK++
					labelOK[r.Label]++
				}
				if es[0].EventType == event.TypeOf(sub) {
					typeOK++
				}
			}
			if pred := predictedSub(es); pred != sub {
				confusions[[2]string{sub, pred}]++
				ex = Example{DocID: r.ID, Text: clip(r.Snippet, 200), Diffs: []FieldDiff{{"sub_event_type", sub + " (" + r.Label + ")", pred}}}
			}
			if ex.DocID != "" && len(rep.Examples) < opt.Errors {
				rep.Examples = append(rep.Examples, ex)
			}
			continue
		}
		nOther++
		otherN[r.Label]++
		violent := -1
		for j, e := range es {
			if event.Violent(e.EventType) {
				violent = j
				break
			}
		}
		if violent < 0 {
			quiet++
			otherQuiet[r.Label]++
		} else if len(rep.Examples) < opt.Errors {
			e := es[violent]
			rep.Examples = append(rep.Examples, Example{DocID: r.ID, Text: clip(r.Snippet, 200),
				Diffs: []FieldDiff{{"event", r.Label + " (no violent event)", e.EventType + " / " + e.SubEventType}}})
		}
	}
	rep.Metrics = []Metric{
		{Name: "rows", Value: float64(len(rows)), Digits: -1},
		{Name: "acled_rows", Value: float64(nACLED), Digits: -1},
		{Name: "detected", Value: ratio(detected, nACLED), Digits: 4},
		{Name: "sub_event_type", Value: ratio(subOK, nACLED), Digits: 4},
		{Name: "event_type", Value: ratio(typeOK, nACLED), Digits: 4},
		{Name: "non_acled_rows", Value: float64(nOther), Digits: -1},
		{Name: "non_acled_no_violence", Value: ratio(quiet, nOther), Digits: 4},
	}
	rep.Classes = append(classStats("CASE label (sub_event_type accuracy)", labelN, labelOK),
		classStats("non-ACLED class (share with no violent event)", otherN, otherQuiet)...)
	k := opt.TopConfusions
	if k == 0 {
		k = 15
	}
	rep.Confusions = topConfusions(confusions, k)
	return rep, nil
}
