package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// acledHeader is the header of an ACLED export (2020 layout). The rows below are made up.
const acledHeader = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3"

func TestACLEDExport(t *testing.T) {
	rows := []string{
		"\xEF\xBB\xBF" + acledHeader,
		`1,760,SYR1,1,9-May-20,2020,1,Battles,Armed clash,Military Forces of Syria (2000-),,1,Islamic State (Iraq and Syria),,2,12,Middle East,Syria,Homs,Tadmur,,Tadmur,34.5624,38.284,1,SANA,National,"On 9 May 2020, regime forces clashed with IS near Tadmur, ""heavy"" fighting. 3 killed.",3,1589220519,SYR`,
		`2,760,SYR2,2,10-May-20,2020,1,Protests,Peaceful protest,Protesters (Syria),,6,,,0,60,Middle East,Syria,Idlib,Idlib,,Idlib,35.93,36.63,1,Enab Baladi,National,,0,1589220519,SYR`,
		`3,760,SYR3,3,10-May-20,2020,1,Protests,Peaceful protest,Protesters (Syria),,6,,,0,60,Middle East,Syria,Idlib,Idlib,,Idlib,35.93,36.63,1,Enab Baladi,National,"On 10 May 2020, people protested in Idlib.",0,1589306919,SYR`,
	}
	p := write(t, t.TempDir(), "acled.csv", []byte(strings.Join(rows, "\r\n")+"\r\n"))
	res := read(t, []string{p}, "", Options{})
	if res.err != nil {
		t.Fatal(res.err)
	}
	if got := ids(res.docs); got != "SYR1,SYR3" {
		t.Errorf("ids = %s, want SYR1,SYR3", got)
	}
	d := res.docs[0]
	if d.Text != `On 9 May 2020, regime forces clashed with IS near Tadmur, "heavy" fighting. 3 killed.` ||
		d.PublishedString() != "2020-05-11" || d.Outlet != "SANA" {
		t.Errorf("got %+v (%s)", d, d.PublishedString())
	}
	if len(res.bad) != 1 || !errors.Is(res.bad[0], ErrNoText) || !strings.HasSuffix(res.bad[0].Error(), "acled.csv:3: no text") {
		t.Errorf("record errors = %v, want one acled.csv:3: no text", res.bad)
	}
}

func TestCSVColumns(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "reports.csv", []byte("Date,Body,Ref\n2020-05-09,First report,r1\n9 May 2020,Second,r2\nsoon,Third,r3\n"))
	res := read(t, []string{p}, "", Options{TextCol: "body", DateCol: "date", IDCol: "ref"})
	if res.err != nil || ids(res.docs) != "r1,r2,r3" {
		t.Fatalf("got %+v", res)
	}
	if res.docs[1].PublishedString() != "2020-05-09" || !res.docs[2].Published.IsZero() {
		t.Errorf("dates: %q %q", res.docs[1].PublishedString(), res.docs[2].PublishedString())
	}
	if len(res.bad) != 1 || !errors.Is(res.bad[0], ErrBadDate) || !strings.Contains(res.bad[0].Error(), "reports.csv:4:") {
		t.Errorf("record errors = %v", res.bad)
	}

	// Without an id column, rows are named after the file and their number.
	q := write(t, dir, "plain.csv", []byte("text\nfirst\nsecond\n"))
	res = read(t, []string{q}, "", Options{})
	if got := ids(res.docs); got != "plain-1,plain-2" {
		t.Errorf("ids = %s", got)
	}
}

func TestCSVMissingColumn(t *testing.T) {
	p := write(t, t.TempDir(), "x.csv", []byte("a,b,c\n1,2,3\n"))
	res := read(t, []string{p}, "", Options{TextCol: "notes"})
	want := `csv ` + p + `: no column "notes" (columns: a, b, c)`
	if res.err == nil || res.err.Error() != want {
		t.Errorf("err = %v\nwant  %s", res.err, want)
	}
	res = read(t, []string{p}, "", Options{})
	if res.err == nil || !strings.Contains(res.err.Error(), `no column "text" or "notes" (columns: a, b, c)`) {
		t.Errorf("default columns: err = %v", res.err)
	}
	res = read(t, []string{p}, "", Options{TextCol: "a", DateCol: "when"})
	if res.err == nil || !strings.Contains(res.err.Error(), `no column "when"`) {
		t.Errorf("date column: err = %v", res.err)
	}
}

func TestCSVMalformedRow(t *testing.T) {
	p := write(t, t.TempDir(), "m.csv", []byte("id,text\na,fine\nb,bad \"quote\" here\nc,\"fine too\"\n"))
	res := read(t, []string{p}, "", Options{})
	if res.err != nil || ids(res.docs) != "a,c" || len(res.bad) != 1 || !strings.Contains(res.bad[0].Error(), "m.csv:3: invalid CSV") {
		t.Errorf("ids %s, errors %v, err %v", ids(res.docs), res.bad, res.err)
	}
}

func TestCSVRecordTooLarge(t *testing.T) {
	// An unclosed quote swallows the rest of the file into one field.
	body := "id,text\na,ok\nb,\"unclosed " + strings.Repeat("word ", 100000) + "\n"
	p := write(t, t.TempDir(), "u.csv", []byte(body))
	res := read(t, []string{p}, "", Options{MaxBytes: 10000})
	if res.err != nil || ids(res.docs) != "a" || len(res.bad) != 1 || !errors.Is(res.bad[0], ErrTooLarge) {
		t.Errorf("ids %s, errors %v, err %v", ids(res.docs), res.bad, res.err)
	}
	if len(res.bad) == 1 && !strings.Contains(res.bad[0].Error(), filepath.Base(p)+":3:") {
		t.Errorf("error does not name the line: %v", res.bad[0])
	}
}

// TestACLEDEvalFile reads the ACLED evaluation file from the shared folder, when it is there,
// with default options: every row with notes must come out as a document.
func TestACLEDEvalFile(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "eval", "acled-2020-dev.csv")
	if _, err := os.Stat(p); err != nil {
		t.Skip("no ACLED evaluation file:", err)
	}
	res := read(t, []string{p}, "", Options{})
	if res.err != nil {
		t.Fatal(res.err)
	}
	// The file ends in a truncated row without notes: that one is a record error.
	for _, err := range res.bad {
		if !errors.Is(err, ErrNoText) {
			t.Errorf("record error: %v", err)
		}
	}
	if len(res.docs) < 3000 {
		t.Fatalf("%d documents", len(res.docs))
	}
	for _, d := range res.docs {
		if d.ID == "" || d.Published.IsZero() || d.Text == "" {
			t.Fatalf("incomplete document %+v", d)
		}
	}
}
