package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// scorePy runs shared/tools/score.py in mode over gold and events and returns its final JSON
// line, or skips the test when python3 or the scorer is missing.
func scorePy(t *testing.T, mode, gold string, events [][]event.Event) map[string]float64 {
	t.Helper()
	scorer, py := needShared(t, "tools/score.py", true)
	evPath := filepath.Join(t.TempDir(), "events.jsonl")
	var buf bytes.Buffer
	if err := WriteEvents(&buf, events); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(evPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, scorer, mode, gold, evPath).CombinedOutput()
	if err != nil {
		t.Fatalf("score.py %s: %v\n%s", mode, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var res map[string]float64
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		t.Fatalf("score.py output: %v\n%s", err, out)
	}
	return res
}

// sameMetrics fails the test for every key where rep and score.py's result differ as printed.
func sameMetrics(t *testing.T, rep *Report, want map[string]float64) {
	t.Helper()
	for k, w := range want {
		m, ok := rep.Metric(k)
		if !ok {
			t.Errorf("metric %s missing from eval", k)
			continue
		}
		if got := m.Rounded(); math.Abs(got-w) > 1e-9 {
			t.Errorf("%s: eval %v, score.py %v", k, got, w)
		}
	}
}

func f64(x float64) *float64 { return &x }

// TestACLEDEdgeCasesAgree covers what the development file does not: a BOM, CRLF line ends,
// a lone CR inside a note, two rows sharing an id, an event filed under a foreign doc_id, a
// gold fatality count that is not a number, dates in every parse_date layout, an empty actor2.
func TestACLEDEdgeCasesAgree(t *testing.T) {
	csvText := "\ufeffevent_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,inter1,inter2,country,admin1,location,latitude,longitude,geo_precision,notes,fatalities,timestamp\r\n" +
		"A1,9-May-20,Battles,Armed clash,Military Forces of Ruritania (1990-),Ruritanian Rebels,1,2,Ruritania,Ash Sharqiyah,Tal Abyad,36.7,38.95,1,\"First line.\rSecond line, after a lone CR.\",3,1589220519\r\n" +
		"A1,2020-05-09,Protests,Peaceful protest,Protesters (Ruritania),,6,,Ruritania,Sharqiyah Governorate,Tal Abyad,36.7,38.95,2,Same id again.,0,1589220519\r\n" +
		"A2,1-Apr-20,Riots,Mob violence,Rioters (Ruritania),Civilians (Ruritania),5,7,Côte d'Ivoire,Région du Sud,Abidjan,5.35,-4.0,1,A mob attacked a shop.,n/a,\r\n" +
		"A3,31-Dec-19,Strategic developments,Arrests,Police Forces of Ruritania,,1,,Ruritania,North,Northtown,10,10,3,Police arrested a man.,0,1589220519\r\n" +
		"A4,2-May-20,Battles,Armed clash,X,,,,,,,,,1,   ,0,1\r\n"
	gold := filepath.Join(t.TempDir(), "edge.csv")
	if err := os.WriteFile(gold, []byte(csvText), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := readACLEDFile(t, gold)
	if len(rows) != 4 {
		t.Fatalf("read %d rows, want 4 (blank notes skipped)", len(rows))
	}
	if rows[0].Notes != "First line.\nSecond line, after a lone CR." {
		t.Errorf("lone CR not translated as Python does: %q", rows[0].Notes)
	}
	events := [][]event.Event{
		{{DocID: "A1", EventType: "Battles", SubEventType: "Armed clash", EventDate: "9 May 2020", Country: "ruritania",
			Admin1: "Al-Sharqiyah", Latitude: f64(36.75), Longitude: f64(38.9), Actor1: &event.Actor{Name: "Ruritanian Rebels", Inter: 2},
			Actor2: &event.Actor{}, Fatalities: 3}},
		{{DocID: "A1", EventType: "Protests", SubEventType: "Peaceful protest", EventDate: "2020-05-09"}},
		{{DocID: "A2", EventType: "Riots", SubEventType: "Mob violence", EventDate: "2020-04-01", Country: "Cote dIvoire",
			Admin1: "Sud", Actor1: &event.Actor{Name: "Civilians", Inter: 7}, Actor2: &event.Actor{Name: "Rioters", Inter: 5}},
			{DocID: "ELSEWHERE", EventType: "Riots"}},
		{{DocID: "A3", EventType: "Strategic developments", SubEventType: "Arrests", EventDate: "2019-12", Country: "Ruritania",
			Actor1: &event.Actor{Name: "Police", Inter: 1}, Latitude: f64(10.1), Longitude: nil}},
	}
	rep, err := ScoreACLED(rows, events, ACLEDOptions{Errors: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := scorePy(t, "acled", gold, events)
	t.Logf("score.py: %v", want)
	sameMetrics(t, rep, want)
	if len(rep.Warnings) == 0 {
		t.Error("no warning for the event filed under a foreign doc_id")
	}
}

// TestGoldAgreesWithScorePy checks ScoreGold against score_news on gold written for the test:
// family matches, each date tolerance, place by location, by admin1 and by country only,
// an undated event, and events in an article the gold does not know.
func TestGoldAgreesWithScorePy(t *testing.T) {
	goldText := strings.Join([]string{
		`{"article_id":"n1","role":"main","event_date":"2021-03-10","time_precision":1,"event_type":"Battles","sub_event_type":"Armed clash","country":"Ruritania","admin1":"North","location":"Al-Qasr","fatalities":4}`,
		`{"article_id":"n1","role":"main","event_date":"2021-03-01","time_precision":3,"event_type":"Protests","sub_event_type":"Peaceful protest","country":"Ruritania","admin1":"","location":"","fatalities":0}`,
		`{"article_id":"n1","role":"secondary","event_date":"2021-03-08","time_precision":2,"event_type":"Strategic developments","sub_event_type":"Arrests","country":"Ruritania","admin1":"South Province","location":null}`,
		`{"article_id":"n2","role":"main","event_date":"2021-03-10","event_type":"Violence against civilians","sub_event_type":"Attack","country":"Ruritania","admin1":"East","location":"Easton","fatalities":"2"}`,
		`{"article_id":"n2","role":"main","event_date":"","time_precision":"","event_type":"Riots","sub_event_type":"Mob violence","country":"Ruritania","admin1":"East","location":"Easton"}`,
		`{"article_id":"n3","role":"main","event_date":"2021-03-10","time_precision":1,"event_type":"Battles","sub_event_type":"Armed clash","country":"Ruritania","admin1":"West","location":"Weston","fatalities":1}`,
	}, "\n") + "\n"
	goldPath := filepath.Join(t.TempDir(), "g.gold.jsonl")
	if err := os.WriteFile(goldPath, []byte(goldText), 0o644); err != nil {
		t.Fatal(err)
	}
	gold, err := ReadGold(strings.NewReader(goldText))
	if err != nil {
		t.Fatal(err)
	}
	docs := []doc.Document{{ID: "n1"}, {ID: "n2"}, {ID: "n3"}, {ID: "n4"}}
	events := [][]event.Event{
		{
			{DocID: "n1", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", EventDate: "2021-03-11", TimePrecision: 1, Location: "Qasr", Fatalities: 4},
			{DocID: "n1", EventType: "Riots", EventDate: "2021-03-30", TimePrecision: 1, Country: "Ruritania"},
			{DocID: "n1", EventType: "Strategic developments", SubEventType: "Arrests", EventDate: "2021-03-15", TimePrecision: 1, Admin1: "South"},
			{DocID: "n1", EventType: "Battles", EventDate: "2021-03-13", TimePrecision: 1, Location: "Al Qasr"},
		},
		{
			{DocID: "n2", EventType: "Violence against civilians", SubEventType: "Attack", EventDate: "9-Mar-21", TimePrecision: 0, Admin1: "East", Fatalities: 2},
			{DocID: "n2", EventType: "Riots", SubEventType: "Mob violence", EventDate: "", Location: "Easton"},
		},
		{
			{DocID: "n3", EventType: "Battles", SubEventType: "Armed clash", EventDate: "2021-03-10", TimePrecision: 1, Location: "Northon"},
		},
		{
			{DocID: "n4", EventType: "Battles", EventDate: "2021-03-10"},
		},
	}
	rep, err := ScoreGold(gold, docs, events, GoldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := scorePy(t, "news", goldPath, events)
	t.Logf("score.py: %v", want)
	sameMetrics(t, rep, want)
}

// TestSeedGoldAgrees scores hand-made events for the seed report both ways, and checks the
// not-events overlap on it: an event resting on the 300-attacks aggregate is a hit.
func TestSeedGoldAgrees(t *testing.T) {
	docsPath, _ := needShared(t, "corpus/seed-us-syria-withdrawal.jsonl", false)
	goldPath, _ := needShared(t, "corpus/seed-us-syria-withdrawal.gold.jsonl", false)
	nePath, _ := needShared(t, "corpus/seed-us-syria-withdrawal.not-events.jsonl", false)
	open := func(p string) *os.File {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	docs, err := ReadDocuments(open(docsPath))
	if err != nil {
		t.Fatal(err)
	}
	gold, err := ReadGold(open(goldPath))
	if err != nil {
		t.Fatal(err)
	}
	nes, err := ReadNotEvents(open(nePath))
	if err != nil {
		t.Fatal(err)
	}
	text := docs[0].Text
	span := func(q string) event.Evidence {
		i := strings.Index(text, q)
		if i < 0 {
			t.Fatalf("%q not in the seed text", q)
		}
		s := len([]rune(text[:i]))
		return event.Evidence{Start: s, End: s + len([]rune(q)), Text: q}
	}
	id := docs[0].ID
	events := [][]event.Event{{
		{DocID: id, EventType: "Battles", SubEventType: "Armed clash", EventDate: "2025-12-01", TimePrecision: 3, Location: "Palmyra", Fatalities: 3,
			Evidence: span("two US soldiers and a civilian interpreter were killed")},
		{DocID: id, EventType: "Battles", SubEventType: "Attack", EventDate: "2026-01-23", TimePrecision: 1, Country: "Syria",
			Evidence: span("300 Islamic State terror attacks")},
		{DocID: id, EventType: "Strategic developments", SubEventType: "Other", EventDate: "2026-01-23", TimePrecision: 1, Country: "Syria",
			Evidence: event.Evidence{Text: "The United States is considering a complete withdrawal of its military troops from Syria"}},
	}}
	rep, err := ScoreGold(gold, docs, events, GoldOptions{NotEvents: nes})
	if err != nil {
		t.Fatal(err)
	}
	want := scorePy(t, "news", goldPath, events)
	t.Logf("score.py: %v", want)
	sameMetrics(t, rep, want)
	if len(rep.NotEvents) != 2 {
		t.Errorf("not-event hits = %+v, want the aggregate and the deliberation", rep.NotEvents)
	}
}
