package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/alert"
)

func get(t *testing.T, path string, hdr ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIndex(t *testing.T) {
	for _, p := range []string{"/", "/index.html"} {
		r := get(t, p)
		if r.StatusCode != 200 {
			t.Fatalf("GET %s: %d", p, r.StatusCode)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q", p, ct)
		}
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q should allow only this origin's scripts", p, csp)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache (the page changes with the binary)", p, cc)
		}
		if !bytes.Contains(body(t, r), []byte(`src="/static/app.js"`)) {
			t.Errorf("GET %s: page does not load app.js", p)
		}
	}
}

// Every file the page and its script ask for must be embedded, so the dashboard works offline.
func TestReferencedFilesAreServed(t *testing.T) {
	idx, err := static.ReadFile("static/index.html")
	if err != nil {
		t.Fatal(err)
	}
	js, err := static.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllSubmatch(idx, -1) {
		refs[string(m[1])] = true
	}
	for _, m := range regexp.MustCompile(`'(/static/[^']+)'`).FindAllSubmatch(js, -1) {
		refs[string(m[1])] = true
	}
	if len(refs) < 8 {
		t.Fatalf("found only %d references: %v", len(refs), refs)
	}
	want := map[string]string{".js": "text/javascript", ".css": "text/css", ".json": "application/json", "LICENSE": "text/plain"}
	for ref := range refs {
		r := get(t, ref)
		if r.StatusCode != 200 {
			t.Errorf("GET %s: %d", ref, r.StatusCode)
			continue
		}
		for suffix, ct := range want {
			if strings.HasSuffix(ref, suffix) && !strings.HasPrefix(r.Header.Get("Content-Type"), ct) {
				t.Errorf("GET %s: Content-Type %q, want %s", ref, r.Header.Get("Content-Type"), ct)
			}
		}
	}
}

func TestCaching(t *testing.T) {
	const vendor = "/static/vendor/leaflet-1.9.4/leaflet.js"
	r := get(t, vendor)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("vendored file: Cache-Control %q, want immutable (its path has its version)", cc)
	}
	own := get(t, "/static/app.js")
	if cc := own.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("app.js: Cache-Control %q, want no-cache", cc)
	}
	etag := own.Header.Get("ETag")
	if etag == "" {
		t.Fatal("app.js: no ETag")
	}
	if r := get(t, "/static/app.js", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: %d, want 304", r.StatusCode)
	}
	if r := get(t, "/static/app.js", "If-None-Match", `W/`+etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the weak ETag: %d, want 304", r.StatusCode)
	}
	if r := get(t, "/static/app.js", "If-None-Match", `"other"`); r.StatusCode != 200 {
		t.Errorf("If-None-Match with another ETag: %d, want 200", r.StatusCode)
	}
}

func TestGzip(t *testing.T) {
	const p = "/static/vendor/world-atlas-2.0.2/countries-50m.json"
	plain := body(t, get(t, p))
	r := get(t, p, "Accept-Encoding", "br, gzip;q=0.8")
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", r.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
		t.Error("gzip response without Vary: Accept-Encoding")
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain) {
		t.Error("gzip body differs from the plain one")
	}
	if r.ContentLength <= 0 || r.ContentLength > int64(len(plain))/2 {
		t.Errorf("gzip Content-Length %d for %d plain bytes", r.ContentLength, len(plain))
	}
	if r := get(t, p, "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
	if r := get(t, "/static/vendor/leaflet-1.9.4/images/layers.png", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "" {
		t.Error("a PNG was gzipped")
	}
}

func TestMethodsAndMissing(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	rec = httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/static/app.css", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d body bytes", rec.Code, rec.Body.Len())
	}
	for _, p := range []string{"/nope", "/static/", "/static/../web.go", "/static/vendor/"} {
		if r := get(t, p); r.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, r.StatusCode)
		}
	}
}

// The dashboard's own code must never turn data into HTML: every API string reaches the page
// through textContent or text nodes. The browser test checks the behaviour; this keeps the
// dangerous sinks out of the source in the first place.
func TestNoHTMLSinks(t *testing.T) {
	js, err := static.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc", ".html("} {
		if bytes.Contains(js, []byte(sink)) {
			t.Errorf("app.js uses %s", sink)
		}
	}
}

func TestVendorLicences(t *testing.T) {
	entries, err := static.ReadDir("static/vendor")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		if _, err := static.ReadFile("static/vendor/" + e.Name() + "/LICENSE"); err != nil {
			t.Errorf("vendor/%s has no LICENSE", e.Name())
		}
	}
	if n != 4 {
		t.Errorf("%d vendored packages, want 4 (leaflet, uplot, topojson-client, world-atlas)", n)
	}
}

