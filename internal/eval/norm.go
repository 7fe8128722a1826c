package eval

//go:generate python3 gen_fold.py fold_table.go

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The functions in this file are ports of score.py's helpers (norm, same_place, name_match,
// km, parse_date, fnum). They must stay byte-for-byte faithful: the project reports its
// accuracy from sitrep eval, and the independent scorer is the referee. A "fix" here that
// score.py does not have makes the two disagree; fix both or neither.

// asciiFold is unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode(): ASCII
// runes are kept, others replaced by the ASCII part of their decomposition ("é" → "e",
// "ﬁ" → "fi"), or dropped ("ع", "ʿ"). Per-rune folding equals folding the whole string
// because canonical reordering only moves combining marks, which are never ASCII.
func asciiFold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		}
	}
	return b.String()
}

var (
	reParens   = regexp.MustCompile(`\((.*?)\)`)
	reAdminWds = regexp.MustCompile(`\b(governorate|province|region|oblast|state|district|county|muhafazat|wilayah|department|division|raion|territory|municipality|of|the)\b`)
	// The alternation order matters as in Python: "as" is tried before "ash", and RE2's
	// leftmost-first semantics backtrack to "ash" exactly as Python's engine does.
	reArticle  = regexp.MustCompile(`\b(al|el|ad|ar|as|ash|at|az|an|ad)[- ]`)
	reNonAlnum = regexp.MustCompile(`[^a-z0-9]`)
	reLetters  = regexp.MustCompile(`[a-z]+`)
)

// normPlace is score.py's norm: the key two place names are compared by. It drops
// parenthesised asides, administrative words ("Province", "of the"), Arabic article prefixes
// ("al-", "ash "), then everything but ASCII letters and digits.
func normPlace(s string) string {
	s = strings.ToLower(asciiFold(s))
	s = reParens.ReplaceAllString(s, " ")
	s = reAdminWds.ReplaceAllString(s, " ")
	s = reArticle.ReplaceAllString(s, "")
	return reNonAlnum.ReplaceAllString(s, "")
}

// samePlace is score.py's same_place: equal keys, or one key inside the other when both
// are longer than three characters ("Hasaka" in "Alhasakah" fails, "Hasakah" in
// "Hasakahgovernorate" would match).
func samePlace(a, b string) bool {
	a, b = normPlace(a), normPlace(b)
	return a != "" && b != "" && (a == b || (len(a) > 3 && len(b) > 3 && (strings.Contains(b, a) || strings.Contains(a, b))))
}

// normWords is score.py's norm_words: folded, lower-cased, parentheses removed, but words
// kept apart for name_match.
func normWords(s string) string {
	s = strings.ToLower(asciiFold(s))
	return reParens.ReplaceAllString(s, " ")
}

// actorStop are the words name_match ignores: they say what kind of actor, not which one.
var actorStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("forces force military of the and unidentified armed group police militia civilians protesters rioters") {
		m[w] = true
	}
	return m
}()

func nameWords(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range reLetters.FindAllString(normWords(s), -1) {
		if len(w) > 2 && !actorStop[w] {
			set[w] = true
		}
	}
	return set
}

// nameMatch is score.py's name_match: at least half of the gold name's distinctive words
// appear in the predicted name; for gold names made only of generic words ("Police Forces"),
// the first six characters must agree.
func nameMatch(pred, gold string) bool {
	g := nameWords(gold)
	if len(g) == 0 {
		return prefix6(normWords(gold)) == prefix6(normWords(pred))
	}
	p := nameWords(pred)
	hit := 0
	for w := range g {
		if p[w] {
			hit++
		}
	}
	return float64(hit)/float64(len(g)) >= 0.5
}

// prefix6 is Python's s[:6]; normWords output is ASCII, so bytes are characters.
func prefix6(s string) string {
	if len(s) > 6 {
		return s[:6]
	}
	return s
}

// km is score.py's haversine distance with its Earth diameter of 12742 km.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	p := math.Pi / 180
	d := 0.5 - math.Cos((lat2-lat1)*p)/2 + math.Cos(lat1*p)*math.Cos(lat2*p)*(1-math.Cos((lon2-lon1)*p))/2
	// Python's max(0.0, d) returns 0.0 for NaN too (NaN > 0.0 is false); math.Max would not.
	if !(d > 0) {
		d = 0
	}
	return 12742 * math.Asin(math.Sqrt(d))
}

