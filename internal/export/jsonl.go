package export

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// JSONL writes events as JSON Lines with the field names of event.Event, the stable output
// contract of `sitrep code`.
type JSONL struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

// NewJSONL returns a JSON Lines writer.
func NewJSONL(w io.Writer) *JSONL {
	j := &JSONL{w: w}
	j.enc = json.NewEncoder(&j.buf)
	// Evidence is quoted text: "<" and "&" should read as themselves, not as \u003c.
	j.enc.SetEscapeHTML(false)
	return j
}

// Write writes one event as one line, in a single Write call so that concurrent readers of a
// pipe never see half a record.
func (j *JSONL) Write(ev event.Event) error {
	j.buf.Reset()
	if err := j.enc.Encode(record(ev)); err != nil {
		return err
	}
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// WriteRecord writes one merged event: the record plus doc_ids, sources and
// fatalities_best, as `sitrep events` and the API give it.
func (j *JSONL) WriteRecord(r Record) error {
	j.buf.Reset()
	if err := j.enc.Encode(r.norm()); err != nil {
		return err
	}
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// Close does nothing: every line is complete when Write returns.
func (j *JSONL) Close() error { return nil }

// record normalises an event for output: an empty attribution list is written as [] rather
// than null, as in DESIGN.md, so that consumers can iterate over it without a check.
func record(ev event.Event) event.Event {
	if ev.Attribution == nil {
		ev.Attribution = []string{}
	}
	return ev
}
