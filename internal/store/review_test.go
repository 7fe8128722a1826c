package store

// These review tests were drafted by the API engineer against the merge/split contract of
// internal/web/openapi.json; they run here against the store's implementation.

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/extract"
)

// reviewReports are short reports in our own words, coded by the real coder (Reprocess codes
// them again): one attack near Kidal told three times, one protest in Goma told twice, and an
// unrelated bombing in Helmand.
var reviewReports = []struct{ id, published, outlet, text string }{
	{"k1", "2025-03-13", "Desert Wire", "Islamist militants attacked an army post near Kidal on Wednesday, killing four soldiers, the army said."},
	{"k2", "2025-03-13", "Sahel Post", "Four Malian soldiers were killed when jihadist fighters stormed a military post outside Kidal on Wednesday, a security source said."},
	{"k3", "2025-03-14", "Niger Valley Radio", "At least three soldiers died in an attack by militants on an army base near Kidal on Wednesday, local officials said."},
	{"g1", "2025-03-14", "Great Lakes Daily", "Hundreds of residents marched through the centre of Goma on Thursday to protest against power cuts. Police fired tear gas to disperse the crowd."},
	{"g2", "2025-03-15", "Kivu Times", "Police used tear gas against protesters in Goma on Thursday who were angry about repeated power cuts, witnesses said."},
	{"h1", "2025-03-15", "Kabul Ledger", "A roadside bomb struck a police vehicle in Lashkar Gah, Helmand province, on Friday, killing two officers, the provincial governor said."},
}

// A later report of the Kidal attack.
var reviewLate = struct{ id, published, outlet, text string }{
	"k5", "2025-03-16", "Bamako Evening", "Four soldiers were killed in an attack by jihadists near Kidal on Wednesday, the army said.",
}

type reviewFixture struct {
	s       *Store
	c       *extract.Coder
	kidal   string            // event of k1, k2, k3
	goma    string            // event of g1, g2
	helmand string            // event of h1
	mention map[string]string // doc id -> its mention id
}

