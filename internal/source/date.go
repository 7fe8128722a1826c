package source

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the written dates ParseDate accepts besides RFC 3339 and Unix seconds:
// ISO dates, ACLED's export style ("9-May-20") and the spelled-out forms of ACLED's notes and
// of news sites' metadata.
var dateLayouts = []string{
	"2006-01-02",
	"2-Jan-06",
	"2-Jan-2006",
	"2 Jan 2006",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
	"2006/01/02",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
}

// ParseDate reads a publication date in any form sitrep's inputs use: YYYY-MM-DD, RFC 3339,
// Unix seconds (ACLED's timestamp column), "9-May-20" (ACLED's event_date) and "9 May 2020".
//
// The result is midnight UTC of the calendar date as written: a timestamp with an offset keeps
// its own local date (an article stamped 2020-05-09T23:30-05:00 was published on 9 May where
// it was written), and Unix seconds, which have no place, are read as UTC. Only the date
// matters downstream, as the reference for "on Friday".
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	if isDigits(s) && len(s) >= 9 {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err == nil && sec < 1e11 { // seconds, not milliseconds: before year 5138
			return dateOnly(time.Unix(sec, 0).UTC()), nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return dateOnly(t), nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return dateOnly(t), nil
		}
	}
	// Case: ACLED's months are capitalised, but hand-made files say "9-may-20".
	if t, err := time.Parse("2-Jan-06", capitalizeMonth(s)); err == nil {
		return dateOnly(t), nil
	}
	return time.Time{}, fmt.Errorf("cannot read date %q", s)
}

// dateOnly keeps the calendar date of t as seen in t's own location.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func capitalizeMonth(s string) string {
	i := strings.IndexByte(s, '-')
	if i < 0 || i+2 > len(s) {
		return s
	}
	return s[:i+1] + strings.ToUpper(s[i+1:i+2]) + strings.ToLower(s[i+2:])
}
