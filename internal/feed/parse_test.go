package feed

import (
	"strings"
	"testing"
)

func TestLooksGlobal(t *testing.T) {
	for guid, want := range map[string]bool{
		"https://news.example.test/a/1":         true,
		"urn:uuid:1225c695-cfb8-4ebb-aaaa-80da": true,
		"tag:example.test,2025:1":               true,
		"x-custom+id.v2:17":                     true,
		"4711":                                  false,
		"12:34":                                 false,
		"story 12: part two":                    false,
		"/news/1":                               false,
		":x":                                    false,
		"":                                      false,
	} {
		if got := looksGlobal(guid); got != want {
			t.Errorf("looksGlobal(%q) = %v, want %v", guid, got, want)
		}
	}
}

// How one item becomes a document: ids, links, text and the summary-only decision.
func TestParseItems(t *testing.T) {
	long := strings.Repeat("Fighting continued in the northern districts for a third day. ", 15) // > 800 characters
	rss := func(items string) []byte {
		return []byte(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title> Hill  Post </title><link>https://hill.example.test/news/</link>` + items + `</channel></rss>`)
	}
	for _, tc := range []struct {
		name, items          string
		id, url, text, title string
		needPage             bool
	}{
		{"relative link against the channel link", `<item><title>A</title><link>story/9</link><description>Short.</description></item>`,
			"https://hill.example.test/news/story/9", "https://hill.example.test/news/story/9", "Short.", "A", true},
		{"long summary is the article", `<item><guid>g1</guid><link>https://hill.example.test/1</link><description>` + long + `</description></item>`,
			"https://feeds.example.test/rss#g1", "https://hill.example.test/1", strings.TrimSpace(long), "", false},
		{"content wins over summary", `<item><guid>g2</guid><link>https://hill.example.test/2</link><description>Teaser.</description><content:encoded><![CDATA[<h2>Head</h2><p>Body &amp; more.</p><script>x()</script>]]></content:encoded></item>`,
			"https://feeds.example.test/rss#g2", "https://hill.example.test/2", "Head\nBody & more.", "", false},
		{"headline only, no link", `<item><title>  Curfew   lifted </title></item>`,
			"", "", "Curfew lifted", "Curfew lifted", false},
		{"non-http link is no page to fetch", `<item><guid>g3</guid><link>mailto:desk@hill.example.test</link><description>Short.</description></item>`,
			"https://feeds.example.test/rss#g3", "mailto:desk@hill.example.test", "Short.", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parse(rss(tc.items), "https://feeds.example.test/rss", 800)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.items) != 1 {
				t.Fatalf("%d items", len(p.items))
			}
			it := p.items[0]
			d := it.doc
			if tc.id == "" {
				// Neither GUID nor link: the id is the feed's URL and the content hash.
				tc.id = "https://feeds.example.test/rss#" + it.key
			}
			if d.ID != tc.id || d.URL != tc.url || d.Text != tc.text || d.Title != tc.title || it.needPage != tc.needPage {
				t.Errorf("got id %q url %q text %q title %q needPage %v", d.ID, d.URL, d.Text, d.Title, it.needPage)
			}
			if d.Outlet != "Hill Post" || p.title != "Hill Post" {
				t.Errorf("outlet %q, title %q", d.Outlet, p.title)
			}
		})
	}
}
