package source

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// FuzzRead feeds arbitrary bytes to every format: Read must not panic, and every document it
// emits must have an id and non-blank, valid UTF-8 text, whatever came in.
func FuzzRead(f *testing.F) {
	f.Add("", []byte(`{"id":"a","text":"x","published":"2020-05-09"}`+"\n{bad\n"))
	f.Add("csv", []byte("\xEF\xBB\xBFevent_id_cnty,notes,timestamp\nSYR1,\"a \"\"b\"\"\",1589220519\n"))
	f.Add("csv", []byte("id,text\n\"unclosed,x\n"))
	f.Add("html", []byte("<title>t</title><p>x</p>"))
	f.Add("text", []byte("\xff\xfeh\x00i\x00"))
	f.Fuzz(func(t *testing.T, format string, in []byte) {
		switch format {
		case "", Text, HTML, JSONL, CSV:
		default:
			return
		}
		opts := Options{Format: format, MaxBytes: 1 << 16}
		err := Read(context.Background(), []string{"-"}, strings.NewReader(string(in)), opts, func(d doc.Document) error {
			if d.ID == "" || strings.TrimSpace(d.Text) == "" || !utf8.ValidString(d.Text) || !utf8.ValidString(d.ID) {
				t.Errorf("bad document %+v", d)
			}
			return nil
		})
		if err != nil && format != CSV { // a CSV without a text column is a fatal error by design
			t.Errorf("Read: %v", err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-05-09", "9-May-20", "1589220519", "2020-05-09T23:30:00-05:00", "9 May 2020"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && (d.Hour() != 0 || d.Location().String() != "UTC") {
			t.Errorf("ParseDate(%q) = %v, want midnight UTC", s, d)
		}
	})
}

func BenchmarkExtractHTML(b *testing.B) {
	page := []byte(article)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		ExtractHTML(page)
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	var sb strings.Builder
	for i := range 1000 {
		sb.WriteString(`{"id":"d`)
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString(`","text":"Two soldiers were killed in an attack near Tadmur on Friday, officials said.","published":"2025-12-14"}` + "\n")
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Read(context.Background(), []string{"-"}, strings.NewReader(in), Options{Format: JSONL}, func(doc.Document) error { return nil })
	}
}
