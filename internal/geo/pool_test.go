package geo

import (
	"encoding/csv"
	"os"
	"reflect"
	"sync"
	"testing"
)

// TestConcurrentFind checks that texts read at the same time on several goroutines, sharing
// the pooled scratch of spot and resolve, get the places they get one at a time.
func TestConcurrentFind(t *testing.T) {
	g := gaz(t)
	texts := []string{benchText}
	if f, err := os.Open(evalPath("acled-2020-dev.csv")); err == nil {
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, h := range recs[0] {
			if h == "notes" {
				col = i
			}
		}
		for _, r := range recs[1:min(len(recs), 600)] {
			texts = append(texts, r[col])
		}
	}
	want := make([][]Location, len(texts))
	for i, s := range texts {
		want[i] = g.Find(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range texts {
				i := (k + w*len(texts)/4) % len(texts)
				if got := g.Find(texts[i]); !reflect.DeepEqual(got, want[i]) {
					errs <- texts[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("Find(%q) on a goroutine differs from Find alone", s)
	}
}
