package api

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/feed"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// loadPlaces are the synthetic events' places: ten countries, five admin1 units each.
var loadPlaces = func() (out [][3]string) {
	countries := []string{"Syria", "Sudan", "Ukraine", "Mali", "Somalia", "Nigeria", "Myanmar", "Yemen", "Iraq", "Afghanistan"}
	for i, c := range countries {
		for j := 0; j < 5; j++ {
			out = append(out, [3]string{c, fmt.Sprintf("Province %d-%d", i, j), fmt.Sprintf("Town %d-%d", i, j)})
		}
	}
	return out
}()

// fillStore stores n synthetic events, each from its own one-line report, through the
// store's ordinary ingest path (with precomputed events, so no coding).
func fillStore(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	subs := [][2]string{{event.Battles, "Armed clash"}, {event.Explosions, "Air/drone strike"}, {event.ViolenceCivilians, "Attack"}, {event.Protests, "Peaceful protest"}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 2000
	for i := 0; i < n; i += batch {
		var ins []store.Input
		for k := i; k < min(i+batch, n); k++ {
			p := loadPlaces[k%len(loadPlaces)]
			s := subs[(k/len(loadPlaces))%len(subs)]
			day := start.AddDate(0, 0, (k*7)%730)
			lat, lon := float64(k%50), float64(k%70)
			ev := event.Event{
				EventDate: day.Format(doc.DateLayout), TimePrecision: 1, EventType: s[0], SubEventType: s[1],
				Actor1:  &event.Actor{Name: fmt.Sprintf("Group %d", k%40), Inter: 2},
				Country: p[0], Admin1: p[1], Location: p[2], Latitude: &lat, Longitude: &lon, GeoPrecision: 1,
				Fatalities: k % 7, FatalitiesLow: k % 7, FatalitiesHigh: k % 7, Source: "Load Wire",
				Evidence: event.Evidence{Start: 0, End: 10, Text: "synthetic"},
			}
			ev.DocID = fmt.Sprintf("load-%d", k)
			ev.EventID = ev.DocID + "#1"
			d := doc.Document{ID: ev.DocID, Text: fmt.Sprintf("Synthetic report %d of an event in %s.", k, p[2]), Published: day, Outlet: "Load Wire"}
			ins = append(ins, store.Input{Doc: d, Events: []event.Event{ev}, CoderVersion: extract.Version})
		}
		if _, err := st.Ingest(context.Background(), ins); err != nil {
			tb.Fatal(err)
		}
	}
}

// loadStore returns a store of n synthetic events in a copy of a file kept in the temporary
// folder between runs (filling it through ingest takes minutes; the copy, a second).
func loadStore(b *testing.B, n int) *store.Store {
	b.Helper()
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-load-%d-%s.db", n, extract.Version))
	if _, err := os.Stat(cached); err != nil {
		t0 := time.Now()
		tmp := cached + ".partial"
		os.Remove(tmp)
		st, err := store.Open(context.Background(), tmp)
		if err != nil {
			b.Fatal(err)
		}
		fillStore(b, st, n)
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, cached); err != nil {
			b.Fatal(err)
		}
		b.Logf("stored %d events in %v (kept in %s for later runs)", n, time.Since(t0).Round(time.Millisecond), cached)
	}
	dst := filepath.Join(b.TempDir(), "load.db")
	data, err := os.ReadFile(cached)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(context.Background(), dst)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkEventsUnderLoad is the API's load test: 100,000 stored events, GET /api/events
// with filters from concurrent clients on loopback for a bounded time, while a feed is
// polled every second and articles are posted. It reports requests/s, p50 and p99 latency
// and errors. Run it alone:
//
//	go test -run X -bench EventsUnderLoad -benchtime 1x ./internal/api
func BenchmarkEventsUnderLoad(b *testing.B) {
	const events, clients, duration = 100_000, 16, 10 * time.Second
	coder, err := sharedCoder()
	if err != nil {
		b.Fatal(err)
	}
	st := loadStore(b, events)
	defer st.Close()

	// A feed that gains an item every poll.
	var polls atomic.Int32
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(polls.Add(1))
		var items [][2]string
		for i := 0; i < n; i++ {
			items = append(items, [2]string{fmt.Sprintf("Clash %d", i), fmt.Sprintf("Soldiers and rebels clashed near Kidal on Monday, killing %d fighters, the army said. Item %d.", i%5+1, i)})
		}
		fmt.Fprint(w, rssWith(items...))
	}))
	defer feedSrv.Close()
	var srv *Server
	poller, err := feed.New(context.Background(), feed.Options{
		Sink:      func(ctx context.Context, d doc.Document, raw []byte) error { return srv.Ingest(ctx, d, raw) },
		SkipPages: true,
	})
	if err != nil {
		b.Fatal(err)
	}
	srv = New(Options{Token: testToken, Store: st, Coder: coder, Feeds: poller, PollEvery: time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, 5*time.Second) }()
	base := "http://" + ln.Addr().String()
	if _, err := poller.Add(ctx, feedSrv.URL+"/rss", 0); err != nil {
		b.Fatal(err)
	}
	polled := make(chan error, 1)
	go func() { polled <- poller.Run(ctx, time.Second) }()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients + 4}, Timeout: 5 * time.Second}
	// Writers: an article posted every 100 ms.
	var posted atomic.Int32
	var wg sync.WaitGroup
	stopAt := time.Now().Add(duration)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; time.Now().Before(stopAt); i++ {
			body := fmt.Sprintf(`{"id":"post-%d","published":"2025-03-10","outlet":"Poster","text":"Gunmen killed %d villagers in Gao on Sunday, officials said. Post %d."}`, i, i%4+1, i)
			req, _ := http.NewRequest("POST", base+"/api/articles", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+testToken)
			if resp, err := client.Do(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 201 {
					posted.Add(1)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	// Readers.
	lat := make([][]time.Duration, clients)
	var errs, reqs atomic.Int64
	b.ResetTimer()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for time.Now().Before(stopAt) {
				p := loadPlaces[rng.IntN(len(loadPlaces))]
				from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(600))
				q := fmt.Sprintf("/api/events?country=%s&event_date_from=%s&event_date_to=%s&limit=50", strings.ReplaceAll(p[0], " ", "+"),
					from.Format(doc.DateLayout), from.AddDate(0, 0, 90).Format(doc.DateLayout))
				switch rng.IntN(3) {
				case 1:
					q += "&event_type=Battles"
				case 2:
					q += "&admin1=" + strings.ReplaceAll(p[1], " ", "+") + "&fatalities_min=2"
				}
				t := time.Now()
				resp, err := client.Get(base + q)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				lat[c] = append(lat[c], time.Since(t))
				reqs.Add(1)
				if err != nil {
					errs.Add(1)
				}
			}
		}(c)
	}
	wg.Wait()
	b.StopTimer()
	cancel()
	<-served
	<-polled
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	rate := float64(reqs.Load()) / duration.Seconds()
	fs, _ := poller.Get(feedSrv.URL + "/rss")
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(errs.Load()), "errors")
	b.Logf("%d requests in %v: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors; during it %d articles posted, feed polled %d times (%d items ingested)",
		reqs.Load(), duration, rate, pct(0.5), pct(0.99), errs.Load(), posted.Load(), polls.Load(), fs.ItemsSeen)
}
