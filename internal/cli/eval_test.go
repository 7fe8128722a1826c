package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// stubCoder stands in for extract so that these tests check the command, not the coder's
// accuracy of the day: "protest" makes a peaceful protest in Lakeside, "shell" a shelling, and
// anything else no event.
func stubCoder(d doc.Document) []event.Event {
	lat, lon := 10.0, 20.0
	e := event.Event{DocID: d.ID, EventDate: "2020-05-02", TimePrecision: 1, Country: "Freedonia", Admin1: "Lakeside",
		Location: "Lakeside", Latitude: &lat, Longitude: &lon, GeoPrecision: 1,
		Evidence: event.Evidence{Start: 0, End: len([]rune(d.Text)), Text: d.Text}}
	switch {
	case strings.Contains(d.Text, "protest"):
		e.EventType, e.SubEventType = event.Protests, "Peaceful protest"
		e.Actor1 = &event.Actor{Name: "Protesters (Freedonia)", Inter: 6}
	case strings.Contains(d.Text, "shell"):
		e.EventType, e.SubEventType = event.Explosions, "Shelling/artillery/missile attack"
		e.Actor1 = &event.Actor{Name: "Military Forces of Freedonia", Inter: 1}
		e.Fatalities = 2
	default:
		return nil
	}
	return []event.Event{e}
}

const acledHeader = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3\n"

// Three rows in ACLED's layout, written for this test: a protest coded right, a shelling
// coded as a protest's opposite number, and a row the stub misses. One row has no notes and
// must be skipped.
const acledRows = `1,999,FRE1,1,2-May-20,2020,1,Protests,Peaceful protest,Protesters (Freedonia),,6,,,0,60,Nowhere,Freedonia,Lakeside,,,Lakeside,10.01,20.01,1,Daily Bugle,National,"On 2 May 2020, teachers held a protest in Lakeside, asking for the ""back pay"" owed to them. [size=no report]",0,1588636800,FRE
2,999,FRE2,2,2020-05-02,2020,1,Battles,Armed clash,Military Forces of Freedonia,,1,Sylvanian Liberation Front,,2,12,Nowhere,Freedonia,Hill Country,,,Ridge,11.5,21.5,2,Daily Bugle,National,"On 2 May 2020, army units shelled and fought rebels near Ridge. 2 fatalities.",2,1588636800,FRE
3,999,FRE3,3,2-May-20,2020,1,Strategic developments,Agreement,Government of Freedonia,,1,,,0,10,Nowhere,Freedonia,Capital,,,Capital City,12,22,1,Daily Bugle,National,"On 2 May 2020, a ceasefire accord was signed in Capital City.",0,1588636800,FRE
4,999,FRE4,4,2-May-20,2020,1,Protests,Peaceful protest,Protesters (Freedonia),,6,,,0,60,Nowhere,Freedonia,Capital,,,Capital City,12,22,1,Daily Bugle,National,,0,1588636800,FRE
`

func useStubCoder(t *testing.T) {
	t.Helper()
	old := newEvalCoder
	newEvalCoder = func() (eval.Coder, error) { return stubCoder, nil }
	t.Cleanup(func() { newEvalCoder = old })
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestEvalACLEDJSON(t *testing.T) {
	useStubCoder(t)
	csvPath := writeTemp(t, "dev.csv", "\ufeff"+acledHeader+acledRows)
	// Flags after the file are accepted.
	code, out, errs := runMain("eval", csvPath, "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	want := map[string]float64{
		"rows": 3, "detected": 0.6667, "event_type": 0.3333, "sub_event_type": 0.3333, "date_exact": 0.6667,
		"country": 0.6667, "admin1": 0.3333, "geo_25km": 0.3333, "geo1_25km": 0.5, "inter_pair": 0.3333,
		"inter1_any": 0.6667, "actor1_name": 0.6667, "fatalities_exact": 0.6667, "extra_events_per_doc": 0, "bad_lines": 0,
	}
	for k, w := range want {
		v, ok := got[k].(float64)
		if !ok || v != w {
			t.Errorf("%s = %v, want %v", k, got[k], w)
		}
	}
	if got["format"] != "acled" {
		t.Errorf("format = %v", got["format"])
	}
	if !strings.HasPrefix(out, `{"detected":`) || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("want one line starting with score.py's first key, got %s", out)
	}
}

