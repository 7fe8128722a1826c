package feed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary bytes to the feed parser: it must not panic, and whatever it
// accepts must come out as valid UTF-8 documents with an id and text, each key once.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(""))
	f.Add([]byte("{"))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1,"url":"\u0000"}]}`))
	f.Add([]byte("<rss><channel><item><link>%zz</link><description>\xff\xfe</description></item></channel></rss>"))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id><content type="xhtml"><div><b>x</div></content></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parse(b, "http://feeds.example.test/path/feed", 800)
		if err != nil {
			if len(p.items) != 0 {
				t.Fatal("items returned with an error")
			}
			return
		}
		if !utf8.ValidString(p.title) {
			t.Errorf("invalid UTF-8 title %q", p.title)
		}
		for _, it := range p.items {
			d := it.doc
			if d.ID == "" || it.key == "" {
				t.Errorf("item without id or key: %+v", it)
			}
			for _, s := range []string{d.ID, d.Text, d.Title, d.URL, d.Outlet, it.key} {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8 in %+v", it)
				}
			}
			if strings.TrimSpace(d.Text) == "" && d.Title != "" {
				t.Errorf("titled item without text: %+v", it)
			}
		}
	})
}

// BenchmarkParse measures turning a 100-item RSS feed with HTML content into documents (the
// CPU cost of one changed poll, before any page fetch or ingest).
func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>`)
	para := "<p>Shelling hit the eastern districts overnight, local officials said, and two people were wounded when a shell struck a bakery queue.</p>"
	for i := range 100 {
		fmt.Fprintf(&sb, "<item><guid>b-%d</guid><title>Report %d</title><link>https://bench.example.test/%d</link><pubDate>Sat, 06 Dec 2025 07:00:00 GMT</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>",
			i, i, i, strings.Repeat(para, 8))
	}
	sb.WriteString("</channel></rss>")
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(body, "https://bench.example.test/rss", 800); err != nil {
			b.Fatal(err)
		}
	}
}
