package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// Metric is one number of a report, named as score.py names it so that the two outputs can
// be compared key by key.
type Metric struct {
	Name  string
	Value float64
	// Digits is how many decimals score.py rounds the value to; -1 marks a count.
	Digits int
	// Target is the project's goal for this metric (DESIGN.md), 0 when it has none.
	Target float64
}

// Rounded is the value as score.py prints it: round(v, Digits).
func (m Metric) Rounded() float64 {
	if m.Digits < 0 {
		return m.Value
	}
	return pyRound(m.Value, m.Digits)
}

// Pass reports whether a metric with a target meets it.
func (m Metric) Pass() bool { return m.Rounded() >= m.Target }

// ClassStat is the accuracy of one field over the rows of one gold class, e.g. the
// sub_event_type accuracy over rows coded "Armed clash" by the human coder.
type ClassStat struct {
	Group    string  `json:"group"` // what the class is: "event_type", "sub_event_type", a CASE label...
	Class    string  `json:"class"`
	N        int     `json:"n"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
}

// Confusion counts rows whose gold class is Gold and whose prediction is Predicted
// (NoEvent when the coder returned nothing).
type Confusion struct {
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
	N         int    `json:"n"`
}

// NoEvent stands for "the coder returned no event" in confusions and examples.
const NoEvent = "(no event)"

// FieldDiff is one field the coder got wrong in an example.
type FieldDiff struct {
	Field     string `json:"field"`
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
}

// Example is one mis-coded document, for reading rather than counting.
type Example struct {
	DocID string      `json:"doc_id"`
	Diffs []FieldDiff `json:"diffs"`
	Text  string      `json:"text"` // the first 200 characters
}

// NotEventHit is a system event whose evidence overlaps a passage the gold says is not an
// event: a false positive by construction.
type NotEventHit struct {
	DocID    string `json:"doc_id"`
	Quote    string `json:"quote"`
	Why      string `json:"why"`
	Event    string `json:"event"` // "type / sub-type" of the offending event
	Evidence string `json:"evidence"`
}

// Report is the result of one evaluation.
type Report struct {
	Format     string // "acled", "case" or "gold"
	Source     string // the file scored, for the heading
	Metrics    []Metric
	Classes    []ClassStat
	Confusions []Confusion
	Examples   []Example
	NotEvents  []NotEventHit
	Warnings   []string
}

// Metric returns the metric called name, and whether there is one.
func (r *Report) Metric(name string) (Metric, bool) {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// MarshalJSON writes one object: the metrics first, under score.py's keys and rounded as it
// rounds them, then the breakdowns. Keys keep score.py's order so that a diff reads well.
func (r *Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{")
	field := func(k string, v any) error {
		if b.Len() > 1 {
			b.WriteString(",")
		}
		kj, _ := json.Marshal(k)
		vj, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(kj)
		b.WriteString(":")
		b.Write(vj)
		return nil
	}
	for _, m := range r.Metrics {
		var v any = m.Rounded()
		if m.Digits < 0 {
			v = int(m.Value)
		}
		if err := field(m.Name, v); err != nil {
			return nil, err
		}
	}
	extras := []struct {
		k string
		v any
		n int
	}{
		{"format", r.Format, 1}, {"by_class", r.Classes, len(r.Classes)}, {"confusions", r.Confusions, len(r.Confusions)},
		{"errors", r.Examples, len(r.Examples)}, {"not_event_details", r.NotEvents, len(r.NotEvents)}, {"warnings", r.Warnings, len(r.Warnings)},
	}
	for _, e := range extras {
		if e.n == 0 && e.k != "not_event_details" {
			continue
		}
		if e.k == "not_event_details" && r.NotEvents == nil {
			continue
		}
		if err := field(e.k, e.v); err != nil {
			return nil, err
		}
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// WriteTable prints the report for people: the metrics with their targets, then the
// per-class accuracies, the most frequent confusions and any examples.
func (r *Report) WriteTable(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s evaluation of %s\n\n", strings.ToUpper(r.Format), r.Source)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tvalue\ttarget")
	for _, m := range r.Metrics {
		val := strconv.FormatFloat(m.Rounded(), 'f', m.Digits, 64)
		if m.Digits < 0 {
			val = strconv.Itoa(int(m.Value))
		}
		target := ""
		if m.Target > 0 {
			verdict := "FAIL"
			if m.Pass() {
				verdict = "pass"
			}
			target = fmt.Sprintf("%.2f %s", m.Target, verdict)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, val, target)
	}
	tw.Flush()

	for i := 0; i < len(r.Classes); {
		group := r.Classes[i].Group
		fmt.Fprintf(ew, "\nAccuracy by %s\n", group)
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
		for ; i < len(r.Classes) && r.Classes[i].Group == group; i++ {
			c := r.Classes[i]
			fmt.Fprintf(tw, "%d\t%.3f\t  %s\n", c.N, c.Accuracy, c.Class)
		}
		tw.Flush()
	}
	if len(r.Confusions) > 0 {
		fmt.Fprintf(ew, "\nMost frequent confusions (gold -> predicted)\n")
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, c := range r.Confusions {
			fmt.Fprintf(tw, "%d\t  %s -> %s\n", c.N, c.Gold, c.Predicted)
		}
		tw.Flush()
	}
	if r.NotEvents != nil {
		fmt.Fprintf(ew, "\nEvents coded from passages that are not events: %d\n", len(r.NotEvents))
		for _, h := range r.NotEvents {
			fmt.Fprintf(ew, "  %s: %s\n    quote: %q (%s)\n    evidence: %q\n", h.DocID, h.Event, h.Quote, h.Why, clip(h.Evidence, 200))
		}
	}
	if len(r.Examples) > 0 {
		fmt.Fprintf(ew, "\nMis-coded examples\n")
		for _, ex := range r.Examples {
			fmt.Fprintf(ew, "\n  %s\n", ex.DocID)
			tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "    field\tgold\tpredicted")
			for _, d := range ex.Diffs {
				fmt.Fprintf(tw, "    %s\t%s\t%s\n", d.Field, d.Gold, d.Predicted)
			}
			tw.Flush()
			fmt.Fprintf(ew, "    %s\n", strings.Join(strings.Fields(ex.Text), " "))
		}
	}
	for _, wmsg := range r.Warnings {
		fmt.Fprintf(ew, "\nwarning: %s\n", wmsg)
	}
	return ew.err
}

// errWriter keeps the first write error so that WriteTable can report a closed pipe once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, nil
}

// pyRound is Python's round(x, n) for the values score.py prints: strconv rounds the exact
// binary value half-to-even, as Python does.
func pyRound(x float64, n int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', n, 64), 64)
	return f
}

// clip returns the first n characters (not bytes) of s.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// topConfusions turns a count of (gold, predicted) pairs into the k most frequent, ties
// broken by name so that reports are stable.
func topConfusions(counts map[[2]string]int, k int) []Confusion {
	out := make([]Confusion, 0, len(counts))
	for p, n := range counts {
		out = append(out, Confusion{Gold: p[0], Predicted: p[1], N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		if out[i].Gold != out[j].Gold {
			return out[i].Gold < out[j].Gold
		}
		return out[i].Predicted < out[j].Predicted
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// classStats turns per-class tallies into ClassStats, most frequent class first.
func classStats(group string, n, correct map[string]int) []ClassStat {
	out := make([]ClassStat, 0, len(n))
	for c, k := range n {
		out = append(out, ClassStat{Group: group, Class: c, N: k, Correct: correct[c], Accuracy: pyRound(ratio(correct[c], k), 4)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Class < out[j].Class
	})
	return out
}

// WriteEvents writes events as JSONL, one event a line in document order: the format of
// `sitrep code --out jsonl`, which score.py reads.
func WriteEvents(w io.Writer, events [][]event.Event) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, evs := range events {
		for i := range evs {
			if err := enc.Encode(&evs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// predictedSub names the primary event's sub-event type for confusions and examples.
func predictedSub(evs []event.Event) string {
	if len(evs) == 0 {
		return NoEvent
	}
	if evs[0].SubEventType == "" {
		return "(empty)"
	}
	return evs[0].SubEventType
}
