package alert_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// The spike test again, end to end over a real SQLite store: synthetic coded reports are
// ingested (and merged by the store as it would merge real ones), the monitor reads events
// the way the server does (store.EachEvent over the rules' span), fires once, and delivers
// to a real HTTP receiver after a 500. Rules, alerts and deliveries are kept in the store
// itself. (The store runs alerttest.Store on SQLite and PostgreSQL.)
func TestSpikeOverSQLiteStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC) // Thursday; the week from Monday 23rd
	monday := now.AddDate(0, 0, -3)
	var inputs []store.Input
	report := func(date time.Time, n int) {
		// Places on a grid half a degree (~55 km) apart, so that the store keeps them as
		// separate events rather than merging them as one event reported twice.
		lat, lon := 34.0+float64(n%5)*0.5, 36.5+float64(n/5)*0.5
		id := fmt.Sprintf("report-%s-%02d", date.Format("20060102"), n)
		// Texts differ throughout (random tokens): near-duplicate texts would be merged as
		// one wire story.
		rng := rand.New(rand.NewPCG(uint64(date.YearDay()), uint64(n)))
		text := "Synthetic report " + id + ":"
		for range 40 {
			text += fmt.Sprintf(" w%08x", rng.Uint32())
		}
		inputs = append(inputs, store.Input{
			Doc: doc.Document{ID: id, Text: text, Published: date, Outlet: "Test Wire"},
			Events: []event.Event{{
				DocID: id, EventID: id + "#1", EventDate: date.Format("2006-01-02"), TimePrecision: 1,
				EventType: event.Battles, SubEventType: "Armed clash",
				Actor1:  &event.Actor{Name: "Military Forces of Syria", Inter: 1, Country: "SYR"},
				Actor2:  &event.Actor{Name: "Unidentified Armed Group (Syria)", Inter: 3, Country: "SYR"},
				Country: "Syria", ISO3: "SYR", Admin1: "Homs", Location: fmt.Sprintf("Place %d", n),
				Latitude: &lat, Longitude: &lon, GeoPrecision: 1, Fatalities: n % 3,
				Evidence: event.Evidence{Start: 0, End: len([]rune(text)), Text: text}, Confidence: 0.9,
			}},
		})
	}
	for w := 1; w <= 9; w++ { // nine ordinary weeks: 5 events each, Monday to Friday
		for n := 0; n < 5; n++ {
			report(monday.AddDate(0, 0, -7*w+n), n)
		}
	}
	for n := 0; n < 15; n++ { // this week so far: three times that
		report(monday.AddDate(0, 0, n%4), n)
	}
	if _, err := st.Ingest(ctx, inputs); err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := st.EachEvent(ctx, store.Filter{From: monday, To: now}, func(*store.EventRow) error { stored++; return nil }); err != nil {
		t.Fatal(err)
	}
	if stored != 15 {
		t.Fatalf("the store holds %d events this week, want the 15 reported (did it merge distinct events?)", stored)
	}

	var alerts alert.Store = st

	var mu sync.Mutex
	var statuses []int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		defer mu.Unlock()
		status := http.StatusOK
		if len(statuses) == 0 {
			status = http.StatusInternalServerError
		}
		statuses = append(statuses, status)
		w.WriteHeader(status)
	}))
	defer srv.Close()

	rule, err := alert.Parse([]byte(`{"id":"homs-spike","area":{"country":"SYR","admin1":"homs"},"window_days":7,"spike":{},"webhook":"` + srv.URL + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := alerts.SaveRule(ctx, rule); err != nil {
		t.Fatal(err)
	}
	clock := now
	m := &alert.Monitor{
		Store:  alerts,
		Events: st.EventsBetween, // as the server wires it
		Now:    func() time.Time { return clock },
		Log:    slog.New(slog.DiscardHandler),
		Retry:  alert.Retry{MaxAttempts: 3, Base: time.Minute},
	}
	var fired []alert.Alert
	for i := 0; i < 3; i++ { // the retry falls due at the third check
		got, err := m.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fired = append(fired, got...)
		clock = clock.Add(40 * time.Second)
	}
	if len(fired) != 1 || fired[0].Key != "homs-spike/2026-11-23" || fired[0].Counts.Events != 15 || fired[0].Baseline.Mean != 5 {
		t.Fatalf("fired %+v", fired)
	}
	ds, err := alerts.Deliveries(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(ds) != 1 || ds[0].State != alert.Delivered || ds[0].Attempts != 2 || len(statuses) != 2 {
		t.Errorf("deliveries %+v, receiver answered %v", ds, statuses)
	}
}
