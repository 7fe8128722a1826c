package cli

import (
	"flag"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// inputFlags are the flags of every command that reads reports (code, ingest): the format,
// the reference date, and the CSV columns.
type inputFlags struct {
	in, published, textCol, dateCol, idCol *string
}

func addInputFlags(fs *flag.FlagSet) *inputFlags {
	return &inputFlags{
		in:        fs.String("in", "", "input format: text, html, jsonl or csv (default: by file extension)"),
		published: fs.String("published", "", "publication date `YYYY-MM-DD` for text and HTML inputs"),
		textCol:   fs.String("text-col", "", "CSV column holding the report text (default text, then notes)"),
		dateCol:   fs.String("date-col", "", "CSV column holding the publication date (default published, then timestamp, then date)"),
		idCol:     fs.String("id-col", "", "CSV column holding the document id (default id, then event_id_cnty)"),
	}
}

// options returns the reader's options, after the flags are parsed; fs is checked for at
// least one input.
func (f *inputFlags) options(fs *flag.FlagSet) (source.Options, error) {
	if fs.NArg() == 0 {
		fs.Usage()
		return source.Options{}, usagef("no input: give files, folders, or - for standard input")
	}
	opts := source.Options{Format: *f.in, TextCol: *f.textCol, DateCol: *f.dateCol, IDCol: *f.idCol}
	if *f.published != "" {
		t, err := time.Parse(doc.DateLayout, *f.published)
		if err != nil {
			return opts, usagef("--published %q is not a YYYY-MM-DD date", *f.published)
		}
		opts.Published = t
	}
	return opts, nil
}
