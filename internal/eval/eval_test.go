package eval

import (
	"bufio"
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

func TestCodeAllKeepsOrderAndUsesEveryCore(t *testing.T) {
	docs := make([]doc.Document, 200)
	for i := range docs {
		docs[i] = doc.Document{ID: strconv.Itoa(i)}
	}
	var running, peak atomic.Int32
	code := func(d doc.Document) []event.Event {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(time.Millisecond) // let the other workers start
		running.Add(-1)
		i, _ := strconv.Atoi(d.ID)
		evs := make([]event.Event, i%3) // some docs yield nothing, some two events
		for j := range evs {
			evs[j].EventID = d.ID + "-" + strconv.Itoa(j)
		}
		return evs
	}
	out, err := CodeAll(context.Background(), code, docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, evs := range out {
		if len(evs) != i%3 {
			t.Fatalf("doc %d: %d events, want %d", i, len(evs), i%3)
		}
		for j, e := range evs {
			if e.DocID != strconv.Itoa(i) || e.EventID != strconv.Itoa(i)+"-"+strconv.Itoa(j) {
				t.Fatalf("doc %d event %d is %+v: out of order or doc_id not filled", i, j, e)
			}
		}
	}
	if want := int32(runtime.GOMAXPROCS(0)); peak.Load() != want {
		t.Errorf("at most %d documents coded at once, want %d (GOMAXPROCS)", peak.Load(), want)
	}
}

func TestCodeAllReportsPanicAndCancel(t *testing.T) {
	docs := []doc.Document{{ID: "ok"}, {ID: "boom"}, {ID: "ok2"}}
	_, err := CodeAll(context.Background(), func(d doc.Document) []event.Event {
		if d.ID == "boom" {
			panic("index out of range")
		}
		return nil
	}, docs)
	if err == nil || !strings.Contains(err.Error(), `"boom"`) {
		t.Errorf("panic not reported with its document: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CodeAll(ctx, func(doc.Document) []event.Event { return nil }, docs); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

func TestCASELabelsMapToTaxonomy(t *testing.T) {
	for label, sub := range CASELabels {
		if event.TypeOf(sub) == "" {
			t.Errorf("%s maps to %q, not an ACLED sub-event type", label, sub)
		}
	}
	path, _ := needShared(t, "eval/case2021-labels.txt", false)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && CASELabels[l] == "" {
			t.Errorf("CASE label %s has no ACLED sub-event type", l)
		}
	}
}

func TestReadCASEDev(t *testing.T) {
	path, _ := needShared(t, "eval/case2021-dev.tsv", false)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, warnings, err := ReadCASE(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 692 || len(warnings) != 0 {
		t.Errorf("%d rows, warnings %v; want 692 and none", len(rows), warnings)
	}
	other := 0
	for _, r := range rows {
		if CASENonACLED[r.Label] {
			other++
		}
	}
	if other != 130 {
		t.Errorf("%d non-ACLED snippets, want 130", other)
	}
}

func TestReadACLEDNoNotes(t *testing.T) {
	_, _, err := ReadACLED(strings.NewReader("event_id_cnty,event_type\nA,Battles\n"))
	if !errors.Is(err, ErrNoNotes) {
		t.Errorf("err = %v, want ErrNoNotes", err)
	}
	if _, _, err := ReadACLED(strings.NewReader("")); err == nil {
		t.Error("empty file accepted")
	}
}

// FuzzReadACLED: any bytes give rows or an error, never a panic; every row has notes.
func FuzzReadACLED(f *testing.F) {
	f.Add("\ufeffevent_id_cnty,notes,event_date\nA,\"x\ry\",9-May-20\n")
	f.Add("notes,event_id_cnty\n\"unterminated,1\n")
	f.Add("event_id_cnty,notes\nA\nB,text,extra,fields\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, _, err := ReadACLED(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range rows {
			if pyStrip(r.Notes) == "" {
				t.Fatalf("row %q has blank notes", r.ID)
			}
			_ = r.Document()
		}
	})
}

// FuzzParseDate: parse_date never panics, and what it accepts is a real calendar date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"9-May-20", "2020-05-09", "31 December 1999", "2020-02", "0000-01-01", "29-Feb-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseDate(s); ok && (d.Year() < 1 || d.Year() > 9999) {
			t.Fatalf("parseDate(%q) = %v", s, d)
		}
	})
}

// FuzzNormPlace: normalised keys contain only ASCII lower-case letters and digits.
func FuzzNormPlace(f *testing.F) {
	for _, s := range []string{"Al-Hasakah", "Ṣan‘ā’ (city)", "ﬁ\u0301", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range normPlace(s) {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				t.Fatalf("normPlace(%q) has %q", s, c)
			}
		}
		_ = nameMatch(s, s)
	})
}
