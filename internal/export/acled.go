package export

import (
	"bufio"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// ACLEDColumns is the header of ACLED's CSV export (31 columns), which analysts' scripts
// expect column for column.
var ACLEDColumns = []string{
	"data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
	"time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
	"actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1",
	"admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
	"source_scale", "notes", "fatalities", "timestamp", "iso3",
}

// CSVWriter writes events in ACLED's CSV layout, so that code written for ACLED downloads
// reads sitrep's output unchanged. Where ACLED's columns carry something sitrep does not
// produce, the cell is empty:
//
//   - data_id, event_id_no_cnty: ACLED's own numbering; event_id_cnty holds sitrep's event_id.
//   - assoc_actor_1/2, admin3, source_scale: not coded.
//   - timestamp: ACLED's upload time; left empty so that the same events always give the same
//     file.
//
// Other conventions:
//
//   - event_date is YYYY-MM-DD, as ACLED's API gives it, not the "9-May-20" of its CSV
//     downloads: it sorts as text and no reader mistakes the century.
//   - inter2 is 0 when there is no second actor, and interaction combines the two inter codes
//     smaller digit first (a clash between state forces, 1, and rebels, 2, is 12 whichever
//     initiated it; protesters alone are 60), as ACLED does.
//   - iso is the ISO 3166 numeric code and region ACLED's region name, both looked up from
//     iso3 in countries.tsv; notes is the evidence sentence; latitude and longitude are
//     rounded to 4 decimals like ACLED's.
type CSVWriter struct {
	cw  *csv.Writer
	rec []string
}

// NewACLEDCSV returns a CSV writer and writes the header.
func NewACLEDCSV(w io.Writer) *CSVWriter {
	c := &CSVWriter{cw: csv.NewWriter(w), rec: make([]string, len(ACLEDColumns))}
	c.cw.Write(ACLEDColumns) // buffered; any error surfaces at the first flush
	return c
}

// Write writes one event as one row.
func (c *CSVWriter) Write(ev event.Event) error {
	r := c.rec
	for i := range r {
		r[i] = ""
	}
	iso3 := strings.ToUpper(ev.ISO3)
	if n, ok := ISONumeric(iso3); ok {
		r[1] = strconv.Itoa(n)
	}
	r[2] = ev.EventID
	r[4] = ev.EventDate
	if len(ev.EventDate) >= 4 && isDigits(ev.EventDate[:4]) {
		r[5] = ev.EventDate[:4]
	}
	r[6] = positive(ev.TimePrecision)
	r[7] = ev.EventType
	r[8] = ev.SubEventType
	var inter1, inter2 int
	if a := ev.Actor1; a != nil {
		r[9] = a.Name
		inter1 = a.Inter
		r[11] = strconv.Itoa(a.Inter)
	}
	if a := ev.Actor2; a != nil {
		r[12] = a.Name
		inter2 = a.Inter
	}
	if ev.Actor1 != nil || ev.Actor2 != nil {
		r[14] = strconv.Itoa(inter2)
		r[15] = strconv.Itoa(Interaction(inter1, inter2))
	}
	r[16] = Region(iso3)
	r[17] = ev.Country
	r[18] = ev.Admin1
	r[19] = ev.Admin2
	r[21] = ev.Location
	r[22] = coord(ev.Latitude)
	r[23] = coord(ev.Longitude)
	r[24] = positive(ev.GeoPrecision)
	r[25] = ev.Source
	r[27] = ev.Evidence.Text
	r[28] = strconv.Itoa(ev.Fatalities)
	r[30] = ev.ISO3
	if err := c.cw.Write(r); err != nil {
		return err
	}
	c.cw.Flush()
	return c.cw.Error()
}

// Close flushes the output (the header alone, when no event was written).
func (c *CSVWriter) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

// Interaction is ACLED's interaction code for two inter codes: the smaller digit first, so
// that the code does not depend on which actor is listed first (12 for state forces and
// rebels either way), and inter×10 for an event with one actor (60: protesters alone).
func Interaction(inter1, inter2 int) int {
	if inter1 == 0 || inter2 == 0 {
		return 10 * max(inter1, inter2)
	}
	return 10*min(inter1, inter2) + max(inter1, inter2)
}

func positive(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func coord(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	return strconv.FormatFloat(math.Round(*v*1e4)/1e4, 'f', -1, 64)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

//go:embed countries.tsv
var countriesTSV string

type country struct {
	numeric int
	region  string
}

// countries parses countries.tsv once, on first use. The file is part of the binary and
// checked by a test, so a malformed line is a programming error.
var countries = sync.OnceValue(func() map[string]country {
	m := make(map[string]country, 256)
	sc := bufio.NewScanner(strings.NewReader(countriesTSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			panic(fmt.Sprintf("countries.tsv: want 4 tab-separated fields: %q", line))
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			panic(fmt.Sprintf("countries.tsv: bad numeric code: %q", line))
		}
		m[f[0]] = country{numeric: n, region: f[2]}
	}
	return m
})

// ISONumeric returns the ISO 3166-1 numeric code of an alpha-3 code (ACLED's "iso" column).
// Kosovo (XKX) is 0, as in ACLED's data.
func ISONumeric(iso3 string) (int, bool) {
	c, ok := countries()[strings.ToUpper(iso3)]
	return c.numeric, ok
}

// Region returns ACLED's region for an alpha-3 country code, or "" for an unknown code.
func Region(iso3 string) string {
	return countries()[strings.ToUpper(iso3)].region
}
