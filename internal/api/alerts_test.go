package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// TestSpikeAlertEndToEnd is issue 4's spike test through the real parts: a rule posted to the
// API and kept in the SQLite store, events stored by the store's ingest (eight weeks of a
// steady baseline in Homs, then a week with three times as many), the monitor reading the
// store, and a webhook receiver on loopback that answers 500 once, then 200. The alert fires
// once however often rules are checked, and is delivered on the retry.
func TestSpikeAlertEndToEnd(t *testing.T) {
	ts, st := newTestServer(t)
	ctx := context.Background()

	var mu sync.Mutex
	var statuses []int
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	defer hook.Close()

	rule := `{"id":"homs-spike","name":"Violence spike in Homs","area":{"country":"Syria","admin1":"Homs"},"window_days":7,"spike":{},"webhook":"` + hook.URL + `"}`
	if code, b := call(t, "POST", ts.URL+"/api/alerts/rules", "application/json", rule, true, nil); code != 201 {
		t.Fatalf("add rule: %d %s", code, b)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/alerts/rules", "application/json", `{"name":"x","windowdays":7}`, true, nil); code != 400 {
		t.Errorf("a rule with an unknown field: %d, want 400", code)
	}

	// Weeks are aligned periods (alert.PeriodAt); count back from the current one.
	now := time.Date(2025, 6, 12, 12, 0, 0, 0, time.UTC)
	var r alert.Rule
	r.WindowDays = 7
	cur := r.PeriodAt(now)
	from, _ := time.Parse(doc.DateLayout, cur.From)
	var ins []store.Input
	n := 0
	addWeek := func(start time.Time, admin1 string, count int) {
		for i := 0; i < count; i++ {
			n++
			// Distinct places and sides, so that merging keeps them apart.
			lat, lon := 34.0+float64(n%10)*0.4, 36.0+float64(n/10)*0.4
			ev := event.Event{DocID: fmt.Sprintf("w-%d", n), EventID: fmt.Sprintf("w-%d#1", n), EventDate: start.AddDate(0, 0, i%7).Format(doc.DateLayout),
				TimePrecision: 1, EventType: event.Battles, SubEventType: "Armed clash", Actor1: &event.Actor{Name: fmt.Sprintf("Group %d", n), Inter: 2}, Actor2: &event.Actor{Name: fmt.Sprintf("Militia %d", n), Inter: 3},
				Country: "Syria", ISO3: "SYR", Admin1: admin1, Location: fmt.Sprintf("Village %d", n), Latitude: &lat, Longitude: &lon, GeoPrecision: 1,
				Fatalities: 1, FatalitiesLow: 1, FatalitiesHigh: 1}
			d := doc.Document{ID: ev.DocID, Text: fmt.Sprintf("Report %d.", n), Published: start, Outlet: "Wire"}
			ins = append(ins, store.Input{Doc: d, Events: []event.Event{ev}, CoderVersion: extract.Version})
		}
	}
	for w, c := range []int{5, 4, 6, 5, 5, 4, 6, 5} {
		addWeek(from.AddDate(0, 0, -7*(8-w)), "Homs", c)
		addWeek(from.AddDate(0, 0, -7*(8-w)), "Hama", c)
	}
	addWeek(from, "Homs", 15) // three times the baseline
	addWeek(from, "Hama", 5)
	if _, err := st.Ingest(ctx, ins); err != nil {
		t.Fatal(err)
	}
	if c, _ := st.Counts(ctx); c.Events != n {
		t.Fatalf("stored %d events of %d (synthetic events must not merge)", c.Events, n)
	}

	clock := from.AddDate(0, 0, 6).Add(20 * time.Hour) // late on the week's last day: all of it is in
	m := &alert.Monitor{Store: st, Events: st.EventsBetween, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return clock }, Retry: alert.Retry{MaxAttempts: 4, Base: time.Minute, Max: time.Hour}}
	fired := 0
	for i := 0; i < 5; i++ {
		as, err := m.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fired += len(as)
		if err := m.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(2 * time.Minute)
	}
	if fired != 1 {
		t.Errorf("fired %d times in five checks, want once", fired)
	}
	mu.Lock()
	got := append([]int(nil), statuses...)
	mu.Unlock()
	if len(got) != 2 || got[0] != 500 || got[1] != 200 {
		t.Errorf("receiver answered %v, want [500 200]", got)
	}
	var list struct{ Alerts []alertJSON }
	call(t, "GET", ts.URL+"/api/alerts", "", "", false, &list)
	if len(list.Alerts) != 1 {
		t.Fatalf("%d alerts listed", len(list.Alerts))
	}
	a := list.Alerts[0]
	if a.Rule.ID != "homs-spike" || a.Counts.Events != 15 || a.Delivery == nil || a.Delivery.State != alert.Delivered || a.Delivery.Attempts != 2 {
		t.Errorf("alert %+v, delivery %+v", a.Alert, a.Delivery)
	}
	t.Logf("fired: %s", a.Reason)

	// A webhook URL with a secret in its path is never shown by a public read, not even in
	// a delivery error that quotes it.
	secret := `{"id":"leaky","area":{"country":"Syria","admin1":"Homs"},"window_days":7,"threshold":{"events":1},"webhook":"http://127.0.0.1:9/hook/s3cr3t-path"}`
	if code, b := call(t, "POST", ts.URL+"/api/alerts/rules", "application/json", secret, true, nil); code != 201 {
		t.Fatalf("add rule: %d %s", code, b)
	}
	m.Check(ctx)
	m.Deliver(ctx)
	for _, path := range []string{"/api/alerts", "/api/alerts/rules"} {
		if _, b := call(t, "GET", ts.URL+path, "", "", false, nil); strings.Contains(b, "s3cr3t") {
			t.Errorf("%s shows the webhook's secret path: %s", path, b)
		}
	}
	// It fires for this week and for last week (late reports count in their own period).
	var leaky struct{ Alerts []alertJSON }
	call(t, "GET", ts.URL+"/api/alerts?rule=leaky", "", "", false, &leaky)
	for _, a := range leaky.Alerts {
		if a.Delivery == nil || !strings.Contains(a.Delivery.LastError, "127.0.0.1:9") {
			t.Errorf("the leaky rule's failed delivery should be listed with its (redacted) error: %+v", a.Delivery)
		}
	}
	if len(leaky.Alerts) == 0 {
		t.Error("the leaky rule fired nothing")
	}
}
