// Package cluster merges mentions (one event as coded from one article) into events (one real
// event across every report of it) and reconciles their fields, remembering which mention
// supplied each one. It is pure: values in, values out, no I/O, so the store can call it per
// article at ingest and in batch at reprocess and get the same answer.
//
// Where each decision is made: same.go, whether two reports are one event (score, its
// thresholds and vetoes, Same, Pick); reconcile.go, which report supplies each field and the
// event id; batch.go, blocking by country and day; simhash.go, wire copies. The dev set in
// testdata (reports written for it, with a gold file) measures merging: `go test
// ./internal/cluster -run DevSet -v`.
package cluster

import (
	"time"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// Mention is one event as the coder coded it from one article.
type Mention struct {
	ID        string // stable: "<article id>#<n>" (the coder's event_id)
	ArticleID string
	Outlet    string
	URL       string
	Published time.Time
	Event     event.Event // the coder's record (evidence span inside)
	// Simhash is the fingerprint of the article's text (Simhash); 0 means unknown. Two
	// mentions from near-duplicate articles (wire copies) are merged more readily.
	Simhash uint64
}

// Event is one real event merged from one or more mentions.
type Event struct {
	ID       string
	Record   event.Event       // reconciled fields; Record.EventID == ID
	Mentions []string          // mention ids, sorted
	Supplied map[string]string // field ("event_date","location","fatalities","actor1",...) -> mention id
	// FatalitiesBest is the best estimate across reports, alongside Record.Fatalities (the
	// conservative figure, ACLED's rule), Record.FatalitiesLow and Record.FatalitiesHigh.
	FatalitiesBest int
	Sources        []string // outlets, sorted, unique
	DocIDs         []string // input document ids (the mentions' doc_id, else ArticleID), sorted, unique
}
