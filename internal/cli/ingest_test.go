package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/store"
)

// synthReports writes n short reports in our own words as JSON Lines: a few kinds of event
// in a few towns over a few months, each event told by one to three outlets in different
// words, so that ingest codes, merges and links.
func synthReports(t testing.TB, path string, n int) {
	t.Helper()
	towns := []string{"Aleppo", "Homs", "Kharkiv", "Mosul", "Kidal", "Goma", "Mogadishu", "Maiduguri", "Khartoum", "Kandahar"}
	outlets := []string{"North Wire", "Daily Ledger", "Evening Post", "Radio Free Valley", "The Courier", "Monitor Weekly"}
	kinds := []func(town, day string, k int) string{
		func(town, day string, k int) string {
			return fmt.Sprintf("%d civilians were killed when an air strike hit a market in %s on %s, residents said.", k, town, day)
		},
		func(town, day string, k int) string {
			return fmt.Sprintf("Fighting between the army and rebels near %s on %s left %d soldiers dead, a military spokesman said.", town, day, k)
		},
		func(town, day string, k int) string {
			return fmt.Sprintf("Hundreds of people protested in %s on %s against rising bread prices, witnesses said.", town, day)
		},
		func(town, day string, k int) string {
			return fmt.Sprintf("Gunmen abducted %d villagers near %s on %s, according to local officials.", k, town, day)
		},
	}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := range n {
		ev := i / 3 // about three reports an event
		pub := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, ev%360)
		town := towns[(ev/7)%len(towns)]
		kind := kinds[ev%len(kinds)]
		text := kind(town, days[int(pub.Weekday()+6)%7], 2+ev%9+i%3)
		text += fmt.Sprintf(" Case file %d.", ev)
		if i%3 == 1 {
			text = "Reports say: " + text + " The toll could rise."
		}
		enc.Encode(map[string]string{
			"id": fmt.Sprintf("g-%d", i), "published": pub.AddDate(0, 0, 1).Format("2006-01-02"),
			"outlet": outlets[i%len(outlets)], "text": text,
		})
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

func counts(t *testing.T, db string) store.Counts {
	t.Helper()
	s, err := store.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIngestTwice(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	synthReports(t, filepath.Join(in, "reports.jsonl"), 60)
	os.WriteFile(filepath.Join(in, "one.txt"), []byte("Rebels shelled the outskirts of Homs on Friday, killing three people, a monitor said."), 0o644)
	os.WriteFile(filepath.Join(in, "empty.txt"), nil, 0o644)
	db := filepath.Join(dir, "sitrep.db")

	out, errOut, code := run(t, "ingest", "--db", db, "--json", in)
	if code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	var first struct {
		store.Summary
		Failed int `json:"failed"`
	}
	json.Unmarshal([]byte(out), &first)
	if first.Articles != 61 || first.Failed != 1 || first.Mentions == 0 || first.NewEvents == 0 || first.MergedEvents == 0 {
		t.Errorf("first ingest: %s", out)
	}
	if !strings.Contains(errOut, "empty.txt: empty") {
		t.Errorf("the empty file is not reported: %q", errOut)
	}
	before := counts(t, db)

	t.Setenv("SITREP_DB", db)
	out, errOut, code = run(t, "ingest", in)
	if code != 0 {
		t.Fatalf("second ingest: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "articles: 0 new, 61 duplicate, 1 failed") || !strings.Contains(out, "events:   0 new, 0 merged") {
		t.Errorf("second ingest summary:\n%s", out)
	}
	if after := counts(t, db); after != before {
		t.Errorf("counts changed on re-ingest: %+v -> %+v", before, after)
	}
}

func TestIngestKeepsRawBytes(t *testing.T) {
	dir := t.TempDir()
	page := "<html><head><title>Clash</title></head><body><article><p>Rebels and soldiers clashed near Homs on Friday, killing four fighters, a monitor said.</p></article></body></html>"
	os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644)
	// Spacing and key order as a producer might write them: kept byte for byte.
	line := `{"outlet": "Desk", "id":"j1",  "text":"Gunmen abducted six villagers near Kano on Tuesday, police said."}`
	os.WriteFile(filepath.Join(dir, "lines.jsonl"), []byte(line+"\n"), 0o644)
	db := filepath.Join(dir, "sitrep.db")
	if _, errOut, code := run(t, "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	s, err := store.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Article(context.Background(), store.ArticleID("", "Rebels and soldiers clashed near Homs on Friday, killing four fighters, a monitor said."))
	if err != nil {
		t.Fatalf("the page's article: %v", err)
	}
	if string(a.Raw) != page || a.Title != "Clash" {
		t.Errorf("raw %q title %q, want the page as it was", a.Raw, a.Title)
	}
	a, err = s.Article(context.Background(), store.ArticleID("Desk", "Gunmen abducted six villagers near Kano on Tuesday, police said."))
	if err != nil {
		t.Fatalf("the line's article: %v", err)
	}
	if string(a.Raw) != line {
		t.Errorf("raw of a JSONL line: %s, want the line as it was", a.Raw)
	}
}

func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	synthReports(t, good, 5)
	db := filepath.Join(dir, "sitrep.db")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"ingest", "--db", db, good, filepath.Join(dir, "missing.jsonl")}, "cannot read"},
		{"db in a missing directory", []string{"ingest", "--db", filepath.Join(dir, "no", "x.db"), good}, "does not exist"},
		{"db is a directory", []string{"ingest", "--db", dir, good}, "database"},
		{"postgres down", []string{"ingest", "--db", "postgres://sitrep:secret@127.0.0.1:1/sitrep?sslmode=disable", good}, "cannot connect"},
		{"no input", []string{"ingest", "--db", db}, "no input"},
	} {
		_, errOut, code := run(t, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want an error with %q", c.name, code, errOut, c.want)
		}
		if lines := strings.Count(strings.TrimSpace(errOut), "\n"); c.name != "no input" && lines != 0 {
			t.Errorf("%s: error is %d lines: %q", c.name, lines+1, errOut)
		}
		if strings.Contains(errOut, "secret") {
			t.Errorf("%s: password in the message: %q", c.name, errOut)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%s: a database was written", c.name)
		}
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("this is not a database\n", 50)), 0o644)
	if _, errOut, code := run(t, "ingest", "--db", junk, good); code == 0 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("junk db: exit %d, %q", code, errOut)
	}
	if b, _ := os.ReadFile(junk); !strings.HasPrefix(string(b), "this is not a database") {
		t.Errorf("junk db was written to")
	}
}