// fnum is score.py's fnum for the strings a CSV gives: a float, or ok=false. Python's
// float() accepts surrounding whitespace, "nan", "inf" and digit underscores; so do we.
func fnum(s string) (float64, bool) {
	s = strings.TrimFunc(s, pyIsSpace)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, "_") {
		// Python allows single underscores between digits only.
		if !reUnderscoreNum.MatchString(s) {
			return 0, false
		}
		s = strings.ReplaceAll(s, "_", "")
	}
	ls := strings.ToLower(strings.TrimLeft(s, "+-"))
	switch ls {
	case "nan", "inf", "infinity":
	default:
		if strings.ContainsAny(ls, "xpn") || strings.HasPrefix(ls, "in") {
			return 0, false // Go accepts hex floats and "Inf" spellings Python does not.
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

var reUnderscoreNum = regexp.MustCompile(`^[+-]?(\d+(_\d+)*)?(\.(\d+(_\d+)*)?)?([eE][+-]?\d+(_\d+)*)?$`)

// pyIsSpace is the whitespace str.strip() removes, which is unicode.IsSpace plus the ASCII
// information separators U+001C–U+001F.
func pyIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// pyStrip is Python's str.strip().
func pyStrip(s string) string { return strings.TrimFunc(s, pyIsSpace) }

// The formats score.py's parse_date tries, in its order, written as the regular expressions
// Python's strptime compiles them to (case-insensitive, whole string, whitespace in the
// format matching any run of whitespace).
const (
	pyD = `(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])`
	pyM = `(1[0-2]|0[1-9]|[1-9])`
	pyY = `(\d\d\d\d)`
	pyy = `(\d\d)`
	pyb = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`
	pyB = `(september|february|november|december|january|october|august|april|march|june|july|may)`
)

var dateFormats = []struct {
	re    *regexp.Regexp
	order string // which capture is year, month, day: Y/y year, m numeric month, b/B name, d day
}{
	{regexp.MustCompile(`(?i)^` + pyY + `-` + pyM + `-` + pyD + `$`), "Ymd"},
	{regexp.MustCompile(`(?i)^` + pyD + `-` + pyb + `-` + pyy + `$`), "dby"},
	{regexp.MustCompile(`(?i)^` + pyD + `\s+` + pyB + `\s+` + pyY + `$`), "dBY"},
	{regexp.MustCompile(`(?i)^` + pyD + `-` + pyB + `-` + pyY + `$`), "dBY"},
	{regexp.MustCompile(`(?i)^` + pyY + `-` + pyM + `$`), "Ym"},
}

// parseDate is score.py's parse_date: ISO dates, ACLED's "9-May-20", "9 May 2020",
// "9-May-2020" and "2020-05" (first of the month). ok=false where Python returns None.
func parseDate(s string) (time.Time, bool) {
	s = pyStrip(s)
	for _, f := range dateFormats {
		m := f.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		year, month, day := 0, 0, 1
		for i, c := range f.order {
			v := strings.TrimSpace(m[i+1])
			switch c {
			case 'Y':
				year, _ = strconv.Atoi(v)
			case 'y':
				year, _ = strconv.Atoi(v)
				if year <= 68 {
					year += 2000
				} else {
					year += 1900
				}
			case 'm':
				month, _ = strconv.Atoi(v)
			case 'b', 'B':
				month = monthIndex(v)
			case 'd':
				day, _ = strconv.Atoi(v)
			}
		}
		if year < 1 || month < 1 || month > 12 || day < 1 {
			continue
		}
		t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if t.Day() != day { // 31 April: datetime.date raises, strptime moves on
			continue
		}
		return t, true
	}
	return time.Time{}, false
}

func monthIndex(name string) int {
	p := strings.ToLower(name)
	if len(p) > 3 {
		p = p[:3]
	}
	return strings.Index("janfebmaraprmayjunjulaugsepoctnovdec", p)/3 + 1
}
