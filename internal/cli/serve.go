package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/api"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/feed"
	"github.com/sitrep-dev/sitrep/internal/source"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/web"
	"github.com/sitrep-dev/sitrep/samples"
)

func init() {
	register("serve", "serve the API and dashboard, polling feeds and firing alerts", runServe)
}

// demoDB is where --demo keeps its store when no --db is given.
const demoDB = "sitrep-demo.db"

func runServe(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "serve", "")
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on (port 0 picks a free one)")
	db := dbFlag(fs)
	tokenFile := fs.String("token-file", "", "read the write token from this `FILE` (default $SITREP_TOKEN)")
	demo := fs.Bool("demo", false, "preload the bundled sample reports (into ./"+demoDB+" unless --db is given) and allow writes with a printed token")
	poll := fs.Duration("poll", 5*time.Minute, "how often feeds are polled (a feed's own interval wins)")
	alertEvery := fs.Duration("alert-every", time.Minute, "how often alert rules are checked")
	grace := fs.Duration("grace", 30*time.Second, "how long in-flight requests and ingests may take to finish at shutdown")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments (got %q)", fs.Arg(0))
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	token, err := readToken(*tokenFile)
	if err != nil {
		return err
	}
	path := dsn(*db)
	if *demo && *db == "" && os.Getenv("SITREP_DB") == "" {
		path = demoDB
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	coder, err := extract.New()
	if err != nil {
		return err
	}
	if *demo {
		if token == "" {
			token = randomToken()
			fmt.Fprintf(env.Stdout, "Write token for this demo: %s (set SITREP_TOKEN to choose one)\n", token)
		}
		sum, err := preload(ctx, st, coder)
		if err != nil {
			return fmt.Errorf("preloading samples: %w", err)
		}
		fmt.Fprintf(env.Stdout, "Sample reports: %d new, %d already stored; %d events new, %d merged\n",
			sum.Articles, sum.Duplicates, sum.NewEvents, sum.MergedEvents)
	}

	// Feed items go through the server's ingest, so that they are counted with posted
	// articles; srv is set before the poller runs.
	var srv *api.Server
	fopts := feed.Options{
		Sink:     func(ctx context.Context, d doc.Document, raw []byte) error { return srv.Ingest(ctx, d, raw) },
		Interval: *poll,
		Logger:   log,
		OnPoll: func(fs feed.State, err error) {
			switch {
			case err != nil:
				srv.Metrics().FeedPolls.WithLabelValues("error").Inc()
				srv.Metrics().FeedErrors.WithLabelValues(fs.URL).Inc()
			case fs.LastStatus == 304:
				srv.Metrics().FeedPolls.WithLabelValues("not_modified").Inc()
			default:
				srv.Metrics().FeedPolls.WithLabelValues("ok").Inc()
			}
		},
	}
	fopts.Store = st
	poller, err := feed.New(ctx, fopts)
	if err != nil {
		return err
	}
	monitor := &alert.Monitor{
		Store:  st,
		Events: st.EventsBetween,
		Log:    log,
		OnFire: func(a alert.Alert) {
			srv.Metrics().AlertsFired.WithLabelValues(a.Rule.ID).Inc()
			log.Info("alert", "rule", a.Rule.ID, "reason", a.Reason)
		},
	}
	srv = api.New(api.Options{Token: token, Log: log, UI: web.Handler(), OpenAPI: web.OpenAPI(), Store: st, Coder: coder,
		Feeds: poller, PollEvery: *poll, Alerts: st})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(env.Stdout, "sitrep is serving %s on %s\nDashboard: %s\n", st.Name(), ln.Addr(), url)
	if token == "" {
		fmt.Fprintln(env.Stdout, "Writes are off: set SITREP_TOKEN (or --token-file) to allow posting and review.")
	}
	// The poller stops with ctx; an ingest it has started finishes (its sink context is not
	// cancelled), and Serve waits for requests in flight.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	go pruneSeen(ctx, st, log)
	polled, watched := make(chan error, 1), make(chan error, 1)
	go func() { polled <- poller.Run(ctx, *poll) }()
	go func() { watched <- monitor.Run(ctx, *alertEvery) }()
	err = srv.Serve(ctx, ln, *grace)
	stop()
	for _, c := range []chan error{polled, watched} {
		if werr := <-c; werr != nil && !errors.Is(werr, context.Canceled) && err == nil {
			err = werr
		}
	}
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	fmt.Fprintln(env.Stdout, "sitrep stopped")
	return err
}

// pruneSeen forgets, once a day, the feed items seen longer ago than store.SeenRetention:
// feeds do not repeat items that old, and the table would otherwise grow for ever.
func pruneSeen(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		n, err := st.PruneSeen(ctx, time.Now().Add(-store.SeenRetention))
		if err != nil && ctx.Err() == nil {
			log.Warn("pruning seen feed items", "err", err)
		} else if n > 0 {
			log.Info("pruned seen feed items", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// readToken returns the write token: from the file if one is named, else $SITREP_TOKEN.
func readToken(file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(os.Getenv("SITREP_TOKEN")), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("token file %s is empty", filepath.Clean(file))
	}
	return t, nil
}

func randomToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// preload ingests the bundled sample reports. It is idempotent: a second start adds nothing.
func preload(ctx context.Context, st *store.Store, coder *extract.Coder) (store.Summary, error) {
	return st.IngestAll(ctx, coder, store.StreamOptions{}, func(emit func(doc.Document, []byte) error) error {
		return source.Read(ctx, []string{"-"}, bytes.NewReader(samples.Reports), source.Options{Format: source.JSONL}, func(d doc.Document) error {
			return emit(d, nil)
		})
	})
}
