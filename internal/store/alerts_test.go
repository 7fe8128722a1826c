package store

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/alert/alerttest"
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
