package source

import (
	"bytes"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// HTMLPage is what ExtractHTML finds in a web page: the article's title, its publication date
// when the page's metadata gives one (zero otherwise), and its main text with one block
// (paragraph, heading, list item) a line.
type HTMLPage struct {
	Title     string
	Published time.Time
	Text      string
}

// readabilityLimit is the largest page handed to go-readability. Its scoring walks the DOM
// many times and keeps the whole tree in memory (tens of bytes per input byte), so on huge
// pages it is slow and memory-hungry; real articles are far below this, and the streaming
// fallback handles the rest in linear time and bounded memory.
const readabilityLimit = 4 << 20

// readabilityMaxElems caps the DOM size go-readability accepts, for the same reason.
const readabilityMaxElems = 60000

// ExtractHTML returns the title, publication date and main text of an HTML page. It never
// fails: broken markup is repaired by the HTML5 parsing rules, and when go-readability finds
// no article, finds very little, or panics, a plain extraction of the whole page (without
// scripts, styles, navigation, headers, footers and asides) is used instead. The text is
// always valid UTF-8; pages in legacy encodings are decoded by their <meta charset>.
func ExtractHTML(page []byte) HTMLPage {
	page = decodeHTML(page)
	plain, meta := plainHTML(page)

	var p HTMLPage
	p.Title = firstNonEmpty(meta.ogTitle, meta.title)
	p.Published = meta.published
	p.Text = plain

	// Readability needs a page with an article in it: on short pages its scoring picks menus
	// over a two-line story, and the plain text is the article anyway. 500 characters is its
	// own threshold for "enough text".
	if len(page) <= readabilityLimit && utf8.RuneCountInString(plain) >= 500 {
		if art, ok := readable(page); ok {
			if p.Title == "" {
				p.Title = clean(art.title)
			}
			if p.Published.IsZero() {
				p.Published = art.published
			}
			// "Very little": readability sometimes settles on a caption or a teaser. Keep its
			// text only when it is a fair share of what the page holds, or long enough to be an
			// article on its own.
			n, all := utf8.RuneCountInString(art.text), utf8.RuneCountInString(plain)
			if n >= min(500, all/2) && n > 0 {
				p.Text = art.text
			}
		}
	}
	p.Title = strings.ToValidUTF8(p.Title, "\uFFFD")
	p.Text = strings.ToValidUTF8(p.Text, "\uFFFD")
	return p
}

// HTMLText returns the text of an HTML fragment that is all article, such as a feed item's
// content, one block (paragraph, heading, list item) a line. Unlike ExtractHTML it runs no
// article detection, which costs far more than the plain pass and has nothing to find in a
// fragment. fragment must already be UTF-8; invalid bytes become U+FFFD.
func HTMLText(fragment string) string {
	text, _ := plainHTML([]byte(fragment))
	return strings.ToValidUTF8(text, "\uFFFD")
}

// decodeHTML converts a page to UTF-8 using its byte-order mark or <meta charset>. A page that
// declares nothing and is valid UTF-8 is left alone; one that is not is read as Windows-1252,
// the HTML standard's default, rather than filled with replacement characters.
func decodeHTML(page []byte) []byte {
	enc, name, _ := charset.DetermineEncoding(page, "")
	if name == "utf-8" || enc == nil {
		return page
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return page
	}
	return out
}

type readableArticle struct {
	title     string
	text      string
	published time.Time
}

// readable runs go-readability, turning a panic inside it into "no article": a third-party
// heuristic must not take down a batch of thousands of pages.
func readable(page []byte) (a readableArticle, ok bool) {
	defer func() {
		if recover() != nil {
			a, ok = readableArticle{}, false
		}
	}()
	parser := readability.NewParser()
	parser.MaxElemsToParse = readabilityMaxElems
	art, err := parser.Parse(bytes.NewReader(page), nil)
	if err != nil || art.Node == nil {
		return readableArticle{}, false
	}
	var b strings.Builder
	if err := art.RenderText(&b); err != nil {
		return readableArticle{}, false
	}
	a.title = art.Title()
	a.text = tidyLines(b.String())
	if t, err := art.PublishedTime(); err == nil {
		a.published = dateOnly(t)
	}
	return a, a.text != ""
}

// pageMeta is the metadata the plain pass collects on its way through the page.
type pageMeta struct {
	title, ogTitle string
	published      time.Time
}

// skipped elements hold no article text: code, styling, and the page furniture around the
// article.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Select: true, atom.Button: true, atom.Form: true, atom.Head: true,
}

