package store

import (
	"context"
	"runtime"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
)

// StreamOptions tunes IngestAll.
type StreamOptions struct {
	// Workers is how many articles are coded at once (default GOMAXPROCS); one Coder serves
	// them all.
	Workers int
	// BatchSize is the most articles stored in one transaction (default 256). A batch is
	// also stored as soon as no further article is waiting, so that a live feed on standard
	// input is stored as it comes rather than when a batch fills.
	BatchSize int
	// OnBatch, if set, is called after each batch is committed.
	OnBatch func([]Result)
}

// Summary counts what an ingest did.
type Summary struct {
	Articles       int `json:"articles"`        // new articles stored
	Duplicates     int `json:"duplicates"`      // articles already stored, skipped
	NearDuplicates int `json:"near_duplicates"` // new articles linked to a wire copy already stored
	Mentions       int `json:"mentions"`
	NewEvents      int `json:"new_events"`
	MergedEvents   int `json:"merged_events"` // mentions that joined an event already stored
}

func (s *Summary) add(r Result) {
	if r.Duplicate {
		s.Duplicates++
		return
	}
	s.Articles++
	if len(r.NearDuplicates) > 0 {
		s.NearDuplicates++
	}
	s.Mentions += r.Mentions
	s.NewEvents += len(r.NewEvents)
	s.MergedEvents += len(r.MergedEvents)
}

// IngestAll codes the documents read emits on several cores and stores them in input order,
// in batched transactions (Ingest). Input order makes the store the same whatever the number
// of cores, and makes an interrupted ingest resumable: every committed batch is a prefix of the
// input, and a re-run skips it as duplicates and goes on where it stopped.
func (s *Store) IngestAll(ctx context.Context, c *extract.Coder, opts StreamOptions, read func(emit func(d doc.Document, raw []byte) error) error) (Summary, error) {
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := opts.BatchSize
	if size < 1 {
		size = 256
	}
	type job struct {
		in   Input
		done chan []event.Event
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *job, workers*4)
	order := make(chan *job, size*2)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.done <- c.Code(j.in.Doc)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		readErr <- read(func(d doc.Document, raw []byte) error {
			j := &job{in: Input{Doc: d, Raw: raw, CoderVersion: extract.Version}, done: make(chan []event.Event, 1)}
			select {
			case order <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- j
			return nil
		})
	}()

	var sum Summary
	var werr error
	batch := make([]Input, 0, size)
	flush := func() {
		if len(batch) == 0 || werr != nil {
			return
		}
		rs, err := s.Ingest(ctx, batch)
		if err != nil {
			werr = err
			cancel()
			return
		}
		for _, r := range rs {
			sum.add(r)
		}
		if opts.OnBatch != nil {
			opts.OnBatch(rs)
		}
		batch = batch[:0]
	}
	for j := range order {
		j.in.Events = <-j.done
		if werr != nil {
			continue
		}
		batch = append(batch, j.in)
		if len(batch) >= size || len(order) == 0 {
			flush()
		}
	}
	flush()
	wg.Wait()
	if werr != nil {
		return sum, werr
	}
	return sum, <-readErr
}
