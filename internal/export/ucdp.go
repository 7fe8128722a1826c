package export

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// UCDPColumns is the header of UCDP's Georeferenced Event Dataset (GED) CSV, column for
// column, so that scripts written for GED read sitrep's export.
var UCDPColumns = []string{
	"id", "relid", "year", "active_year", "code_status", "type_of_violence",
	"conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
	"dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id",
	"side_b", "number_of_sources", "source_article", "source_office", "source_date",
	"source_headline", "source_original", "where_prec", "where_coordinates",
	"where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid",
	"country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
	"deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
}

// UCDPWriter writes events in GED's CSV layout. GED records fatal organised violence in
// UCDP's own conflict and actor registers; sitrep codes from news with ACLED's taxonomy, so
// the columns are filled as follows, and left empty where sitrep has nothing to say:
//
//   - id and relid: the event id. year: of date_start.
//   - active_year, code_status, conflict_*, dyad_dset_id, dyad_new_id, side_*_dset_id,
//     side_*_new_id: UCDP register ids; empty. country_id (Gleditsch–Ward number): empty.
//   - type_of_violence: 3 (one-sided) for violence against civilians, for excessive force
//     against protesters, and for battles or explosions whose other side is civilians; 1
//     (state-based) for battles and explosions with state or external forces (inter 1 or 8)
//     on either side; 2 (non-state) for the other battles and explosions; empty for
//     protests, riots and strategic developments, which GED does not record.
//   - side_a, side_b: the state side first in state-based violence, the perpetrator and
//     "Civilians" in one-sided violence, actor1 and actor2 otherwise; dyad_name "A - B".
//   - best, low, high: the merged record's best estimate and range (a single report's
//     fatalities for all three); deaths_civilians holds best for one-sided violence,
//     deaths_unknown otherwise, deaths_a and deaths_b 0 (sitrep does not split deaths by
//     side), so that the four add up to best as in GED.
//   - number_of_sources, source_office: the outlets; source_article: the input document ids;
//     source_original: the attribution ("local residents", "police"); source_date and
//     source_headline: empty.
//   - where_prec from ACLED's geo_precision: 1 (a town) -> 1 exact place; 2 (near a town, part
//     of a region) -> 2 within about 25 km of a known point; 3 (a larger unit) -> 3 when the
//     place is a second-order unit (admin2), 4 when first-order (admin1), 6 when only the
//     country is known.
//   - where_coordinates: the place name; where_description: place, admin2, admin1;
//     geom_wkt: "POINT (lon lat)"; priogrid_gid: the PRIO-GRID half-degree cell.
//   - date_prec from ACLED's time_precision: 1 (day) -> 1 exact date; 2 (week) -> 3 week
//     known, date_end six days later; 3 (month) -> 4 month known, date_end its last day.
//   - region: UCDP's five regions (Africa, Americas, Asia, Europe, Middle East) from ACLED's.
//   - event_clarity: 2 when an actor is only alleged, else 1.
type UCDPWriter struct {
	cw  *csv.Writer
	rec []string
}

// NewUCDP returns a GED CSV writer and writes the header.
func NewUCDP(w io.Writer) *UCDPWriter {
	u := &UCDPWriter{cw: csv.NewWriter(w), rec: make([]string, len(UCDPColumns))}
	u.cw.Write(UCDPColumns) // buffered; any error surfaces at the first flush
	return u
}

// Write writes one event coded from one report.
func (u *UCDPWriter) Write(ev event.Event) error { return u.WriteRecord(single(ev)) }

// WriteRecord writes one merged event as one row.
func (u *UCDPWriter) WriteRecord(r Record) error {
	r = r.norm()
	ev := &r.Event
	c := u.rec
	for i := range c {
		c[i] = ""
	}
	set := func(col, v string) { c[ucdpIndex[col]] = v }
	set("id", ev.EventID)
	set("relid", ev.EventID)
	from, to, prec := ucdpDates(ev)
	if from != "" {
		set("year", from[:4])
	}
	tov := TypeOfViolence(ev)
	if tov > 0 {
		set("type_of_violence", strconv.Itoa(tov))
	}
	a, b := ucdpSides(ev, tov)
	set("side_a", a)
	set("side_b", b)
	if a != "" && b != "" {
		set("dyad_name", a+" - "+b)
	}
	set("number_of_sources", strconv.Itoa(len(r.Sources)))
	set("source_article", strings.Join(r.DocIDs, ";"))
	set("source_office", strings.Join(r.Sources, ";"))
	set("source_original", strings.Join(ev.Attribution, ";"))
	if wp := WherePrec(ev); wp > 0 {
		set("where_prec", strconv.Itoa(wp))
	}
	set("where_coordinates", ev.Location)
	var where []string
	for _, s := range []string{ev.Location, ev.Admin2, ev.Admin1} {
		if s != "" && (len(where) == 0 || where[len(where)-1] != s) {
			where = append(where, s)
		}
	}
	set("where_description", strings.Join(where, ", "))
	set("adm_1", ev.Admin1)
	set("adm_2", ev.Admin2)
	if ev.Latitude != nil && ev.Longitude != nil && finite(*ev.Latitude) && finite(*ev.Longitude) {
		lat, lon := coord(ev.Latitude), coord(ev.Longitude)
		set("latitude", lat)
		set("longitude", lon)
		set("geom_wkt", "POINT ("+lon+" "+lat+")")
		if g := PRIOGrid(*ev.Latitude, *ev.Longitude); g > 0 {
			set("priogrid_gid", strconv.Itoa(g))
		}
	}
	set("country", ev.Country)
	set("region", UCDPRegion(ev.ISO3))
	clarity := "1"
	for _, x := range []*event.Actor{ev.Actor1, ev.Actor2} {
		if x != nil && x.Alleged {
			clarity = "2"
		}
	}
	set("event_clarity", clarity)
	if prec > 0 {
		set("date_prec", strconv.Itoa(prec))
	}
	set("date_start", from)
	set("date_end", to)
	best := r.FatalitiesBest
	civ, unknown := 0, best
	if tov == 3 {
		civ, unknown = best, 0
	}
	set("deaths_a", "0")
	set("deaths_b", "0")
	set("deaths_civilians", strconv.Itoa(civ))
	set("deaths_unknown", strconv.Itoa(unknown))
	set("best", strconv.Itoa(best))
	set("high", strconv.Itoa(r.high()))
	set("low", strconv.Itoa(r.low()))
	if err := u.cw.Write(c); err != nil {
		return err
	}
	u.cw.Flush()
	return u.cw.Error()
}

