package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
)

// backends runs test once per back end: SQLite always, PostgreSQL when SITREP_TEST_POSTGRES
// names a server (each test then gets a schema of its own, dropped afterwards).
func backends(t *testing.T, test func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) {
		test(t, filepath.Join(t.TempDir(), "sitrep.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		test(t, pgSchema(t))
	})
}

// pgSchema creates a fresh schema on the test server and returns a DSN that uses it.
func pgSchema(t testing.TB) string {
	base := os.Getenv("SITREP_TEST_POSTGRES")
	if base == "" {
		t.Skip("SITREP_TEST_POSTGRES not set: no PostgreSQL to test against")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// ingestFixture opens the store at dsn and ingests fixture() into it.
func ingestFixture(t *testing.T, dsn string) (*Store, []Result) {
	t.Helper()
	s := openT(t, dsn)
	rs, err := s.Ingest(context.Background(), fixture())
	if err != nil {
		t.Fatal(err)
	}
	return s, rs
}

func openT(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var (
	coderOnce sync.Once
	coder     *extract.Coder
	coderErr  error
)

func testCoder(t testing.TB) *extract.Coder {
	coderOnce.Do(func() { coder, coderErr = extract.New() })
	if coderErr != nil {
		t.Fatal(coderErr)
	}
	return coder
}

func f64(v float64) *float64 { return &v }

// coded is a hand-coded event, so that store tests do not depend on what the coder makes of a
// text.
func coded(date, country, admin1, location, sub string, fatalities int, actor string) event.Event {
	return event.Event{
		EventDate: date, TimePrecision: 1,
		EventType: event.TypeOf(sub), SubEventType: sub,
		Actor1:  &event.Actor{Name: actor, Inter: 2},
		Country: country, ISO3: strings.ToUpper(country[:3]), Admin1: admin1, Location: location,
		Latitude: f64(10), Longitude: f64(20), GeoPrecision: 1,
		Fatalities: fatalities, FatalitiesLow: fatalities, FatalitiesHigh: fatalities,
		Evidence: event.Evidence{Start: 0, End: 10, Text: "Fighting near " + location + " killed people."},
	}
}

func input(id, outlet, published, text string, evs ...event.Event) Input {
	d := doc.Document{ID: id, Outlet: outlet, Text: text}
	d.Published, _ = time.Parse(doc.DateLayout, published)
	return Input{Doc: d, Events: evs, CoderVersion: "test"}
}

func TestSchema(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		s.Close()
		// Opening again is a no-op.
		s = openT(t, dsn)
		var v int
		if err := s.db.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion {
			t.Fatalf("schema version %d, %v; want %d", v, err, SchemaVersion)
		}
		if _, err := OpenExisting(ctx, dsn); err != nil {
			t.Fatalf("OpenExisting on a current schema: %v", err)
		}
		// A newer schema is refused, by writers and readers.
		if _, err := s.db.Exec(s.q(`INSERT INTO schema_version (version, name, applied) VALUES (?, 'from the future', '')`), SchemaVersion+1); err != nil {
			t.Fatal(err)
		}
		for _, open := range []func(context.Context, string) (*Store, error){Open, OpenExisting} {
			_, err := open(ctx, dsn)
			if err == nil || !strings.Contains(err.Error(), "newer than this sitrep") {
				t.Fatalf("newer schema: got %v", err)
			}
		}
		if _, err := s.db.Exec(s.q(`DELETE FROM schema_version WHERE version = ?`), SchemaVersion+1); err != nil {
			t.Fatal(err)
		}
		// A schema with another history is refused.
		if _, err := s.db.Exec(`UPDATE schema_version SET name = 'something else' WHERE version = 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "another build") {
			t.Fatalf("stale schema: got %v", err)
		}
	})
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := OpenExisting(ctx, filepath.Join(dir, "none.db")); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("OpenExisting of a missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Errorf("OpenExisting created a file")
	}
	_, err := Open(ctx, filepath.Join(dir, "no", "such", "dir.db"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") || strings.Contains(err.Error(), "\n") {
		t.Errorf("Open in a missing directory: %v", err)
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o644)
	if _, err := Open(ctx, junk); err == nil {
		t.Errorf("Open of a file that is not a database: no error")
	}
	if b, _ := os.ReadFile(junk); !strings.HasPrefix(string(b), "not a database") {
		t.Errorf("Open changed a file that is not a database")
	}
	if os.Getuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if _, err := Open(ctx, filepath.Join(ro, "x.db")); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("Open in a read-only directory: %v", err)
		}
	}
	_, err = Open(ctx, "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable")
	if err == nil || !strings.Contains(err.Error(), "cannot connect") || strings.Contains(err.Error(), "\n") {
		t.Errorf("PostgreSQL that is down: %v", err)
	}
}

// fixture is three reports of one clash by three outlets (one a wire copy of another), and an
// unrelated event the same day in another province.
func fixture() []Input {
	wire := "Government troops and rebels clashed for hours near the town of Aldmoor on Monday, killing four soldiers, officials said."
	return []Input{
		input("r1", "Outlet One", "2025-03-04", wire, coded("2025-03-03", "Testland", "North", "Aldmoor", "Armed clash", 4, "Rebels")),
		input("r2", "Outlet Two", "2025-03-04", wire+" More details were not given.", coded("2025-03-03", "Testland", "North", "Aldmoor", "Armed clash", 4, "Rebels")),
		input("r3", "Outlet Three", "2025-03-05", "At least three soldiers died in fighting with rebels in the north on Monday.", coded("2025-03-03", "Testland", "North", "", "Armed clash", 3, "Rebels")),
		input("r4", "Outlet One", "2025-03-04", "A roadside bomb hit a bus in the south on Monday, killing nine passengers.", coded("2025-03-03", "Testland", "South", "Bexford", "Remote explosive/landmine/IED", 9, "Unidentified Armed Group")),
		input("r5", "Outlet Two", "2025-03-04", "Nothing happened today, the ministry said in a statement on the weather."),
	}
}

func TestIngestIdempotent(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, rs := ingestFixture(t, dsn)
		var sum Summary
		for _, r := range rs {
			sum.add(r)
		}
		if sum.Articles != 5 || sum.Mentions != 4 || sum.NewEvents != 2 || sum.MergedEvents != 2 {
			t.Errorf("first ingest: %+v", sum)
		}
		if len(rs[1].NearDuplicates) != 1 || rs[1].NearDuplicates[0] != rs[0].ArticleID {
			t.Errorf("wire copy not linked: %+v", rs[1])
		}
		before, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Again, in one batch and one by one, and the same text with other spacing.
		again := fixture()
		again[0].Doc.Text = "  " + strings.ReplaceAll(again[0].Doc.Text, " ", "  \n") + "\n"
		again[0].Doc.ID = "another id"
		rs, err = s.Ingest(ctx, again)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range fixture() {
			r, err := s.Ingest(ctx, []Input{in})
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r...)
		}
		for _, r := range rs {
			if !r.Duplicate {
				t.Errorf("re-ingest stored %s again", r.ArticleID)
			}
		}
		after, _ := s.Counts(ctx)
		if after != before {
			t.Errorf("counts changed on re-ingest: %+v -> %+v", before, after)
		}
		if before.Links != 1 {
			t.Errorf("links: %d, want 1", before.Links)
		}
	})
}

func TestMergedEvent(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, rs := ingestFixture(t, dsn)
		id := rs[0].NewEvents[0]
		d, err := s.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(d.DocIDs, ","); got != "r1,r2,r3" {
			t.Errorf("doc_ids %s", got)
		}
		if got := strings.Join(d.Sources, ","); got != "Outlet One,Outlet Three,Outlet Two" {
			t.Errorf("sources %s", got)
		}
		if d.Fatalities != 3 || d.FatalitiesLow != 3 || d.FatalitiesHigh != 4 {
			t.Errorf("fatalities %d (%d-%d), want the conservative 3 (3-4)", d.Fatalities, d.FatalitiesLow, d.FatalitiesHigh)
		}
		if d.Location != "Aldmoor" || d.EventID != id {
			t.Errorf("location %q id %q", d.Location, d.EventID)
		}
		if len(d.Mentions) != 3 || d.Mentions[0].Article == nil || d.Mentions[0].Article.Text == "" {
			t.Errorf("mentions %+v", d.Mentions)
		}
		if len(d.Supplied) == 0 {
			t.Errorf("no supplied fields")
		}
		a, err := s.Article(ctx, rs[0].ArticleID)
		if err != nil || string(a.Raw) != fixture()[0].Doc.Text || !strings.HasPrefix(a.ContentHash, "sha256:") {
			t.Errorf("article %+v, %v", a, err)
		}
	})
}

func TestQueries(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		var ins []Input
		for i, c := range []struct {
			date, country, admin1, sub, actor string
			dead                              int
		}{
			{"2025-01-05", "Testland", "North", "Armed clash", "Red Brigade", 2},
			{"2025-01-20", "Testland", "South", "Air/drone strike", "Air Force of Testland", 10},
			{"2025-02-03", "Otherland", "East", "Peaceful protest", "Protesters (Otherland)", 0},
			{"2025-02-10", "Otherland", "East", "Attack", "Red Brigade", 5},
			{"2025-03-01", "Testland", "North", "Abduction/forced disappearance", "Blue Militia", 0},
		} {
			ev := coded(c.date, c.country, c.admin1, "Place"+c.admin1, c.sub, c.dead, c.actor)
			ev.Evidence.Text = "Report number " + []string{"alpha", "bravo", "charlie", "delta", "echo"}[i]
			ins = append(ins, input("q"+c.date, "Outlet", c.date, "text of report "+c.date, ev))
		}
		if _, err := s.Ingest(ctx, ins); err != nil {
			t.Fatal(err)
		}
		day := func(s string) time.Time { t, _ := time.Parse(doc.DateLayout, s); return t }
		for _, c := range []struct {
			name string
			f    Filter
			want string // event dates, latest first
		}{
			{"all", Filter{}, "2025-03-01 2025-02-10 2025-02-03 2025-01-20 2025-01-05"},
			{"from", Filter{From: day("2025-02-03")}, "2025-03-01 2025-02-10 2025-02-03"},
			{"range", Filter{From: day("2025-01-06"), To: day("2025-02-10")}, "2025-02-10 2025-02-03 2025-01-20"},
			{"country", Filter{Country: "otherland"}, "2025-02-10 2025-02-03"},
			{"iso3", Filter{Country: "OTH"}, "2025-02-10 2025-02-03"},
			{"admin1", Filter{Country: "Testland", Admin1: "north"}, "2025-03-01 2025-01-05"},
			{"type", Filter{EventType: "violence against civilians"}, "2025-03-01 2025-02-10"},
			{"subtype", Filter{SubEventType: "Air/drone strike"}, "2025-01-20"},
			{"actor", Filter{Actor: "red brigade"}, "2025-02-10 2025-01-05"},
			{"fatalities", Filter{MinFatalities: 5}, "2025-02-10 2025-01-20"},
			{"text", Filter{Text: "Charlie"}, "2025-02-03"},
			{"text and", Filter{Text: "report delta"}, "2025-02-10"},
			{"text syntax", Filter{Text: `"NEAR(* OR`}, ""},
			{"nothing", Filter{Country: "Nowhere"}, ""},
		} {
			rows, _, err := s.Events(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.EventDate)
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("%s: got %v, want %s", c.name, got, c.want)
			}
		}
		// Pages of two.
		var got []string
		cursor := ""
		for {
			rows, next, err := s.Events(ctx, Filter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				got = append(got, r.EventDate)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if strings.Join(got, " ") != "2025-03-01 2025-02-10 2025-02-03 2025-01-20 2025-01-05" {
			t.Errorf("pages: %v", got)
		}
		if _, _, err := s.Events(ctx, Filter{Cursor: "!!"}); err == nil {
			t.Errorf("bad cursor accepted")
		}
		// The JSON record has the provenance fields.
		rows, _, _ := s.Events(ctx, Filter{Limit: 1})
		b, _ := json.Marshal(rows[0])
		for _, k := range []string{`"doc_ids":["q2025-03-01"]`, `"sources":["Outlet"]`, `"event_id":"e`, `"attribution":[]`} {
			if !strings.Contains(string(b), k) {
				t.Errorf("JSON lacks %s: %s", k, b)
			}
		}
	})
}

func TestEditsWin(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, rs := ingestFixture(t, dsn)
		id := rs[0].NewEvents[0]
		bomb := rs[3].NewEvents[0]
		if _, err := s.Edit(ctx, id, Edit{Field: "fatalities", Value: json.RawMessage(`6`), Who: "ana", Why: "hospital list"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Edit(ctx, id, Edit{Field: "fatalities", Value: json.RawMessage(`"six"`), Who: "ana", Why: "typo"}); err == nil {
			t.Errorf("a string for fatalities was accepted")
		}
		if _, err := s.Edit(ctx, id, Edit{Field: "no_such", Value: json.RawMessage(`1`), Who: "ana", Why: "x"}); err == nil {
			t.Errorf("unknown field accepted")
		}
		if _, err := s.Edit(ctx, id, Edit{Field: "location", Value: json.RawMessage(`"Aldmoor"`)}); err == nil {
			t.Errorf("edit without who and why accepted")
		}
		if _, err := s.Edit(ctx, bomb, Edit{Field: "not_event", Value: json.RawMessage(`true`), Who: "ben", Why: "training exercise"}); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			d, err := s.Event(ctx, id)
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			if d.Fatalities != 6 || len(d.Audit) != 1 || d.Audit[0].Old != "3" || d.Audit[0].New != "6" || d.Supplied["fatalities"] != "review" || d.Audit[0].Who != "ana" {
				t.Errorf("%s: fatalities %d, audit %+v", when, d.Fatalities, d.Audit)
			}
			rows, _, _ := s.Events(ctx, Filter{})
			if len(rows) != 1 || rows[0].EventID != id {
				t.Errorf("%s: hidden event listed: %+v", when, rows)
			}
		}
		check("after edit")
		// A later report of the event does not undo the edit.
		late := input("r6", "Outlet Four", "2025-03-06", "Two soldiers were killed in the clash with rebels near Aldmoor on Monday.",
			coded("2025-03-03", "Testland", "North", "Aldmoor", "Armed clash", 2, "Rebels"))
		if rs, err := s.Ingest(ctx, []Input{late}); err != nil || len(rs[0].MergedEvents) != 1 || rs[0].MergedEvents[0] != id {
			t.Fatalf("late report: %+v, %v", rs, err)
		}
		check("after a new report")
		// The audit log is append-only.
		if _, err := s.db.Exec(`UPDATE audit SET who = 'mallory'`); err == nil {
			t.Errorf("audit row updated")
		}
		if _, err := s.db.Exec(`DELETE FROM audit`); err == nil {
			t.Errorf("audit row deleted")
		}
	})
}

func TestReprocess(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		c := testCoder(t)
		docs := sampleDocs(t)
		var ins []Input
		for _, d := range docs {
			ins = append(ins, Input{Doc: d, Events: c.Code(d), CoderVersion: extract.Version})
		}
		if _, err := s.Ingest(ctx, ins); err != nil {
			t.Fatal(err)
		}
		before, _, err := s.Events(ctx, Filter{})
		if err != nil || len(before) == 0 {
			t.Fatalf("no events from the samples: %v", err)
		}
		edited := before[0].EventID
		if _, err := s.Edit(ctx, edited, Edit{Field: "location", Value: json.RawMessage(`"Checked Place"`), Who: "ana", Why: "map"}); err != nil {
			t.Fatal(err)
		}
		counts, _ := s.Counts(ctx)
		sum, err := s.Reprocess(ctx, c, 2)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Articles != counts.Articles || sum.Edited != 1 {
			t.Errorf("reprocess: %+v (articles stored %d)", sum, counts.Articles)
		}
		after, _, err := s.Events(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, r := range after {
			ids[r.EventID] = true
		}
		kept := 0
		for _, r := range before {
			if ids[r.EventID] {
				kept++
			}
		}
		// The same coder gives the same mentions; batch clustering may group a few
		// differently from incremental merging, but most events persist with their ids.
		if kept*10 < len(before)*8 {
			t.Errorf("only %d of %d event ids kept", kept, len(before))
		}
		d, err := s.Event(ctx, edited)
		if err != nil {
			t.Fatalf("edited event lost its id: %v", err)
		}
		if d.Location != "Checked Place" {
			t.Errorf("edit lost on reprocess: location %q", d.Location)
		}
		after2, _ := s.Counts(ctx)
		if after2.Articles != counts.Articles || after2.Audit != counts.Audit {
			t.Errorf("reprocess changed articles or audit: %+v -> %+v", counts, after2)
		}
	})
}

