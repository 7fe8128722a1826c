package api

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are what /metrics exposes: how fast reports come in and are coded, how feeds fare,
// and how fast the API answers. Each server has its own registry so that tests can run
// several servers in one process.
type Metrics struct {
	reg         *prometheus.Registry
	httpLatency *prometheus.HistogramVec
	// Ingested counts articles by outcome: new, duplicate, failed.
	Ingested *prometheus.CounterVec
	// CoderLatency is the time to code one article.
	CoderLatency prometheus.Histogram
	// FeedErrors counts failed polls by feed URL.
	FeedErrors *prometheus.CounterVec
	// FeedPolls counts polls by outcome: ok, not_modified, error.
	FeedPolls *prometheus.CounterVec
	// AlertsFired counts alerts fired by rule.
	AlertsFired *prometheus.CounterVec
}

func newMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sitrep_http_request_duration_seconds",
			Help:    "HTTP request latency by route and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "status"}),
		Ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitrep_articles_ingested_total",
			Help: "Articles ingested, by outcome (new, duplicate, failed).",
		}, []string{"outcome"}),
		CoderLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "sitrep_coder_duration_seconds",
			Help:    "Time to code one article.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5},
		}),
		FeedErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitrep_feed_errors_total",
			Help: "Failed feed polls, by feed.",
		}, []string{"feed"}),
		FeedPolls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitrep_feed_polls_total",
			Help: "Feed polls, by outcome (ok, not_modified, error).",
		}, []string{"outcome"}),
		AlertsFired: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitrep_alerts_fired_total",
			Help: "Alerts fired, by rule.",
		}, []string{"rule"}),
	}
	m.reg.MustRegister(m.httpLatency, m.Ingested, m.CoderLatency, m.FeedErrors, m.FeedPolls, m.AlertsFired,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
