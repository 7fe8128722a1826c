// Package doc defines the input document: one news report as sitrep receives it, before any
// coding. Every reader in package source produces these, and the coder in package extract
// consumes them, so this type is the seam between I/O and the pure core.
package doc

import "time"

// Document is one report. Only ID and Text are required; Published is the reference date for
// relative expressions ("on Friday") and is the zero time when the source did not give one.
type Document struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	Published time.Time `json:"-"`
	URL       string    `json:"url,omitempty"`
	Outlet    string    `json:"outlet,omitempty"`
	Title     string    `json:"title,omitempty"`
	// Raw is the record exactly as it arrived when the reader has it (a JSONL line), so
	// that the store can keep it byte for byte; nil otherwise.
	Raw []byte `json:"-"`
}

// DateLayout is how dates are written in documents and coded events (ISO 8601 calendar date).
const DateLayout = "2006-01-02"

// PublishedString renders Published as YYYY-MM-DD, or "" when it is unknown.
func (d Document) PublishedString() string {
	if d.Published.IsZero() {
		return ""
	}
	return d.Published.Format(DateLayout)
}
