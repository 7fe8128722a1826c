package geo

import (
	"encoding/xml"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
)

// TestGeoWebNews measures Find on the GeoWebNews toponyms that carry coordinates: how many
// are found (a mention overlapping the span) and, of those, how many are placed within
// 161 km (the usual geoparsing threshold) and 25 km. General news, not conflict notes, so it
// checks that tuning on ACLED's notes generalises. It reports, and does not enforce, the
// figures. Run with: go test ./internal/geo -run GeoWebNews -v
func TestGeoWebNews(t *testing.T) {
	f, err := os.Open(evalfile.Path("geowebnews.xml"))
	if err != nil {
		t.Skip("GeoWebNews not available (../shared/eval):", err)
	}
	defer f.Close()
	var doc struct {
		Articles []struct {
			Text     string `xml:"text"`
			Toponyms []struct {
				Name       string   `xml:"extractedName"`
				Start      int      `xml:"start"`
				End        int      `xml:"end"`
				Lat        *float64 `xml:"latitude"`
				Lon        *float64 `xml:"longitude"`
				NonLocator string   `xml:"nonLocational"`
			} `xml:"toponyms>toponym"`
		} `xml:"article"`
	}
	if err := xml.NewDecoder(f).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	g := gaz(t)
	var n, found, near161, near25, spotted, spottedTrue int
	for _, a := range doc.Articles {
		locs := g.Find(a.Text)
		// Code point offsets of each location, as the corpus counts them.
		type span struct {
			s, e int
			l    Location
		}
		spans := make([]span, len(locs))
		for i, l := range locs {
			s := utf8.RuneCountInString(a.Text[:l.Start])
			spans[i] = span{s, s + utf8.RuneCountInString(a.Text[l.Start:l.End]), l}
		}
		// Precision of spotting: a mention that overlaps no annotated toponym at all (with or
		// without coordinates) is a false place ("President X", a common word).
		for _, sp := range spans {
			spotted++
			for _, tp := range a.Toponyms {
				if sp.s < tp.End && tp.Start < sp.e {
					spottedTrue++
					break
				}
			}
		}
		for _, tp := range a.Toponyms {
			if tp.Lat == nil || tp.Lon == nil || tp.NonLocator == "Yes" {
				continue
			}
			n++
			for _, sp := range spans {
				if sp.s < tp.End && tp.Start < sp.e {
					found++
					d := km(*tp.Lat, *tp.Lon, sp.l.Lat, sp.l.Lon)
					if d <= 161 {
						near161++
					}
					if d <= 25 {
						near25++
					}
					break
				}
			}
		}
	}
	t.Logf("toponyms %d: found %.3f; of found, within 161 km %.3f, within 25 km %.3f; mentions %d, %.3f of them toponyms",
		n, float64(found)/float64(n), float64(near161)/float64(max(1, found)), float64(near25)/float64(max(1, found)),
		spotted, float64(spottedTrue)/float64(max(1, spotted)))
}
