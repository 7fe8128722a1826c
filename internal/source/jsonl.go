package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// jsonDoc is one line of the document format in DESIGN.md. Published is a string so that a
// bad date is a warning about one field rather than a failure to decode the line.
type jsonDoc struct {
	ID        json.RawMessage `json:"id"`
	Text      string          `json:"text"`
	Published string          `json:"published"`
	URL       string          `json:"url"`
	Outlet    string          `json:"outlet"`
	Title     string          `json:"title"`
}

// jsonl reads one document a line. Each line is decoded on its own, so one malformed line
// costs only itself; blank lines are skipped. Memory is bounded by MaxBytes per line: a longer
// line is reported and skipped without being held.
func (r *reader) jsonl(path string, br *bufio.Reader) error {
	line := 0
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		b, err := readLine(br, r.opts.MaxBytes)
		if err == io.EOF {
			return nil
		}
		line++
		if errors.Is(err, ErrTooLarge) {
			r.bad(path, line, err)
			continue
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		d, err := decodeLine(b)
		if err != nil {
			r.bad(path, line, err)
			if !errors.Is(err, ErrBadDate) {
				continue
			}
		}
		d.Raw = bytes.Clone(b)
		if err := r.emit(d); err != nil {
			return err
		}
	}
}

func decodeLine(b []byte) (doc.Document, error) {
	var j jsonDoc
	// encoding/json replaces invalid UTF-8 inside strings with U+FFFD, which is the repair
	// wanted here.
	if err := json.Unmarshal(b, &j); err != nil {
		return doc.Document{}, fmt.Errorf("invalid JSON: %w", err)
	}
	id, err := jsonID(j.ID)
	if err != nil {
		return doc.Document{}, err
	}
	if strings.TrimSpace(j.Text) == "" {
		return doc.Document{}, ErrNoText
	}
	d := doc.Document{ID: id, Text: j.Text, URL: j.URL, Outlet: j.Outlet, Title: j.Title}
	if strings.TrimSpace(j.Published) != "" {
		t, err := ParseDate(j.Published)
		if err != nil {
			return d, fmt.Errorf("%w: %v (document %q read without one)", ErrBadDate, err, id)
		}
		d.Published = t
	}
	return d, nil
}

// jsonID accepts a string or a number: many exports number their documents, and refusing
// {"id": 17} would only annoy.
func jsonID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", ErrNoID
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("invalid JSON: id: %w", err)
		}
	} else {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", fmt.Errorf("id must be a string or a number, not %s", raw)
		}
		s = n.String()
	}
	if strings.TrimSpace(s) == "" {
		return "", ErrNoID
	}
	return s, nil
}

// readLine returns the next line without its newline, io.EOF at the end, or ErrTooLarge (after
// discarding the rest of the line) for a line longer than max bytes.
func readLine(br *bufio.Reader, max int64) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if int64(len(buf)+len(chunk)) > max+1 { // +1: the newline is not content
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, fmt.Errorf("%w: line longer than %d bytes", ErrTooLarge, max)
		}
		buf = append(buf, chunk...)
		switch err {
		case nil:
			buf = bytes.TrimSuffix(buf, []byte("\n"))
			if int64(len(buf)) > max {
				return nil, fmt.Errorf("%w: line longer than %d bytes", ErrTooLarge, max)
			}
			return buf, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(buf) == 0 {
				return nil, io.EOF
			}
			if int64(len(buf)) > max {
				return nil, fmt.Errorf("%w: line longer than %d bytes", ErrTooLarge, max)
			}
			return buf, nil
		default:
			return nil, err
		}
	}
}
