package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/store"
)

const testToken = "t0ken"

var sharedCoder = sync.OnceValues(extract.New)

// newTestServer starts the API over a fresh SQLite file.
func newTestServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	coder, err := sharedCoder()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := New(Options{Token: testToken, Store: st, Coder: coder, Alerts: st, OpenAPI: []byte(`{"openapi":"3.0.3"}`)})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, st
}

// call makes a request and decodes a JSON answer into out (if not nil).
func call(t *testing.T, method, url, ctype, body string, auth bool, out any) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+testToken)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, b)
		}
	}
	return resp.StatusCode, string(b)
}

const report1 = `Government forces shelled the village of Kansafra in Idlib province on Saturday, killing two civilians, rescue workers said.`
const report2 = `Two civilians were killed on Saturday when army artillery shelled homes in the village of Kansafra in Idlib province, the civil defence said.`

func TestPostArticleMergesAndIsIdempotent(t *testing.T) {
	ts, st := newTestServer(t)
	var r1, r2, again ingestResult
	if code, body := call(t, "POST", ts.URL+"/api/articles", "application/json",
		`{"id":"one","text":"`+report1+`","published":"2025-02-03","outlet":"Outlet A"}`, true, &r1); code != 201 {
		t.Fatalf("first post: %d %s", code, body)
	}
	if len(r1.Events) != 1 || len(r1.NewEvents) != 1 {
		t.Fatalf("first post made %d events, %v new: %+v", len(r1.Events), r1.NewEvents, r1)
	}
	// The same report as plain text with its metadata in the query.
	if code, body := call(t, "POST", ts.URL+"/api/articles?id=two&published=2025-02-02&outlet=Outlet+B", "text/plain", report2, true, &r2); code != 201 {
		t.Fatalf("second post: %d %s", code, body)
	}
	if len(r2.MergedEvents) != 1 || r2.MergedEvents[0] != r1.NewEvents[0] {
		t.Fatalf("second report should join event %v, got new %v merged %v", r1.NewEvents, r2.NewEvents, r2.MergedEvents)
	}
	if code, _ := call(t, "POST", ts.URL+"/api/articles", "application/json",
		`{"id":"one","text":"`+report1+`","published":"2025-02-03","outlet":"Outlet A"}`, true, &again); code != 200 || !again.Duplicate {
		t.Fatalf("repeat post: %d duplicate=%v", code, again.Duplicate)
	}
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 2 || c.Events != 1 {
		t.Errorf("store holds %d articles and %d events, want 2 and 1", c.Articles, c.Events)
	}
	var d eventDetail
	if code, body := call(t, "GET", ts.URL+"/api/events/"+r1.NewEvents[0], "", "", false, &d); code != 200 {
		t.Fatalf("detail: %d %s", code, body)
	}
	if len(d.Mentions) != 2 || d.Mentions[0].Article == nil || d.Mentions[0].Article.Published > d.Mentions[1].Article.Published {
		t.Errorf("detail should list both mentions with articles, oldest first: %+v", d.Mentions)
	}
	if len(d.Event.Sources) != 2 {
		t.Errorf("sources %v, want both outlets", d.Event.Sources)
	}
}

func TestPostArticleRefusals(t *testing.T) {
	ts, st := newTestServer(t)
	cases := []struct {
		name, ctype, body string
		auth              bool
		status            int
	}{
		{"no token", "application/json", `{"text":"` + report1 + `"}`, false, 401},
		{"malformed", "application/json", `{"text": "abc`, true, 400},
		{"unknown field", "application/json", `{"text":"x","colour":"red"}`, true, 400},
		{"empty text", "application/json", `{"text":"   "}`, true, 400},
		{"bad date", "application/json", `{"text":"` + report1 + `","published":"last Friday"}`, true, 400},
		{"wrong type", "application/pdf", report1, true, 415},
		{"10 MB", "text/plain", strings.Repeat("killed ", 10<<20/7), true, 413},
	}
	for _, c := range cases {
		code, body := call(t, "POST", ts.URL+"/api/articles", c.ctype, c.body, c.auth, nil)
		if code != c.status || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s, want %d with a JSON error", c.name, code, body, c.status)
		}
	}
	if c, _ := st.Counts(context.Background()); c.Articles != 0 {
		t.Errorf("refused posts stored %d articles", c.Articles)
	}
}

