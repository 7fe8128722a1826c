package export

import (
	"strings"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// Record is an event as merged from several reports (package cluster, the store): the
// coded-event record plus the ids of every input document merged into it, every outlet that
// reported it, and the best fatality estimate beside the conservative Fatalities. Its JSON is
// the record with "doc_ids", "sources" and "fatalities_best" added. The field layout is the
// store's EventRow, so store.EventRow and Record convert into each other.
type Record struct {
	event.Event
	DocIDs         []string `json:"doc_ids"`
	Sources        []string `json:"sources"`
	FatalitiesBest int      `json:"fatalities_best"`
}

// RecordWriter is implemented by writers that can show what merging adds (JSONL, GeoJSON,
// UCDP, PLOVER). Use WriteRecord rather than asserting it.
type RecordWriter interface {
	Writer
	WriteRecord(Record) error
}

// WriteRecord writes r with w: with its merged fields where w can show them, else as the
// plain event record, so that every format accepts merged events.
func WriteRecord(w Writer, r Record) error {
	if rw, ok := w.(RecordWriter); ok {
		return rw.WriteRecord(r)
	}
	return w.Write(r.Event)
}

// single is the Record of an event coded from one report: its only source is its own, and
// its best estimate is its fatalities.
func single(ev event.Event) Record {
	r := Record{Event: ev, DocIDs: []string{}, Sources: []string{}, FatalitiesBest: ev.Fatalities}
	if ev.DocID != "" {
		r.DocIDs = []string{ev.DocID}
	}
	for _, s := range strings.Split(ev.Source, ";") {
		if s = strings.TrimSpace(s); s != "" {
			r.Sources = append(r.Sources, s)
		}
	}
	return r
}

// norm fills what a merged record may leave out: empty lists as [], a missing best estimate
// from the fatalities, and low <= best <= high.
func (r Record) norm() Record {
	if r.DocIDs == nil {
		r.DocIDs = []string{}
		if r.DocID != "" {
			r.DocIDs = []string{r.DocID}
		}
	}
	if r.Sources == nil {
		r.Sources = single(r.Event).Sources
	}
	if r.FatalitiesBest == 0 {
		r.FatalitiesBest = r.Fatalities
	}
	r.Event = record(r.Event)
	return r
}

// low, high: the range of fatality figures, never narrower than the best estimate.
func (r Record) low() int {
	l := r.FatalitiesLow
	if l <= 0 {
		l = r.Fatalities
	}
	return min(l, r.FatalitiesBest)
}

func (r Record) high() int { return max(r.FatalitiesHigh, r.Fatalities, r.FatalitiesBest) }
