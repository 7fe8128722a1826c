package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/source"
)

// ErrParse is returned (wrapped) when a feed body is not RSS, Atom or JSON Feed, or is broken.
var ErrParse = errors.New("not a readable RSS, Atom or JSON feed")

// parsed is a feed reduced to what sitrep delivers.
type parsed struct {
	title string // the feed's title, cleaned; may be empty
	items []item // oldest first; items without a date first, in feed order
}

// item is one entry of a feed. Its document is ready to deliver unless needPage is set, in
// which case the feed gave only a summary and the text should come from the linked page.
type item struct {
	key      string // seen key: the item's identity plus a hash of its title and text
	doc      doc.Document
	raw      []byte // the item's content or summary as the feed has it (HTML, usually)
	needPage bool
}

// parse reads a feed body. feedURL resolves relative item links and names the outlet when the
// feed has no title. An item whose content is empty and whose summary is shorter than
// summaryMax characters is marked needPage when it links to an http(s) page.
func parse(body []byte, feedURL string, summaryMax int) (p parsed, err error) {
	// gofeed is outside code reading outside bytes; a panic in it must cost one feed its
	// poll, not the server its life.
	defer func() {
		if r := recover(); r != nil {
			p, err = parsed{}, fmt.Errorf("%w: parser panicked: %v", ErrParse, r)
		}
	}()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return parsed{}, fmt.Errorf("%w: %v", ErrParse, err)
	}
	base, _ := url.Parse(feedURL)
	if l, err := url.Parse(strings.TrimSpace(f.Link)); err == nil && l.IsAbs() && base != nil {
		base = base.ResolveReference(l)
	}
	p.title = oneLine(f.Title)
	outlet := p.title
	if outlet == "" && base != nil {
		outlet = strings.TrimPrefix(base.Hostname(), "www.")
	}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		if x, ok := makeItem(it, feedURL, base, outlet, summaryMax); ok {
			p.items = append(p.items, x)
		}
	}
	slices.SortStableFunc(p.items, func(a, b item) int { return a.doc.Published.Compare(b.doc.Published) })
	return p, nil
}

// makeItem builds the document of one feed entry; ok is false for an entry with nothing in it
// (no title, no text and no link).
func makeItem(it *gofeed.Item, feedURL string, base *url.URL, outlet string, summaryMax int) (item, bool) {
	link := resolve(base, it.Link)
	if link == "" {
		for _, l := range it.Links {
			if link = resolve(base, l); link != "" {
				break
			}
		}
	}
	title := oneLine(it.Title)
	raw := it.Content
	text := htmlText(raw)
	full := text != ""
	if !full {
		raw = it.Description
		text = htmlText(raw)
		full = utf8.RuneCountInString(text) >= summaryMax
	}
	if title == "" && text == "" && link == "" {
		return item{}, false
	}

	sum := sha256.Sum256([]byte(title + "\x00" + text))
	hash := hex.EncodeToString(sum[:8])
	guid := strings.TrimSpace(strings.ToValidUTF8(it.GUID, "\uFFFD"))
	identity := firstNonEmpty(guid, link)
	key := hash
	if identity != "" {
		key = shorten(identity) + " " + hash
	}

	var id string
	switch {
	case guid != "" && looksGlobal(guid):
		id = guid
	case guid != "":
		// A bare GUID such as "4711" is only unique within its feed.
		id = feedURL + "#" + guid
	case link != "":
		id = link
	default:
		id = feedURL + "#" + hash
	}

	d := doc.Document{ID: id, Text: text, URL: link, Outlet: outlet, Title: title}
	if t := firstTime(it.PublishedParsed, it.UpdatedParsed); !t.IsZero() {
		d.Published = dateOnly(t)
	}
	if d.Text == "" {
		d.Text = title // a headline alone is still a report
	}
	return item{key: key, doc: d, raw: []byte(strings.TrimSpace(raw)), needPage: !full && isHTTP(link)}, true
}

// htmlText is the readable text of an HTML fragment (or of plain text, which passes through
// with its whitespace tidied).
func htmlText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return tidy(strings.ToValidUTF8(s, "\uFFFD"))
	}
	return source.HTMLText(s)
}

// tidy collapses runs of spaces inside lines and drops blank lines.
func tidy(s string) string {
	var lines []string
	for l := range strings.Lines(s) {
		if l = oneLine(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// resolve makes an item link absolute; anything that is not http(s) after resolution is kept
// as written (it is still an identity), and an empty link stays empty.
func resolve(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return strings.ToValidUTF8(link, "\uFFFD")
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

func isHTTP(link string) bool {
	u, err := url.Parse(link)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// looksGlobal reports whether a GUID is a URI (http:, urn:, tag:), which feeds use to be
// unique across the web, rather than a local serial number.
func looksGlobal(guid string) bool {
	scheme, _, ok := strings.Cut(guid, ":")
	if !ok || scheme == "" || !isLetter(scheme[0]) {
		return false
	}
	for i := range len(scheme) {
		c := scheme[i]
		if !isLetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// shorten keeps seen keys small: an identity longer than 160 bytes is replaced by its hash.
func shorten(identity string) string {
	if len(identity) <= 160 {
		return identity
	}
	sum := sha256.Sum256([]byte(identity))
	return "sha256:" + hex.EncodeToString(sum[:16])
}

func firstTime(ts ...*time.Time) time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() {
			return *t
		}
	}
	return time.Time{}
}

// dateOnly keeps the calendar date as the publisher wrote it, in the publisher's own zone:
// converting to UTC first would move an early-morning Damascus story to the previous day, and the
// coder resolves "on Friday" against this date.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
