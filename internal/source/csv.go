package source

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// Default CSV columns, in order of preference. The second choices are ACLED's: an ACLED export
// reads with no flags, one document per event, its notes as the text.
var (
	textCols = []string{"text", "notes"}
	dateCols = []string{"published", "timestamp", "date"}
	idCols   = []string{"id", "event_id_cnty"}
)

// csv reads one document a row. The header row names the columns (case and surrounding
// spaces do not matter). A missing text column stops the file with an error, since every row
// would fail; anything wrong with one row is a record error for that row.
func (r *reader) csv(path string, br *bufio.Reader) error {
	if b, _ := br.Peek(3); string(b) == string(utf8BOM) {
		br.Discard(3)
	}
	g := &guard{r: br}
	g.allow(r.opts.MaxBytes)
	cr := csv.NewReader(g)
	cr.FieldsPerRecord = -1 // short rows read their missing fields as empty
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			r.bad(path, 0, ErrEmpty)
			return nil
		}
		return fmt.Errorf("csv %s: header: %w", path, err)
	}
	cols := make(map[string]int, len(header))
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = strings.TrimSpace(h)
		k := strings.ToLower(names[i])
		if _, dup := cols[k]; !dup {
			cols[k] = i
		}
	}
	pick := func(named string, defaults []string) (int, error) {
		if named != "" {
			if i, ok := cols[strings.ToLower(strings.TrimSpace(named))]; ok {
				return i, nil
			}
			return -1, fmt.Errorf("csv %s: no column %q (columns: %s)", path, named, strings.Join(names, ", "))
		}
		for _, c := range defaults {
			if i, ok := cols[c]; ok {
				return i, nil
			}
		}
		return -1, nil
	}
	textCol, err := pick(r.opts.TextCol, textCols)
	if err != nil {
		return err
	}
	if textCol < 0 {
		return fmt.Errorf("csv %s: no column %q or %q (columns: %s)", path, textCols[0], textCols[1], strings.Join(names, ", "))
	}
	dateCol, err := pick(r.opts.DateCol, dateCols)
	if err != nil {
		return err
	}
	idCol, err := pick(r.opts.IDCol, idCols)
	if err != nil {
		return err
	}
	urlCol, _ := pick("", []string{"url"})
	outletCol, _ := pick("", []string{"outlet", "source"})
	titleCol, _ := pick("", []string{"title"})

	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	row := 0
	next := nextLine(cr, header) // where the next record starts, for errors that have no position
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		g.allow(cr.InputOffset() + r.opts.MaxBytes)
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		row++
		if errors.Is(err, ErrTooLarge) {
			// The reader is now in the middle of a record with no way to find the next one
			// safely, so the rest of the file is given up, and said so.
			r.bad(path, next, fmt.Errorf("%w: record longer than %d bytes; rest of file skipped", ErrTooLarge, r.opts.MaxBytes))
			return nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			r.bad(path, perr.StartLine, fmt.Errorf("invalid CSV: %v", perr.Err))
			continue
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		next = nextLine(cr, rec)
		field := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		text := validText([]byte(field(textCol)))
		if text == "" {
			r.bad(path, line, ErrNoText)
			continue
		}
		d := doc.Document{
			ID:     field(idCol),
			Text:   text,
			URL:    validText([]byte(field(urlCol))),
			Outlet: validText([]byte(field(outletCol))),
			Title:  validText([]byte(field(titleCol))),
		}
		if idCol < 0 {
			d.ID = base + "-" + strconv.Itoa(row)
		} else if d.ID == "" {
			r.bad(path, line, ErrNoID)
			continue
		}
		d.ID = validText([]byte(d.ID))
		if s := field(dateCol); s != "" {
			t, err := ParseDate(s)
			if err != nil {
				r.bad(path, line, fmt.Errorf("%w: %v (document %q read without one)", ErrBadDate, err, d.ID))
			}
			d.Published = t
		}
		if err := r.emit(d); err != nil {
			return err
		}
	}
}

// nextLine returns the line after the record just read (whose last field may span lines).
func nextLine(cr *csv.Reader, rec []string) int {
	if len(rec) == 0 {
		return 1
	}
	line, _ := cr.FieldPos(len(rec) - 1)
	return line + strings.Count(rec[len(rec)-1], "\n") + 1
}

// guard fails reads past a limit that the CSV loop moves forward before each record, so one
// runaway record (an unclosed quote in a 2 GB file) costs at most MaxBytes of memory.
type guard struct {
	r     io.Reader
	n     int64 // bytes read so far
	limit int64
}

// allow lets reads go on up to limit bytes (plus the CSV reader's own look-ahead buffer).
func (g *guard) allow(limit int64) { g.limit = limit + 64<<10 }

func (g *guard) Read(p []byte) (int, error) {
	if g.n >= g.limit {
		return 0, ErrTooLarge
	}
	if rest := g.limit - g.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	return n, err
}
