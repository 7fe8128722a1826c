package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/samples"
)

// Code on four goroutines at once gives what it gives alone: the per-document buffers it
// pools (and package casualty's) are never shared between two documents in flight.
// Run it under -race: a buffer shared by two goroutines is reported there at once (checked
// by making the pool hand out one buffer), while the events may still come out right.
func TestCodeConcurrent(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var docs []doc.Document
	sc := bufio.NewScanner(bytes.NewReader(samples.Reports))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var raw struct{ ID, Text, Published string }
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		d := doc.Document{ID: raw.ID, Text: raw.Text}
		if pub, err := time.Parse(doc.DateLayout, raw.Published); err == nil {
			d.Published = pub
		}
		docs = append(docs, d)
	}
	if len(docs) < 2 {
		t.Fatalf("%d sample reports", len(docs))
	}
	want := make([][]event.Event, len(docs))
	for i, d := range docs {
		want[i] = c.Code(d)
	}
	var wg sync.WaitGroup
	got := make([][][]event.Event, 4)
	for g := range got {
		got[g] = make([][]event.Event, len(docs))
		wg.Go(func() {
			for round := 0; round < 5; round++ {
				for i := range docs {
					k := (i + g*7) % len(docs) // each goroutine in its own order
					got[g][k] = c.Code(docs[k])
				}
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i := range docs {
			if !reflect.DeepEqual(got[g][i], want[i]) {
				t.Errorf("goroutine %d, report %s: events differ from one goroutine's", g, docs[i].ID)
			}
		}
	}
}
