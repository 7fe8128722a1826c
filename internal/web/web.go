// Package web is sitrep's dashboard: plain HTML, CSS and JavaScript embedded in the binary
// together with vendored Leaflet, uPlot, topojson-client and Natural Earth country outlines, so
// that it works offline and `go build` never needs npm. It also holds openapi.json, the
// contract of the JSON API that package api implements and the dashboard consumes.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed openapi.json
var openapi []byte

//go:embed static
var static embed.FS

// OpenAPI returns the OpenAPI 3.0 document of the HTTP API. Callers must not modify it.
func OpenAPI() []byte { return openapi }

// Handler serves the dashboard at / and its files under /static/, and the OpenAPI document at
// /api/openapi.json and /openapi.json. It answers GET and HEAD only. The server mounts it at
// "/" and at "GET /api/openapi.json" (the latter ahead of the API's /api/ catch-all).
//
// Caching: vendored files carry their version in the path, so browsers may keep them for a
// year; the dashboard's own files and the OpenAPI document change with the binary, so they
// are revalidated every time against a content ETag (a 304 costs one small round trip).
func Handler() http.Handler { return defaultHandler() }

var defaultHandler = sync.OnceValue(func() http.Handler { return newHandler(static) })

// asset is one file ready to serve: its bytes, a gzip copy when that is worth it, and the
// headers that do not depend on the request.
type asset struct {
	body, gz []byte
	ctype    string
	etag     string
	cache    string
}

type handler struct {
	assets map[string]*asset // by URL path
}

// compressible lists the types worth gzipping; the PNGs are compressed already.
var compressible = map[string]bool{".html": true, ".css": true, ".js": true, ".json": true, ".svg": true, ".md": true}

func newHandler(fsys fs.FS) *handler {
	h := &handler{assets: map[string]*asset{}}
	_ = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		cache := "no-cache"
		if strings.HasPrefix(p, "static/vendor/") {
			cache = "public, max-age=31536000, immutable"
		}
		h.assets["/"+p] = newAsset(b, path.Ext(p), cache)
		return nil
	})
	if idx := h.assets["/static/index.html"]; idx != nil {
		h.assets["/"] = idx
		h.assets["/index.html"] = idx
	}
	api := newAsset(openapi, ".json", "no-cache")
	h.assets["/api/openapi.json"] = api
	h.assets["/openapi.json"] = api
	return h
}

func newAsset(b []byte, ext, cache string) *asset {
	sum := sha256.Sum256(b)
	a := &asset{body: b, cache: cache, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	a.ctype = mime.TypeByExtension(ext)
	switch ext {
	case ".js":
		a.ctype = "text/javascript; charset=utf-8" // some systems' mime tables say application/x-javascript
	case ".json":
		a.ctype = "application/json"
	case ".md", "":
		a.ctype = "text/plain; charset=utf-8" // the extensionless files are the vendored LICENSEs
	}
	if compressible[ext] && len(b) > 1024 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		if buf.Len() < len(b)*9/10 {
			a.gz = buf.Bytes()
		}
	}
	return a
}

// csp allows nothing but this origin: even if a bug put article text into the page as HTML, no
// inline script or event handler in it would run. Leaflet and uPlot set element styles from
// script, which CSP does not restrict; the world outline and markers are drawn on canvas.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	a := h.assets[r.URL.Path]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	hd.Set("Content-Type", a.ctype)
	hd.Set("Cache-Control", a.cache)
	hd.Set("ETag", a.etag)
	if strings.HasPrefix(a.ctype, "text/html") {
		hd.Set("Content-Security-Policy", csp)
	}
	if a.gz != nil {
		hd.Add("Vary", "Accept-Encoding")
	}
	if etagMatch(r.Header.Get("If-None-Match"), a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if a.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		// Whole body only: ranges of a compressed copy would confuse more clients than they help.
		hd.Set("Content-Encoding", "gzip")
		hd.Set("Content-Length", strconv.Itoa(len(a.gz)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(a.gz)
		}
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// etagMatch reports whether an If-None-Match header names the ETag (weakly, as RFC 9110 asks
// for GET: a gzip response and a plain one share the same ETag here).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag {
			return true
		}
	}
	return false
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) != "gzip" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