// Close flushes the output.
func (u *UCDPWriter) Close() error {
	u.cw.Flush()
	return u.cw.Error()
}

var ucdpIndex = func() map[string]int {
	m := make(map[string]int, len(UCDPColumns))
	for i, c := range UCDPColumns {
		m[c] = i
	}
	return m
}()

// TypeOfViolence is GED's type_of_violence for an event: 1 state-based, 2 non-state, 3
// one-sided, 0 for events GED does not record (see UCDPWriter).
func TypeOfViolence(ev *event.Event) int {
	civilians := false
	state := false
	for _, a := range []*event.Actor{ev.Actor1, ev.Actor2} {
		if a == nil {
			continue
		}
		civilians = civilians || a.Inter == 7
		state = state || a.Inter == 1 || a.Inter == 8
	}
	switch {
	case ev.EventType == event.ViolenceCivilians, ev.SubEventType == "Excessive force against protesters":
		return 3
	case ev.EventType == event.Battles, ev.EventType == event.Explosions:
		if civilians {
			return 3
		}
		if state {
			return 1
		}
		return 2
	}
	return 0
}

func ucdpSides(ev *event.Event, tov int) (a, b string) {
	name := func(x *event.Actor) string {
		if x == nil {
			return ""
		}
		return x.Name
	}
	a1, a2 := ev.Actor1, ev.Actor2
	switch tov {
	case 1:
		isState := func(x *event.Actor) bool { return x != nil && (x.Inter == 1 || x.Inter == 8) }
		if !isState(a1) && isState(a2) || (a1 != nil && a2 != nil && a1.Inter == 8 && a2.Inter == 1) {
			a1, a2 = a2, a1
		}
	case 3:
		if a1 != nil && a1.Inter == 7 {
			a1, a2 = a2, a1
		}
		if a2 == nil || a2.Inter == 7 || a2.Inter == 6 {
			return name(a1), "Civilians"
		}
	}
	return name(a1), name(a2)
}

// WherePrec maps ACLED's geo_precision to GED's where_prec (see UCDPWriter); 0 when the event
// has no place.
func WherePrec(ev *event.Event) int {
	switch ev.GeoPrecision {
	case 1:
		return 1
	case 2:
		return 2
	}
	switch {
	case ev.Admin2 != "" && strings.EqualFold(ev.Location, ev.Admin2):
		return 3
	case ev.Admin1 != "":
		return 4
	case ev.Country != "" || ev.ISO3 != "":
		return 6
	}
	return 0
}

// ucdpDates gives date_start, date_end and date_prec for an event (see UCDPWriter).
func ucdpDates(ev *event.Event) (from, to string, prec int) {
	d, err := time.Parse("2006-01-02", ev.EventDate)
	if err != nil {
		return "", "", 0
	}
	switch ev.TimePrecision {
	case 2:
		return ev.EventDate, d.AddDate(0, 0, 6).Format("2006-01-02"), 3
	case 3:
		first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first.Format("2006-01-02"), first.AddDate(0, 1, -1).Format("2006-01-02"), 4
	}
	return ev.EventDate, ev.EventDate, 1
}

// PRIOGrid is the PRIO-GRID cell id of a point: half-degree cells numbered row by row from
// the south-west corner (-90, -180), 720 to a row; 0 for a point off the globe.
func PRIOGrid(lat, lon float64) int {
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return 0
	}
	row := min(int(math.Floor((lat+90)/0.5)), 359)
	col := min(int(math.Floor((lon+180)/0.5)), 719)
	return row*720 + col + 1
}

// UCDPRegion maps a country to UCDP's region: Africa, Americas, Asia, Europe or Middle East.
// UCDP counts Egypt in the Middle East (ACLED: Northern Africa), the South Caucasus in Europe
// and Oceania in Asia.
func UCDPRegion(iso3 string) string {
	iso3 = strings.ToUpper(iso3)
	switch iso3 {
	case "EGY":
		return "Middle East"
	case "ARM", "AZE", "GEO":
		return "Europe"
	}
	r := Region(iso3)
	switch {
	case r == "Middle East", r == "Europe":
		return r
	case strings.Contains(r, "Africa"):
		return "Africa"
	case strings.Contains(r, "Asia"), r == "Oceania":
		return "Asia"
	case strings.Contains(r, "America"), r == "Caribbean":
		return "Americas"
	}
	return ""
}
