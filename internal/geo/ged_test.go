package geo

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
)

// TestGED measures Locate on UCDP GED headlines (source_article: outlet, date, headline or
// link, for several sources): the country, and the point within 50 km for events GED places
// more precisely than its country. Headlines are short and often name no place, so the
// figures are low by nature; they are a second check, on other writers than ACLED's, that
// changes generalise. Report only. Run with: go test ./internal/geo -run GED -v
func TestGED(t *testing.T) {
	g := gaz(t)
	for _, name := range []string{"ged_syria.csv", "ged_ukraine.csv", "ged_afghanistan.csv", "ged_myanmar.csv"} {
		tab := evalfile.CSV(t, name)
		col := map[string]int{}
		for i, h := range tab.Header {
			col[h] = i
		}
		var n, found, country, nPt, near float64
		for _, r := range tab.Rows {
			text := r[col["source_article"]]
			if strings.TrimSpace(text) == "" {
				continue
			}
			n++
			l, ok := g.Locate(text, 0, len(text))
			if !ok {
				continue
			}
			found++
			if strings.EqualFold(l.Country, r[col["country"]]) || strings.Contains(r[col["country"]], l.Country) && l.Country != "" {
				country++
			}
			// GED's where_coordinates is the country's own name when it could not place
			// the event more precisely.
			if r[col["where_coordinates"]] != r[col["country"]] {
				nPt++
				lat, _ := strconv.ParseFloat(r[col["latitude"]], 64)
				lon, _ := strconv.ParseFloat(r[col["longitude"]], 64)
				if km(lat, lon, l.Lat, l.Lon) <= 50 {
					near++
				}
			}
		}
		t.Logf("%s: %.0f rows, placed %.3f, country %.3f, within 50 km %.3f of %.0f placed below country",
			name, n, found/n, country/n, near/nPt, nPt)
	}
}
