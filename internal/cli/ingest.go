package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func init() {
	register("ingest", "code reports and store them, merging reports of the same event", runIngest)
}

// dbFlag adds --db to fs; dsn resolves it: the flag, else $SITREP_DB, else ./sitrep.db.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database: an SQLite file `PATH` or a postgres:// DSN (default $SITREP_DB, else ./"+store.DefaultPath+")")
}

func dsn(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv("SITREP_DB"); v != "" {
		return v
	}
	return store.DefaultPath
}

func runIngest(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "ingest", "FILE|DIR... (- for standard input)")
	db := dbFlag(fs)
	input := addInputFlags(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents coded at once")
	batch := fs.Int("batch", 256, "most articles stored in one transaction")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts, err := input.options(fs)
	if err != nil {
		return err
	}
	// Every input must be readable before anything is stored, so that a typo in the last
	// path does not leave the first ones half-ingested.
	for _, p := range fs.Args() {
		if err := readable(p); err != nil {
			return err
		}
	}
	coder, err := extract.New()
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, dsn(*db))
	if err != nil {
		return err
	}
	defer s.Close()

	failed := 0
	var bar *progressbar.ProgressBar
	opts.OnError = func(err error) {
		// A bad date is a warning: the document is still read, and stored, without one.
		if !errors.Is(err, source.ErrBadDate) {
			failed++
		}
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintf(env.Stderr, "sitrep ingest: %v\n", err)
	}
	sopts := store.StreamOptions{Workers: *workers, BatchSize: *batch}
	if isTerminal(env.Stderr) {
		bar = progressbar.NewOptions64(countInputs(fs.Args(), opts.Format),
			progressbar.OptionSetWriter(env.Stderr),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
		sopts.OnBatch = func(rs []store.Result) { bar.Add(len(rs)) }
	}
	sum, err := s.IngestAll(ctx, coder, sopts, func(emit func(doc.Document, []byte) error) error {
		raws := newRawFinder(fs.Args(), opts.Format)
		return source.Read(ctx, fs.Args(), env.Stdin, opts, func(d doc.Document) error { return emit(d, raws.raw(d)) })
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	out := bufio.NewWriter(env.Stdout)
	if *asJSON {
		b, _ := json.Marshal(struct {
			store.Summary
			Failed int `json:"failed"`
		}{sum, failed})
		fmt.Fprintf(out, "%s\n", b)
	} else {
		fmt.Fprintf(out, "articles: %d new, %d duplicate, %d failed (%d near-duplicates of stored articles)\n",
			sum.Articles, sum.Duplicates, failed, sum.NearDuplicates)
		fmt.Fprintf(out, "mentions: %d\nevents:   %d new, %d merged into known events\n", sum.Mentions, sum.NewEvents, sum.MergedEvents)
	}
	return out.Flush()
}

// readable checks that a path can be read, for a one-line error before any work.
func readable(p string) error {
	if p == "-" {
		return nil
	}
	st, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", p, unwrapPath(err))
	}
	if st.IsDir() {
		_, err = os.ReadDir(p)
	} else {
		var f *os.File
		if f, err = os.Open(p); err == nil {
			f.Close()
		}
	}
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", p, unwrapPath(err))
	}
	return nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// countInputs estimates how many documents paths hold, for the progress bar: one per text or
// HTML file, one per non-blank JSONL line, one per CSV line after the header (a record with
// line breaks in a field counts more than once). Standard input is unknown (-1).
func countInputs(paths []string, format string) int64 {
	var n int64
	for _, p := range paths {
		if p == "-" {
			return -1
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			f := format
			if f == "" {
				f = source.FormatOf(path)
			}
			switch f {
			case source.JSONL, source.CSV:
				lines := countLines(path)
				if f == source.CSV && lines > 0 {
					lines--
				}
				n += lines
			case "":
				if path == p {
					n++
				}
			default:
				n++
			}
			return nil
		})
	}
	return n
}

func countLines(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var n int64
	buf := make([]byte, 256<<10)
	last := byte('\n')
	for {
		k, err := f.Read(buf)
		n += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if k > 0 {
			last = buf[k-1]
		}
		if err == io.EOF || err != nil {
			break
		}
	}
	if last != '\n' {
		n++
	}
	return n
}

// rawFinder finds the bytes an article arrived as, which package source does not pass on: a
// text or HTML file is one document, named by the file's base name, so its raw bytes are the
// file's (read again when the document is stored, so that a folder of pages is never all in
// memory). A JSONL line or CSV row is stored as the JSON of the fields sitrep read from it.
type rawFinder struct {
	paths map[string]string // document id -> file; "" when two files give the same id
}

func newRawFinder(paths []string, format string) *rawFinder {
	r := &rawFinder{paths: map[string]string{}}
	add := func(path string) {
		f := format
		if f == "" {
			f = source.FormatOf(path)
		}
		if f != source.Text && f != source.HTML {
			return
		}
		id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if _, dup := r.paths[id]; dup {
			r.paths[id] = ""
			return
		}
		r.paths[id] = path
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if path == p || !strings.HasPrefix(d.Name(), ".") {
				add(path)
			}
			return nil
		})
	}
	return r
}

// raw returns d's bytes as received, or nil to store its text.
func (r *rawFinder) raw(d doc.Document) []byte {
	if d.Raw != nil {
		return d.Raw // a JSONL line, as it was
	}
	if path, ok := r.paths[d.ID]; ok {
		if path == "" {
			return nil
		}
		if b, err := os.ReadFile(path); err == nil {
			return b
		}
		return nil
	}
	if d.ID == "stdin" {
		return nil
	}
	b, _ := json.Marshal(struct {
		ID        string `json:"id"`
		Text      string `json:"text"`
		Published string `json:"published,omitempty"`
		URL       string `json:"url,omitempty"`
		Outlet    string `json:"outlet,omitempty"`
		Title     string `json:"title,omitempty"`
	}{d.ID, d.Text, d.PublishedString(), d.URL, d.Outlet, d.Title})
	return b
}
