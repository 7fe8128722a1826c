// Package api is sitrep's HTTP face: the JSON API over the store, the embedded dashboard, and
// /metrics. It owns routing, authentication of writes, request limits and the JSON error
// shape; what the API returns is decided by the store, and how reports are coded by extract.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/feed"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Options configure a Server.
type Options struct {
	// Token is the bearer token writes must carry. Empty disables writes.
	Token string
	// Log receives request errors and lifecycle messages; nil discards them.
	Log *slog.Logger
	// UI serves the dashboard at / (nil: no dashboard).
	UI http.Handler
	// OpenAPI is the API's description, served at /api/openapi.json.
	OpenAPI []byte
	// Store holds articles and events; Coder codes what is posted.
	Store *store.Store
	Coder *extract.Coder
	// Feeds is the feed poller behind /api/feeds (nil: no feed endpoints); PollEvery is
	// the interval of feeds that have none of their own.
	Feeds     *feed.Poller
	PollEvery time.Duration
	// Alerts keeps alert rules and fired alerts (nil: no alert endpoints).
	Alerts alert.Store
}

// Server holds what the handlers share.
type Server struct {
	store     *store.Store
	coder     *extract.Coder
	openapi   []byte
	alerts    alert.Store
	feeds     *feed.Poller
	pollEvery time.Duration
	token     string
	log       *slog.Logger
	ui        http.Handler
	metrics   *Metrics
	mux       *http.ServeMux
}

// New returns a server; call Handler for its routes.
func New(opts Options) *Server {
	s := &Server{store: opts.Store, coder: opts.Coder, openapi: opts.OpenAPI, feeds: opts.Feeds, alerts: opts.Alerts, pollEvery: opts.PollEvery, token: opts.Token, log: opts.Log, ui: opts.UI, metrics: newMetrics(), mux: http.NewServeMux()}
	if s.log == nil {
		s.log = discardLogger
	}
	s.routes()
	return s
}

// Metrics returns the server's metrics, for the ingest and feed workers to record into.
func (s *Server) Metrics() *Metrics { return s.metrics }

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	if s.store != nil {
		s.mux.HandleFunc("GET /api/events", s.wrap(s.listEvents))
		s.mux.HandleFunc("GET /api/events/{id}", s.wrap(s.getEvent))
		s.mux.HandleFunc("PATCH /api/events/{id}", s.wrap(s.write(s.patchEvent)))
		s.mux.HandleFunc("POST /api/events/{id}/merge", s.wrap(s.write(s.mergeEvents)))
		s.mux.HandleFunc("POST /api/events/{id}/split", s.wrap(s.write(s.splitEvent)))
		s.mux.HandleFunc("GET /api/stats", s.wrap(s.stats))
		s.mux.HandleFunc("POST /api/articles", s.wrap(s.write(s.postArticle)))
	}
	if s.feeds != nil {
		s.mux.HandleFunc("GET /api/feeds", s.wrap(s.listFeeds))
		s.mux.HandleFunc("POST /api/feeds", s.wrap(s.write(s.addFeed)))
		s.mux.HandleFunc("DELETE /api/feeds/{id}", s.wrap(s.write(s.removeFeed)))
	}
	if s.alerts != nil {
		s.mux.HandleFunc("GET /api/alerts/rules", s.wrap(s.listRules))
		s.mux.HandleFunc("POST /api/alerts/rules", s.wrap(s.write(s.addRule)))
		s.mux.HandleFunc("DELETE /api/alerts/rules/{id}", s.wrap(s.write(s.removeRule)))
		s.mux.HandleFunc("GET /api/alerts", s.wrap(s.listAlerts))
	}
	if s.openapi != nil {
		s.mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(s.openapi)
		})
	}
	s.mux.HandleFunc("/api/", s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(http.StatusNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	}))
	if s.ui != nil {
		s.mux.Handle("/", s.ui)
	}
}

// Handler returns the server's routes with limits, recovery and metrics around them.
func (s *Server) Handler() http.Handler { return s.instrument(s.mux) }

// Serve answers on ln until ctx is cancelled, then stops taking requests and lets the ones in
// flight finish (up to grace).
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
