package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/export"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/source"
)

func init() {
	register("code", "code news reports into conflict events", runCode)
}

// eventWriter is how code prints events; see newEventWriter.
type eventWriter interface {
	Write(event.Event) error
	Close() error
}

func runCode(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "code", "FILE... (- for standard input)")
	input := addInputFlags(fs)
	out := fs.String("out", "", "output format: jsonl, csv (ACLED), ucdp (GED CSV), plover, geojson or table (default: table on a terminal, jsonl otherwise)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents coded at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts, err := input.options(fs)
	if err != nil {
		return err
	}
	format := *out
	if format == "" {
		format = "jsonl"
		if isTerminal(env.Stdout) {
			format = "table"
		}
	}
	bw := bufio.NewWriter(env.Stdout)
	w, err := newEventWriter(format, bw)
	if err != nil {
		return usagef("%v", err)
	}
	coder, err := extract.New()
	if err != nil {
		return err
	}
	// A bad record is reported and skipped, and the others are still coded; the exit status
	// says that something was skipped. A bad publication date is only a warning: the report
	// is coded against no date.
	bad := 0
	opts.OnError = func(err error) {
		if !errors.Is(err, source.ErrBadDate) {
			bad++
		}
		fmt.Fprintf(env.Stderr, "sitrep code: %v\n", err)
	}
	err = codeAll(ctx, coder, *workers, func(emit func(doc.Document) error) error {
		return source.Read(ctx, fs.Args(), env.Stdin, opts, emit)
	}, w.Write)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err == nil && bad > 0 {
		err = fmt.Errorf("%d input(s) could not be read (see above); the others were coded", bad)
	}
	return err
}

// codeAll codes documents on workers goroutines and hands the events to write in input order,
// so that output is deterministic whatever the number of cores.
func codeAll(ctx context.Context, c *extract.Coder, workers int, read func(emit func(doc.Document) error) error, write func(event.Event) error) error {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		d    doc.Document
		done chan []event.Event
	}
	jobs := make(chan job, workers*4)
	order := make(chan job, workers*4)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.done <- c.Code(j.d)
			}
		}()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		readErr <- read(func(d doc.Document) error {
			j := job{d: d, done: make(chan []event.Event, 1)}
			select {
			case order <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- j
			return nil
		})
	}()
	var werr error
	for j := range order {
		evs := <-j.done
		if werr != nil {
			continue
		}
		for _, e := range evs {
			if werr = write(e); werr != nil {
				cancel()
				break
			}
		}
	}
	wg.Wait()
	if werr != nil {
		return werr
	}
	return <-readErr
}

// isTerminal reports whether w is a character device (a terminal), without a dependency.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newEventWriter picks the writer for --out; a table fits the terminal's width ($COLUMNS).
func newEventWriter(format string, w io.Writer) (eventWriter, error) {
	if format == "table" {
		width := export.DefaultWidth
		if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 40 {
			width = n
		}
		return export.NewTable(w, width), nil
	}
	return export.New(format, w)
}
