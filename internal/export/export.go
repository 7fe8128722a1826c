// Package export writes coded events for people and for other tools: our JSON Lines record
// (the output contract in DESIGN.md), ACLED's 31-column CSV, UCDP GED's CSV, PLOVER JSON
// Lines, GeoJSON for maps, and an aligned table for a terminal. Merged events (Record) carry
// their documents, sources and best fatality estimate into the formats that can show them. Every writer streams, writing each event as it comes, so that
// `sitrep code` on a live feed shows events as soon as they are coded and a large export
// needs no more memory than one event.
package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// Writer writes events one at a time. Close finishes the output (a CSV header or a GeoJSON
// collection that is still open) and must be called even when no event was written; it does
// not close the underlying io.Writer.
//
// Writers do not buffer across events: each Write reaches the io.Writer before it returns, so
// output appears live. For bulk exports, wrap the io.Writer in a bufio.Writer.
type Writer interface {
	Write(event.Event) error
	Close() error
}

// Formats lists the formats New accepts, for help texts.
var Formats = []string{"jsonl", "csv", "table", "geojson", "ucdp", "plover"}

// DefaultWidth is the table width New uses; callers that know the terminal's width should
// call NewTable instead.
const DefaultWidth = 120

// New returns a writer for format, one of Formats.
func New(format string, w io.Writer) (Writer, error) {
	switch format {
	case "jsonl":
		return NewJSONL(w), nil
	case "csv":
		return NewACLEDCSV(w), nil
	case "table":
		return NewTable(w, DefaultWidth), nil
	case "geojson":
		return NewGeoJSON(w), nil
	case "ucdp":
		return NewUCDP(w), nil
	case "plover":
		return NewPLOVER(w), nil
	}
	return nil, fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

// WriteAll writes evs with wr and closes it.
func WriteAll(wr Writer, evs []event.Event) error {
	for _, ev := range evs {
		if err := wr.Write(ev); err != nil {
			return err
		}
	}
	return wr.Close()
}

// WriteJSONL writes evs one JSON object a line.
func WriteJSONL(w io.Writer, evs []event.Event) error {
	return WriteAll(NewJSONL(w), evs)
}