// sampleDocs reads the project's sample reports.
func sampleDocs(t testing.TB) []doc.Document {
	f, err := os.Open("../../samples/reports.jsonl")
	if err != nil {
		t.Skipf("no samples: %v", err)
	}
	defer f.Close()
	var docs []doc.Document
	dec := json.NewDecoder(f)
	for {
		var r struct {
			doc.Document
			Published string `json:"published"`
		}
		if err := dec.Decode(&r); err != nil {
			break
		}
		r.Document.Published, _ = time.Parse(doc.DateLayout, r.Published)
		docs = append(docs, r.Document)
	}
	return docs
}

func TestConcurrentIngest(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "sitrep.db")
	ctx := context.Background()
	openT(t, dsn) // migrate first, so the test is about ingests
	var ins []Input
	for i := range 300 {
		date := time.Date(2025, 1, 1+i%60, 0, 0, 0, 0, time.UTC).Format(doc.DateLayout)
		ins = append(ins, input(
			"c"+date+string(rune('a'+i%26)), "Outlet", date, "report "+hex.EncodeToString([]byte{byte(i), byte(i >> 8)}),
			coded(date, "Testland", []string{"North", "South", "East"}[i%3], "Town", "Armed clash", i%5, "Rebels")))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, dsn) // a connection pool of its own, as another process has
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			// Each writer goes through the input in its own order and batch size.
			for i := 0; i < len(ins); i += 7 + w {
				j := min(i+7+w, len(ins))
				batch := ins[i:j]
				if w%2 == 1 {
					batch = ins[len(ins)-j : len(ins)-i]
				}
				if _, err := s.Ingest(ctx, batch); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s := openT(t, dsn)
	got, _ := s.Counts(ctx)
	if got.Articles != len(ins) || got.Mentions != len(ins) || got.EventMentions != len(ins) {
		t.Errorf("concurrent ingests: %+v, want %d articles and mentions", got, len(ins))
	}
}

