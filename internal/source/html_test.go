package source

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// article is a news page with the furniture readability is meant to strip.
var article = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>US strikes IS targets in Syria | The Daily</title>
<meta name="pubdate" content="2025-12-20">
<script>var tracking = "killed in a script";</script>
<style>p { color: red }</style>
</head>
<body>
<header><a href="/">The Daily</a> <a href="/world">World</a></header>
<nav><ul><li>Home</li><li>Politics</li><li>Sport</li></ul></nav>
<main><article>
<h1>US strikes IS targets in Syria</h1>
<p>The United States carried out strikes against Islamic State targets in central Syria on
Friday, officials said, days after an attack near <a href="/tadmur">Tadmur</a> killed two US
soldiers and an American civilian interpreter.</p>
<p>The strikes hit more than 70 targets across the Badia desert, according to US Central
Command, which said the operation used fighter jets, attack helicopters and artillery.</p>
<p>Syrian state media reported that government forces took part in the operation around the
town of al-Sukhnah, east of Palmyra, and that several militants were killed.</p>
<p>The attack on December 13 was the deadliest for US forces in Syria since the withdrawal
began, and President Trump vowed a response against those responsible for it.</p>
</article></main>
<aside>Most read: <a>Storm hits coast</a></aside>
<footer>© The Daily 2025. All rights reserved.</footer>
</body></html>`

func TestExtractHTMLArticle(t *testing.T) {
	p := ExtractHTML([]byte(article))
	if p.Title != "US strikes IS targets in Syria | The Daily" {
		t.Errorf("title = %q", p.Title)
	}
	if got := p.Published.Format("2006-01-02"); got != "2025-12-20" {
		t.Errorf("published = %s", got)
	}
	for _, junk := range []string{"tracking", "color: red", "Politics", "Most read", "All rights reserved"} {
		if strings.Contains(p.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, p.Text)
		}
	}
	if !strings.Contains(p.Text, "an attack near Tadmur killed two US soldiers") {
		t.Errorf("inline link broke the sentence:\n%s", p.Text)
	}
	// One paragraph a line.
	lines := strings.Split(p.Text, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[len(lines)-1], "The attack on December 13") {
		t.Errorf("block structure lost:\n%s", p.Text)
	}
}

// TestExtractHTMLFallback covers a page too short for readability: the plain extraction keeps
// its text, drops the furniture and keeps blocks on their own lines.
func TestExtractHTMLFallback(t *testing.T) {
	page := `<html><head><title>t</title><meta property="og:title" content=" Clash  in Idlib ">
<meta property="article:published_time" content="2020-05-09T23:30:00-05:00"></head>
<body><nav>Home | World</nav><h2>Clash in Idlib</h2><div>Rebels and army<br>clashed, 4 <i>killed</i>.</div>
<table><tr><td>Dead</td><td>4</td></tr></table><pre>  kept   as is</pre><footer>foot</footer></body></html>`
	p := ExtractHTML([]byte(page))
	want := "Clash in Idlib\nRebels and army\nclashed, 4 killed.\nDead 4\nkept as is"
	if p.Text != want {
		t.Errorf("text = %q\nwant   %q", p.Text, want)
	}
	if p.Title != "Clash in Idlib" || p.Published.Format("2006-01-02") != "2020-05-09" {
		t.Errorf("title %q, published %v", p.Title, p.Published)
	}
}

func TestExtractHTMLBroken(t *testing.T) {
	for _, page := range []string{
		"",
		"<",
		"<p>unclosed <b>bold <i>italic",
		"<html><body><div><div><div>" + strings.Repeat("<span>", 10000) + "deep",
		"<script>never closed",
		"<p>a</p></html></body><p>after the end</p>",
		"<meta property=og:title content>\x00<p>nul</p>",
	} {
		p := ExtractHTML([]byte(page))
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Errorf("%q: invalid UTF-8", page)
		}
	}
	if got := ExtractHTML([]byte("<p>unclosed <b>bold")).Text; got != "unclosed bold" {
		t.Errorf("unclosed tags: %q", got)
	}
	if got := ExtractHTML([]byte("<p>a</p></html></body><p>after the end</p>")).Text; got != "a\nafter the end" {
		t.Errorf("content after </html>: %q", got)
	}
}

func TestExtractHTMLCharset(t *testing.T) {
	page := []byte("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93bombed\x94</p></body></html>")
	if got := ExtractHTML(page).Text; got != "Café “bombed”" {
		t.Errorf("windows-1252 page: %q", got)
	}
}

func FuzzExtractHTML(f *testing.F) {
	f.Add([]byte(article))
	f.Add([]byte("<p>a<br>b</p><pre>x\xff</pre>"))
	f.Add([]byte("<html><head><meta charset=shift_jis><title>\x82\xa0</title>"))
	f.Add([]byte("<svg><p><math><style></p>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		p := ExtractHTML(page)
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatalf("invalid UTF-8: text %q title %q", p.Text, p.Title)
		}
	})
}
