package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/feed"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func init() {
	register("feeds", "add, list, remove or poll the RSS/Atom/JSON feeds kept in the database", runFeeds)
}

const feedsUsage = `Usage: sitrep feeds add [--interval 5m] URL
       sitrep feeds list [--json]
       sitrep feeds remove URL|ID
       sitrep feeds poll          (poll every feed once and store what is new)

Feeds live in the database (--db). A 'sitrep serve' running on the same database takes on
feeds added here and drops feeds removed here within 30 seconds.`

func runFeeds(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(env.Stderr, feedsUsage)
		if len(args) == 0 {
			return usagef("feeds needs a sub-command: add, list, remove or poll")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(env, "feeds "+sub, map[string]string{"add": "URL", "remove": "URL|ID"}[sub])
	db := dbFlag(fs)
	var (
		interval *time.Duration
		asJSON   *bool
	)
	switch sub {
	case "add":
		interval = fs.Duration("interval", 0, "time between polls of this feed (default: the server's --poll)")
	case "list", "poll":
		asJSON = fs.Bool("json", false, "print JSON, one feed a line")
	case "remove":
	default:
		fmt.Fprintln(env.Stderr, feedsUsage)
		return usagef("unknown feeds sub-command %q", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	wantArgs := map[string]int{"add": 1, "remove": 1}[sub]
	if fs.NArg() != wantArgs {
		fs.Usage()
		return usagef("feeds %s takes %d argument(s), got %d", sub, wantArgs, fs.NArg())
	}
	if interval != nil && *interval != 0 && *interval < time.Minute {
		return usagef("--interval %v: at least 1m", *interval)
	}

	st, err := store.Open(ctx, dsn(*db))
	if err != nil {
		return err
	}
	defer st.Close()
	var coder *extract.Coder
	sink := func(ctx context.Context, d doc.Document, raw []byte) error {
		_, err := st.IngestArticle(ctx, coder, d, raw)
		return err
	}
	if sub == "poll" {
		if coder, err = extract.New(); err != nil {
			return err
		}
	}
	// The table (or JSON) printed after a poll shows each feed's error; log lines would
	// only repeat them.
	p, err := feed.New(ctx, feed.Options{Store: st, Sink: sink, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}

	switch sub {
	case "add":
		s, err := p.Add(ctx, fs.Arg(0), *interval)
		if errors.Is(err, feed.ErrExists) {
			fmt.Fprintf(env.Stdout, "feed %d is already there: %s\n", s.ID, s.URL)
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added feed %d: %s\n", s.ID, s.URL)
	case "remove":
		u := fs.Arg(0)
		if id, err := strconv.ParseInt(u, 10, 64); err == nil {
			s, ok := p.ByID(id)
			if !ok {
				return fmt.Errorf("no feed %d", id)
			}
			u = s.URL
		}
		if err := p.Remove(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "removed %s\n", u)
	case "poll":
		perr := p.PollOnce(ctx)
		if err := printFeeds(env, p.List(), *asJSON); err != nil {
			return err
		}
		if perr != nil {
			return fmt.Errorf("some feeds failed: %w", perr)
		}
	case "list":
		return printFeeds(env, p.List(), *asJSON)
	}
	return nil
}

// printFeeds shows feed states: a table for people, or JSON lines with the API's field names.
func printFeeds(env Env, feeds []feed.State, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		for _, s := range feeds {
			if err := enc.Encode(feedLine(s)); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tITEMS\tLAST POLLED\tNEXT POLL\tURL\tTITLE / LAST ERROR")
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	for _, s := range feeds {
		note := s.Title
		if s.LastError != "" {
			note = s.LastError
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", s.ID, s.Status(), s.ItemsSeen, when(s.LastPolled), when(s.NextPoll), s.URL, note)
	}
	return tw.Flush()
}

// feedLine is a feed state with the field names of GET /api/feeds.
func feedLine(s feed.State) map[string]any {
	opt := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC()
	}
	return map[string]any{
		"id": s.ID, "url": s.URL, "title": s.Title, "interval_seconds": int(s.Interval / time.Second),
		"state": s.Status(), "added_at": s.Added.UTC(), "last_polled": opt(s.LastPolled), "last_ok": opt(s.LastSuccess),
		"next_poll": opt(s.NextPoll), "last_error": s.LastError, "page_error": s.PageError,
		"consecutive_errors": s.ConsecutiveErrors, "articles": s.ItemsSeen,
	}
}