func TestNotFound(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "x.db"))
	if _, err := s.Event(context.Background(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Event(nope): %v", err)
	}
}

func TestStats(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		var ins []Input
		for i, date := range []string{"2025-03-03", "2025-03-05", "2025-03-10", "2025-04-02"} {
			ev := coded(date, "Testland", []string{"North", "South", "East", "West"}[i], "Town"+date, []string{"Armed clash", "Attack"}[i%2], i+1, []string{"Rebels", "Police"}[i%2])
			ev.Latitude, ev.Longitude = f64(float64(i)), f64(float64(3*i))
			ins = append(ins, input("s"+date, "Outlet", date, []string{"one thing happened here", "something else entirely there", "a third unrelated report", "the last of them"}[i], ev))
		}
		if _, err := s.Ingest(ctx, ins); err != nil {
			t.Fatal(err)
		}
		got, err := s.Stats(ctx, Filter{}, "week", "event_type")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(got)
		want := `[{"key":"Battles","points":[{"date":"2025-03-03","events":1,"fatalities":1},{"date":"2025-03-10","events":1,"fatalities":3}]},` +
			`{"key":"Violence against civilians","points":[{"date":"2025-03-03","events":1,"fatalities":2},{"date":"2025-03-31","events":1,"fatalities":4}]}]`
		if string(b) != want {
			t.Errorf("weekly stats:\n got %s\nwant %s", b, want)
		}
		got, _ = s.Stats(ctx, Filter{}, "month", "country")
		if b, _ := json.Marshal(got); string(b) != `[{"key":"Testland","points":[{"date":"2025-03-01","events":3,"fatalities":6},{"date":"2025-04-01","events":1,"fatalities":4}]}]` {
			t.Errorf("monthly stats: %s", b)
		}
		if _, err := s.Stats(ctx, Filter{}, "year", ""); err == nil {
			t.Errorf("unknown interval accepted")
		}
	})
}

