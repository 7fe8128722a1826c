package export

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// PLOVER writes events as PLOVER JSON Lines, one event a line, in the shape of the PLOVER gold
// standard records (PLOVER_GSR_CAMEO.json): id, date, source and target actor lists
// ({actorText, code, sector}), event, mode, context, eventLoc, dead, text, language,
// publication, coder, version. sitrep fills them as follows:
//
//   - event: the PLOVER type the coder gave (the 2021 CAMEO crosswalk); mode: from the ACLED
//     sub-event type, in the gold standard's vocabulary (ploverModes); context: empty,
//     as sitrep does not code it.
//   - source is actor1 and target actor2 (ACLED actors are not directional; actor1 is the
//     initiator where known); code is the actor's ISO3 country, sector its ACLED inter code
//     in CAMEO's sectors (1 MIL, or COP for police; 2 REB; 3 and 4 UAF; 5 and 6 OPP; 7 CVL;
//     8 MIL).
//   - eventLoc: the place name as in the gold standard, plus admin1, country, iso3,
//     latitude, longitude and geo_precision; dead: the conservative fatalities, as text,
//     left out when none are reported.
//   - text: the evidence sentence; publication: the outlets; coder "sitrep"; version: the
//     PLOVER draft of the crosswalk. dateCoded is left out so that the same events always
//     give the same file.
//
// Beside these, each line carries sitrep's own fields for what PLOVER has no name for:
// cameo, acled ({event_type, sub_event_type, time_precision}), fatalities ({low, best,
// high}), doc_ids and sources.
type PLOVER struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

// NewPLOVER returns a PLOVER JSON Lines writer.
func NewPLOVER(w io.Writer) *PLOVER {
	p := &PLOVER{w: w}
	p.enc = json.NewEncoder(&p.buf)
	p.enc.SetEscapeHTML(false)
	return p
}

type ploverActor struct {
	ActorText string `json:"actorText"`
	Code      string `json:"code"`
	Sector    string `json:"sector,omitempty"`
}

type ploverLoc struct {
	Name         string   `json:"name"`
	Admin1       string   `json:"admin1,omitempty"`
	Country      string   `json:"country,omitempty"`
	ISO3         string   `json:"iso3,omitempty"`
	Latitude     *float64 `json:"latitude,omitempty"`
	Longitude    *float64 `json:"longitude,omitempty"`
	GeoPrecision int      `json:"geo_precision,omitempty"`
}

type ploverRecord struct {
	ID          string        `json:"id"`
	Date        string        `json:"date"`
	Source      []ploverActor `json:"source"`
	Target      []ploverActor `json:"target"`
	Event       string        `json:"event"`
	Mode        string        `json:"mode"`
	Context     string        `json:"context"`
	EventLoc    *ploverLoc    `json:"eventLoc,omitempty"`
	Dead        string        `json:"dead,omitempty"`
	Text        string        `json:"text"`
	Language    string        `json:"language"`
	Publication string        `json:"publication"`
	Coder       string        `json:"coder"`
	Version     string        `json:"version"`
	CAMEO       string        `json:"cameo"`
	ACLED       struct {
		EventType     string `json:"event_type"`
		SubEventType  string `json:"sub_event_type"`
		TimePrecision int    `json:"time_precision"`
	} `json:"acled"`
	Fatalities struct {
		Low  int `json:"low"`
		Best int `json:"best"`
		High int `json:"high"`
	} `json:"fatalities"`
	DocIDs  []string `json:"doc_ids"`
	Sources []string `json:"sources"`
}

// ploverVersion names the PLOVER draft whose crosswalk the coder's types follow.
const ploverVersion = "0.8"

// ploverModes gives a PLOVER mode for ACLED sub-event types, in the vocabulary of the gold
// standard records; sub-event types that do not say how (an "Attack") have none.
var ploverModes = map[string]string{
	"Armed clash":                         "firearms",
	"Government regains territory":        "troops",
	"Non-state actor overtakes territory": "troops",
	"Shelling/artillery/missile attack":   "heavy-weapons",
	"Air/drone strike":                    "heavy-weapons",
	"Suicide bomb":                        "suicide-attack",
	"Remote explosive/landmine/IED":       "explosives",
	"Grenade":                             "explosives",
	"Chemical weapon":                     "other",
	"Sexual violence":                     "sexual",
	"Abduction/forced disappearance":      "abduct",
	"Peaceful protest":                    "demo-org",
	"Protest with intervention":           "demo-org",
	"Violent demonstration":               "riot",
	"Mob violence":                        "riot-spon",
	"Arrests":                             "arrest",
	"Looting/property destruction":        "destroy",
}

// Sector maps an actor to a CAMEO sector code as used in PLOVER records (see PLOVER).
func Sector(a *event.Actor) string {
	switch a.Inter {
	case 1:
		if strings.Contains(a.Name, "Police") {
			return "COP"
		}
		return "MIL"
	case 2:
		return "REB"
	case 3, 4:
		return "UAF"
	case 5, 6:
		return "OPP"
	case 7:
		return "CVL"
	case 8:
		return "MIL"
	}
	return ""
}

func ploverActors(a *event.Actor) []ploverActor {
	if a == nil {
		return []ploverActor{}
	}
	return []ploverActor{{ActorText: a.Name, Code: a.Country, Sector: Sector(a)}}
}

// Write writes one event coded from one report.
func (p *PLOVER) Write(ev event.Event) error { return p.WriteRecord(single(ev)) }

// WriteRecord writes one merged event as one line, in a single Write call.
func (p *PLOVER) WriteRecord(r Record) error {
	r = r.norm()
	ev := &r.Event
	out := ploverRecord{
		ID: ev.EventID, Date: ev.EventDate,
		Source: ploverActors(ev.Actor1), Target: ploverActors(ev.Actor2),
		Event: ev.PLOVER, Mode: ploverModes[ev.SubEventType],
		Text: ev.Evidence.Text, Language: "en",
		Publication: strings.Join(r.Sources, "; "), Coder: "sitrep", Version: ploverVersion,
		CAMEO: ev.CAMEO, DocIDs: r.DocIDs, Sources: r.Sources,
	}
	if ev.Location != "" || ev.Country != "" {
		out.EventLoc = &ploverLoc{Name: ev.Location, Admin1: ev.Admin1, Country: ev.Country, ISO3: ev.ISO3,
			Latitude: round4(ev.Latitude), Longitude: round4(ev.Longitude), GeoPrecision: ev.GeoPrecision}
		if out.EventLoc.Name == "" {
			out.EventLoc.Name = ev.Country
		}
	}
	if ev.Fatalities > 0 {
		out.Dead = strconv.Itoa(ev.Fatalities)
	}
	out.ACLED.EventType, out.ACLED.SubEventType, out.ACLED.TimePrecision = ev.EventType, ev.SubEventType, ev.TimePrecision
	out.Fatalities.Low, out.Fatalities.Best, out.Fatalities.High = r.low(), r.FatalitiesBest, r.high()
	p.buf.Reset()
	if err := p.enc.Encode(out); err != nil {
		return err
	}
	_, err := p.w.Write(p.buf.Bytes())
	return err
}

// Close does nothing: every line is complete when Write returns.
func (p *PLOVER) Close() error { return nil }

// round4 rounds a coordinate to 4 decimals (about 10 m), as the CSV writers do: the
// gazetteer's single-precision values would otherwise print as 35.15620040893555.
func round4(v *float64) *float64 {
	if v == nil || !finite(*v) {
		return nil
	}
	r := math.Round(*v*1e4) / 1e4
	return &r
}