func (f *reviewFixture) ingest(t *testing.T, rs ...struct{ id, published, outlet, text string }) {
	t.Helper()
	for _, r := range rs {
		d := doc.Document{ID: r.id, Outlet: r.outlet, Text: r.text}
		d.Published, _ = time.Parse(doc.DateLayout, r.published)
		if _, err := f.s.IngestArticle(context.Background(), f.c, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.mention = map[string]string{}
	rows, err := f.s.db.Query(`SELECT m.id, a.doc_id FROM mentions m JOIN articles a ON a.id = m.article_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m, d string
		rows.Scan(&m, &d)
		f.mention[d] = m
	}
}

// docsOf returns the doc ids of event id's mentions, sorted, joined by commas.
func (f *reviewFixture) docsOf(t *testing.T, id string) string {
	t.Helper()
	d, err := f.s.Event(context.Background(), id)
	if err != nil {
		t.Fatalf("event %s: %v", id, err)
	}
	var docs []string
	for _, m := range d.Mentions {
		docs = append(docs, m.Article.DocID)
	}
	sort.Strings(docs)
	return strings.Join(docs, ",")
}

// groups returns every stored event as its sorted doc ids, sorted.
func (f *reviewFixture) groups(t *testing.T) string {
	t.Helper()
	rows, _, err := f.s.Events(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, f.docsOf(t, r.EventID))
	}
	sort.Strings(out)
	return strings.Join(out, " | ")
}

func newReviewFixture(t *testing.T, dsn string) *reviewFixture {
	f := &reviewFixture{s: openT(t, dsn), c: testCoder(t)}
	f.ingest(t, reviewReports...)
	ev := func(doc string) string {
		t.Helper()
		var id string
		err := f.s.db.QueryRow(f.s.q(`SELECT event_id FROM event_mentions WHERE mention_id = ?`), f.mention[doc]).Scan(&id)
		if err != nil {
			t.Fatalf("no event for %s (%s): %v", doc, f.mention[doc], err)
		}
		return id
	}
	f.kidal, f.goma, f.helmand = ev("k1"), ev("g1"), ev("h1")
	// The fixture needs the coder and clustering to group the reports as a reader would.
	if g := f.groups(t); g != "g1,g2 | h1 | k1,k2,k3" {
		t.Fatalf("the coder and clustering group the review reports as %q, want %q: update the fixture", g, "g1,g2 | h1 | k1,k2,k3")
	}
	return f
}

func TestReviewErrors(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newReviewFixture(t, dsn)
		s := f.s
		before, _ := s.Counts(ctx)
		for _, c := range []struct {
			name string
			err  error
			want error
		}{
			{"merge with itself", merr(s.Merge(ctx, f.kidal, f.kidal, "ana", "x")), ErrInvalid},
			{"merge without why", merr(s.Merge(ctx, f.kidal, f.goma, "ana", " ")), ErrInvalid},
			{"merge without who", merr(s.Merge(ctx, f.kidal, f.goma, "", "x")), ErrInvalid},
			{"merge of a missing event", merr(s.Merge(ctx, f.kidal, "e0000000000000000", "ana", "x")), ErrNotFound},
			{"merge into a missing event", merr(s.Merge(ctx, "e0000000000000000", f.kidal, "ana", "x")), ErrNotFound},
			{"split of a missing event", serr(s.Split(ctx, "e0000000000000000", []string{f.mention["k1"]}, "ana", "x")), ErrNotFound},
			{"split of nothing", serr(s.Split(ctx, f.kidal, nil, "ana", "x")), ErrInvalid},
			{"split of another event's mention", serr(s.Split(ctx, f.kidal, []string{f.mention["g1"]}, "ana", "x")), ErrInvalid},
			{"split of every mention", serr(s.Split(ctx, f.kidal, []string{f.mention["k1"], f.mention["k2"], f.mention["k3"]}, "ana", "x")), ErrInvalid},
			{"split without who", serr(s.Split(ctx, f.kidal, []string{f.mention["k1"]}, "", "x")), ErrInvalid},
		} {
			if !errors.Is(c.err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
			} else if c.want == ErrInvalid && errors.Is(c.err, ErrNotFound) {
				t.Errorf("%s: %v is also ErrNotFound", c.name, c.err)
			}
			if c.err != nil && strings.Contains(c.err.Error(), "\n") {
				t.Errorf("%s: error of more than one line: %q", c.name, c.err)
			}
		}
		if after, _ := s.Counts(ctx); after != before {
			t.Errorf("refused requests changed the store: %+v -> %+v", before, after)
		}
		var me *MergedError
		if _, err := s.Event(ctx, "e0000000000000000"); !errors.Is(err, ErrNotFound) || errors.As(err, &me) {
			t.Errorf("Event of an unknown id: %v", err)
		}
	})
}

// mergedTo asks for a merged-away event, which must be not found, and says where it went.
func mergedTo(t *testing.T, s *Store, id string) string {
	t.Helper()
	_, err := s.Event(context.Background(), id)
	var me *MergedError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &me) {
		t.Errorf("event %s after a merge: %v, want a MergedError", id, err)
		return ""
	}
	return me.Into
}

func merr(_ *EventRow, err error) error { return err }
func serr(_ string, err error) error    { return err }

// TestMergeSurvivesReprocess merges the three-report Kidal event into the one-report Helmand
// event (the survivor is the smaller: clustering, and the stored-id matching of reprocess,
// would both give the group to the Kidal side), then reprocesses.
func TestMergeSurvivesReprocess(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newReviewFixture(t, dsn)
		s := f.s
		if _, err := s.Edit(ctx, f.helmand, Edit{Field: "location", Value: json.RawMessage(`"Checked Place"`), Who: "ana", Why: "map"}); err != nil {
			t.Fatal(err)
		}
		r, err := s.Merge(ctx, f.helmand, f.kidal, "ben", "one operation")
		if err != nil {
			t.Fatal(err)
		}
		if r.EventID != f.helmand || r.Location != "Checked Place" || len(r.DocIDs) != 4 {
			t.Errorf("merged event: id %s location %q doc_ids %v", r.EventID, r.Location, r.DocIDs)
		}
		check := func(when string) {
			t.Helper()
			if g := f.groups(t); g != "g1,g2 | h1,k1,k2,k3" {
				t.Errorf("%s: events %s", when, g)
			}
			if into := mergedTo(t, s, f.kidal); into != f.helmand {
				t.Errorf("%s: merged-away event went to %q, want %s", when, into, f.helmand)
			}
			d, err := s.Event(ctx, f.helmand)
			if err != nil {
				t.Fatalf("%s: survivor: %v", when, err)
			}
			if d.Location != "Checked Place" {
				t.Errorf("%s: the survivor's edit lost: location %q", when, d.Location)
			}
			merges := 0
			for _, a := range d.Audit {
				if a.Field == "merge" && a.New == `"`+f.kidal+`"` && a.Who == "ben" && a.Why == "one operation" {
					merges++
				}
			}
			if merges != 1 {
				t.Errorf("%s: audit of the survivor %+v, want one merge entry", when, d.Audit)
			}
		}
		check("after merge")
		if _, err := s.Reprocess(ctx, f.c, 1); err != nil {
			t.Fatal(err)
		}
		check("after reprocess")
		// A later merge of the survivor is followed.
		if _, err := s.Merge(ctx, f.goma, f.helmand, "ben", "all one day"); err != nil {
			t.Fatal(err)
		}
		if into := mergedTo(t, s, f.kidal); into != f.goma {
			t.Errorf("after a second merge, the first merged-away event went to %q, want %s", into, f.goma)
		}
		if _, err := s.Reprocess(ctx, f.c, 1); err != nil {
			t.Fatal(err)
		}
		if g := f.groups(t); g != "g1,g2,h1,k1,k2,k3" {
			t.Errorf("after a second merge and reprocess: %s", g)
		}
	})
}

// TestSplitSurvivesIngestAndReprocess splits two of the three Kidal reports off (the larger
// part moves), then a new report of the attack arrives, then everything is reprocessed: the
// new report may join either part, but the parts never come together again.
func TestSplitSurvivesIngestAndReprocess(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newReviewFixture(t, dsn)
		s := f.s
		if _, err := s.Edit(ctx, f.kidal, Edit{Field: "fatalities", Value: json.RawMessage(`5`), Who: "ana", Why: "hospital"}); err != nil {
			t.Fatal(err)
		}
		newID, err := s.Split(ctx, f.kidal, []string{f.mention["k1"], f.mention["k2"]}, "ben", "two posts attacked")
		if err != nil {
			t.Fatal(err)
		}
		if newID == f.kidal || newID == "" {
			t.Fatalf("split gave id %q", newID)
		}
		check := func(when string, late bool) {
			t.Helper()
			from, to := f.docsOf(t, f.kidal), f.docsOf(t, newID)
			from, to = strings.TrimSuffix(from, ",k5"), strings.TrimSuffix(to, ",k5")
			if from != "k3" || to != "k1,k2" {
				t.Errorf("%s: parts %q and %q, want k3 and k1,k2 (k5 may join either)", when, from, to)
			}
			g := f.groups(t)
			if late && !strings.Contains(g, "k5") {
				t.Errorf("%s: the late report is lost: %s", when, g)
			}
			if !strings.Contains(g, "g1,g2") || !strings.Contains(g, "h1") {
				t.Errorf("%s: other events changed: %s", when, g)
			}
			d, _ := s.Event(ctx, f.kidal)
			if d.Fatalities != 5 {
				t.Errorf("%s: the edit of the event split lost: fatalities %d", when, d.Fatalities)
			}
			for _, id := range []string{f.kidal, newID} {
				d, _ := s.Event(ctx, id)
				n := 0
				for _, a := range d.Audit {
					if a.Field == "split" && a.Who == "ben" {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%s: audit of %s %+v, want one split entry", when, id, d.Audit)
				}
			}
		}
		check("after split", false)
		// Clustering alone puts all the Kidal reports together again (the fixture before
		// the split); the part moved out holds more of them than the part left.
		if _, err := s.Reprocess(ctx, f.c, 1); err != nil {
			t.Fatal(err)
		}
		check("after reprocess", false)
		f.ingest(t, reviewLate)
		check("after a new report", true)
		if _, err := s.Reprocess(ctx, f.c, 1); err != nil {
			t.Fatal(err)
		}
		check("after a new report and reprocess", true)
		// A reviewer may still merge the parts back; that holds too.
		if _, err := s.Merge(ctx, f.kidal, newID, "ana", "same attack after all"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reprocess(ctx, f.c, 1); err != nil {
			t.Fatal(err)
		}
		if got := f.docsOf(t, f.kidal); got != "k1,k2,k3,k5" {
			t.Errorf("merged back and reprocessed: %s", got)
		}
	})
}
