package cluster

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// TestACLEDRowsStayApart is a precision check at scale: every row of ACLED's export is a
// distinct event (ACLED has already merged its reports), so when the notes of two rows end in
// one merged event, that is a false merge. It reads the evaluation file in the shared folder
// at test time (nothing of it is copied into the project) and skips without it.
//
// ACLED's rows are finer than what reports can tell apart: separate rows for each protest in
// one city on one day, or each day of shelling on one front-line village. Most false pairs
// are of that kind (the log breaks them down by whether ACLED gives the two rows the same
// date and location); the bound below guards against regressions, it is not a target.
func TestACLEDRowsStayApart(t *testing.T) {
	if testing.Short() {
		t.Skip("codes 3,500 notes")
	}
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "eval", "acled-2020-dev.csv"))
	if err != nil {
		t.Skip("no ACLED evaluation file:", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var docs []doc.Document
	for _, row := range rows {
		// Published on the day of the event, as news is; ACLED's timestamp is the upload of
		// a weekly batch, which would make every report look published the same day.
		pub, err := time.Parse("2-Jan-06", row[col["event_date"]])
		if err != nil {
			t.Fatalf("%s: %v", row[col["event_id_cnty"]], err)
		}
		docs = append(docs, doc.Document{ID: row[col["event_id_cnty"]], Text: row[col["notes"]], Published: pub})
	}
	ms := mentionsOf(t, docs)
	evs := Cluster(ms)
	gold := map[string][]string{}
	for _, row := range rows {
		gold[row[col["event_id_cnty"]]] = []string{row[col["event_date"]], row[col["location"]], row[col["sub_event_type"]]}
	}
	merged, pairs := 0, 0
	kinds := map[string]int{}
	for _, e := range evs {
		n := len(e.DocIDs)
		if n < 2 {
			continue
		}
		merged += n
		pairs += n * (n - 1) / 2
		for i := range e.DocIDs {
			for j := i + 1; j < n; j++ {
				a, b := gold[e.DocIDs[i]], gold[e.DocIDs[j]]
				k := "other"
				switch {
				case a[0] == b[0] && a[1] == b[1] && a[2] == b[2]:
					k = "same date, location and sub-type"
				case a[0] == b[0] && a[2] == b[2]:
					k = "same date and sub-type, another location"
				case a[1] == b[1] && a[2] == b[2]:
					k = "same location and sub-type, another date"
				}
				kinds[k]++
			}
		}
	}
	rate := float64(merged) / float64(len(docs))
	t.Logf("ACLED rows: %d, mentions %d -> events %d; rows merged with another row: %d (%.1f%%), false pairs %d %v",
		len(docs), len(ms), len(evs), merged, 100*rate, pairs, kinds)
	if rate > 0.27 {
		t.Errorf("%.1f%% of distinct ACLED events merged with another: want at most 27%%", 100*rate)
	}
}
