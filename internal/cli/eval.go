package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/eval"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
)

func init() {
	register("eval", "score the coder against human-coded data", runEval)
}

// newEvalCoder builds the coder eval scores. Tests replace it with a fixed stub so that
// the command's behaviour is checked apart from the coder's current accuracy.
var newEvalCoder = func() (eval.Coder, error) {
	c, err := extract.New()
	if err != nil {
		return nil, err
	}
	return c.Code, nil
}

// evalFormats maps a file extension to the format eval assumes when --format is not given.
var evalFormats = map[string]string{".csv": "acled", ".tsv": "case", ".jsonl": "gold"}

func runEval(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "eval", "FILE\n\n"+
		"FILE is an ACLED CSV export with notes (.csv), the CASE 2021 TSV (.tsv), or a documents\n"+
		"file (.jsonl) scored against --gold. ACLED and gold metrics match shared/tools/score.py.")
	format := fs.String("format", "", "input format: acled, case or gold (default: by FILE's extension)")
	asJSON := fs.Bool("json", false, "print one JSON object (score.py's metric names) instead of a table")
	goldPath := fs.String("gold", "", "hand-coded events `GOLD.jsonl` for a documents FILE")
	notEvents := fs.String("not-events", "", "passages that must not become events (`FILE`, with --gold)")
	nErrors := fs.Int("errors", 0, "print `N` mis-coded examples for tuning")
	eventsOut := fs.String("events", "", "also write the coded events as JSONL to `OUT`")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return usagef("want one FILE to score, got %d", len(files))
	}
	path := files[0]
	if *format == "" {
		*format = evalFormats[strings.ToLower(filepath.Ext(path))]
		if *format == "" {
			return usagef("cannot tell the format of %s from its extension: give --format acled, case or gold", path)
		}
	}
	switch *format {
	case "acled", "case":
		if *goldPath != "" || *notEvents != "" {
			return usagef("--gold and --not-events apply to --format gold only")
		}
	case "gold":
		if *goldPath == "" {
			return usagef("a documents file is scored against --gold GOLD.jsonl")
		}
	default:
		return usagef("unknown --format %q: want acled, case or gold", *format)
	}
	if *nErrors < 0 {
		return usagef("--errors must be 0 or more")
	}

	code, err := newEvalCoder()
	if err != nil {
		return err
	}

	var (
		rep      *eval.Report
		warnings []string
		docs     []doc.Document
		score    func([][]event.Event) (*eval.Report, error)
	)
	switch *format {
	case "acled":
		var rows []eval.ACLEDRow
		if err := readFile(path, func(r io.Reader) (err error) { rows, warnings, err = eval.ReadACLED(r); return }); err != nil {
			return err
		}
		docs = make([]doc.Document, len(rows))
		for i, r := range rows {
			docs[i] = r.Document()
		}
		score = func(evs [][]event.Event) (*eval.Report, error) {
			return eval.ScoreACLED(rows, evs, eval.ACLEDOptions{Errors: *nErrors})
		}
	case "case":
		var rows []eval.CASERow
		if err := readFile(path, func(r io.Reader) (err error) { rows, warnings, err = eval.ReadCASE(r); return }); err != nil {
			return err
		}
		docs = make([]doc.Document, len(rows))
		for i, r := range rows {
			docs[i] = r.Document()
		}
		score = func(evs [][]event.Event) (*eval.Report, error) {
			return eval.ScoreCASE(rows, evs, eval.CASEOptions{Errors: *nErrors})
		}
	case "gold":
		var gold []eval.GoldEvent
		var opt eval.GoldOptions
		if err := readFile(path, func(r io.Reader) (err error) { docs, err = eval.ReadDocuments(r); return }); err != nil {
			return err
		}
		if err := readFile(*goldPath, func(r io.Reader) (err error) { gold, err = eval.ReadGold(r); return }); err != nil {
			return err
		}
		if *notEvents != "" {
			if err := readFile(*notEvents, func(r io.Reader) (err error) { opt.NotEvents, err = eval.ReadNotEvents(r); return }); err != nil {
				return err
			}
			if opt.NotEvents == nil {
				opt.NotEvents = []eval.NotEvent{}
			}
		}
		opt.Errors = *nErrors
		score = func(evs [][]event.Event) (*eval.Report, error) {
			return eval.ScoreGold(gold, docs, evs, opt)
		}
	}

	start := time.Now()
	events, err := eval.CodeAll(ctx, code, docs)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if *eventsOut != "" {
		if err := writeEventsFile(*eventsOut, events); err != nil {
			return err
		}
	}
	rep, err = score(events)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	rep.Source = path
	rep.Warnings = append(warnings, rep.Warnings...)

	bw := bufio.NewWriter(env.Stdout)
	if *asJSON {
		b, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		bw.Write(append(b, '\n'))
	} else {
		if err := rep.WriteTable(bw); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if !*asJSON {
		fmt.Fprintf(env.Stderr, "coded %d documents in %s (%.0f/s)\n", len(docs), took.Round(time.Millisecond), float64(len(docs))/max(took.Seconds(), 1e-9))
	}
	return nil
}

// parseInterspersed lets flags follow the file (`sitrep eval dev.csv --json`), which the
// flag package alone does not: it stops at the first argument that is not a flag.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// After "--" everything is a file name.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// readFile opens path and hands it to read, prefixing errors with the file name so that a
// failure reads as one line: "sitrep eval: dev.csv: no "notes" column ...".
func readFile(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err // *PathError already names the file
	}
	defer f.Close()
	if err := read(bufio.NewReader(f)); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return err
		}
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

func writeEventsFile(path string, events [][]event.Event) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := eval.WriteEvents(bw, events); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
