// Package source reads reports from files, folders and standard input — plain text, HTML,
// JSON Lines and CSV (including ACLED exports as they come) — and turns each into a
// doc.Document. It owns every decision about outside bytes: formats, encodings, sizes and what
// counts as a bad record, so that the coder downstream only ever sees clean, valid UTF-8 text.
//
// A bad record (an empty file, binary junk, a malformed JSON line) is reported through
// Options.OnError and skipped; only failures that make the whole input unreadable stop Read.
package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Formats Read understands.
const (
	Text  = "text"
	HTML  = "html"
	JSONL = "jsonl"
	CSV   = "csv"
)

// DefaultMaxBytes is the default limit on one document (or one JSONL line, or one CSV record).
// It is far above any real article and low enough that a runaway input cannot exhaust memory.
const DefaultMaxBytes = 64 << 20

// Options says how to read. The zero value reads every format by file extension.
type Options struct {
	// Format is "text", "html", "jsonl", "csv", or "" to choose by file extension
	// (.txt/.text/none → text, .html/.htm → html, .jsonl/.ndjson → jsonl, .csv → csv). On
	// standard input "" sniffs the first byte: '{' → jsonl, '<' → html, anything else → text.
	Format string
	// Published is the reference date for text and HTML inputs (zero = unknown). It wins over
	// a date found in an HTML page's metadata, since the caller knows better than the page.
	Published time.Time
	// TextCol, DateCol and IDCol name CSV columns. Empty means the first present of:
	// text: "text", "notes"; date: "published", "timestamp", "date"; id: "id",
	// "event_id_cnty" (then the file name and row number). The defaults read an ACLED export
	// as it is downloaded.
	TextCol, DateCol, IDCol string
	// MaxBytes limits one document, JSONL line or CSV record; 0 means DefaultMaxBytes.
	MaxBytes int64
	// OnError is called for each bad record, after which reading goes on. Errors are
	// *RecordError; nil OnError ignores them.
	OnError func(error)
}

// Record errors. Test for them with errors.Is.
var (
	ErrEmpty    = errors.New("empty")
	ErrBinary   = errors.New("binary file, not text")
	ErrTooLarge = errors.New("too large")
	ErrNoText   = errors.New("no text")
	ErrNoID     = errors.New("no id")
	// ErrBadDate is a warning, not a rejection: the document is still emitted, with a zero
	// Published date. Dropping a whole report over a malformed date would lose events whose
	// dates are written out in the text; the coder then simply has no reference date for
	// relative expressions like "on Friday".
	ErrBadDate = errors.New("bad publication date")
)

// RecordError says which record failed and why, as "docs.jsonl:7: invalid JSON: ...". Line is
// 0 when the error concerns a whole file.
type RecordError struct {
	Path string
	Line int
	Err  error
}

func (e *RecordError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Read reads every path in order ("-" is stdin; a directory is walked recursively in sorted
// order, skipping hidden files and, unless Format is set, files of unknown extension) and
// calls emit for each document. It returns early with emit's error, ctx's error, or an error
// for a path that cannot be opened or read or a CSV file without its text column. All other
// problems are record errors, passed to opts.OnError.
func Read(ctx context.Context, paths []string, stdin io.Reader, opts Options, emit func(doc.Document) error) error {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	switch opts.Format {
	case "", Text, HTML, JSONL, CSV:
	default:
		return fmt.Errorf("unknown input format %q (want text, html, jsonl or csv)", opts.Format)
	}
	r := &reader{ctx: ctx, opts: opts, emit: emit}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if p == "-" {
			err = r.stdin(stdin)
		} else {
			err = r.path(p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

type reader struct {
	ctx      context.Context
	opts     Options
	emit     func(doc.Document) error
	sizeHint int64 // size of the file being read, when known, to allocate its buffer once
}

func (r *reader) bad(path string, line int, err error) {
	if r.opts.OnError != nil {
		r.opts.OnError(&RecordError{Path: path, Line: line, Err: err})
	}
}

func (r *reader) stdin(in io.Reader) error {
	if in == nil {
		in = strings.NewReader("")
	}
	br := bufio.NewReaderSize(in, 64<<10)
	format := r.opts.Format
	if format == "" {
		format = sniff(br)
	}
	return r.read("stdin", "stdin", format, br)
}

// peekHead returns up to the first KB of input without consuming it, but only what has
// already arrived after the first read: on a live pipe (a feed piped into `sitrep code -`)
// waiting for a full KB would hold back a short first line until more input came.
func peekHead(br *bufio.Reader) ([]byte, error) {
	if _, err := br.Peek(1); err != nil {
		return nil, err
	}
	return br.Peek(min(br.Buffered(), 1024))
}

// sniff guesses the format of a stream from its first non-blank byte, without consuming it.
func sniff(br *bufio.Reader) string {
	head, _ := peekHead(br)
	head = bytes.TrimPrefix(head, utf8BOM)
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(head) > 0 && head[0] == '{':
		return JSONL
	case len(head) > 0 && head[0] == '<':
		return HTML
	}
	return Text
}

func (r *reader) path(p string) error {
	info, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		format := r.opts.Format
		if format == "" {
			// A file named explicitly is read even with an unknown extension: the user asked
			// for it, and most such files (.md, .log) are text.
			if format = FormatOf(p); format == "" {
				format = Text
			}
		}
		return r.file(p, format)
	}
	return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if err := r.ctx.Err(); err != nil {
			return err
		}
		format := r.opts.Format
		if format == "" {
			if format = FormatOf(path); format == "" {
				return nil
			}
		}
		return r.file(path, format)
	})
}

// FormatOf returns the format a file's extension implies, or "" for an unknown extension.
// A file without an extension is text, as reports saved by hand often are.
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case "", ".txt", ".text":
		return Text
	case ".html", ".htm":
		return HTML
	case ".jsonl", ".ndjson":
		return JSONL
	case ".csv":
		return CSV
	}
	return ""
}