// blocks end a line: the text of one paragraph, heading or list item stays on one line, so
// that sentence splitting downstream does not run a headline into the first paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Article: true, atom.Section: true, atom.Main: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true,
	atom.Address: true, atom.Body: true, atom.Caption: true, atom.Details: true,
	atom.Summary: true,
}

// publishedMeta names the <meta> properties that carry a publication date, most specific
// first.
var publishedMeta = []string{
	"article:published_time", "og:article:published_time", "datepublished",
	"pubdate", "publishdate", "dc.date.issued", "date",
}

// plainHTML streams through the page once with the HTML tokenizer, which never fails and needs
// no tree, so memory stays proportional to the text kept even for very large pages.
func plainHTML(page []byte) (string, pageMeta) {
	var (
		meta    pageMeta
		dates   = map[string]string{}
		b       strings.Builder
		z       = html.NewTokenizer(bytes.NewReader(page))
		skip    int  // depth inside skipped elements
		inTitle bool // inside <title>, which the tokenizer reads as raw text
		pre     int  // depth inside <pre>, where whitespace is kept
		space   bool // a space is owed before the next word
	)
	b.Grow(len(page) / 4)
	newline := func() {
		s := b.String()
		if len(s) > 0 && s[len(s)-1] != '\n' {
			b.WriteByte('\n')
		}
		space = false
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyLines(b.String()), finishMeta(meta, dates)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Title:
				inTitle = tt == html.StartTagToken
				continue
			case atom.Meta:
				if hasAttr {
					readMeta(z, &meta, dates)
				}
				continue
			}
			if skipped[a] && tt == html.StartTagToken {
				skip++
				continue
			}
			if skip > 0 {
				continue
			}
			if a == atom.Pre && tt == html.StartTagToken {
				pre++
			}
			if blocks[a] {
				newline()
			} else if a == atom.Td || a == atom.Th || a == atom.Img {
				space = true
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = false
				continue
			}
			if skipped[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if a == atom.Pre && pre > 0 {
				pre--
			}
			if blocks[a] {
				newline()
			} else if a == atom.Td || a == atom.Th {
				space = true
			}
		case html.TextToken:
			if inTitle {
				if meta.title == "" {
					meta.title = clean(string(z.Text()))
				}
				continue
			}
			if skip > 0 {
				continue
			}
			t := z.Text()
			if pre > 0 {
				b.Write(t)
				continue
			}
			if startsWithSpace(t) {
				space = true
			}
			for w := range strings.FieldsSeq(string(t)) {
				if space && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
					b.WriteByte(' ')
				}
				b.WriteString(w)
				space = true
			}
			space = endsWithSpace(t)
		}
	}
}

func startsWithSpace(t []byte) bool {
	r, _ := utf8.DecodeRune(t)
	return len(t) > 0 && unicode.IsSpace(r)
}

func endsWithSpace(t []byte) bool {
	r, _ := utf8.DecodeLastRune(t)
	return len(t) > 0 && unicode.IsSpace(r)
}

// readMeta records the <meta> attributes that give a title or a publication date. Both the
// Open Graph form (property=) and the older name= / itemprop= forms are common in news sites.
func readMeta(z *html.Tokenizer, meta *pageMeta, dates map[string]string) {
	var key, content string
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "property", "name", "itemprop":
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(string(v)))
			}
		case "content":
			content = string(v)
		}
		if !more {
			break
		}
	}
	switch key {
	case "og:title":
		if meta.ogTitle == "" {
			meta.ogTitle = clean(content)
		}
	case "":
	default:
		if _, seen := dates[key]; !seen {
			dates[key] = content
		}
	}
}

func finishMeta(meta pageMeta, dates map[string]string) pageMeta {
	for _, k := range publishedMeta {
		if v, ok := dates[k]; ok {
			if t, err := ParseDate(v); err == nil {
				meta.published = t
				break
			}
		}
	}
	return meta
}

// tidyLines trims every line, collapses runs of spaces inside it and drops empty lines, so
// that both extractors give the same shape of text: one block a line.
func tidyLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.Lines(s) {
		first := true
		for w := range strings.FieldsSeq(line) {
			if !first {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			first = false
		}
		if !first {
			b.WriteByte('\n')
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// clean collapses whitespace in a one-line field such as a title.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
