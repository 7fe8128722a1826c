package geo

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
)

var (
	scoreParen = regexp.MustCompile(`\((.*?)\)`)
	scoreWords = regexp.MustCompile(`\b(governorate|province|region|oblast|state|district|county|muhafazat|wilayah|department|division|raion|territory|municipality|of|the)\b`)
	scoreArt   = regexp.MustCompile(`\b(al|el|ad|ar|as|ash|at|az|an|ad)[- ]`)
	scoreNon   = regexp.MustCompile(`[^a-z0-9]`)
)

// scoreNorm mirrors norm() in shared/tools/score.py so that the figures here match the scorer.
func scoreNorm(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if r < 128 {
			b.WriteRune(r)
		}
	}
	s = strings.ToLower(b.String())
	s = scoreParen.ReplaceAllString(s, " ")
	s = scoreWords.ReplaceAllString(s, " ")
	s = scoreArt.ReplaceAllString(s, "")
	return scoreNon.ReplaceAllString(s, "")
}

func samePlace(a, b string) bool {
	a, b = scoreNorm(a), scoreNorm(b)
	return a != "" && b != "" && (a == b || len(a) > 3 && len(b) > 3 && (strings.Contains(a, b) || strings.Contains(b, a)))
}

// TestACLEDDev measures Locate on the notes of ACLED's 2020 dev rows. It reports, and does not
// enforce, the figures; the rows stay in the shared folder and are never copied into the
// project. Run with: go test ./internal/geo -run ACLED -v
func TestACLEDDev(t *testing.T) {
	tab := evalfile.ACLEDDev(t)
	col := map[string]int{}
	for i, h := range tab.Header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var n, nCountry, nAdmin1, n1, n1Near, nPrec float64
	byCountry := map[string][2]int{}
	conf := map[string]int{} // gold>ours geo_precision
	verbose := os.Getenv("GEO_EVAL_VERBOSE") != ""
	for _, r := range tab.Rows {
		notes := r[col["notes"]]
		if strings.TrimSpace(notes) == "" {
			continue
		}
		n++
		loc, _ := g.Locate(notes, 0, len(notes))
		if samePlace(loc.Country, r[col["country"]]) {
			nCountry++
		} else if os.Getenv("GEO_EVAL_COUNTRY") != "" {
			t.Logf("COUNTRY %s | got %s %q (%s) %q", r[col["country"]], loc.Country, loc.Matched, loc.Name, trunc(notes))
		}
		if loc.Admin1Written != "" { // as the coder reports it (extract/places.go)
			loc.Admin1 = loc.Admin1Written
		}
		if samePlace(loc.Admin1, r[col["admin1"]]) {
			nAdmin1++
		} else if os.Getenv("GEO_EVAL_ADMIN1") != "" && samePlace(loc.Country, r[col["country"]]) {
			t.Logf("ADMIN1 %s | %s", loc.Admin1, r[col["admin1"]])
		}
		conf[r[col["geo_precision"]]+">"+strconv.Itoa(loc.Precision)]++
		if strconv.Itoa(loc.Precision) == r[col["geo_precision"]] {
			nPrec++
		}
		if r[col["geo_precision"]] == "1" {
			n1++
			lat, _ := strconv.ParseFloat(r[col["latitude"]], 64)
			lon, _ := strconv.ParseFloat(r[col["longitude"]], 64)
			ok := loc.Level >= 0 && loc.Country != "" && km(lat, lon, loc.Lat, loc.Lon) <= 25
			c := byCountry[r[col["country"]]]
			c[1]++
			if ok {
				n1Near++
				c[0]++
			} else if verbose {
				t.Logf("MISS %s | got %s (%s, %s) %q", r[col["country"]], loc.Name, loc.Admin1, loc.Country, trunc(notes))
			}
			byCountry[r[col["country"]]] = c
		}
	}
	t.Logf("rows %.0f: country %.3f, admin1 %.3f, geo_precision-1 within 25 km %.3f (%.0f rows), geo_precision agrees %.3f",
		n, nCountry/n, nAdmin1/n, n1Near/n1, n1, nPrec/n)
	t.Logf("geo_precision gold>ours: %v", conf)
	var worst []string
	for c, v := range byCountry {
		if v[1] >= 20 {
			worst = append(worst, c+" "+strconv.FormatFloat(float64(v[0])/float64(v[1]), 'f', 2, 64)+"/"+strconv.Itoa(v[1]))
		}
	}
	t.Logf("within 25 km by country: %s", strings.Join(worst, "; "))
}

func trunc(s string) string {
	if len(s) > 160 {
		return s[:160]
	}
	return s
}
