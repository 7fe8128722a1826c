package extract

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// maxSegment is the longest text coded in one piece. A news report is a few kilobytes; a
// text over a megabyte is a dump or many reports run together, and is coded piece by piece,
// cut at a paragraph or sentence end, so that memory stays bounded (the coder's working set
// is about a hundred times the text) and time grows with the length, not faster. Context
// (the country a report points at, the dates before a passage) does not cross a cut.
const maxSegment = 1 << 20

// codeLong codes a text longer than maxSegment in pieces and puts the events together as
// Code does for one piece: duplicates dropped, most salient first, numbered in that order.
func (c *Coder) codeLong(d doc.Document, text string) []event.Event {
	var all []event.Event
	runes := 0 // code points before the current piece
	for len(text) > 0 {
		n := cut(text, maxSegment)
		part := d
		part.Text = text[:n]
		for _, ev := range c.Code(part) {
			ev.Evidence.Start += runes
			ev.Evidence.End += runes
			all = append(all, ev)
		}
		runes += utf8.RuneCountInString(text[:n])
		text = text[n:]
	}
	all = dedupe(all)
	sort.SliceStable(all, func(i, j int) bool { return salience(&all[i]) > salience(&all[j]) })
	for i := range all {
		all[i].EventID = fmt.Sprintf("%s#%d", d.ID, i+1)
	}
	return all
}

// cut returns the length of the first piece of text at most max bytes long: up to the last
// paragraph break in it, else the last sentence end, else the last line or space, else a
// code point boundary.
func cut(text string, max int) int {
	if len(text) <= max {
		return len(text)
	}
	head := text[:max]
	// Prefer a break in the second half, so pieces do not get tiny.
	for _, sep := range []string{"\n\n", ". ", "\n", " "} {
		if i := strings.LastIndex(head, sep); i >= max/2 {
			return i + len(sep)
		}
	}
	n := max
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	if n == 0 {
		return max
	}
	return n
}
