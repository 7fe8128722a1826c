package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

var (
	reOnDate  = regexp.MustCompile(`On (\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})`)
	reKilled  = regexp.MustCompile(`(\d+) (?:people )?(?:were )?killed`)
	reInPlace = regexp.MustCompile(` in ([A-Z][a-z]+)`)
)

// ruleCoder is a deliberately naive coder built from a few string rules, unrelated to the
// gold coding. It exists to exercise every branch of the metrics (missing events, a second
// event, a null or empty actor2, dates in several layouts, non-ASCII names, coordinates near
// and far) so that the comparison with score.py means something.
func ruleCoder(d doc.Document) []event.Event {
	t := d.Text
	lower := strings.ToLower(t)
	e := event.Event{DocID: d.ID, TimePrecision: 1}
	switch {
	case strings.Contains(lower, "protest"):
		e.EventType, e.SubEventType = event.Protests, "Peaceful protest"
		e.Actor1 = &event.Actor{Name: "Protesters", Inter: 6}
	case strings.Contains(lower, "clash"):
		e.EventType, e.SubEventType = event.Battles, "Armed clash"
		e.Actor1 = &event.Actor{Name: "Military Forces", Inter: 1}
		e.Actor2 = &event.Actor{Name: "Al Shabaab", Inter: 2}
	case strings.Contains(lower, "airstrike") || strings.Contains(lower, "air strike"):
		e.EventType, e.SubEventType = event.Explosions, "Air/drone strike"
		e.Actor1 = &event.Actor{Name: "Forces armées", Inter: 8}
		e.Actor2 = &event.Actor{} // present but empty: truthy in score.py
	case strings.Contains(lower, "arrest"):
		e.EventType, e.SubEventType = event.Strategic, "Arrests"
		e.Actor1 = &event.Actor{Name: "Police Forces", Inter: 1}
		e.Actor2 = &event.Actor{Name: "Civilians", Inter: 7}
	case strings.Contains(lower, "killed"):
		e.EventType, e.SubEventType = event.ViolenceCivilians, "Attack"
		e.Actor2 = &event.Actor{Name: "Civilians", Inter: 7}
	case len(t)%7 == 0:
		return nil
	default:
		e.EventType, e.SubEventType = event.Strategic, "Other"
	}
	if m := reOnDate.FindStringSubmatch(t); m != nil {
		dd, _ := strconv.Atoi(m[1])
		switch dd % 3 {
		case 0:
			e.EventDate = fmt.Sprintf("%s-%s-%s", m[1], m[2][:3], m[3][2:]) // 9-May-20
		case 1:
			e.EventDate = m[1] + " " + m[2] + " " + m[3]
		default:
			pd, _ := parseDate(m[1] + " " + m[2] + " " + m[3])
			e.EventDate = pd.Format(doc.DateLayout)
		}
	} else {
		e.EventDate = d.PublishedString()
	}
	if m := reInPlace.FindStringSubmatch(t); m != nil {
		e.Location, e.Admin1, e.Country = m[1], m[1]+" Province", m[1]
	}
	for name, ll := range map[string][2]float64{"Baghdad": {33.34, 44.40}, "Kabul": {34.53, 69.17}, "Sanaa": {15.35, 44.21}, "Tripoli": {32.89, 13.19}, "Idlib": {35.93, 36.63}, "Mogadishu": {2.04, 45.34}, "Lagos": {6.45, 3.39}, "Manila": {14.60, 120.98}, "Karachi": {24.86, 67.01}} {
		if strings.Contains(t, name) {
			lat, lon := ll[0], ll[1]
			e.Latitude, e.Longitude = &lat, &lon
			e.Country = name
		}
	}
	if m := reKilled.FindStringSubmatch(t); m != nil {
		e.Fatalities, _ = strconv.Atoi(m[1])
	}
	evs := []event.Event{e}
	if strings.Contains(t, "; ") {
		second := e
		second.EventType, second.SubEventType = event.Strategic, "Other"
		evs = append(evs, second)
	}
	return evs
}

func readACLEDFile(t *testing.T, path string) []ACLEDRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _, err := ReadACLED(f)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestACLEDAgreesWithScorePy is the contract with the independent scorer: the same events
// scored by score.py and by ScoreACLED give the same numbers, key by key, as printed.
func TestACLEDAgreesWithScorePy(t *testing.T) {
	gold, py := needShared(t, "eval/acled-2020-dev.csv", true)
	scorer := filepath.Join(sharedDir(t), "tools", "score.py")
	if _, err := os.Stat(scorer); err != nil {
		t.Skipf("skipping: %s not found", scorer)
	}
	rows := readACLEDFile(t, gold)
	docs := make([]doc.Document, len(rows))
	for i, r := range rows {
		docs[i] = r.Document()
	}
	events, err := CodeAll(context.Background(), ruleCoder, docs)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ScoreACLED(rows, events, ACLEDOptions{})
	if err != nil {
		t.Fatal(err)
	}
	evPath := filepath.Join(t.TempDir(), "events.jsonl")
	var buf bytes.Buffer
	if err := WriteEvents(&buf, events); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(evPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, scorer, "acled", gold, evPath).Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var want map[string]float64
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &want); err != nil {
		t.Fatalf("score.py output: %v\n%s", err, out)
	}
	if len(want) != len(rep.Metrics) {
		t.Errorf("score.py reports %d metrics, eval %d", len(want), len(rep.Metrics))
	}
	for k, w := range want {
		m, ok := rep.Metric(k)
		if !ok {
			t.Errorf("metric %s missing from eval", k)
			continue
		}
		if got := m.Rounded(); math.Abs(got-w) > 1e-9 {
			t.Errorf("%s: eval %.4f, score.py %.4f", k, got, w)
		} else {
			t.Logf("%-20s %v", k, w)
		}
	}
	// The rules must exercise the metrics, or agreement proves little.
	for _, k := range []string{"detected", "event_type", "sub_event_type", "date_exact", "country", "geo_25km", "geo1_25km", "inter_pair", "actor1_name", "fatalities_exact", "extra_events_per_doc"} {
		if want[k] == 0 || (k != "detected" && want[k] == 1) {
			t.Errorf("rule coder leaves %s at %v: the comparison does not exercise it", k, want[k])
		}
	}
}
