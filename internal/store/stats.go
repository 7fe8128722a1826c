package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// Series is the number of events and deaths per interval for one key (an event type, a
// country or an admin1), intervals without events left out.
type Series struct {
	Key    string  `json:"key"`
	Points []Point `json:"points"`
}

// Point is one interval: Date is its first day (a Monday for weeks).
type Point struct {
	Date       string `json:"date"`
	Events     int    `json:"events"`
	Fatalities int    `json:"fatalities"`
}

var statsBy = map[string]string{"event_type": "event_type", "country": "country", "admin1": "admin1", "": "event_type"}

// Stats counts the events f selects (Limit and Cursor ignored) per interval ("day", "week"
// or "month") and per key (by "event_type", "country" or "admin1"), series sorted by key.
func (s *Store) Stats(ctx context.Context, f Filter, interval, by string) ([]Series, error) {
	col, ok := statsBy[by]
	if !ok {
		return nil, fmt.Errorf("cannot group by %q (want event_type, country or admin1)", by)
	}
	var bucket func(time.Time) time.Time
	switch interval {
	case "day", "":
		bucket = func(t time.Time) time.Time { return t }
	case "week":
		bucket = func(t time.Time) time.Time { return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)) }
	case "month":
		bucket = func(t time.Time) time.Time { return t.AddDate(0, 0, 1-t.Day()) }
	default:
		return nil, fmt.Errorf("unknown interval %q (want day, week or month)", interval)
	}
	where, args := s.where(f, false)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT event_date, `+col+`, count(*), coalesce(sum(fatalities), 0) FROM events WHERE `+where+`
		GROUP BY event_date, `+col), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	points := map[string]map[string]*Point{}
	for rows.Next() {
		var date, k string
		var n, dead int
		if err := rows.Scan(&date, &k, &n, &dead); err != nil {
			return nil, s.wrap(err)
		}
		t, err := time.Parse(doc.DateLayout, date)
		if err != nil {
			continue // an undated event has no place on a timeline
		}
		b := bucket(t).Format(doc.DateLayout)
		if points[k] == nil {
			points[k] = map[string]*Point{}
		}
		p := points[k][b]
		if p == nil {
			p = &Point{Date: b}
			points[k][b] = p
		}
		p.Events += n
		p.Fatalities += dead
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	out := []Series{}
	for _, k := range sortedKeys(points) {
		sr := Series{Key: k}
		for _, d := range sortedKeys(points[k]) {
			sr.Points = append(sr.Points, *points[k][d])
		}
		out = append(out, sr)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}