// TestOpenAPI checks the contract document is well formed: OpenAPI 3.0, every $ref resolves,
// operation ids are unique, every operation the lead's interface list names is there, every
// write needs the bearer token and documents 401, and every error response is the Error schema.
func TestOpenAPI(t *testing.T) {
	r := get(t, "/api/openapi.json")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if !bytes.Equal(body(t, r), OpenAPI()) {
		t.Fatal("served document differs from OpenAPI()")
	}
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("openapi %q, want 3.0.x", v)
	}

	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "$ref" {
					refs = append(refs, x.(string))
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	for _, ref := range refs {
		if resolve(doc, ref) == nil {
			t.Errorf("$ref %s does not resolve", ref)
		}
	}

	paths := doc["paths"].(map[string]any)
	want := []string{
		"GET /api/events", "GET /api/events/{id}", "PATCH /api/events/{id}", "POST /api/events/{id}/merge",
		"POST /api/events/{id}/split", "GET /api/stats", "POST /api/articles", "GET /api/feeds", "POST /api/feeds",
		"DELETE /api/feeds/{id}", "GET /api/alerts/rules", "POST /api/alerts/rules", "DELETE /api/alerts/rules/{id}",
		"GET /api/alerts", "GET /api/openapi.json", "GET /healthz", "GET /metrics",
	}
	have := map[string]bool{}
	ids := map[string]bool{}
	for p, item := range paths {
		for method, op := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + p
			have[key] = true
			o := op.(map[string]any)
			id, _ := o["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s: operationId %q missing or repeated", key, id)
			}
			ids[id] = true
			responses := o["responses"].(map[string]any)
			if method != "get" {
				sec, _ := json.Marshal(o["security"])
				if string(sec) != `[{"bearerAuth":[]}]` {
					t.Errorf("%s: security %s, want bearerAuth only", key, sec)
				}
				if responses["401"] == nil {
					t.Errorf("%s: no 401 response", key)
				}
			}
			for code, resp := range responses {
				if code[0] != '4' && code[0] != '5' || p == "/healthz" { // healthz answers 503 with its own Health body
					continue
				}
				b, _ := json.Marshal(resolve(doc, resp.(map[string]any)["$ref"]))
				if resp.(map[string]any)["$ref"] == nil {
					b, _ = json.Marshal(resp)
				}
				if !strings.Contains(string(b), `"#/components/schemas/Error"`) {
					t.Errorf("%s %s: error response is not the Error schema", key, code)
				}
			}
		}
	}
	var missing []string
	for _, w := range want {
		if !have[w] {
			missing = append(missing, w)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("operations missing: %v", missing)
	}
}

// resolve follows a local "#/a/b" reference; nil when it does not lead anywhere.
func resolve(doc map[string]any, ref any) any {
	s, ok := ref.(string)
	if !ok || !strings.HasPrefix(s, "#/") {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(s[2:], "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// TestAlertSchemasMatchPackageAlert keeps the contract's alert schemas to the JSON that package
// alert reads and writes (the server passes it through): every property is a JSON field of the
// Go type and every JSON field is a property, and a required property is one the type always
// writes (no omitempty).
func TestAlertSchemasMatchPackageAlert(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, typ := range map[string]reflect.Type{
		"AlertRuleInput": reflect.TypeOf(alert.Rule{}),
		"AlertArea":      reflect.TypeOf(alert.Area{}),
		"AlertThreshold": reflect.TypeOf(alert.Threshold{}),
		"AlertSpike":     reflect.TypeOf(alert.Spike{}),
		"Alert":          reflect.TypeOf(alert.Alert{}),
		"AlertPeriod":    reflect.TypeOf(alert.Period{}),
		"AlertCounts":    reflect.TypeOf(alert.Counts{}),
		"AlertBaseline":  reflect.TypeOf(alert.Baseline{}),
		"AlertDelivery":  reflect.TypeOf(alert.Delivery{}),
	} {
		s, _ := schemas[name].(map[string]any)
		if s == nil {
			t.Errorf("schema %s missing", name)
			continue
		}
		props, _ := s["properties"].(map[string]any)
		required := map[string]bool{}
		for _, r := range asSlice(s["required"]) {
			required[r.(string)] = true
		}
		fields := map[string]bool{} // JSON name -> always written
		for i := 0; i < typ.NumField(); i++ {
			tag := typ.Field(i).Tag.Get("json")
			jname, opts, _ := strings.Cut(tag, ",")
			if jname == "" || jname == "-" {
				continue
			}
			fields[jname] = !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero")
		}
		for f := range fields {
			if props[f] == nil {
				t.Errorf("%s: package alert writes %q, the schema does not have it", name, f)
			}
		}
		for p := range props {
			always, ok := fields[p]
			if !ok {
				t.Errorf("%s: property %q is not a field of alert.%s", name, p, typ.Name())
			}
			if required[p] && !always {
				t.Errorf("%s: %q is required but alert.%s omits it when empty", name, p, typ.Name())
			}
		}
	}
	// Ids of rules are strings in paths and queries.
	rp := doc["paths"].(map[string]any)["/api/alerts/rules/{id}"].(map[string]any)["parameters"].([]any)[0].(map[string]any)
	if typ := rp["schema"].(map[string]any)["type"]; typ != "string" {
		t.Errorf("rule id parameter is %v, want string", typ)
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