func TestEvalACLEDTable(t *testing.T) {
	useStubCoder(t)
	csvPath := writeTemp(t, "dev.csv", acledHeader+acledRows)
	evPath := filepath.Join(t.TempDir(), "events.jsonl")
	code, out, errs := runMain("eval", "--errors", "1", "--events", evPath, csvPath)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{
		"ACLED evaluation of " + csvPath,
		"event_type            0.3333  0.85 FAIL",
		"date_exact            0.6667  0.95 FAIL",
		"Accuracy by sub_event_type",
		"Most frequent confusions (gold -> predicted)",
		"Armed clash -> Shelling/artillery/missile attack",
		"Agreement -> (no event)",
		"Mis-coded examples",
		"FRE2",
		"army units shelled",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "FRE3") {
		t.Errorf("--errors 1 printed more than one example:\n%s", out)
	}
	if !strings.Contains(errs, "coded 3 documents") {
		t.Errorf("stderr lacks the timing line: %q", errs)
	}
	b, err := os.ReadFile(evPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n != 2 {
		t.Errorf("--events wrote %d lines, want 2:\n%s", n, b)
	}
}

func TestEvalErrors(t *testing.T) {
	useStubCoder(t)
	noNotes := writeTemp(t, "nonotes.csv", "event_id_cnty,event_date,event_type\nX1,2-May-20,Battles\n")
	docs := writeTemp(t, "docs.jsonl", `{"id":"a","text":"a protest"}`+"\n")
	for _, c := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no notes column", []string{"eval", noNotes}, 1, `no "notes" column`},
		{"missing file", []string{"eval", filepath.Join(t.TempDir(), "absent.csv")}, 1, "absent.csv"},
		{"no file", []string{"eval"}, 2, "want one FILE"},
		{"two files", []string{"eval", noNotes, noNotes}, 2, "want one FILE"},
		{"unknown extension", []string{"eval", "data.xlsx"}, 2, "--format"},
		{"jsonl without gold", []string{"eval", docs}, 2, "--gold"},
		{"bad format", []string{"eval", "--format", "ucdp", noNotes}, 2, "unknown --format"},
		{"not-events on acled", []string{"eval", "--not-events", docs, noNotes}, 2, "--format gold only"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runMain(c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, errs)
			}
			if !strings.Contains(errs, c.err) {
				t.Errorf("stderr %q lacks %q", errs, c.err)
			}
			if c.code == 1 {
				if n := strings.Count(strings.TrimSpace(errs), "\n"); n != 0 || out != "" {
					t.Errorf("want a one-line error and no output, got stdout %q stderr %q", out, errs)
				}
			}
		})
	}
}

func TestEvalCASE(t *testing.T) {
	useStubCoder(t)
	tsv := "id\tEventSnippet\tSubType\n" +
		"1\tCrowds held a quiet protest outside the ministry.\tPEACE_PROTEST\n" +
		"2\tGunners shell the \"old\" bridge at dawn.\tAIR_STRIKE\n" +
		"3\tTwo ministers met to discuss trade.\tDIPLO\n" +
		"4\tArtillery units shell a flooded valley to clear ice jams.\tNATURAL_DISASTER\n"
	p := writeTemp(t, "case.tsv", tsv)
	code, out, errs := runMain("eval", "--json", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"rows": 4, "acled_rows": 2, "detected": 1, "sub_event_type": 0.5, "event_type": 1, "non_acled_rows": 2, "non_acled_no_violence": 0.5}
	for k, w := range want {
		if v, _ := got[k].(float64); v != w {
			t.Errorf("%s = %v, want %v", k, got[k], w)
		}
	}
	code, out, _ = runMain("eval", p)
	if code != 0 || !strings.Contains(out, "Air/drone strike -> Shelling/artillery/missile attack") || !strings.Contains(out, "non-ACLED class") {
		t.Errorf("exit %d, table:\n%s", code, out)
	}
}

func TestEvalGold(t *testing.T) {
	useStubCoder(t)
	docs := writeTemp(t, "docs.jsonl",
		`{"id":"a1","text":"Farmers staged a protest in Lakeside on Saturday.","published":"2020-05-04"}`+"\n"+
			`{"id":"a2","text":"Crews shell the port, officials said.","published":"2020-05-04"}`+"\n")
	gold := writeTemp(t, "docs.gold.jsonl",
		`{"article_id":"a1","role":"main","event_date":"2020-05-02","time_precision":1,"event_type":"Protests","sub_event_type":"Peaceful protest","country":"Freedonia","admin1":"Lakeside","location":"Lakeside","fatalities":0}`+"\n"+
			`{"article_id":"a2","role":"main","event_date":"2020-04-01","time_precision":1,"event_type":"Battles","sub_event_type":"Armed clash","country":"Freedonia","admin1":"Port","location":"Port Town","fatalities":2}`+"\n")
	notEv := writeTemp(t, "docs.not-events.jsonl", `{"quote":"shell the port","why":"a drill, not an attack"}`+"\n")
	code, out, errs := runMain("eval", "--gold", gold, "--not-events", notEv, "--json", docs)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"main_events": 2, "recall": 0.5, "precision": 0.5, "type_given_match": 1, "sub_type_given_match": 1, "fatalities_given_match": 1, "system_events": 2, "not_event_hits": 1}
	for k, w := range want {
		if v, _ := got[k].(float64); v != w {
			t.Errorf("%s = %v, want %v", k, got[k], w)
		}
	}
	if hits, _ := got["not_event_hits"].(float64); hits == 1 {
		code, out, _ = runMain("eval", "--gold", gold, "--not-events", notEv, docs)
		if code != 0 || !strings.Contains(out, "a drill, not an attack") {
			t.Errorf("exit %d, table:\n%s", code, out)
		}
	}
}
