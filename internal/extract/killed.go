package extract

import (
	"github.com/sitrep-dev/sitrep/internal/casualty"
	"github.com/sitrep-dev/sitrep/internal/lexicon"
	"github.com/sitrep-dev/sitrep/internal/when"
)

// killed is the death toll of a passage.
type killed struct{ killed, low, high int }

// deathReader reads the death tolls of one document's passages (package casualty decides
// what counts). It reuses the document's pieces and dates, and prepares the document on the
// first passage, so a report with no event costs nothing here and one with several is read
// once.
type deathReader struct {
	text   string
	pieces []lexicon.Piece
	dates  []when.Expr
	doc    *casualty.Doc
}

// count reads the deaths the passage text[start:end] reports.
func (r *deathReader) count(start, end int) killed {
	if r.doc == nil {
		r.doc = casualty.Prepare(r.text, r.pieces, r.dates)
	}
	c := r.doc.Find(start, end)
	if !c.Found {
		return killed{}
	}
	return killed{c.Killed, c.Low, c.High}
}

// release lets package casualty reuse the prepared document's buffers.
func (r *deathReader) release() {
	if r.doc != nil {
		r.doc.Release()
		r.doc = nil
	}
}
