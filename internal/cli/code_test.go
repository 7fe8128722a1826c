package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/event"
)

func events(t *testing.T, jsonl string) []event.Event {
	t.Helper()
	var out []event.Event
	sc := bufio.NewScanner(strings.NewReader(jsonl))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e event.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

const kidal = "Gunmen killed three villagers in Kidal on Monday, local officials said."

// TestCodeBadInput is issue 2's list of bad inputs, each through `sitrep code` end to end
// after a good one: a clear message naming the input (and line), the good records still
// coded, and an exit status that says something was skipped.
func TestCodeBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", []byte(kidal))
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7 + i/3)
	}
	cases := []struct {
		name   string
		file   string
		status int
		errs   []string // parts of the message
		events int      // events coded from the bad input itself
	}{
		{"empty file", write("empty.txt", nil), 1, []string{"empty.txt", "empty"}, 0},
		{"binary junk", write("junk.bin", junk), 1, []string{"junk.bin", "binary"}, 0},
		{"invalid UTF-8", write("bad.txt", []byte(kidal+"\xff\xfe tail")), 0, nil, 1},
		{"malformed JSONL line", write("mixed.jsonl", []byte(`{"id":"a","text":"`+kidal+`","published":"2025-03-12"}`+"\n"+`{"id":"b","text": broken`+"\n"+`{"id":"c","text":"A roadside bomb killed two policemen in Lashkar Gah on Friday.","published":"2025-03-15"}`+"\n")),
			1, []string{"mixed.jsonl:2", "invalid JSON"}, 2},
		{"CSV without the named column", write("nocol.csv", []byte("id,body\n1,"+kidal+"\n")), 1, []string{"nocol.csv", `no column "text"`, "body"}, 0},
		{"no publication date", write("nodate.txt", []byte(kidal)), 0, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, out, errs := runMain("code", "--out", "jsonl", good, c.file)
			if status != c.status {
				t.Errorf("exit status %d, want %d (stderr %q)", status, c.status, errs)
			}
			for _, part := range c.errs {
				if !strings.Contains(errs, part) {
					t.Errorf("stderr %q does not mention %q", errs, part)
				}
			}
			if c.errs == nil && errs != "" {
				t.Errorf("unexpected stderr %q", errs)
			}
			evs := events(t, out)
			fromGood, fromBad := 0, 0
			for _, e := range evs {
				if e.DocID == "good" {
					fromGood++
				} else {
					fromBad++
				}
			}
			// A CSV without its text column is a mistake in the command (fix --text-col) and
			// stops the run; every other bad input is skipped and the run goes on.
			if fromGood != 1 {
				t.Errorf("the good input before the bad one gave %d events, want 1", fromGood)
			}
			if fromBad != c.events {
				t.Errorf("the bad input gave %d events, want %d", fromBad, c.events)
			}
		})
	}
	// Without a publication date the event has no date (and says so with precision 0)
	// rather than a made-up one.
	_, out, _ := runMain("code", "--out", "jsonl", filepath.Join(dir, "nodate.txt"))
	if evs := events(t, out); len(evs) != 1 || evs[0].EventDate != "" {
		t.Errorf("undated report: %+v", evs)
	}
	// Invalid UTF-8 is replaced, and the evidence is valid text.
	_, out, _ = runMain("code", "--out", "jsonl", filepath.Join(dir, "bad.txt"))
	if evs := events(t, out); len(evs) != 1 || !strings.Contains(evs[0].Evidence.Text, "Kidal") {
		t.Errorf("report with invalid UTF-8: %+v", evs)
	}
}

// TestCodeHugeDocument codes a 50 MB report (many reports run together) through the command:
// it must finish, with events whose evidence points into the text, on bounded memory (the
// coder works on 1 MB pieces; see extract.maxSegment).
func TestCodeHugeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB document")
	}
	var b strings.Builder
	paras := []string{
		kidal,
		"A roadside bomb struck a police convoy in Lashkar Gah on Friday, killing two policemen, a provincial spokesman said.",
		"Hundreds of residents marched through Goma on Thursday to protest against power cuts. Police fired tear gas.",
		"Analysts say the conflict has displaced thousands of people since 2012.",
	}
	for i := 0; b.Len() < 50<<20; i++ {
		b.WriteString(paras[i%len(paras)])
		b.WriteString("\n\n")
	}
	p := filepath.Join(t.TempDir(), "huge.txt")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, errs := runMain("code", "--out", "jsonl", "--published", "2025-03-15", p)
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errs)
	}
	evs := events(t, out)
	if len(evs) < 3 {
		t.Fatalf("%d events from 50 MB of reports of three events", len(evs))
	}
	for _, e := range evs {
		if e.Evidence.End <= e.Evidence.Start || e.Evidence.Text == "" {
			t.Errorf("%s: empty evidence %+v", e.EventID, e.Evidence)
		}
	}
	t.Logf("50 MB: %d events", len(evs))
}
