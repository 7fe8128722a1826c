// Package alert decides when violence in an area deserves a warning and delivers that warning
// to a webhook. It owns alert rules (an area, filters, and a threshold or spike condition),
// their evaluation — a pure function of events and a clock — the dedupe that makes a rule fire
// once per period, and webhook delivery with retries. Persistence is behind the Store
// interface, which the store package implements; MemStore serves tests and one-off runs.
package alert

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// Rule is one alert rule. Rules are written as JSON (`sitrep alerts add --file rule.json`,
// POST /api/alerts/rules); Parse reads and checks one. Example, a spike rule for one admin1:
//
//	{
//	  "id": "homs-spike",
//	  "name": "Violence spike in Homs",
//	  "area": {"country": "Syria", "admin1": "Homs"},
//	  "event_types": ["Battles", "Explosions/Remote violence"],
//	  "actors": ["Islamic State"],
//	  "window_days": 7,
//	  "spike": {"metric": "events", "baseline_periods": 8, "z": 3, "min_count": 5, "min_ratio": 1.5},
//	  "webhook": "https://hooks.example.org/sitrep"
//	}
//
// and a threshold rule for a radius around a point:
//
//	{
//	  "name": "Fighting within 50 km of the office",
//	  "area": {"lat": 36.2, "lon": 37.15, "radius_km": 50},
//	  "event_types": ["Battles"],
//	  "window_days": 7,
//	  "threshold": {"events": 3, "fatalities": 10},
//	  "webhook": "https://hooks.example.org/sitrep"
//	}
//
// A rule has exactly one of threshold and spike, and window_days (or "window": "month"). Everything else is
// optional; an empty area is everywhere. An empty id is derived from the rule's
// content (see Parse). Unknown fields are rejected so that a typo does not silently widen a
// rule.
type Rule struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Area Area   `json:"area"`
	// EventTypes and SubEventTypes are ACLED names (event.Taxonomy). An event must match one
	// listed type (if any are listed) and one listed sub-type (if any are listed).
	EventTypes    []string `json:"event_types,omitempty"`
	SubEventTypes []string `json:"sub_event_types,omitempty"`
	// Actors match actor1 or actor2 by case-insensitive substring, so "Islamic State" also
	// matches "Islamic State (Syria)". An event must match one of them (if any are listed).
	Actors []string `json:"actors,omitempty"`
	// WindowDays is the length of the period the rule counts over (7 = a week). Periods are
	// aligned, not rolling: see PeriodAt. Window "month" counts calendar months instead
	// (give one of the two).
	WindowDays int        `json:"window_days,omitempty"`
	Window     string     `json:"window,omitempty"`
	Threshold  *Threshold `json:"threshold,omitempty"`
	Spike      *Spike     `json:"spike,omitempty"`
	// Webhook is where alerts are POSTed; empty records alerts without sending them.
	Webhook string `json:"webhook,omitempty"`
	// Secret, when set, signs each webhook body: X-Sitrep-Signature is "sha256=" and the hex
	// HMAC-SHA256 of the body under this key (the scheme GitHub's webhooks use), so that a
	// receiver can refuse alerts that did not come from this server. Redacted clears it.
	Secret   string `json:"secret,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// Area is where a rule looks; the zero Area is everywhere. Every constraint given must hold: {"country":"Syria",
// "admin1":"Homs"} is Homs in Syria; adding lat/lon/radius_km would also require the event
// to lie within the circle.
type Area struct {
	// Country matches an event's country name or ISO3 code, case-insensitively.
	Country string `json:"country,omitempty"`
	// Admin1 matches an event's admin1 name, case-insensitively. Give the country too:
	// admin1 names repeat across countries.
	Admin1 string `json:"admin1,omitempty"`
	// Lat, Lon and RadiusKm describe a circle (great-circle distance). Only events placed at
	// a town or near one (geo_precision 1 or 2) count: an admin1-level event's coordinates
	// are the region's centre, which says nothing about distance to the point.
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
	RadiusKm float64  `json:"radius_km,omitempty"`
}

// Threshold fires when a period has at least Events events or at least Fatalities reported
// deaths (either one; a zero field is not checked).
type Threshold struct {
	Events     int `json:"events,omitempty"`
	Fatalities int `json:"fatalities,omitempty"`
}

// Spike fires when a period's count stands out against the same area's previous periods.
// With c the period's count (events, or fatalities when Metric is "fatalities"), and mean m
// and sample standard deviation s of the counts of the BaselinePeriods periods before it,
// the rule fires when all three hold:
//
//	c >= MinCount
//	c >= MinRatio * m
//	c >  m + Z * max(s, sqrt(max(m, 1)))
//
// The floor on s is the Poisson noise of a count with mean m: a perfectly steady baseline
// (s = 0) must not turn one extra event into a spike, and MinCount keeps 0 -> 1 from being
// one. With the defaults (8 periods, Z 3, MinCount 5, MinRatio 1.5) a steady 4 a week fires
// at 11, a steady 10 at 20, and a baseline of nothing at 5.
type Spike struct {
	Metric          string  `json:"metric,omitempty"`           // "events" (default) or "fatalities"
	BaselinePeriods int     `json:"baseline_periods,omitempty"` // default 8
	Z               float64 `json:"z,omitempty"`                // default 3
	MinCount        int     `json:"min_count,omitempty"`        // default 5
	MinRatio        float64 `json:"min_ratio,omitempty"`        // default 1.5
}

// Spike defaults, applied by Parse and Normalize to zero fields.
const (
	DefaultBaselinePeriods = 8
	DefaultZ               = 3
	DefaultMinCount        = 5
	DefaultMinRatio        = 1.5
)

// WindowMonth is the Window that counts calendar months.
const WindowMonth = "month"

// maxPeriodDays is the longest a period of the rule can be.
func (r *Rule) maxPeriodDays() int {
	if r.Window == WindowMonth {
		return 31
	}
	return r.WindowDays
}

// Metrics a spike rule can count.
const (
	MetricEvents     = "events"
	MetricFatalities = "fatalities"
)

// maxWindowDays, maxBaselinePeriods and maxLookbackDays bound how far back a rule can look,
// so that one rule cannot make every evaluation read decades of events.
const (
	maxWindowDays      = 366
	maxBaselinePeriods = 104
	maxLookbackDays    = 5 * 366
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Parse reads one rule from JSON, rejecting unknown fields, fills defaults and checks it. A
// rule without an id gets "r-" and 10 hex digits of a hash of its content, so that adding the
// same rule file twice replaces rather than duplicates it.
func Parse(data []byte) (Rule, error) {
	var r Rule
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Rule{}, fmt.Errorf("alert rule: %w", err)
	}
	if dec.More() {
		return Rule{}, errors.New("alert rule: more than one JSON value")
	}
	if err := r.Normalize(); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// Normalize fills defaults, puts taxonomy names in their canonical spelling, assigns an id
// when there is none, and checks the rule. Rules built in Go rather than parsed should pass
// through it before use.
func (r *Rule) Normalize() error {
	r.ID = strings.TrimSpace(r.ID)
	r.Name = strings.TrimSpace(r.Name)
	r.Area.Country = strings.TrimSpace(r.Area.Country)
	r.Area.Admin1 = strings.TrimSpace(r.Area.Admin1)
	r.Webhook = strings.TrimSpace(r.Webhook)
	r.Window = strings.ToLower(strings.TrimSpace(r.Window))
	if s := r.Spike; s != nil {
		if s.Metric == "" {
			s.Metric = MetricEvents
		}
		if s.BaselinePeriods == 0 {
			s.BaselinePeriods = DefaultBaselinePeriods
		}
		if s.Z == 0 {
			s.Z = DefaultZ
		}
		if s.MinCount == 0 {
			s.MinCount = DefaultMinCount
		}
		if s.MinRatio == 0 {
			s.MinRatio = DefaultMinRatio
		}
	}
	var err error
	if r.EventTypes, err = canonical(r.EventTypes, "event type", func(s string) bool {
		for _, t := range event.Taxonomy {
			if t.Type == s {
				return true
			}
		}
		return false
	}); err != nil {
		return err
	}
	if r.SubEventTypes, err = canonical(r.SubEventTypes, "sub-event type", func(s string) bool {
		return event.TypeOf(s) != ""
	}); err != nil {
		return err
	}
	if err := r.check(); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = contentID(*r)
	}
	return nil
}

func (r *Rule) check() error {
	label := "alert rule"
	if r.ID != "" {
		label += " " + r.ID
	} else if r.Name != "" {
		label += fmt.Sprintf(" %q", r.Name)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %s", label, fmt.Sprintf(format, a...))
	}
	if r.ID != "" && !idPattern.MatchString(r.ID) {
		return bad("id must be 1-64 of a-z 0-9 . _ - starting with a letter or digit")
	}
	a := r.Area
	if (a.Lat == nil) != (a.Lon == nil) || (a.Lat == nil) != (a.RadiusKm == 0) {
		return bad("area: lat, lon and radius_km go together")
	}
	if a.Lat != nil {
		if math.IsNaN(*a.Lat) || *a.Lat < -90 || *a.Lat > 90 || math.IsNaN(*a.Lon) || *a.Lon < -180 || *a.Lon > 180 {
			return bad("area: lat must be in [-90, 90] and lon in [-180, 180]")
		}
		if !(r.Area.RadiusKm > 0 && r.Area.RadiusKm <= 20040) {
			return bad("area: radius_km must be in (0, 20040]")
		}
	}
	switch {
	case r.Window == "" && (r.WindowDays < 1 || r.WindowDays > maxWindowDays):
		return bad("window_days must be in [1, %d] (or give \"window\": \"month\")", maxWindowDays)
	case r.Window != "" && r.Window != WindowMonth:
		return bad("window must be %q (or give window_days)", WindowMonth)
	case r.Window != "" && r.WindowDays != 0:
		return bad("give window or window_days, not both")
	}
	if (r.Threshold == nil) == (r.Spike == nil) {
		return bad("give exactly one of threshold and spike")
	}
	if t := r.Threshold; t != nil {
		if t.Events < 0 || t.Fatalities < 0 || t.Events == 0 && t.Fatalities == 0 {
			return bad("threshold: events or fatalities must be positive")
		}
	}
	if s := r.Spike; s != nil {
		if s.Metric != MetricEvents && s.Metric != MetricFatalities {
			return bad("spike: metric must be %q or %q", MetricEvents, MetricFatalities)
		}
		if s.BaselinePeriods < 2 || s.BaselinePeriods > maxBaselinePeriods {
			return bad("spike: baseline_periods must be in [2, %d]", maxBaselinePeriods)
		}
		if days := (s.BaselinePeriods + 2) * r.maxPeriodDays(); days > maxLookbackDays {
			return bad("spike: baseline_periods + 2 periods reach back up to %d days; at most %d", days, maxLookbackDays)
		}
		if !(s.Z > 0) || s.MinCount < 1 || !(s.MinRatio >= 1) {
			return bad("spike: z must be positive, min_count at least 1, min_ratio at least 1")
		}
	}
	if len(r.EventTypes) > 0 && len(r.SubEventTypes) > 0 {
		for _, sub := range r.SubEventTypes {
			if !contains(r.EventTypes, event.TypeOf(sub)) {
				return bad("sub-event type %q is not under any listed event type, so it could never match", sub)
			}
		}
	}
	for _, s := range r.Actors {
		if strings.TrimSpace(s) == "" {
			return bad("actors: empty name")
		}
	}
	if r.Secret != "" && r.Webhook == "" {
		return bad("a secret signs webhook requests: give a webhook too")
	}
	if r.Webhook != "" {
		u, err := url.Parse(r.Webhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return bad("webhook must be an http or https URL")
		}
	}
	return nil
}

// Redacted returns the rule with its webhook cut to scheme and host and without its secret.
// Webhook URLs often carry their credential in the path or query (chat services work that
// way), so anything shown to readers without the write token, or sent to the receiver
// itself, uses this copy.
func (r Rule) Redacted() Rule {
	r.Webhook = redactURL(r.Webhook)
	r.Secret = ""
	return r
}

func redactURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "redacted"
	}
	out := u.Scheme + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		out += "/…"
	}
	return out
}

// canonical maps names case-insensitively onto the taxonomy's spelling.
func canonical(names []string, what string, known func(string) bool) ([]string, error) {
	out := names[:0:0]
	for _, n := range names {
		n = strings.TrimSpace(n)
		found := ""
		for _, t := range event.Taxonomy {
			if strings.EqualFold(t.Type, n) {
				found = t.Type
			}
			for _, s := range t.Subs {
				if strings.EqualFold(s, n) {
					found = s
				}
			}
		}
		if found == "" || !known(found) {
			return nil, fmt.Errorf("alert rule: unknown %s %q (see ACLED's taxonomy)", what, n)
		}
		out = append(out, found)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// contentID hashes the rule's JSON without its id.
func contentID(r Rule) string {
	r.ID = ""
	b, _ := json.Marshal(r) // a Rule always marshals
	sum := sha256.Sum256(b)
	return "r-" + hex.EncodeToString(sum[:5])
}