// TestPostgresWrongPassword needs a server that checks passwords (the test server trusts
// everyone): SITREP_TEST_POSTGRES_BADPW is a DSN for it with a wrong password.
func TestPostgresWrongPassword(t *testing.T) {
	dsn := os.Getenv("SITREP_TEST_POSTGRES_BADPW")
	if dsn == "" {
		t.Skip("SITREP_TEST_POSTGRES_BADPW not set")
	}
	_, err := Open(context.Background(), dsn)
	if err == nil || !strings.Contains(err.Error(), "refused the user name or password") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("wrong password: %v", err)
	}
	if u, _ := url.Parse(dsn); u != nil {
		if pw, ok := u.User.Password(); ok && strings.Contains(err.Error(), pw) {
			t.Errorf("the password is in the message: %v", err)
		}
	}
}

func TestMergeSplit(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, rs := ingestFixture(t, dsn)
		clash, bomb := rs[0].NewEvents[0], rs[3].NewEvents[0]
		if _, err := s.Merge(ctx, clash, bomb, "ana", ""); err == nil {
			t.Errorf("merge without why accepted")
		}
		if _, err := s.Merge(ctx, clash, "nope", "ana", "x"); !errors.Is(err, ErrNotFound) {
			t.Errorf("merge with a missing event: %v", err)
		}
		r, err := s.Merge(ctx, clash, bomb, "ana", "one attack, two descriptions")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.DocIDs) != 4 {
			t.Errorf("merged event doc_ids %v", r.DocIDs)
		}
		var merged *MergedError
		if _, err := s.Event(ctx, bomb); !errors.Is(err, ErrNotFound) || !errors.As(err, &merged) || merged.Into != clash {
			t.Errorf("merged-away event: %v", err)
		}
		d, _ := s.Event(ctx, clash)
		var bombMention string
		for _, m := range d.Mentions {
			if m.Event.DocID == "r4" {
				bombMention = m.ID
			}
		}
		if _, err := s.Split(ctx, clash, []string{"a#9"}, "ana", "x"); err == nil {
			t.Errorf("split of a mention the event lacks accepted")
		}
		all := make([]string, len(d.Mentions))
		for i, m := range d.Mentions {
			all[i] = m.ID
		}
		if _, err := s.Split(ctx, clash, all, "ana", "x"); err == nil {
			t.Errorf("split of every mention accepted")
		}
		newID, err := s.Split(ctx, clash, []string{bombMention}, "ben", "they were two events after all")
		if err != nil {
			t.Fatal(err)
		}
		n, _ := s.Event(ctx, newID)
		if n == nil || len(n.Mentions) != 1 || n.Mentions[0].ID != bombMention {
			t.Fatalf("split event: %+v", n)
		}
		// Both survive a reprocess: replay merge (bomb into clash) then split (out again).
		if _, err := s.Reprocess(ctx, testCoder(t), 1); err != nil {
			t.Fatal(err)
		}
		// The fixture's hand-coded events are gone (the coder codes the texts now); what
		// must hold is that the replay ran without error and the log is intact.
		c, _ := s.Counts(ctx)
		if c.Audit != 4 {
			t.Errorf("audit entries %d, want 4", c.Audit)
		}
	})
}

// TestOpenNewFileAtOnce opens one new SQLite file from several goroutines at once, as two
// ingests started together do: each must open it (one creates it, the others find it made
// between their look and their attempt to create it), and its schema must be complete.
func TestOpenNewFileAtOnce(t *testing.T) {
	ctx := context.Background()
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "new.db")
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(ctx, path)
				if err != nil {
					errs <- err
					return
				}
				errs <- s.Close()
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		s, err := OpenExisting(ctx, path)
		if err != nil {
			t.Fatalf("round %d: reopening: %v", round, err)
		}
		s.Close()
	}
}
