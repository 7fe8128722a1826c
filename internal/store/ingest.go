package store

import (
	"context"
	"sort"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
)

// Input is one article to store with what the coder found in it.
type Input struct {
	Doc doc.Document
	// Raw is the article as received (the HTML page, the JSON line); nil stores Doc.Text.
	Raw []byte
	// Events is the coder's output for Doc, most salient first.
	Events []event.Event
	// CoderVersion is the extract.Version that coded it.
	CoderVersion string
}

// Result says what storing one Input did.
type Result struct {
	ArticleID      string   `json:"article_id"`
	Duplicate      bool     `json:"duplicate"`                 // the article was already stored; nothing changed
	NearDuplicates []string `json:"near_duplicates,omitempty"` // stored articles it is a wire copy of
	Mentions       int      `json:"mentions"`
	NewEvents      []string `json:"new_events,omitempty"`    // ids of events it created
	MergedEvents   []string `json:"merged_events,omitempty"` // ids of known events it joined
}

// IngestArticle codes d with c and stores it, as Ingest does for one article.
func (s *Store) IngestArticle(ctx context.Context, c *extract.Coder, d doc.Document, raw []byte) (Result, error) {
	rs, err := s.Ingest(ctx, []Input{{Doc: d, Raw: raw, Events: c.Code(d), CoderVersion: extract.Version}})
	if err != nil {
		return Result{}, err
	}
	return rs[0], nil
}

// Ingest stores a batch of coded articles in one transaction, in order: each new article,
// its mentions, and each mention merged into the stored event it reports (cluster.Same over
// the events that blocking by country and date window finds) or made a new event. An article
// already stored is a duplicate and changes nothing, so that ingesting the same input twice
// stores it once. Either the whole batch is stored or, on error, none of it.
func (s *Store) Ingest(ctx context.Context, ins []Input) ([]Result, error) {
	out := make([]Result, len(ins))
	fetched := time.Now().UTC()
	err := s.tx(ctx, func(tx *txn) error {
		for i := range ins {
			r, err := s.ingestOne(ctx, tx, &ins[i], fetched)
			if err != nil {
				return err
			}
			out[i] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) ingestOne(ctx context.Context, tx *txn, in *Input, fetched time.Time) (Result, error) {
	a := newArticle(in.Doc, in.Raw, fetched)
	r := Result{ArticleID: a.ID}
	isNew, err := s.insertArticle(ctx, tx, a)
	if err != nil {
		return r, err
	}
	if !isNew {
		r.Duplicate = true
		return r, nil
	}
	seen := map[string]uint64{} // articles of the candidate events, for near-duplicate links
	for n, ev := range in.Events {
		m := newMention(a, n+1, ev)
		if err := s.insertMention(ctx, tx, m, n+1, in.CoderVersion); err != nil {
			return r, err
		}
		r.Mentions++
		id, merged, err := s.merge(ctx, tx, m, seen)
		if err != nil {
			return r, err
		}
		if merged {
			r.MergedEvents = append(r.MergedEvents, id)
		} else {
			r.NewEvents = append(r.NewEvents, id)
		}
	}
	r.NearDuplicates, err = s.linkNearDuplicates(ctx, tx, a, seen, len(in.Events) > 0)
	return r, err
}

// merge adds m to the first candidate event (in date, id order) that cluster.Same says it
// reports, re-reconciling that event, or stores it as a new event.
func (s *Store) merge(ctx context.Context, tx *txn, m *cluster.Mention, seen map[string]uint64) (id string, merged bool, err error) {
	evs, ms, err := s.candidates(ctx, tx, m)
	if err != nil {
		return "", false, err
	}
	for _, e := range evs {
		for _, x := range ms[e.ID] {
			if x.ArticleID != m.ArticleID {
				seen[x.ArticleID] = x.Simhash
			}
		}
	}
	var target *cluster.Event
	for _, e := range evs {
		if cluster.Same(e, ms[e.ID], m) {
			target = e
			break
		}
	}
	var group []*cluster.Mention
	if target == nil {
		group = []*cluster.Mention{m}
		id = cluster.EventID(group)
	} else {
		group = append(append(group, ms[target.ID]...), m)
		sort.Slice(group, func(i, j int) bool { return group[i].ID < group[j].ID })
		id, merged = target.ID, true
	}
	e := cluster.Reconcile(id, group)
	if err := s.writeEvent(ctx, tx, e, group); err != nil {
		return "", false, err
	}
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO event_mentions (mention_id, event_id) VALUES (?, ?)`), m.ID, id)
	return id, merged, s.wrap(err)
}
