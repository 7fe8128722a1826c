package export

import (
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/event"
	"golang.org/x/text/width"
)

// Table writes events as aligned columns for a person at a terminal: date, type and sub-type,
// location, country, fatalities, actors and document. Column widths are fixed from the total
// width before the first row, not measured from the data, so that rows can be printed as
// they are coded; a value too long for its column is cut and ends in "…".
type Table struct {
	w      io.Writer
	cols   []tableCol
	header bool
	buf    strings.Builder
}

type tableCol struct {
	title  string
	width  int
	right  bool // numbers align right
	weight int  // share of the width left after the fixed columns
	min    int
	cell   func(ev *event.Event) string
}

// NewTable returns a table writer whose lines are at most width terminal cells wide (a
// minimum of about 70 is enforced, below which the columns would say nothing).
func NewTable(w io.Writer, width int) *Table {
	cols := []tableCol{
		{title: "DATE", width: 10, cell: func(ev *event.Event) string { return ev.EventDate }},
		{title: "TYPE", weight: 24, min: 10, cell: func(ev *event.Event) string {
			// Sub-type first: it says more, and it survives truncation in a narrow column.
			if ev.SubEventType == "" {
				return ev.EventType
			}
			return ev.SubEventType + " (" + ev.EventType + ")"
		}},
		{title: "LOCATION", weight: 18, min: 10, cell: func(ev *event.Event) string {
			return joinNonEmpty(", ", ev.Location, ev.Admin1)
		}},
		{title: "COUNTRY", weight: 10, min: 7, cell: func(ev *event.Event) string { return ev.Country }},
		{title: "DEAD", width: 4, right: true, cell: func(ev *event.Event) string { return strconv.Itoa(ev.Fatalities) }},
		{title: "ACTORS", weight: 30, min: 10, cell: func(ev *event.Event) string {
			return joinNonEmpty(" vs ", actorName(ev.Actor1), actorName(ev.Actor2))
		}},
		{title: "DOC", weight: 12, min: 6, cell: func(ev *event.Event) string { return ev.DocID }},
	}
	const gap = 2
	fixed, weights := gap*(len(cols)-1), 0
	for _, c := range cols {
		fixed += c.width
		weights += c.weight
	}
	free := width - fixed
	used := 0
	for i := range cols {
		if cols[i].weight == 0 {
			continue
		}
		cols[i].width = max(cols[i].min, free*cols[i].weight/weights)
		used += cols[i].width
	}
	if extra := free - used; extra > 0 {
		for i := range cols {
			if cols[i].title == "ACTORS" { // rounding leftovers go to the longest values
				cols[i].width += extra
			}
		}
	}
	return &Table{w: w, cols: cols}
}

// Write writes one event as one line (after the header line, before the first event).
func (t *Table) Write(ev event.Event) error {
	t.buf.Reset()
	t.writeHeader()
	cells := make([]string, len(t.cols))
	for i, c := range t.cols {
		cells[i] = c.cell(&ev)
	}
	t.line(cells)
	_, err := io.WriteString(t.w, t.buf.String())
	return err
}

// Close writes the header if no event was written, so that an empty result still shows
// which columns there would have been.
func (t *Table) Close() error {
	if t.header {
		return nil
	}
	t.buf.Reset()
	t.writeHeader()
	_, err := io.WriteString(t.w, t.buf.String())
	return err
}

func (t *Table) writeHeader() {
	if t.header {
		return
	}
	t.header = true
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	t.line(titles)
}

func (t *Table) line(cells []string) {
	var line strings.Builder
	for i, c := range t.cols {
		if i > 0 {
			line.WriteString("  ")
		}
		s := fit(cells[i], c.width)
		pad := strings.Repeat(" ", c.width-cellWidth(s))
		if c.right {
			line.WriteString(pad + s)
		} else {
			line.WriteString(s + pad)
		}
	}
	t.buf.WriteString(strings.TrimRight(line.String(), " "))
	t.buf.WriteByte('\n')
}

// fit makes s printable on one line and at most n cells wide. Control and formatting
// characters become spaces: evidence text comes from the open web, and an escape sequence or
// a right-to-left override in it must not reach the terminal.
func fit(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' || r == utf8Error {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if cellWidth(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := runeWidth(r)
		if w+rw > n-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

const utf8Error = '\uFFFD'

// cellWidth is how many terminal cells s takes: East Asian wide characters take two,
// combining marks none. Counting runes instead would misalign every row with Chinese or
// Arabic names in it.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me) || r == '\u200B' {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func actorName(a *event.Actor) string {
	if a == nil {
		return ""
	}
	return a.Name
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && (len(out) == 0 || out[len(out)-1] != p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
