// Package eval scores the coder against human-coded data: ACLED exports, the CASE 2021
// event-type snippets, and the project's own per-article gold files. Its ACLED and gold
// metrics are ports of the independent scorer (shared/tools/score.py) and must agree with it
// to the third decimal; everything else here (breakdowns, confusions, error examples) exists
// to help the people tuning the coder see where it goes wrong.
package eval

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// Coder codes one document. It is a function rather than *extract.Coder so that this
// package can score any coder (a baseline, a stub in a test) without depending on extract.
type Coder func(doc.Document) []event.Event

// CodeAll codes docs on a pool of runtime.GOMAXPROCS(0) goroutines and returns the events of
// docs[i] in out[i], so that results do not depend on scheduling. An event without a doc_id
// gets the document's id, as `sitrep code` output always carries one. A panic in the coder is
// returned as an error naming the document, so one bad report does not hide which it was.
func CodeAll(ctx context.Context, code Coder, docs []doc.Document) ([][]event.Event, error) {
	out := make([][]event.Event, len(docs))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(docs) {
		workers = len(docs)
	}
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				evs, err := codeOne(code, docs[i])
				if err != nil {
					fail(err)
					continue
				}
				out[i] = evs
			}
		}()
	}
feed:
	for i := range docs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func codeOne(code Coder, d doc.Document) (evs []event.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("coder panicked on document %q: %v", d.ID, r)
		}
	}()
	evs = code(d)
	for i := range evs {
		if evs[i].DocID == "" {
			evs[i].DocID = d.ID
		}
	}
	return evs, nil
}

// ratio is m/n, 0 when n is 0 (score.py divides by max(1, n) for its secondary metrics).
func ratio(m, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(m) / float64(n)
}
