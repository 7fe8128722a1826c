package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// sharedDir is the project's read-only shared folder beside the repository.
var sharedDir = filepath.Join("..", "..", "..", "shared")

// readSeed reads the seed report from shared/corpus, or skips: the text is third-party and
// is never copied into the repository.
func readSeed(t *testing.T) doc.Document {
	t.Helper()
	path := filepath.Join(sharedDir, "corpus", "seed-us-syria-withdrawal.jsonl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed report not available (%v): the golden test needs ../shared/corpus beside the repository", err)
	}
	var raw struct {
		ID, Text, Published, Outlet string
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	pub, err := time.Parse(doc.DateLayout, raw.Published)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Document{ID: raw.ID, Text: raw.Text, Published: pub, Outlet: raw.Outlet}
}

// TestSeedReport pins how the report the project started from is coded (corpus/README.md):
// one al-Hol takeover, one Palmyra ambush, nothing from the passages that are not events.
func TestSeedReport(t *testing.T) {
	d := readSeed(t)
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	evs := c.Code(d)
	for _, e := range evs {
		t.Logf("%s p%d %s | %s, %s | %d killed | %q", e.EventDate, e.TimePrecision, e.SubEventType, e.Location, e.Admin1, e.Fatalities, e.Evidence.Text)
	}

	var hol, palmyra []event.Event
	for _, e := range evs {
		ev := strings.ToLower(e.Evidence.Text)
		switch {
		case strings.Contains(ev, "al-hol"):
			hol = append(hol, e)
		case strings.Contains(ev, "palmyra"):
			palmyra = append(palmyra, e)
		}
	}
	if len(hol) != 1 {
		t.Fatalf("want exactly one al-Hol event (the caption is printed twice), got %d", len(hol))
	}
	h := hol[0]
	if h.EventDate != "2026-01-21" || h.SubEventType != "Non-violent transfer of territory" || h.EventType != event.Strategic {
		t.Errorf("al-Hol: got %s %s / %s", h.EventDate, h.EventType, h.SubEventType)
	}
	if !strings.Contains(strings.ToLower(h.Location), "hol") && !strings.Contains(strings.ToLower(h.Location), "hawl") {
		t.Errorf("al-Hol: located at %q (%s), want the camp, not Hasakah city", h.Location, h.Admin1)
	}
	if len(palmyra) != 1 {
		t.Fatalf("want exactly one Palmyra event, got %d", len(palmyra))
	}
	p := palmyra[0]
	if p.EventDate != "2025-12-01" || p.TimePrecision != 3 {
		t.Errorf("Palmyra: date %s precision %d, want 2025-12-01 with month precision 3", p.EventDate, p.TimePrecision)
	}
	if p.EventType != event.Battles || p.SubEventType != "Armed clash" {
		t.Errorf("Palmyra: %s / %s, want Battles / Armed clash", p.EventType, p.SubEventType)
	}
	if p.Location != "Tadmur" || p.Admin1 != "Homs" || p.Country != "Syria" {
		t.Errorf("Palmyra: at %q, %q, %q, want Tadmur, Homs, Syria", p.Location, p.Admin1, p.Country)
	}
	if p.Fatalities != 3 {
		t.Errorf("Palmyra: %d fatalities, want 3 (two soldiers and an interpreter)", p.Fatalities)
	}
	if p.Actor1 == nil || !p.Actor1.Alleged {
		t.Errorf("Palmyra: actor1 %+v, want an alleged Islamic State", p.Actor1)
	}

	// Nothing from the passages that must not become events.
	f, err := os.Open(filepath.Join(sharedDir, "corpus", "seed-us-syria-withdrawal.not-events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var ne struct{ Quote, Why string }
		if err := json.Unmarshal(sc.Bytes(), &ne); err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if strings.Contains(e.Evidence.Text, ne.Quote) {
				t.Errorf("event from a passage that is not one (%s): %q", ne.Why, e.Evidence.Text)
			}
			if e.Fatalities >= 300 {
				t.Errorf("an aggregate or troop count read as deaths: %d", e.Fatalities)
			}
		}
	}
}
