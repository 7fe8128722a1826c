package cli

import (
	"bufio"
	"context"
	"io"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/export"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func init() {
	register("events", "query stored events and export them", runEvents)
}

func runEvents(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "events", "")
	db := dbFlag(fs)
	from := fs.String("from", "", "first event date `YYYY-MM-DD`")
	to := fs.String("to", "", "last event date `YYYY-MM-DD`")
	country := fs.String("country", "", "country name or ISO 3166 alpha-3 code")
	admin1 := fs.String("admin1", "", "first-level administrative unit (province, state, governorate)")
	typ := fs.String("type", "", "ACLED event type, e.g. Battles")
	sub := fs.String("sub-type", "", "ACLED sub-event type, e.g. \"Armed clash\"")
	actor := fs.String("actor", "", "actor name (actor1 or actor2)")
	minDead := fs.Int("min-fatalities", 0, "at least this many reported deaths")
	text := fs.String("q", "", "words that must all appear (places, actors, types, evidence)")
	limit := fs.Int("limit", 0, "at most this many events, latest first (0: all)")
	out := fs.String("out", "", "output format: table, jsonl, csv (ACLED), ucdp, geojson or plover (default: table on a terminal, jsonl otherwise)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("events takes flags, not arguments (got %q)", fs.Arg(0))
	}
	f := store.Filter{Country: *country, Admin1: *admin1, EventType: *typ, SubEventType: *sub,
		Actor: *actor, MinFatalities: *minDead, Text: *text, Limit: *limit}
	for _, d := range []struct {
		name, value string
		t           *time.Time
	}{{"--from", *from, &f.From}, {"--to", *to, &f.To}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(doc.DateLayout, d.value)
		if err != nil {
			return usagef("%s %q is not a YYYY-MM-DD date", d.name, d.value)
		}
		*d.t = t
	}
	format := *out
	if format == "" {
		format = "jsonl"
		if isTerminal(env.Stdout) {
			format = "table"
		}
	}
	bw := bufio.NewWriterSize(env.Stdout, 64<<10)
	write, closeW, err := rowWriter(format, bw)
	if err != nil {
		return usagef("%v", err)
	}
	s, err := store.OpenExisting(ctx, dsn(*db))
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.EachEvent(ctx, f, write)
	if cerr := closeW(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// rowWriter writes stored events in format, each as package export's Record (the coded-event
// record with doc_ids, sources and fatalities_best), so that every format that can carry
// provenance does: jsonl, geojson, ucdp (best/low/high, number of sources) and plover.
func rowWriter(format string, w io.Writer) (write func(*store.EventRow) error, closeW func() error, err error) {
	ew, err := newEventWriter(strings.ToLower(format), w)
	if err != nil {
		return nil, nil, err
	}
	return func(r *store.EventRow) error { return export.WriteRecord(ew, export.Record(*r)) }, ew.Close, nil
}
