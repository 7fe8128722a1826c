// Package alerttest holds the contract test of alert.Store, so that every implementation
// (alert.MemStore, the SQLite and PostgreSQL stores) is held to the same behaviour.
package alerttest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
)

// Store runs the contract on s, which must start empty.
func Store(t *testing.T, s alert.Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

	if rules, err := s.Rules(ctx); err != nil || len(rules) != 0 {
		t.Fatalf("empty store: rules %v, %v", rules, err)
	}
	if err := s.DeleteRule(ctx, "nope"); !errors.Is(err, alert.ErrNotFound) {
		t.Errorf("DeleteRule of a missing rule: %v, want ErrNotFound", err)
	}
	if _, err := s.Alert(ctx, "nope/2026-11-23"); !errors.Is(err, alert.ErrNotFound) {
		t.Errorf("Alert of a missing key: %v, want ErrNotFound", err)
	}
	if err := s.SaveDelivery(ctx, alert.Delivery{AlertKey: "nope/2026-11-23", State: alert.Pending}); !errors.Is(err, alert.ErrNotFound) {
		t.Errorf("SaveDelivery without its alert: %v, want ErrNotFound", err)
	}

	// Rules round-trip whole, replace by id, list by id.
	full, err := alert.Parse([]byte(`{"id":"b-full","name":"Everything set","area":{"country":"Syria","admin1":"Homs","lat":34.5,"lon":36.75,"radius_km":12.5},
		"event_types":["Battles","Explosions/Remote violence"],"sub_event_types":["Armed clash"],"actors":["Islamic State","Ünïcode actor"],
		"window_days":7,"spike":{"metric":"fatalities","baseline_periods":12,"z":2.5,"min_count":3,"min_ratio":2},
		"webhook":"https://hooks.example.org/x?y=1","secret":"k3y","disabled":true}`))
	if err != nil {
		t.Fatal(err)
	}
	thr, err := alert.Parse([]byte(`{"id":"a-thr","area":{},"window_days":1,"threshold":{"events":3}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []alert.Rule{full, thr} {
		if err := s.SaveRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	thr.Name = "renamed"
	if err := s.SaveRule(ctx, thr); err != nil {
		t.Fatal(err)
	}
	rules, err := s.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []alert.Rule{thr, full}; !reflect.DeepEqual(rules, want) {
		t.Errorf("Rules:\n got %+v\nwant %+v", rules, want)
	}

	// RecordAlert inserts once per key, with its delivery, atomically.
	a1 := alert.Alert{Key: "a-thr/2026-11-26", Rule: thr, Kind: alert.KindThreshold,
		Period: alert.Period{From: "2026-11-26", To: "2026-11-26"}, Partial: true, FiredAt: now,
		Counts: alert.Counts{Events: 3, Fatalities: 4}, SampleEventIDs: []string{"ev#1", "ev/2"}, Reason: "three"}
	a2 := alert.Alert{Key: "b-full/2026-11-23", Rule: full, Kind: alert.KindSpike,
		Period: alert.Period{From: "2026-11-23", To: "2026-11-29"}, FiredAt: now.Add(time.Hour),
		Counts:         alert.Counts{Events: 20, Fatalities: 40},
		Baseline:       &alert.Baseline{Metric: "fatalities", Counts: []int{1, 2, 3}, Mean: 2, SD: 1, Needed: 6},
		SampleEventIDs: []string{}, Reason: "spike"}
	d1 := alert.Delivery{AlertKey: a1.Key, URL: "https://hooks.example.org/1", State: alert.Pending, NextAttempt: now.Add(2 * time.Minute)}
	if ok, err := s.RecordAlert(ctx, a1, &d1); err != nil || !ok {
		t.Fatalf("first RecordAlert: %v, %v", ok, err)
	}
	dup := a1
	dup.Reason = "a second evaluation"
	if ok, err := s.RecordAlert(ctx, dup, &alert.Delivery{AlertKey: a1.Key, State: alert.Failed}); err != nil || ok {
		t.Errorf("RecordAlert of a known key: %v, %v; want false, nil", ok, err)
	}
	if ok, err := s.RecordAlert(ctx, a2, nil); err != nil || !ok {
		t.Fatalf("RecordAlert without delivery: %v, %v", ok, err)
	}
	got, err := s.Alert(ctx, a1.Key)
	if err != nil {
		t.Fatal(err)
	}
	if !sameAlert(got, a1) {
		t.Errorf("Alert:\n got %+v\nwant %+v", got, a1)
	}
	all, err := s.Alerts(ctx, "", 0)
	if err != nil || len(all) != 2 || all[0].Key != a2.Key || !sameAlert(all[0], a2) {
		t.Errorf("Alerts newest first: %+v, %v", all, err)
	}
	if some, _ := s.Alerts(ctx, "a-thr", 0); len(some) != 1 || some[0].Key != a1.Key {
		t.Errorf("Alerts of one rule: %+v", some)
	}
	if some, _ := s.Alerts(ctx, "", 1); len(some) != 1 || some[0].Key != a2.Key {
		t.Errorf("Alerts with limit 1: %+v", some)
	}

	// Deliveries: only the one created, unchanged by the refused duplicate; updates replace.
	ds, err := s.Deliveries(ctx, "")
	if err != nil || len(ds) != 1 || !sameDelivery(ds[0], d1) {
		t.Fatalf("Deliveries: %+v, %v; want [%+v]", ds, err, d1)
	}
	d1.State, d1.Attempts, d1.LastError, d1.LastAttempt, d1.NextAttempt = alert.Delivered, 2, "", now.Add(3*time.Minute), time.Time{}
	d1.DeliveredAt = now.Add(3 * time.Minute)
	if err := s.SaveDelivery(ctx, d1); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Deliveries(ctx, alert.Pending); len(ds) != 0 {
		t.Errorf("pending after delivery: %+v", ds)
	}
	if ds, _ := s.Deliveries(ctx, alert.Delivered); len(ds) != 1 || !sameDelivery(ds[0], d1) {
		t.Errorf("delivered: %+v", ds)
	}

	// Pending deliveries come earliest first.
	for i := 3; i >= 1; i-- {
		a := alert.Alert{Key: fmt.Sprintf("a-thr/2026-11-%02d", 20+i), Rule: thr, Kind: alert.KindThreshold, FiredAt: now}
		d := alert.Delivery{AlertKey: a.Key, URL: "http://127.0.0.1/", State: alert.Pending, NextAttempt: now.Add(time.Duration(i) * time.Minute)}
		if _, err := s.RecordAlert(ctx, a, &d); err != nil {
			t.Fatal(err)
		}
	}
	ds, _ = s.Deliveries(ctx, alert.Pending)
	if len(ds) != 3 || ds[0].AlertKey != "a-thr/2026-11-21" || ds[2].AlertKey != "a-thr/2026-11-23" {
		t.Errorf("pending order: %+v", ds)
	}

	// Concurrent records of one key: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	race := alert.Alert{Key: "a-thr/2026-12-01", Rule: thr, Kind: alert.KindThreshold, FiredAt: now}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.RecordAlert(ctx, race, &alert.Delivery{AlertKey: race.Key, State: alert.Pending, NextAttempt: now})
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d concurrent RecordAlert calls of one key succeeded, want 1", wins)
	}

	// Deleting a rule keeps its alerts.
	if err := s.DeleteRule(ctx, "a-thr"); err != nil {
		t.Fatal(err)
	}
	if rules, _ := s.Rules(ctx); len(rules) != 1 || rules[0].ID != "b-full" {
		t.Errorf("rules after delete: %+v", rules)
	}
	if _, err := s.Alert(ctx, a1.Key); err != nil {
		t.Errorf("alert gone with its rule: %v", err)
	}
}

// sameAlert compares with times by instant, so that a store may return another location.
func sameAlert(a, b alert.Alert) bool {
	if !a.FiredAt.Equal(b.FiredAt) {
		return false
	}
	a.FiredAt, b.FiredAt = time.Time{}, time.Time{}
	if len(a.SampleEventIDs) == 0 && len(b.SampleEventIDs) == 0 {
		a.SampleEventIDs, b.SampleEventIDs = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func sameDelivery(a, b alert.Delivery) bool {
	for _, p := range [][2]*time.Time{{&a.LastAttempt, &b.LastAttempt}, {&a.NextAttempt, &b.NextAttempt}, {&a.DeliveredAt, &b.DeliveredAt}} {
		if !p[0].Equal(*p[1]) {
			return false
		}
		*p[0], *p[1] = time.Time{}, time.Time{}
	}
	return a == b
}
