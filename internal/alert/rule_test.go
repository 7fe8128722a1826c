package alert

import (
	"strings"
	"testing"
)

// The examples in Rule's doc comment must parse: they are what users copy.
func TestParseDocExamples(t *testing.T) {
	spike := `{
	  "id": "homs-spike",
	  "name": "Violence spike in Homs",
	  "area": {"country": "Syria", "admin1": "Homs"},
	  "event_types": ["Battles", "Explosions/Remote violence"],
	  "actors": ["Islamic State"],
	  "window_days": 7,
	  "spike": {"metric": "events", "baseline_periods": 8, "z": 3, "min_count": 5, "min_ratio": 1.5},
	  "webhook": "https://hooks.example.org/sitrep"
	}`
	r, err := Parse([]byte(spike))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "homs-spike" || r.Spike == nil || r.Spike.BaselinePeriods != 8 || r.Area.Admin1 != "Homs" {
		t.Errorf("parsed %+v", r)
	}
	radius := `{
	  "name": "Fighting within 50 km of the office",
	  "area": {"lat": 36.2, "lon": 37.15, "radius_km": 50},
	  "event_types": ["Battles"],
	  "window_days": 7,
	  "threshold": {"events": 3, "fatalities": 10},
	  "webhook": "https://hooks.example.org/sitrep"
	}`
	r, err = Parse([]byte(radius))
	if err != nil {
		t.Fatal(err)
	}
	if !idPattern.MatchString(r.ID) || !strings.HasPrefix(r.ID, "r-") {
		t.Errorf("derived id %q", r.ID)
	}
	again, _ := Parse([]byte(radius))
	if again.ID != r.ID {
		t.Errorf("same rule, different ids %q and %q", r.ID, again.ID)
	}
	other, _ := Parse([]byte(strings.Replace(radius, `"radius_km": 50`, `"radius_km": 60`, 1)))
	if other.ID == r.ID {
		t.Errorf("different rules, same id %q", r.ID)
	}
}

func TestParseDefaultsAndCanonicalNames(t *testing.T) {
	r, err := Parse([]byte(`{"area":{"iso3":"x"}}`))
	if err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("unknown field: got %v", err)
	}
	r, err = Parse([]byte(`{"area":{"country":"SYR"},"window_days":7,"spike":{},
		"event_types":["battles"],"sub_event_types":["armed CLASH"]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := r.Spike
	if s.Metric != MetricEvents || s.BaselinePeriods != 8 || s.Z != 3 || s.MinCount != 5 || s.MinRatio != 1.5 {
		t.Errorf("spike defaults: %+v", *s)
	}
	if r.EventTypes[0] != "Battles" || r.SubEventTypes[0] != "Armed clash" {
		t.Errorf("canonical names: %q %q", r.EventTypes, r.SubEventTypes)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"not json", `{`, "unexpected EOF"},
		{"two values", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1}} {}`, "more than one"},
		{"typo", `{"area":{"country":"A"},"window_days":7,"treshold":{"events":1}}`, "unknown field"},
		{"no window", `{"area":{"country":"A"},"threshold":{"events":1}}`, "window_days"},
		{"window and window_days", `{"area":{"country":"A"},"window":"month","window_days":7,"threshold":{"events":1}}`, "not both"},
		{"window year", `{"area":{"country":"A"},"window":"year","threshold":{"events":1}}`, "window must be"},
		{"monthly lookback", `{"area":{"country":"A"},"window":"month","spike":{"baseline_periods":60}}`, "at most 1830"},
		{"long window", `{"area":{"country":"A"},"window_days":400,"threshold":{"events":1}}`, "window_days"},
		{"both", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"spike":{}}`, "exactly one"},
		{"neither", `{"area":{"country":"A"},"window_days":7}`, "exactly one"},
		{"empty threshold", `{"area":{"country":"A"},"window_days":7,"threshold":{}}`, "positive"},
		{"negative threshold", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":-1,"fatalities":3}}`, "positive"},
		{"lat without radius", `{"area":{"lat":1,"lon":2},"window_days":7,"threshold":{"events":1}}`, "go together"},
		{"bad lat", `{"area":{"lat":91,"lon":2,"radius_km":5},"window_days":7,"threshold":{"events":1}}`, "lat must"},
		{"negative radius", `{"area":{"lat":1,"lon":2,"radius_km":-5},"window_days":7,"threshold":{"events":1}}`, "radius_km"},
		{"metric", `{"area":{"country":"A"},"window_days":7,"spike":{"metric":"deaths"}}`, "metric"},
		{"baseline", `{"area":{"country":"A"},"window_days":7,"spike":{"baseline_periods":1}}`, "baseline_periods"},
		{"lookback", `{"area":{"country":"A"},"window_days":100,"spike":{"baseline_periods":20}}`, "at most 1830"},
		{"ratio", `{"area":{"country":"A"},"window_days":7,"spike":{"min_ratio":0.5}}`, "min_ratio"},
		{"event type", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"event_types":["Fights"]}`, "unknown event type"},
		{"sub as type", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"event_types":["Armed clash"]}`, "unknown event type"},
		{"sub outside types", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"event_types":["Protests"],"sub_event_types":["Armed clash"]}`, "never match"},
		{"empty actor", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"actors":[" "]}`, "empty name"},
		{"bad id", `{"id":"Has Space","area":{"country":"A"},"window_days":7,"threshold":{"events":1}}`, "id must"},
		{"secret without webhook", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"secret":"x"}`, "give a webhook"},
		{"webhook scheme", `{"area":{"country":"A"},"window_days":7,"threshold":{"events":1},"webhook":"file:///etc/passwd"}`, "webhook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"area":{"lat":1,"lon":2,"radius_km":5},"window_days":7,"spike":{}}`))
	f.Add([]byte(`{"area":{"country":"A"},"window_days":7,"threshold":{"events":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			return
		}
		// A parsed rule is valid and stays valid, with the same id, when normalised again.
		id := r.ID
		if err := r.Normalize(); err != nil || r.ID != id {
			t.Fatalf("re-normalise: %v, id %q -> %q", err, id, r.ID)
		}
	})
}

func TestRedacted(t *testing.T) {
	for in, want := range map[string]string{
		"": "",
		"https://hooks.example.org/services/T0/B1/secret": "https://hooks.example.org/…",
		"https://hooks.example.org/?token=secret":         "https://hooks.example.org/…",
		"http://user:pw@127.0.0.1:8080/":                  "http://127.0.0.1:8080/…",
		"http://127.0.0.1:8080":                           "http://127.0.0.1:8080",
		"http://127.0.0.1:8080/":                          "http://127.0.0.1:8080",
	} {
		r := Rule{Webhook: in}
		if got := r.Redacted().Webhook; got != want {
			t.Errorf("Redacted(%q) = %q, want %q", in, got, want)
		}
		if r.Webhook != in {
			t.Errorf("Redacted changed the rule itself")
		}
	}
	a := Alert{Rule: Rule{Webhook: "https://h/secret", Secret: "key"}}
	if r := a.Redacted().Rule; r.Webhook != "https://h/…" || r.Secret != "" || a.Rule.Webhook != "https://h/secret" || a.Rule.Secret != "key" {
		t.Errorf("Alert.Redacted")
	}
}