func (r *reader) file(path, format string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r.sizeHint = 0
	if st, err := f.Stat(); err == nil {
		r.sizeHint = st.Size()
	}
	defer func() { r.sizeHint = 0 }()
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return r.read(path, id, format, bufio.NewReaderSize(f, 64<<10))
}

// read dispatches one opened input. id names the document for text and HTML inputs.
func (r *reader) read(path, id, format string, br *bufio.Reader) error {
	head, err := peekHead(br)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))) == 0 {
		// Blank so far: empty if nothing but blanks follows. (This waits for more input
		// only on a stream that has sent nothing but whitespace.)
		if _, err := br.Peek(len(head) + 1); err == io.EOF {
			r.bad(path, 0, ErrEmpty)
			return nil
		}
	}
	// UTF-16 (Windows "Unicode" text) is full of NUL bytes; decode it rather than call it
	// binary. Only a byte-order mark identifies it reliably.
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		dec := unicode.BOMOverride(unicode.UTF8.NewDecoder())
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
	} else if binary(head) {
		r.bad(path, 0, ErrBinary)
		return nil
	}
	switch format {
	case JSONL:
		return r.jsonl(path, br)
	case CSV:
		return r.csv(path, br)
	default:
		return r.whole(path, id, format, br)
	}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// binary reports whether the start of a file looks like something other than text: any NUL
// byte, or more than 1 in 10 bytes being control characters other than tab, newline,
// carriage return, form feed and escape. Invalid UTF-8 alone is not binary: legacy-encoded
// and damaged text is still worth reading, with replacement characters.
func binary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) || c == 0x7f {
			ctl++
		}
	}
	return ctl*10 > len(head)
}

// whole reads a one-document input (text or HTML) of at most MaxBytes.
func (r *reader) whole(path, id, format string, in io.Reader) error {
	data, err := readAtMost(in, r.opts.MaxBytes, r.sizeHint)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			r.bad(path, 0, err)
			return nil
		}
		return fmt.Errorf("read %s: %w", path, err)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	d := doc.Document{ID: id, Published: r.opts.Published}
	if format == HTML {
		p := ExtractHTML(data)
		d.Title, d.Text = p.Title, p.Text
		if d.Published.IsZero() {
			d.Published = p.Published
		}
	} else {
		d.Text = validText(data)
	}
	if strings.TrimSpace(d.Text) == "" {
		r.bad(path, 0, ErrNoText)
		return nil
	}
	return r.emit(d)
}

// readAtMost reads all of in, failing with ErrTooLarge (after reading max+1 bytes, never more)
// when it holds more than max bytes. With the file's size as a hint the buffer is allocated
// once; without one (stdin) growth is geometric, so a 50 MB document costs a few copies, not
// a quadratic number.
func readAtMost(in io.Reader, max, sizeHint int64) ([]byte, error) {
	var buf bytes.Buffer
	if sizeHint > 0 {
		buf.Grow(int(min(sizeHint, max)) + bytes.MinRead) // room for ReadFrom to see EOF without growing
	}
	n, err := buf.ReadFrom(io.LimitReader(in, max+1))
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}

// validText converts bytes to a string, replacing each invalid UTF-8 sequence with U+FFFD so
// that code point offsets downstream are well defined. Valid input is converted without the
// extra pass.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}
