package store

import (
	"context"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
)

// ReprocessSummary counts what Reprocess did.
type ReprocessSummary struct {
	Articles int `json:"articles"`
	Mentions int `json:"mentions"`
	Events   int `json:"events"`
	Kept     int `json:"kept"`    // events that kept the id of an event stored before
	Created  int `json:"created"` // events with a new id
	Gone     int `json:"gone"`    // ids stored before that no event has now
	Edited   int `json:"edited"`  // events with human edits applied again
}

// Reprocess codes every stored article again with c (after a change of lexicons or rules)
// and rebuilds mentions and events from scratch with cluster.Cluster, in one transaction.
// Articles are not touched. Mentions that reviewers pinned by a merge or split go to their
// events whatever clustering says; every other event keeps the id of the stored event it
// shares the most mentions with, so that links to it and the edits in the audit log still
// find it; field edits are applied again over what the coder now says.
func (s *Store) Reprocess(ctx context.Context, c *extract.Coder, workers int) (ReprocessSummary, error) {
	var sum ReprocessSummary
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	err := s.tx(ctx, func(tx *txn) error {
		arts, err := s.allArticles(ctx, tx)
		if err != nil {
			return err
		}
		sum.Articles = len(arts)
		coded := make([][]event.Event, len(arts))
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					coded[i] = c.Code(articleDoc(arts[i]))
				}
			}()
		}
		for i := range arts {
			next <- i
		}
		close(next)
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return err
		}

		old := map[string]string{} // mention id -> stored event id
		rows, err := tx.QueryContext(ctx, `SELECT mention_id, event_id FROM event_mentions`)
		if err != nil {
			return s.wrap(err)
		}
		for rows.Next() {
			var m, e string
			if err := rows.Scan(&m, &e); err != nil {
				rows.Close()
				return s.wrap(err)
			}
			old[m] = e
		}
		rows.Close()
		oldIDs := map[string]bool{}
		for _, e := range old {
			oldIDs[e] = true
		}
		for _, stmt := range []string{`DELETE FROM event_mentions`, `DELETE FROM events`, `DELETE FROM mentions`} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return s.wrap(err)
			}
		}

		var all []*cluster.Mention
		byID := map[string]*cluster.Mention{}
		for i, a := range arts {
			for n, ev := range coded[i] {
				m := newMention(a, n+1, ev)
				if err := s.insertMention(ctx, tx, m, n+1, extract.Version); err != nil {
					return err
				}
				all = append(all, m)
				byID[m.ID] = m
			}
		}
		sum.Mentions = len(all)
		evs := cluster.Cluster(all)
		pins, merged, err := s.reviewState(ctx, tx)
		if err != nil {
			return err
		}
		groups, free := applyPins(evs, pins)
		reserved := map[string]bool{}
		for id := range merged {
			reserved[id] = true
		}
		for id := range groups {
			reserved[id] = true
		}
		ids := keepIDs(free, old, reserved)
		for i, e := range free {
			groups[ids[i]] = e.Mentions
		}
		used := map[string]bool{}
		for _, id := range sortedKeys(groups) {
			if oldIDs[id] {
				sum.Kept++
				used[id] = true
			} else {
				sum.Created++
			}
			ms := make([]*cluster.Mention, len(groups[id]))
			for k, mid := range groups[id] {
				ms[k] = byID[mid]
			}
			if err := s.writeEvent(ctx, tx, cluster.Reconcile(id, ms), ms); err != nil {
				return err
			}
			for _, mid := range groups[id] {
				if _, err := tx.ExecContext(ctx, `INSERT INTO event_mentions (mention_id, event_id) VALUES (?, ?)`, mid, id); err != nil {
					return s.wrap(err)
				}
			}
		}
		sum.Events = len(groups)
		sum.Gone = len(oldIDs) - len(used)
		return s.wrap(tx.QueryRowContext(ctx, `SELECT count(DISTINCT a.event_id) FROM audit a JOIN events e ON e.id = a.event_id`).Scan(&sum.Edited))
	})
	return sum, err
}

// keepIDs gives each new event the id of the old event it shares the most mentions with,
// greedily from the largest overlap down (ties to the smaller ids, for determinism); an event
// that shares none, or whose best old id went to another, gets cluster's id for it, made
// unique if an old event already has that id. Reserved ids (pinned events, events merged
// away) are never given.
func keepIDs(evs []*cluster.Event, old map[string]string, reserved map[string]bool) []string {
	type pair struct {
		ev      int
		old     string
		overlap int
	}
	var pairs []pair
	for i, e := range evs {
		n := map[string]int{}
		for _, m := range e.Mentions {
			if o, ok := old[m]; ok {
				n[o]++
			}
		}
		for o, k := range n {
			pairs = append(pairs, pair{i, o, k})
		}
	}
	sort.Slice(pairs, func(a, b int) bool {
		x, y := pairs[a], pairs[b]
		if x.overlap != y.overlap {
			return x.overlap > y.overlap
		}
		if evs[x.ev].ID != evs[y.ev].ID {
			return evs[x.ev].ID < evs[y.ev].ID
		}
		return x.old < y.old
	})
	ids := make([]string, len(evs))
	taken := map[string]bool{}
	for _, p := range pairs {
		if ids[p.ev] == "" && !taken[p.old] && !reserved[p.old] {
			ids[p.ev] = p.old
			taken[p.old] = true
		}
	}
	oldIDs := map[string]bool{}
	for _, o := range old {
		oldIDs[o] = true
	}
	for i, e := range evs {
		if ids[i] != "" {
			continue
		}
		id := e.ID
		for taken[id] || oldIDs[id] || reserved[id] {
			id = rehash(id)
		}
		ids[i] = id
		taken[id] = true
	}
	return ids
}

// allArticles reads every article (without its raw bytes), in the order they were stored.
func (s *Store) allArticles(ctx context.Context, tx *txn) ([]*Article, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, doc_id, url, outlet, title, published, fetched, text, content_hash, simhash FROM articles ORDER BY seq`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []*Article
	for rows.Next() {
		a := &Article{}
		var fetched string
		var h int64
		if err := rows.Scan(&a.ID, &a.DocID, &a.URL, &a.Outlet, &a.Title, &a.Published, &fetched, &a.Text, &a.ContentHash, &h); err != nil {
			return nil, s.wrap(err)
		}
		a.Fetched, _ = time.Parse(time.RFC3339Nano, fetched)
		a.Simhash = uint64(h)
		out = append(out, a)
	}
	return out, s.wrap(rows.Err())
}

// articleDoc is the document the coder sees for a stored article, as it saw it at ingest.
func articleDoc(a *Article) doc.Document {
	d := doc.Document{ID: a.DocID, Text: a.Text, URL: a.URL, Outlet: a.Outlet, Title: a.Title}
	if a.Published != "" {
		d.Published, _ = time.Parse(doc.DateLayout, a.Published)
	}
	return d
}
