package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/alert/alerttest"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

func TestAlertStore(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		alerttest.Store(t, openT(t, dsn))
	})
}

// TestAlertDedupeAcrossProcesses records one alert from two connections to the same database
// at once, as two servers sharing it would: exactly one records it.
func TestAlertDedupeAcrossProcesses(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := openT(t, dsn), openT(t, dsn)
		rule, err := alert.Parse([]byte(`{"id":"r1","window_days":7,"threshold":{"events":1}}`))
		if err != nil {
			t.Fatal(err)
		}
		al := alert.Alert{Key: "r1/2026-11-23", Rule: rule, Kind: alert.KindThreshold, FiredAt: time.Now()}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := range 6 {
			st := a
			if i%2 == 1 {
				st = b
			}
			wg.Go(func() {
				ok, err := st.RecordAlert(ctx, al, &alert.Delivery{AlertKey: al.Key, State: alert.Pending})
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d of 6 RecordAlert calls from two stores won, want 1", wins)
		}
		if ds, err := b.Deliveries(ctx, ""); err != nil || len(ds) != 1 {
			t.Errorf("deliveries %+v, %v", ds, err)
		}
	})
}

func TestEventsBetween(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		ins := fixture()
		ins = append(ins, input("r7", "Outlet Two", "2025-03-08", "Rebels shelled Cardale on Friday.",
			coded("2025-03-07", "Testland", "East", "Cardale", "Shelling/artillery/missile attack", 0, "Rebels")))
		rs, err := s.Ingest(ctx, ins)
		if err != nil {
			t.Fatal(err)
		}
		day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
		evs, err := s.EventsBetween(ctx, day("2025-03-03"), day("2025-03-07"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range evs {
			got = append(got, e.EventDate+" "+e.Location)
		}
		if strings.Join(got, ", ") != "2025-03-03 Aldmoor, 2025-03-03 Bexford, 2025-03-07 Cardale" &&
			strings.Join(got, ", ") != "2025-03-03 Bexford, 2025-03-03 Aldmoor, 2025-03-07 Cardale" {
			t.Errorf("events 3-7 March: %v", got)
		}
		if evs, _ := s.EventsBetween(ctx, day("2025-03-04"), day("2025-03-06")); len(evs) != 0 {
			t.Errorf("events 4-6 March: %+v, want none", evs)
		}
		// An event marked not an event is not counted by alerts either.
		if _, err := s.Edit(ctx, rs[3].NewEvents[0], Edit{Field: "not_event", Value: json.RawMessage(`true`), Who: "ana", Why: "drill"}); err != nil {
			t.Fatal(err)
		}
		evs, _ = s.EventsBetween(ctx, day("2025-03-03"), day("2025-03-03"))
		if len(evs) != 1 || evs[0].Location != "Aldmoor" || evs[0].EventID != rs[0].NewEvents[0] {
			t.Errorf("after hiding the bombing: %+v", evs)
		}
	})
}

// BenchmarkEventsBetween reads nine weeks of a store of 10,000 events (about 4,500 of them),
// as an alert check with spike rules does, through EventsBetween and through the EachEvent
// adapter the server sketch used before it.
func BenchmarkEventsBetween(b *testing.B) {
	ctx := context.Background()
	s := openT(b, filepath.Join(b.TempDir(), "bench.db"))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var ins []Input
	for i := range 10000 {
		date := start.AddDate(0, 0, i%140).Format(doc.DateLayout)
		place := fmt.Sprintf("Place %d", i)
		ev := coded(date, "Testland", fmt.Sprintf("Province %d", i%7), place, "Armed clash", i%4, "Rebels")
		lat, lon := float64(i%100), float64(i/100)
		ev.Latitude, ev.Longitude = &lat, &lon
		ins = append(ins, input(fmt.Sprintf("b%d", i), "Wire", date, fmt.Sprintf("Report %d of fighting at %s.", i, place), ev))
	}
	for i := 0; i < len(ins); i += 2000 {
		if _, err := s.Ingest(ctx, ins[i:i+2000]); err != nil {
			b.Fatal(err)
		}
	}
	from, to := start.AddDate(0, 0, 70), start.AddDate(0, 0, 132)
	b.Run("EventsBetween", func(b *testing.B) {
		for b.Loop() {
			evs, err := s.EventsBetween(ctx, from, to)
			if err != nil || len(evs) < 4000 {
				b.Fatalf("%d events, %v", len(evs), err)
			}
		}
	})
	b.Run("EachEvent", func(b *testing.B) {
		for b.Loop() {
			var evs []event.Event
			err := s.EachEvent(ctx, Filter{From: from, To: to}, func(r *EventRow) error {
				evs = append(evs, r.Event)
				return nil
			})
			if err != nil || len(evs) < 4000 {
				b.Fatalf("%d events, %v", len(evs), err)
			}
		}
	})
}
