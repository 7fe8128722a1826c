package geo

import (
	"reflect"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/evalfile"
)

// TestConcurrentFind checks that texts read at the same time on several goroutines, sharing
// the pooled scratch of spot and resolve, get the places they get one at a time.
func TestConcurrentFind(t *testing.T) {
	g := gaz(t)
	texts := []string{benchText}
	if notes := evalfile.Notes(); len(notes) > 0 {
		texts = append(texts, notes[:min(len(notes), 599)]...)
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
