package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// synthDocs makes n short reports in our own words: four kinds of event in twenty towns of
// ten countries over a year, each event told by three outlets in slightly different words.
func synthDocs(n int) []doc.Document {
	towns := []string{"Aleppo", "Homs", "Kharkiv", "Odesa", "Mosul", "Basra", "Kidal", "Gao", "Goma", "Bukavu",
		"Mogadishu", "Kismayo", "Maiduguri", "Kano", "Khartoum", "Nyala", "Kandahar", "Herat", "Sanaa", "Aden"}
	outlets := []string{"North Wire", "Daily Ledger", "Evening Post", "Radio Free Valley", "The Courier", "Monitor Weekly"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	docs := make([]doc.Document, n)
	for i := range docs {
		ev := i / 3
		pub := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (ev/len(towns))%365+1)
		town := towns[ev%len(towns)]
		day := days[int(pub.Weekday()+5)%7]
		k := 2 + ev%9 + i%3
		var text string
		switch (ev / len(towns)) % 4 {
		case 0:
			text = fmt.Sprintf("%d civilians were killed when an air strike hit a market in %s on %s, residents said.", k, town, day)
		case 1:
			text = fmt.Sprintf("Fighting between the army and rebels near %s on %s left %d soldiers dead, a military spokesman said.", town, day, k)
		case 2:
			text = fmt.Sprintf("Hundreds of people protested in %s on %s against rising bread prices, witnesses said.", town, day)
		default:
			text = fmt.Sprintf("Gunmen abducted %d villagers near %s on %s, according to local officials.", k, town, day)
		}
		text += fmt.Sprintf(" Case file %d.", ev)
		if i%3 == 1 {
			text = "Reports say: " + text + " The toll could rise."
		}
		docs[i] = doc.Document{ID: fmt.Sprintf("b-%d", i), Text: text, Published: pub, Outlet: outlets[i%len(outlets)]}
	}
	return docs
}

// BenchmarkIngest stores short reports into a fresh SQLite file the way `sitrep ingest` does:
// coded on every core with one shared coder, merged, batched. reports/s is the figure the
// issue sets at 2,000 or more.
func BenchmarkIngest(b *testing.B) {
	c := testCoder(b)
	docs := synthDocs(6000)
	ctx := context.Background()
	b.ReportAllocs()
	var total time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := s.IngestAll(ctx, c, StreamOptions{}, func(emit func(doc.Document, []byte) error) error {
			for _, d := range docs {
				if err := emit(d, nil); err != nil {
					return err
				}
			}
			return nil
		})
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Articles != len(docs) || sum.MergedEvents == 0 {
			b.Fatalf("ingest: %+v", sum)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs)*b.N)/total.Seconds(), "reports/s")
}
