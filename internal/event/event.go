// Package event defines the coded-event record, the stable output contract of `sitrep code`
// (DESIGN.md), and the ACLED taxonomy it is coded in. Field names follow ACLED's export where
// one exists so that analysts can read the JSON without a glossary.
package event

// Actor is one side of an event. Inter is ACLED's actor type: 1 state forces, 2 rebel groups,
// 3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
// 8 external/other forces. Alleged marks an actor the report names only with hedging
// ("alleged to have Islamic State ties").
type Actor struct {
	Name    string `json:"name"`
	Inter   int    `json:"inter"`
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Alleged bool   `json:"alleged,omitempty"`
}

// Evidence is the sentence a coded event rests on. Start and End are Unicode code point
// offsets into the document text (not bytes), so that tools in any language can slice it.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Event is one coded event, as printed one JSON object a line by `sitrep code --out jsonl`.
type Event struct {
	DocID          string   `json:"doc_id"`
	EventID        string   `json:"event_id"`
	EventDate      string   `json:"event_date"` // YYYY-MM-DD; a week or month is its first day
	TimePrecision  int      `json:"time_precision"`
	EventType      string   `json:"event_type"`
	SubEventType   string   `json:"sub_event_type"`
	CAMEO          string   `json:"cameo"`
	PLOVER         string   `json:"plover"`
	Actor1         *Actor   `json:"actor1"`
	Actor2         *Actor   `json:"actor2"`
	Country        string   `json:"country"`
	ISO3           string   `json:"iso3"`
	Admin1         string   `json:"admin1"`
	Admin2         string   `json:"admin2"`
	Location       string   `json:"location"`
	Latitude       *float64 `json:"latitude"`
	Longitude      *float64 `json:"longitude"`
	GeoPrecision   int      `json:"geo_precision"`
	GeonameID      int      `json:"geonameid"`
	Fatalities     int      `json:"fatalities"`
	FatalitiesLow  int      `json:"fatalities_low"`
	FatalitiesHigh int      `json:"fatalities_high"`
	Source         string   `json:"source"`
	Attribution    []string `json:"attribution"`
	Evidence       Evidence `json:"evidence"`
	Confidence     float64  `json:"confidence"`
}

// ACLED event types.
const (
	Battles           = "Battles"
	Explosions        = "Explosions/Remote violence"
	ViolenceCivilians = "Violence against civilians"
	Protests          = "Protests"
	Riots             = "Riots"
	Strategic         = "Strategic developments"
)

// Taxonomy lists ACLED's 6 event types and their 25 sub-event types, in ACLED's order.
var Taxonomy = []struct {
	Type string
	Subs []string
}{
	{Battles, []string{"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}},
	{Explosions, []string{"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"}},
	{ViolenceCivilians, []string{"Sexual violence", "Attack", "Abduction/forced disappearance"}},
	{Protests, []string{"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}},
	{Riots, []string{"Violent demonstration", "Mob violence"}},
	{Strategic, []string{"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"}},
}

// TypeOf returns the event type a sub-event type belongs to, or "" for an unknown sub-type.
func TypeOf(sub string) string {
	for _, t := range Taxonomy {
		for _, s := range t.Subs {
			if s == sub {
				return t.Type
			}
		}
	}
	return ""
}

// Violent reports whether an event type is political violence (as opposed to demonstrations
// and strategic developments).
func Violent(eventType string) bool {
	return eventType == Battles || eventType == Explosions || eventType == ViolenceCivilians
}