func TestInvalidUTF8IsReplacedNotRefused(t *testing.T) {
	ts, st := newTestServer(t)
	body := "Gunmen killed three villagers in Kidal on Monday.\xff\xfe"
	var r ingestResult
	if code, b := call(t, "POST", ts.URL+"/api/articles?published=2025-03-04", "text/plain", body, true, &r); code != 201 {
		t.Fatalf("%d %s", code, b)
	}
	a, err := st.Article(context.Background(), r.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "\uFFFD") {
		t.Errorf("stored text %q lacks the replacement character", a.Text)
	}
}

func TestEventsFiltersPagesAndFormats(t *testing.T) {
	ts, _ := newTestServer(t)
	reports := []string{
		`{"id":"a","published":"2025-01-10","outlet":"X","text":"A drone struck a car near Qamishli on Thursday, killing two fighters, a monitor said."}`,
		`{"id":"b","published":"2025-02-05","outlet":"Y","text":"Shelling by the Rapid Support Forces killed 12 civilians in El Fasher on Tuesday, the resistance committee said."}`,
		`{"id":"c","published":"2025-03-14","outlet":"Z","text":"Hundreds of residents marched through Goma on Thursday to protest against power cuts, witnesses said."}`,
	}
	for _, r := range reports {
		if code, b := call(t, "POST", ts.URL+"/api/articles", "application/json", r, true, nil); code != 201 {
			t.Fatalf("%d %s", code, b)
		}
	}
	var all struct {
		Events     []store.EventRow `json:"events"`
		NextCursor string           `json:"next_cursor"`
	}
	call(t, "GET", ts.URL+"/api/events", "", "", false, &all)
	if len(all.Events) != 3 || all.NextCursor != "" {
		t.Fatalf("all events: %d, cursor %q", len(all.Events), all.NextCursor)
	}
	// Pages of one, in order, neither skipping nor repeating.
	var seen []string
	cursor := ""
	for i := 0; i < 5; i++ {
		var page struct {
			Events     []store.EventRow `json:"events"`
			NextCursor string           `json:"next_cursor"`
		}
		call(t, "GET", ts.URL+"/api/events?limit=1&cursor="+cursor, "", "", false, &page)
		for _, e := range page.Events {
			seen = append(seen, e.EventID)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 3 || seen[0] != all.Events[0].EventID || seen[2] != all.Events[2].EventID {
		t.Errorf("paged ids %v, want %v", seen, []string{all.Events[0].EventID, all.Events[1].EventID, all.Events[2].EventID})
	}
	var sudan struct{ Events []map[string]any }
	call(t, "GET", ts.URL+"/api/events?country=Sudan&fatalities_min=5&fields=location,fatalities", "", "", false, &sudan)
	if len(sudan.Events) != 1 || len(sudan.Events[0]) != 3 || sudan.Events[0]["fatalities"] != float64(12) {
		t.Errorf("Sudan with fields: %v", sudan.Events)
	}
	for q, want := range map[string]int{
		"event_type=Protests": 1, "event_date_from=2025-02-01&event_date_to=2025-02-28": 1,
		"country=SYR": 1, "q=drone": 1, "actor=Rapid+Support+Forces": 1,
	} {
		var res struct{ Events []store.EventRow }
		call(t, "GET", ts.URL+"/api/events?"+q, "", "", false, &res)
		if len(res.Events) != want {
			t.Errorf("%s: %d events, want %d", q, len(res.Events), want)
		}
	}
	for _, q := range []string{"country=Sudan&country=Syria", "event_type=Battle", "event_date_from=yesterday", "limit=0", "fatalities_min=-1", "format=xml", "fields=colour"} {
		if code, body := call(t, "GET", ts.URL+"/api/events?"+q, "", "", false, nil); code != 400 || !strings.Contains(body, "error") {
			t.Errorf("%s: %d %s, want 400", q, code, body)
		}
	}
	code, csv := call(t, "GET", ts.URL+"/api/events?format=csv", "", "", false, nil)
	if code != 200 || !strings.Contains(csv, ",event_id_cnty,") || strings.Count(strings.TrimSpace(csv), "\n") != 3 {
		t.Errorf("csv: %d\n%s", code, csv)
	}
	var fc struct {
		Type     string
		Features []json.RawMessage
	}
	call(t, "GET", ts.URL+"/api/events?format=geojson", "", "", false, &fc)
	if fc.Type != "FeatureCollection" || len(fc.Features) != 3 {
		t.Errorf("geojson: %s with %d features", fc.Type, len(fc.Features))
	}
	var stats struct {
		Series []store.Series
	}
	call(t, "GET", ts.URL+"/api/stats?interval=month&by=country", "", "", false, &stats)
	total := 0
	for _, s := range stats.Series {
		for _, p := range s.Points {
			total += p.Events
		}
	}
	if len(stats.Series) != 3 || total != 3 {
		t.Errorf("stats by country: %+v", stats.Series)
	}
}

func TestPatchIsValidatedWholeAndAudited(t *testing.T) {
	ts, _ := newTestServer(t)
	var r ingestResult
	call(t, "POST", ts.URL+"/api/articles", "application/json", `{"id":"a","published":"2025-02-03","outlet":"A","text":"`+report1+`"}`, true, &r)
	id := r.NewEvents[0]
	url := ts.URL + "/api/events/" + id
	for _, body := range []string{
		`{"set":{"fatalities":3}}`, // no reason
		`{"set":{"fatalities":3,"event_date":"2025-02-31"},"reason":"x"}`,
		`{"set":{"sub_event_type":"Armed clash"},"reason":"x"}`, // not a kind of Explosions
		`{"set":{"latitude":35.6},"reason":"x"}`,
		`{"set":{"cameo":"19"},"reason":"x"}`,
		`{"set":{"fatalities":-1},"reason":"x"}`,
		`{"reason":"x"}`,
	} {
		if code, b := call(t, "PATCH", url, "application/json", body, true, nil); code != 400 {
			t.Errorf("%s: %d %s, want 400", body, code, b)
		}
	}
	if code, _ := call(t, "PATCH", url, "application/json", `{"set":{"location":"X"},"reason":"x"}`, false, nil); code != 401 {
		t.Errorf("patch without token: %d", code)
	}
	var d eventDetail
	call(t, "GET", url, "", "", false, &d)
	if len(d.Audit) != 0 || d.Event.Location == "X" {
		t.Fatalf("refused patches changed the event: audit %v", d.Audit)
	}
	body := `{"set":{"fatalities":3,"fatalities_high":3,"location":"Kansafra village"},"reason":"third victim died in hospital","who":"analyst"}`
	if code, b := call(t, "PATCH", url, "application/json", body, true, &d); code != 200 {
		t.Fatalf("patch: %d %s", code, b)
	}
	if d.Event.Fatalities != 3 || d.Supplied["fatalities"] != "review" || len(d.Audit) != 3 || d.Audit[0].Who != "analyst" || string(d.Audit[0].New) != "3" {
		t.Errorf("after patch: fatalities %d, supplied %q, audit %+v", d.Event.Fatalities, d.Supplied["fatalities"], d.Audit)
	}
	// The same values again change nothing.
	call(t, "PATCH", url, "application/json", body, true, &d)
	if len(d.Audit) != 3 {
		t.Errorf("a no-op patch added audit entries: %d", len(d.Audit))
	}
	call(t, "PATCH", url, "application/json", `{"not_event":true,"reason":"a drill"}`, true, &d)
	var list struct{ Events []store.EventRow }
	call(t, "GET", ts.URL+"/api/events", "", "", false, &list)
	if !d.NotEvent || len(list.Events) != 0 {
		t.Errorf("not_event: %v, %d events still listed", d.NotEvent, len(list.Events))
	}
	if code, _ := call(t, "GET", ts.URL+"/api/events/nope", "", "", false, nil); code != 404 {
		t.Errorf("unknown id: %d", code)
	}
}

func TestOpenAPIServed(t *testing.T) {
	ts, _ := newTestServer(t)
	code, body := call(t, "GET", ts.URL+"/api/openapi.json", "", "", false, nil)
	if code != 200 || !bytes.Contains([]byte(body), []byte("openapi")) {
		t.Errorf("%d %s", code, body)
	}
}

func TestMergeAndSplit(t *testing.T) {
	ts, _ := newTestServer(t)
	var a, b ingestResult
	call(t, "POST", ts.URL+"/api/articles", "application/json", `{"id":"a","published":"2025-02-03","outlet":"A","text":"`+report1+`"}`, true, &a)
	call(t, "POST", ts.URL+"/api/articles", "application/json", `{"id":"b","published":"2025-03-14","outlet":"B","text":"Hundreds of residents marched through Goma on Thursday to protest against power cuts, witnesses said."}`, true, &b)
	ida, idb := a.NewEvents[0], b.NewEvents[0]
	url := ts.URL + "/api/events/" + ida
	for body, want := range map[string]int{
		`{"other":"` + idb + `"}`:                    400, // no reason
		`{"other":"` + ida + `","reason":"x"}`:       400, // itself
		`{"other":"nope","reason":"x"}`:              404,
		`{"other":"` + idb + `","reason":"x","z":1}`: 400,
	} {
		if code, resp := call(t, "POST", url+"/merge", "application/json", body, true, nil); code != want {
			t.Errorf("merge %s: %d %s, want %d", body, code, resp, want)
		}
	}
	if code, _ := call(t, "POST", url+"/merge", "application/json", `{"other":"`+idb+`","reason":"x"}`, false, nil); code != 401 {
		t.Errorf("merge without token: %d", code)
	}
	var merged eventDetail
	if code, resp := call(t, "POST", url+"/merge", "application/json", `{"other":"`+idb+`","reason":"same event","who":"ana"}`, true, &merged); code != 200 {
		t.Fatalf("merge: %d %s", code, resp)
	}
	if len(merged.Mentions) != 2 {
		t.Fatalf("merged event has %d mentions", len(merged.Mentions))
	}
	code, resp := call(t, "GET", ts.URL+"/api/events/"+idb, "", "", false, nil)
	var gone struct {
		Error      string `json:"error"`
		MergedInto string `json:"merged_into"`
	}
	json.Unmarshal([]byte(resp), &gone)
	if code != 404 || gone.MergedInto != ida {
		t.Errorf("merged-away event: %d %s, want 404 with merged_into %s", code, resp, ida)
	}
	// Split the protest report back out.
	var protest string
	for _, m := range merged.Mentions {
		if m.Event.EventType == "Protests" {
			protest = m.ID
		}
	}
	all := `{"mentions":["` + merged.Mentions[0].ID + `","` + merged.Mentions[1].ID + `"],"reason":"x"}`
	for body, want := range map[string]int{
		`{"mentions":[],"reason":"x"}`:       400,
		`{"mentions":["nope"],"reason":"x"}`: 400,
		all:                                  400,
		`{"mentions":["` + protest + `"]}`:   400,
	} {
		if code, resp := call(t, "POST", url+"/split", "application/json", body, true, nil); code != want {
			t.Errorf("split %s: %d %s, want %d", body, code, resp, want)
		}
	}
	var split struct{ From, To eventDetail }
	if code, resp := call(t, "POST", url+"/split", "application/json", `{"mentions":["`+protest+`"],"reason":"two events"}`, true, &split); code != 201 {
		t.Fatalf("split: %d %s", code, resp)
	}
	if len(split.From.Mentions) != 1 || len(split.To.Mentions) != 1 || split.To.Event.EventType != "Protests" || split.From.Event.EventType == "Protests" {
		t.Errorf("after split: from %s with %d mentions, to %s with %d", split.From.Event.EventType, len(split.From.Mentions), split.To.Event.EventType, len(split.To.Mentions))
	}
	var list struct{ Events []store.EventRow }
	call(t, "GET", ts.URL+"/api/events", "", "", false, &list)
	if len(list.Events) != 2 {
		t.Errorf("%d events listed after merge and split, want 2", len(list.Events))
	}
}
