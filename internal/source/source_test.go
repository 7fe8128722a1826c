package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// result is what one Read produced: documents, record errors, and the returned error.
type result struct {
	docs []doc.Document
	bad  []error
	err  error
}

func read(t *testing.T, paths []string, stdin string, opts Options) result {
	t.Helper()
	var res result
	opts.OnError = func(err error) {
		var re *RecordError
		if !errors.As(err, &re) {
			t.Errorf("OnError got %T, want *RecordError: %v", err, err)
		}
		res.bad = append(res.bad, err)
	}
	res.err = Read(context.Background(), paths, strings.NewReader(stdin), opts, func(d doc.Document) error {
		res.docs = append(res.docs, d)
		return nil
	})
	return res
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ids(docs []doc.Document) string {
	var s []string
	for _, d := range docs {
		s = append(s, d.ID)
	}
	return strings.Join(s, ",")
}

func day(s string) time.Time {
	t, err := time.Parse(doc.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTextFile(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "report-1.txt", []byte("\xEF\xBB\xBFTwo soldiers were killed in Tadmur.\n"))
	res := read(t, []string{p}, "", Options{Published: day("2025-12-14")})
	if res.err != nil || len(res.bad) > 0 || len(res.docs) != 1 {
		t.Fatalf("got %+v", res)
	}
	d := res.docs[0]
	if d.ID != "report-1" || d.Text != "Two soldiers were killed in Tadmur.\n" || d.PublishedString() != "2025-12-14" {
		t.Errorf("got %+v", d)
	}
}

func TestNoPublicationDate(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "a.txt", []byte("Clashes on Friday."))
	j := write(t, dir, "b.jsonl", []byte(`{"id":"b","text":"Clashes on Friday."}`+"\n"+`{"id":"c","text":"x","published":""}`))
	res := read(t, []string{p, j}, "", Options{})
	if res.err != nil || len(res.bad) > 0 || len(res.docs) != 3 {
		t.Fatalf("got %+v", res)
	}
	for _, d := range res.docs {
		if !d.Published.IsZero() {
			t.Errorf("%s: Published = %v, want zero", d.ID, d.Published)
		}
	}
}

func TestEmptyFile(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.jsonl", "c.csv", "d.html"} {
		write(t, dir, name, nil)
	}
	write(t, dir, "e.txt", []byte(" \n\t\n"))
	res := read(t, []string{dir}, "", Options{})
	if res.err != nil || len(res.docs) != 0 {
		t.Fatalf("got %+v", res)
	}
	if len(res.bad) != 5 {
		t.Fatalf("got %d record errors, want 5: %v", len(res.bad), res.bad)
	}
	for _, err := range res.bad {
		if !errors.Is(err, ErrEmpty) || !strings.HasSuffix(err.Error(), ": empty") {
			t.Errorf("got %v, want ...: empty", err)
		}
	}
	// Empty stdin, too.
	res = read(t, []string{"-"}, "", Options{})
	if res.err != nil || len(res.docs) != 0 || len(res.bad) != 1 || res.bad[0].Error() != "stdin: empty" {
		t.Errorf("stdin: got %+v", res)
	}
}

func TestBinaryJunk(t *testing.T) {
	dir := t.TempDir()
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i * 7919 % 251)
	}
	ctl := bytes.Repeat([]byte("a\x01\x02\x03\x04"), 200) // no NUL, but mostly control bytes
	for _, name := range []string{"a.txt", "b.jsonl", "c.csv", "d.html"} {
		write(t, dir, name, junk)
	}
	write(t, dir, "e.txt", ctl)
	res := read(t, []string{dir}, "", Options{})
	if res.err != nil || len(res.docs) != 0 || len(res.bad) != 5 {
		t.Fatalf("got %+v", res)
	}
	for _, err := range res.bad {
		if !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), "binary file, not text") {
			t.Errorf("got %v", err)
		}
	}
}

func TestUTF16(t *testing.T) {
	dir := t.TempDir()
	// "Hi é" in UTF-16LE with a byte-order mark, as Windows Notepad saves "Unicode" text.
	p := write(t, dir, "w.txt", []byte{0xFF, 0xFE, 'H', 0, 'i', 0, ' ', 0, 0xE9, 0})
	res := read(t, []string{p}, "", Options{})
	if res.err != nil || len(res.bad) > 0 || len(res.docs) != 1 || res.docs[0].Text != "Hi é" {
		t.Fatalf("got %+v", res)
	}
}

func TestInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "bad.txt", []byte("Attack in Dar\xffa, 3 killed.\xc3"))
	j := write(t, dir, "bad.jsonl", []byte("{\"id\":\"j\",\"text\":\"Kobani \xff\xfe shelled\"}\n"))
	c := write(t, dir, "bad.csv", []byte("id,text\nc,\"Raid \xff in Idlib\"\n"))
	res := read(t, []string{p, j, c}, "", Options{})
	if res.err != nil || len(res.bad) > 0 || len(res.docs) != 3 {
		t.Fatalf("got %+v", res)
	}
	want := []string{"Attack in Dar\uFFFDa, 3 killed.\uFFFD", "Kobani \uFFFD\uFFFD shelled", "Raid \uFFFD in Idlib"}
	for i, d := range res.docs {
		if !utf8.ValidString(d.Text) || d.Text != want[i] {
			t.Errorf("%s: text = %q, want %q", d.ID, d.Text, want[i])
		}
	}
}

func TestMalformedJSONL(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "docs.jsonl", []byte(strings.Join([]string{
		`{"id":"a","text":"one","published":"2020-05-09","url":"https://x.test/a","outlet":"X","title":"T","extra":[1,2]}`,
		``,
		`{"id":"b","text":"two"`, // line 3: truncated
		`{"text":"no id"}`,       // line 4
		`{"id":"c","text":""}`,   // line 5
		`{"id":17,"text":"numeric id","published":"2020-05-09T23:30:00-05:00"}`,
		`{"id":"d","text":"bad date","published":"last Tuesday"}`, // line 7: warning, still emitted
		`[1,2,3]`, // line 8
		`{"id":"e","text":"last line without newline"}`,
	}, "\n")))
	res := read(t, []string{p}, "", Options{})
	if res.err != nil {
		t.Fatal(res.err)
	}
	if got := ids(res.docs); got != "a,17,d,e" {
		t.Errorf("ids = %s, want a,17,d,e", got)
	}
	a := res.docs[0]
	if a.PublishedString() != "2020-05-09" || a.URL != "https://x.test/a" || a.Outlet != "X" || a.Title != "T" {
		t.Errorf("a = %+v", a)
	}
	if got := res.docs[1].PublishedString(); got != "2020-05-09" {
		t.Errorf("RFC 3339 date with offset read as %s, want the date as written", got)
	}
	if !res.docs[2].Published.IsZero() {
		t.Errorf("bad date kept: %v", res.docs[2].Published)
	}
	var lines []string
	for _, err := range res.bad {
		var re *RecordError
		errors.As(err, &re)
		lines = append(lines, strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	}
	want := []string{
		"docs.jsonl:3: invalid JSON",
		"docs.jsonl:4: no id",
		"docs.jsonl:5: no text",
		"docs.jsonl:7: bad publication date",
		"docs.jsonl:8: invalid JSON",
	}
	if len(lines) != len(want) {
		t.Fatalf("record errors:\n%s", strings.Join(lines, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("record error %d = %q, want prefix %q", i, lines[i], want[i])
		}
	}
	if !errors.Is(res.bad[3], ErrBadDate) {
		t.Errorf("bad date error does not match ErrBadDate: %v", res.bad[3])
	}
}

func TestJSONLLineTooLong(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"big","text":"` + strings.Repeat("x", 300<<10) + `"}`
	p := write(t, dir, "d.jsonl", []byte(`{"id":"a","text":"ok"}`+"\n"+long+"\n"+`{"id":"b","text":"ok"}`+"\n"))
	res := read(t, []string{p}, "", Options{MaxBytes: 100 << 10})
	if res.err != nil || ids(res.docs) != "a,b" || len(res.bad) != 1 {
		t.Fatalf("got ids %s, errors %v, err %v", ids(res.docs), res.bad, res.err)
	}
	if !errors.Is(res.bad[0], ErrTooLarge) || !strings.Contains(res.bad[0].Error(), "d.jsonl:2:") {
		t.Errorf("got %v", res.bad[0])
	}
}

func TestTextTooLarge(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "big.txt", bytes.Repeat([]byte("killed "), 1000))
	res := read(t, []string{p}, "", Options{MaxBytes: 1000})
	if res.err != nil || len(res.docs) != 0 || len(res.bad) != 1 || !errors.Is(res.bad[0], ErrTooLarge) {
		t.Fatalf("got %+v", res)
	}
}

// TestLargeDocument reads a 50 MB report. The memory check is loose on purpose: it catches a
// reader that holds many copies (or grows quadratically), not a few percent of overhead.
func TestLargeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB file")
	}
	dir := t.TempDir()
	const size = 50 << 20
	line := []byte("Government forces shelled the town of Maarat al-Numan, killing 3 civilians.\n")
	f, err := os.Create(filepath.Join(dir, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < size; n += len(line) {
		f.Write(line)
	}
	f.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	var got int
	err = Read(context.Background(), []string{dir}, nil, Options{}, func(d doc.Document) error {
		got = len(d.Text)
		return nil
	})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil || got < size {
		t.Fatalf("err %v, text %d bytes", err, got)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MB", alloc>>20)
	if alloc > 4*size { // 2 copies normally (buffer and string); the race detector adds one
		t.Errorf("allocated %d MB to read a %d MB file", alloc>>20, size>>20)
	}
	t.Logf("50 MB in %v", elapsed)
}

func TestLargeHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB file")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString("<html><head><title>Big</title></head><body><nav>Menu</nav>")
	for b.Len() < 50<<20 {
		b.WriteString("<p>Rebels attacked an army post near <b>Idlib</b>, killing two soldiers.</p>\n")
	}
	b.WriteString("</body></html>")
	p := write(t, dir, "big.html", b.Bytes())
	start := time.Now()
	res := read(t, []string{p}, "", Options{})
	if res.err != nil || len(res.bad) > 0 || len(res.docs) != 1 {
		t.Fatalf("got err %v, bad %v", res.err, res.bad)
	}
	d := res.docs[0]
	if d.Title != "Big" || strings.Contains(d.Text, "Menu") || !strings.HasPrefix(d.Text, "Rebels attacked an army post near Idlib, killing two soldiers.\nRebels") {
		t.Errorf("title %q, text starts %q", d.Title, d.Text[:200])
	}
	t.Logf("50 MB HTML in %v", time.Since(start))
}

func TestHTMLFile(t *testing.T) {
	dir := t.TempDir()
	page := `<!doctype html><html><head><title>Strike kills 3 - The Daily</title>
<meta property="og:title" content="Strike kills 3 in Tadmur">
<meta property="article:published_time" content="2025-12-14T08:00:00+02:00">
</head><body><p>Three people were killed.</p></body></html>`
	p := write(t, dir, "strike.htm", []byte(page))
	res := read(t, []string{p}, "", Options{})
	if res.err != nil || len(res.docs) != 1 {
		t.Fatalf("got %+v", res)
	}
	d := res.docs[0]
	if d.ID != "strike" || d.Title != "Strike kills 3 in Tadmur" || d.PublishedString() != "2025-12-14" || d.Text != "Three people were killed." {
		t.Errorf("got %+v", d)
	}
	// Options.Published wins over the page's metadata.
	res = read(t, []string{p}, "", Options{Published: day("2026-01-01")})
	if got := res.docs[0].PublishedString(); got != "2026-01-01" {
		t.Errorf("Published = %s, want the option's 2026-01-01", got)
	}
}

func TestDirectoryWalk(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.txt", []byte("b"))
	write(t, dir, "a.txt", []byte("a"))
	write(t, dir, "sub/c.html", []byte("<p>c</p>"))
	write(t, dir, "sub/d.jsonl", []byte(`{"id":"d","text":"d"}`))
	write(t, dir, "e", []byte("no extension"))
	write(t, dir, ".hidden.txt", []byte("hidden"))
	write(t, dir, ".git/f.txt", []byte("hidden dir"))
	write(t, dir, "image.png", []byte("\x89PNG\r\n\x1a\n\x00"))
	write(t, dir, "notes.md", []byte("unknown extension"))
	res := read(t, []string{dir}, "", Options{})
	if res.err != nil || len(res.bad) > 0 {
		t.Fatalf("got %+v", res)
	}
	if got := ids(res.docs); got != "a,b,e,c,d" {
		t.Errorf("ids = %s, want a,b,e,c,d", got)
	}
	// A file named explicitly is read whatever its extension.
	res = read(t, []string{filepath.Join(dir, "notes.md")}, "", Options{})
	if ids(res.docs) != "notes" {
		t.Errorf("explicit .md: %+v", res)
	}
}

func TestMissingPath(t *testing.T) {
	res := read(t, []string{filepath.Join(t.TempDir(), "nope.txt")}, "", Options{})
	if res.err == nil || !errors.Is(res.err, os.ErrNotExist) || !strings.Contains(res.err.Error(), "nope.txt") {
		t.Errorf("err = %v", res.err)
	}
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads everything")
	}
	p := write(t, t.TempDir(), "secret.txt", []byte("x"))
	os.Chmod(p, 0)
	res := read(t, []string{p}, "", Options{})
	if res.err == nil || !strings.Contains(res.err.Error(), "permission denied") {
		t.Errorf("err = %v", res.err)
	}
}

func TestStdinSniff(t *testing.T) {
	for _, tc := range []struct{ in, ids, text string }{
		{`{"id":"x","text":"jsonl"}` + "\n", "x", "jsonl"},
		{"  <html><body><p>html</p></body></html>", "stdin", "html"},
		{"plain text", "stdin", "plain text"},
	} {
		res := read(t, []string{"-"}, tc.in, Options{})
		if res.err != nil || ids(res.docs) != tc.ids || res.docs[0].Text != tc.text {
			t.Errorf("%q: got %+v", tc.in, res)
		}
	}
	res := read(t, []string{"-"}, "id,text\nr1,csv\n", Options{Format: CSV})
	if ids(res.docs) != "r1" {
		t.Errorf("csv on stdin: %+v", res)
	}
}

func TestEmitError(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "d.jsonl", []byte(`{"id":"a","text":"x"}`+"\n"+`{"id":"b","text":"y"}`))
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), []string{p}, nil, Options{}, func(doc.Document) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("err %v after %d documents", err, n)
	}
}

func TestCanceled(t *testing.T) {
	p := write(t, t.TempDir(), "a.txt", []byte("x"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Read(ctx, []string{p}, nil, Options{}, func(doc.Document) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Read(context.Background(), nil, nil, Options{Format: "xml"}, nil); err == nil {
		t.Error("no error for format xml")
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2020-05-09", "2020-05-09"},
		{"2020-05-09T23:30:00-05:00", "2020-05-09"},
		{"2020-05-09T01:00:00Z", "2020-05-09"},
		{"1589220519", "2020-05-11"},
		{"9-May-20", "2020-05-09"},
		{"09-may-20", "2020-05-09"},
		{"9 May 2020", "2020-05-09"},
		{"9 September 2020", "2020-09-09"},
		{"May 9, 2020", "2020-05-09"},
		{" 2020-05-09 ", "2020-05-09"},
	} {
		got, err := ParseDate(tc.in)
		if err != nil || got.Format(doc.DateLayout) != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "yesterday", "2020-13-01", "31-Feb-20", "12"} {
		if got, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", in, got)
		}
	}
}

// TestLiveStdin feeds JSON lines through a pipe that stays open: each document must be
// emitted as soon as its line arrives, not when the input ends or a buffer fills.
func TestLiveStdin(t *testing.T) {
	pr, pw := io.Pipe()
	got := make(chan string)
	done := make(chan error)
	go func() {
		done <- Read(context.Background(), []string{"-"}, pr, Options{}, func(d doc.Document) error {
			got <- d.ID
			return nil
		})
	}()
	for _, id := range []string{"a", "b"} {
		fmt.Fprintf(pw, `{"id":%q,"text":"x"}`+"\n", id)
		select {
		case g := <-got:
			if g != id {
				t.Fatalf("got %s, want %s", g, id)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("document %s not emitted while the pipe is open", id)
		}
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
