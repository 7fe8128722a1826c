package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// feeds add, list, poll and remove against a real SQLite file and a local feed server.
func TestFeedsCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Wire</title>
<item><guid>vw-1</guid><title>Shelling near Homs</title><pubDate>Sat, 06 Dec 2025 07:00:00 GMT</pubDate>
<description>Rebels shelled the outskirts of Homs on Friday, killing three people, a monitor said.</description></item>
<item><guid>vw-2</guid><title>Protest in Aleppo</title><pubDate>Sat, 06 Dec 2025 09:00:00 GMT</pubDate>
<description>Hundreds of people protested in Aleppo on Saturday against rising bread prices, witnesses said.</description></item>
</channel></rss>`))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "sitrep.db")
	u := srv.URL + "/rss.xml"

	out, errOut, code := run(t, "feeds", "add", "--db", db, "--interval", "10m", u)
	if code != 0 || !strings.Contains(out, "added feed 1: "+u) {
		t.Fatalf("add: exit %d, %q %q", code, out, errOut)
	}
	if out, _, code := run(t, "feeds", "add", "--db", db, u); code != 0 || !strings.Contains(out, "already there") {
		t.Errorf("add twice: exit %d, %q", code, out)
	}
	if _, errOut, code := run(t, "feeds", "add", "--db", db, "ftp://example.test/x"); code == 0 || !strings.Contains(errOut, "http") {
		t.Errorf("add ftp: exit %d, %q", code, errOut)
	}
	if _, _, code := run(t, "feeds", "frobnicate", "--db", db); code != 2 {
		t.Errorf("unknown sub-command: exit %d", code)
	}

	list := func() []map[string]any {
		t.Helper()
		out, errOut, code := run(t, "feeds", "list", "--db", db, "--json")
		if code != 0 {
			t.Fatalf("list: exit %d: %s", code, errOut)
		}
		var feeds []map[string]any
		for line := range strings.Lines(out) {
			var f map[string]any
			if err := json.Unmarshal([]byte(line), &f); err != nil {
				t.Fatalf("list line %q: %v", line, err)
			}
			feeds = append(feeds, f)
		}
		return feeds
	}
	if l := list(); len(l) != 1 || l[0]["state"] != "new" || l[0]["interval_seconds"] != 600.0 || l[0]["url"] != u {
		t.Errorf("list after add: %v", l)
	}

	if _, errOut, code := run(t, "feeds", "poll", "--db", db); code != 0 {
		t.Fatalf("poll: exit %d: %s", code, errOut)
	}
	c := counts(t, db)
	if c.Articles != 2 || c.Events == 0 {
		t.Errorf("after poll: %+v", c)
	}
	if l := list(); len(l) != 1 || l[0]["state"] != "ok" || l[0]["articles"] != 2.0 || l[0]["title"] != "Valley Wire" {
		t.Errorf("list after poll: %v", l)
	}
	// Polled again: nothing new is stored.
	if _, errOut, code := run(t, "feeds", "poll", "--db", db); code != 0 {
		t.Fatalf("second poll: exit %d: %s", code, errOut)
	}
	if c2 := counts(t, db); c2 != c {
		t.Errorf("second poll changed the store: %+v -> %+v", c, c2)
	}

	if out, errOut, code := run(t, "feeds", "remove", "--db", db, "1"); code != 0 || !strings.Contains(out, "removed "+u) {
		t.Fatalf("remove: exit %d: %q %q", code, out, errOut)
	}
	if l := list(); len(l) != 0 {
		t.Errorf("list after remove: %v", l)
	}
	if _, _, code := run(t, "feeds", "remove", "--db", db, "1"); code != 1 {
		t.Errorf("remove twice: exit %d", code)
	}
	// Articles stay after their feed is removed.
	if c3 := counts(t, db); c3.Articles != 2 {
		t.Errorf("articles after remove: %+v", c3)
	}
}
