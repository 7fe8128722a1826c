package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// ReadDocuments reads input documents, one JSON object a line, in the format of
// `sitrep code --in jsonl` ({"id", "text", "published", "url", "outlet", "title"}). A
// published date that is not YYYY-MM-DD is dropped, as score.py's newsdocs drops it.
func ReadDocuments(r io.Reader) ([]doc.Document, error) {
	var docs []doc.Document
	err := eachLine(r, func(line int, b []byte) error {
		var in struct {
			doc.Document
			Published string `json:"published"`
		}
		if err := json.Unmarshal(b, &in); err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
		if in.ID == "" {
			return fmt.Errorf("line %d: document without an id", line)
		}
		d := in.Document
		if t, err := time.Parse(doc.DateLayout, in.Published); err == nil && len(in.Published) == 10 {
			d.Published = t
		}
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

// GoldEvent is one hand-coded event of a news gold file (shared/corpus/*.gold.jsonl). It is
// kept as the decoded JSON object because score.py reads it with dict.get and Python's
// truthiness ("time_precision" missing, null, 0 or "" all mean 1), which typed fields lose.
type GoldEvent map[string]any

func (g GoldEvent) str(k string) string {
	switch v := g[k].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// intOr is Python's int(g.get(k) or def): ok=false where int() would raise.
func (g GoldEvent) intOr(k string, def int) (int, bool) {
	switch v := g[k].(type) {
	case nil:
		return def, true
	case bool:
		if v {
			return 1, true
		}
		return def, true
	case float64:
		if v == 0 {
			return def, true
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, false
		}
		return int(v), true // int(2.7) truncates
	case string:
		if v == "" {
			return def, true
		}
		return pyInt(v)
	default:
		return 0, false
	}
}

// ReadGold reads a news gold file: one hand-coded event a line, with article_id, role
// ("main" must be found, "secondary" may be), event_type and event_date at least.
func ReadGold(r io.Reader) ([]GoldEvent, error) {
	var gold []GoldEvent
	err := eachLine(r, func(line int, b []byte) error {
		var g GoldEvent
		if err := json.Unmarshal(b, &g); err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
		for _, k := range []string{"article_id", "event_type", "event_date"} {
			if _, ok := g[k]; !ok {
				return fmt.Errorf("line %d: gold event without %q", line, k)
			}
		}
		gold = append(gold, g)
		return nil
	})
	return gold, err
}

// NotEvent is a passage a gold file says must not become an event, and why.
type NotEvent struct {
	Quote string `json:"quote"`
	Why   string `json:"why"`
}

// ReadNotEvents reads a not-events file ({"quote", "why"} a line).
func ReadNotEvents(r io.Reader) ([]NotEvent, error) {
	var out []NotEvent
	err := eachLine(r, func(line int, b []byte) error {
		var n NotEvent
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
		if strings.TrimSpace(n.Quote) == "" {
			return fmt.Errorf("line %d: empty quote", line)
		}
		out = append(out, n)
		return nil
	})
	return out, err
}

func eachLine(r io.Reader, fn func(line int, b []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 64<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if len(b) == 0 {
			continue
		}
		if err := fn(line, b); err != nil {
			return err
		}
	}
	return sc.Err()
}

// family groups event types whose confusion score.py forgives when matching: a Battle coded
// as an Explosion is still the same real event. Unknown types are family "", so two unknown
// types match each other, as None == None does in score.py.
var family = map[string]string{
	event.Battles: "violence", event.Explosions: "violence", event.ViolenceCivilians: "violence",
	event.Protests: "demo", event.Riots: "demo", event.Strategic: "strategic",
}

// evMatches is score.py's ev_matches: a compatible type, a date within the tolerance of the
// coarser precision (1, 8 or 31 days), and the same location or admin1 (or country, when the
// gold names neither).
func evMatches(e event.Event, g GoldEvent) bool {
	gt := g.str("event_type")
	if e.EventType != gt && family[e.EventType] != family[gt] {
		return false
	}
	gd, gok := parseDate(g.str("event_date"))
	pd, pok := parseDate(e.EventDate)
	if gok && pok {
		gp, _ := g.intOr("time_precision", 1)
		ep := e.TimePrecision
		if ep == 0 {
			ep = 1
		}
		tol := 1
		switch {
		case gp >= 3 || ep >= 3:
			tol = 31
		case gp == 2 || ep == 2:
			tol = 8
		}
		days := int(math.Abs(gd.Sub(pd).Hours() / 24)) // both are UTC midnights
		if days > tol {
			return false
		}
	} else if gok || pok {
		return false
	}
	return samePlace(e.Location, g.str("location")) || samePlace(e.Admin1, g.str("admin1")) ||
		(g.str("location") == "" && g.str("admin1") == "" && samePlace(e.Country, g.str("country")))
}

// GoldOptions tunes a gold report.
type GoldOptions struct {
	NotEvents []NotEvent // passages that must not become events; nil to skip the check
	Errors    int
}

// ScoreGold scores events[i], the coder's events for docs[i], against hand-coded gold as
// score.py's score_news does: recall over main events, precision over every system event
// (matching any gold event, main or secondary, of its article), and type, sub-type and
// fatalities accuracy over matched main events.
func ScoreGold(gold []GoldEvent, docs []doc.Document, events [][]event.Event, opt GoldOptions) (*Report, error) {
	if len(events) != len(docs) {
		return nil, fmt.Errorf("%d documents but %d event lists", len(docs), len(events))
	}
	byDoc := map[string][]event.Event{}
	var order []string
	for _, evs := range events {
		for _, e := range evs {
			if _, ok := byDoc[e.DocID]; !ok {
				order = append(order, e.DocID)
			}
			byDoc[e.DocID] = append(byDoc[e.DocID], e)
		}
	}
	byArt := map[string][]GoldEvent{}
	var mains []GoldEvent
	for _, g := range gold {
		byArt[g.str("article_id")] = append(byArt[g.str("article_id")], g)
		if g.str("role") == "main" {
			mains = append(mains, g)
		}
	}
	if len(mains) == 0 {
		return nil, errors.New(`the gold file has no events with role "main": recall is undefined`)
	}
	known := map[string]bool{}
	for _, d := range docs {
		known[d.ID] = true
	}
	rep := &Report{Format: "gold"}
	missingDocs := 0
	var recall, typeOK, subOK, fatOK int
	for _, g := range mains {
		if !known[g.str("article_id")] {
			missingDocs++
		}
		var hit *event.Event
		for _, e := range byDoc[g.str("article_id")] {
			if evMatches(e, g) {
				hit = &e
				break
			}
		}
		if hit == nil {
			if len(rep.Examples) < opt.Errors {
				rep.Examples = append(rep.Examples, Example{DocID: g.str("article_id"), Text: clip(g.str("evidence"), 200),
					Diffs: []FieldDiff{{"main event", goldSummary(g), "(no matching event)"}}})
			}
			continue
		}
		recall++
		if hit.EventType == g.str("event_type") {
			typeOK++
		}
		if hit.SubEventType == g.str("sub_event_type") {
			subOK++
		}
		if gf, ok := g.intOr("fatalities", 0); ok && gf == hit.Fatalities {
			fatOK++
		}
	}
	tp, fp := 0, 0
	for _, id := range order {
		for _, e := range byDoc[id] {
			matched := false
			for _, g := range byArt[id] {
				if evMatches(e, g) {
					matched = true
					break
				}
			}
			if matched {
				tp++
				continue
			}
			fp++
			if len(rep.Examples) < opt.Errors {
				rep.Examples = append(rep.Examples, Example{DocID: id, Text: clip(e.Evidence.Text, 200),
					Diffs: []FieldDiff{{"system event", "(no gold event)", eventSummary(e)}}})
			}
		}
	}
	n := len(mains)
	rep.Metrics = []Metric{
		{Name: "main_events", Value: float64(n), Digits: -1},
		{Name: "recall", Value: ratio(recall, n), Digits: 4},
		{Name: "precision", Value: ratio(tp, max(1, tp+fp)), Digits: 4},
		{Name: "type_given_match", Value: ratio(typeOK, max(1, recall)), Digits: 4},
		{Name: "sub_type_given_match", Value: ratio(subOK, max(1, recall)), Digits: 4},
		{Name: "fatalities_given_match", Value: ratio(fatOK, max(1, recall)), Digits: 4},
		{Name: "system_events", Value: float64(tp + fp), Digits: -1},
		{Name: "bad_lines", Value: 0, Digits: -1},
	}
	if opt.NotEvents != nil {
		rep.NotEvents = notEventHits(opt.NotEvents, docs, events)
		if rep.NotEvents == nil {
			rep.NotEvents = []NotEventHit{}
		}
		rep.Metrics = append(rep.Metrics, Metric{Name: "not_event_hits", Value: float64(len(rep.NotEvents)), Digits: -1})
	}
	if missingDocs > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d main gold events belong to articles absent from the documents file", missingDocs))
	}
	return rep, nil
}

func goldSummary(g GoldEvent) string {
	return fmt.Sprintf("%s / %s, %s, %s", g.str("event_type"), g.str("sub_event_type"), g.str("event_date"), firstNonEmpty(g.str("location"), g.str("admin1"), g.str("country")))
}

func eventSummary(e event.Event) string {
	return fmt.Sprintf("%s / %s, %s, %s", e.EventType, e.SubEventType, e.EventDate, firstNonEmpty(e.Location, e.Admin1, e.Country))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// notEventHits finds the system events whose evidence overlaps a not-event passage. The
// quote is located in the event's document and compared by code-point span with the
// evidence; when the event has no span, or the quote is not found verbatim, the evidence text
// and the quote are compared with whitespace collapsed (one containing the other).
func notEventHits(quotes []NotEvent, docs []doc.Document, events [][]event.Event) []NotEventHit {
	var hits []NotEventHit
	for i, evs := range events {
		text := docs[i].Text
		type span struct{ start, end int }
		spans := make([][]span, len(quotes))
		for q, ne := range quotes {
			for from := 0; ; {
				j := strings.Index(text[from:], ne.Quote)
				if j < 0 {
					break
				}
				s := utf8.RuneCountInString(text[:from+j])
				spans[q] = append(spans[q], span{s, s + utf8.RuneCountInString(ne.Quote)})
				from += j + len(ne.Quote)
			}
		}
		for _, e := range evs {
			for q, ne := range quotes {
				hit := false
				if e.Evidence.End > e.Evidence.Start && len(spans[q]) > 0 {
					for _, sp := range spans[q] {
						if sp.start < e.Evidence.End && e.Evidence.Start < sp.end {
							hit = true
							break
						}
					}
				} else if ev := collapse(e.Evidence.Text); ev != "" {
					qt := collapse(ne.Quote)
					hit = strings.Contains(ev, qt) || strings.Contains(qt, ev)
				}
				if hit {
					hits = append(hits, NotEventHit{DocID: e.DocID, Quote: ne.Quote, Why: ne.Why,
						Event: e.EventType + " / " + e.SubEventType, Evidence: e.Evidence.Text})
					break
				}
			}
		}
	}
	return hits
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
