package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// synthDocs makes n short reports in our own words: four kinds of event in twenty towns of
// ten countries over a year, each event told by three outlets in slightly different words.
func synthDocs(n int) []doc.Document {
	towns := []string{"Aleppo", "Homs", "Kharkiv", "Odesa", "Mosul", "Basra", "Kidal", "Gao", "Goma", "Bukavu",
		"Mogadishu", "Kismayo", "Maiduguri", "Kano", "Khartoum", "Nyala", "Kandahar", "Herat", "Sanaa", "Aden"}
	outlets := []string{"North Wire", "Daily Ledger", "Evening Post", "Radio Free Valley", "The Courier", "Monitor Weekly"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	docs := make([]doc.Document, n)
	for i := range docs {
		ev := i / 3
		pub := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (ev/len(towns))%365+1)
		town := towns[ev%len(towns)]
		day := days[int(pub.Weekday()+5)%7]
		k := 2 + ev%9 + i%3
		var text string
		switch (ev / len(towns)) % 4 {
		case 0:
			text = fmt.Sprintf("%d civilians were killed when an air strike hit a market in %s on %s, residents said.", k, town, day)
		case 1:
			text = fmt.Sprintf("Fighting between the army and rebels near %s on %s left %d soldiers dead, a military spokesman said.", town, day, k)
		case 2:
			text = fmt.Sprintf("Hundreds of people protested in %s on %s against rising bread prices, witnesses said.", town, day)
		default:
			text = fmt.Sprintf("Gunmen abducted %d villagers near %s on %s, according to local officials.", k, town, day)
		}
		text += fmt.Sprintf(" Case file %d.", ev)
		if i%3 == 1 {
			text = "Reports say: " + text + " The toll could rise."
		}
		docs[i] = doc.Document{ID: fmt.Sprintf("b-%d", i), Text: text, Published: pub, Outlet: outlets[i%len(outlets)]}
	}
	return docs
}

// BenchmarkIngest stores short reports into a fresh SQLite file the way `sitrep ingest` does:
// coded on every core with one shared coder, merged, batched. reports/s is the figure the
// issue sets at 2,000 or more.
func BenchmarkIngest(b *testing.B) {
	c := testCoder(b)
	docs := synthDocs(6000)
	ctx := context.Background()
	b.ReportAllocs()
	var total time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := s.IngestAll(ctx, c, StreamOptions{}, func(emit func(doc.Document, []byte) error) error {
			for _, d := range docs {
				if err := emit(d, nil); err != nil {
					return err
				}
			}
			return nil
		})
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Articles != len(docs) || sum.MergedEvents == 0 {
			b.Fatalf("ingest: %+v", sum)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs)*b.N)/total.Seconds(), "reports/s")
}

// bigEvents is how many events BenchmarkQuery stores.
const bigEvents = 1_000_000

// synthEvent is the i-th of bigEvents made-up events: 40 countries of 8 provinces, the 25
// sub-event types, 300 actors, ten years of dates, a skewed number of deaths and a few words
// of evidence from a small vocabulary, so that every filter has something to select.
func synthEvent(i int) (EventRow, string) {
	r := rng(uint64(i)*0x9e3779b97f4a7c15 + 1)
	country := fmt.Sprintf("Country%02d", r.n(40))
	iso3 := fmt.Sprintf("C%02d", r.n(40))
	iso3 = "X" + iso3[1:]
	admin1 := fmt.Sprintf("%s Province %d", country, r.n(8))
	var subs []string
	for _, t := range event.Taxonomy {
		subs = append(subs, t.Subs...)
	}
	sub := subs[r.n(len(subs))]
	date := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.n(3650)).Format(doc.DateLayout)
	dead := 0
	if r.n(3) == 0 {
		dead = 1 << r.n(8) // 1 .. 128
	}
	lat, lon := float64(r.n(180))-90, float64(r.n(360))-180
	ev := event.Event{
		EventID: fmt.Sprintf("e%016x", uint64(i)*0x9e3779b97f4a7c15), EventDate: date, TimePrecision: 1,
		EventType: event.TypeOf(sub), SubEventType: sub,
		Actor1:  &event.Actor{Name: fmt.Sprintf("Actor %d", r.n(300)), Inter: 1 + r.n(8)},
		Country: country, ISO3: iso3, Admin1: admin1, Location: fmt.Sprintf("Town %d", r.n(5000)),
		Latitude: &lat, Longitude: &lon, GeoPrecision: 1,
		Fatalities: dead, FatalitiesLow: dead, FatalitiesHigh: dead, Source: "Outlet",
		Attribution: []string{},
		Evidence:    event.Evidence{Start: 0, End: 40, Text: fmt.Sprintf("%s %s %s near the town", word(r.n(1000)), word(r.n(1000)), word(r.n(1000)))},
	}
	return EventRow{Event: ev, DocIDs: []string{fmt.Sprintf("d%d", i)}, Sources: []string{"Outlet"}, FatalitiesBest: dead}, ev.Evidence.Text
}

// word is the n-th word of a made-up vocabulary of pronounceable nonsense.
func word(n int) string {
	const c, v = "bdfgklmnprstvz", "aeiou"
	return string([]byte{c[n%14], v[n/14%5], c[n/70%14], v[n/980%5]})
}

