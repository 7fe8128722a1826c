package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func init() {
	register("reprocess", "re-code every stored article and rebuild events (after a coder change)", runReprocess)
}

func runReprocess(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "reprocess", "")
	db := dbFlag(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents coded at once")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reprocess takes no arguments (got %q)", fs.Arg(0))
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
	sum, err := s.Reprocess(ctx, coder, *workers)
	if err != nil {
		return err
	}
	if *asJSON {
		b, _ := json.Marshal(sum)
		_, err = fmt.Fprintf(env.Stdout, "%s\n", b)
		return err
	}
	_, err = fmt.Fprintf(env.Stdout, "articles: %d re-coded with coder %s\nmentions: %d\nevents:   %d (%d kept their id, %d new, %d ids gone; %d with human edits applied)\n",
		sum.Articles, extract.Version, sum.Mentions, sum.Events, sum.Kept, sum.Created, sum.Gone, sum.Edited)
	return err
}
