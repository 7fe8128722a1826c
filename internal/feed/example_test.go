package feed_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/feed"
)

// The server wires a Poller to the store: the sink ingests each new item. Here the sink
// prints, and a local server plays the news site.
func Example() {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><guid>https://wire.example.test/1</guid><title>Shelling reported near the airport</title>
<pubDate>Sat, 06 Dec 2025 07:00:00 GMT</pubDate>
<description>Residents reported heavy shelling near the airport overnight.</description></item>
</channel></rss>`)
	}))
	defer site.Close()

	ctx := context.Background()
	p, err := feed.New(ctx, feed.Options{
		Sink: func(ctx context.Context, d doc.Document, raw []byte) error {
			fmt.Printf("%s | %s | %s | %s\n", d.Outlet, d.PublishedString(), d.Title, d.Text)
			return nil // the server: _, err := store.IngestArticle(ctx, coder, d, raw)
		},
		SkipPages: true, // a real feed's summary-only items would have their pages fetched
	})
	if err != nil {
		panic(err)
	}
	if _, err := p.Add(ctx, site.URL, 0); err != nil {
		panic(err)
	}
	p.PollOnce(ctx) // the server calls p.Run(ctx, interval) instead
	p.PollOnce(ctx) // nothing new: nothing delivered
	st, _ := p.Get(site.URL)
	fmt.Println(st.Status(), st.ItemsSeen, st.LastNew)
	// Output:
	// Example Wire | 2025-12-06 | Shelling reported near the airport | Residents reported heavy shelling near the airport overnight.
	// ok 1 0
}