type rng uint64

func (r *rng) n(k int) int {
	*r ^= *r << 13
	*r ^= *r >> 7
	*r ^= *r << 17
	return int(uint64(*r) % uint64(k))
}

// bulkEvents stores n synthetic events directly, bypassing merging: the fast path that makes
// a million-event store in a minute rather than an hour of ingest.
func bulkEvents(b *testing.B, s *Store, n int) {
	ctx := context.Background()
	cols := []string{"id", "record", "event_date", "event_type", "sub_event_type", "country", "country_key", "iso3",
		"admin1", "admin1_key", "actor1_key", "actor2_key", "fatalities", "fatalities_best", "latitude", "longitude",
		"sources", "doc_ids", "supplied", "hidden", "body", "updated", "date_to"}
	row := func(i int) []any {
		r, text := synthEvent(i)
		rec, _ := json.Marshal(r.Event)
		e := &r.Event
		return []any{e.EventID, string(rec), e.EventDate, e.EventType, e.SubEventType, e.Country, key(e.Country), e.ISO3,
			e.Admin1, key(e.Admin1), actorKey(e.Actor1), "", e.Fatalities, r.FatalitiesBest, *e.Latitude, *e.Longitude,
			`["Outlet"]`, mustJSON(r.DocIDs), `{}`, 0, body(e, nil) + "\n" + text, "2026-01-01T00:00:00Z", dateTo(e)}
	}
	if s.dialect == postgres {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		err = conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			i := 0
			_, err := pc.CopyFrom(ctx, pgx.Identifier{"events"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
				if i == n {
					return nil, nil
				}
				i++
				return row(i - 1), nil
			}))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.Exec(`ANALYZE events`); err != nil {
			b.Fatal(err)
		}
		return
	}
	err := s.tx(ctx, func(tx *txn) error {
		q := `INSERT INTO events (` + strings.Join(cols, ", ") + `) VALUES (` + placeholders(len(cols)) + `)`
		for i := range n {
			if _, err := tx.ExecContext(ctx, q, row(i)...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// bigStore opens the million-event store, making it once and keeping it between runs (in the
// temporary directory for SQLite, in a schema of its own for PostgreSQL; Open migrates them):
// making it takes longer than the benchmark. Remove /tmp/sitrep-bench-1000000.db* and DROP
// SCHEMA sitrep_bench_1000000 CASCADE to reclaim the space.
func bigStore(b *testing.B, pg bool) *Store {
	ctx := context.Background()
	var dsn string
	if pg {
		base := os.Getenv("SITREP_TEST_POSTGRES")
		if base == "" {
			b.Skip("SITREP_TEST_POSTGRES not set")
		}
		schema := fmt.Sprintf("sitrep_bench_%d", bigEvents)
		db, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		db.Exec("CREATE SCHEMA IF NOT EXISTS " + schema)
		db.Close()
		u, _ := url.Parse(base)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn = u.String()
	} else {
		dsn = filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-bench-%d.db", bigEvents))
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM events`).Scan(&n)
	if n != bigEvents {
		if n != 0 {
			s.db.Exec(`DELETE FROM events`)
		}
		start := time.Now()
		bulkEvents(b, s, bigEvents)
		b.Logf("stored %d synthetic events in %v (%s)", bigEvents, time.Since(start).Round(time.Second), s.Name())
	}
	return s
}

// BenchmarkQuery runs the filtered queries of `sitrep events` and the API (100 events a page)
// over a million stored events, each iteration one query of a mix, and reports the 50th and
// 95th percentile latency. The bar: p95 under 100 ms on SQLite.
func BenchmarkQuery(b *testing.B) {
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		b.Run(name, func(b *testing.B) {
			s := bigStore(b, pg)
			defer s.Close()
			day := func(s string) time.Time { t, _ := time.Parse(doc.DateLayout, s); return t }
			mix := []Filter{
				{},
				{Country: "Country07", From: day("2024-01-01"), To: day("2024-01-31")},
				{Country: "Country11", EventType: "Battles"},
				{Country: "Country03", Admin1: "Country03 Province 5", From: day("2020-01-01")},
				{Actor: "Actor 42"},
				{SubEventType: "Air/drone strike", From: day("2023-06-01"), To: day("2023-12-31")},
				{MinFatalities: 100, From: day("2022-01-01")},
				{MinFatalities: 10, Country: "Country20", EventType: "Violence against civilians"},
				{Text: word(17)},
				{Text: word(300), Country: "Country01"},
				{Country: "X05", From: day("2025-01-01")},
				{Text: "town", From: day("2025-06-01"), To: day("2025-06-30")},
			}
			for i := range mix {
				mix[i].Limit = 100
				start := time.Now()
				if rows, _, err := s.Events(context.Background(), mix[i]); err != nil {
					b.Fatal(err)
				} else if len(rows) == 0 {
					b.Fatalf("query %d selects nothing: %+v", i, mix[i])
				}
				if testing.Verbose() {
					b.Logf("query %2d: %6.1f ms %+v", i, float64(time.Since(start).Microseconds())/1000, mix[i])
				}
			}
			var took []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				if _, _, err := s.Events(context.Background(), mix[i%len(mix)]); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
			b.ReportMetric(ms(1), "max-ms")
		})
	}
}
