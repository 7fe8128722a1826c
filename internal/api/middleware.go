package api

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// MaxBody is the largest request body the API reads. A report is rarely over a few hundred
// kilobytes; anything near this is a mistake or an attack, and gets 413 before it is stored.
const MaxBody = 4 << 20

// apiError is an error with the HTTP status it should be reported with.
type apiError struct {
	status     int
	msg        string
	mergedInto string // on 404 for an event merged into another: the survivor
}

func (e *apiError) Error() string { return e.msg }

// errorf returns an error reported to the client with status and message.
func errorf(status int, format string, a ...any) error {
	return &apiError{status: status, msg: fmt.Sprintf(format, a...)}
}

// handlerFunc is an API handler: it writes a response or returns an error, which is written
// as {"error": "..."} with the error's status (500 for an unexpected one, whose text is logged
// and not shown).
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) wrap(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &mbe):
		ae = &apiError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("request body over %d bytes", mbe.Limit)}
	case errors.Is(err, r.Context().Err()) && r.Context().Err() != nil:
		ae = &apiError{status: http.StatusServiceUnavailable, msg: "request cancelled"}
	default:
		s.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &apiError{status: http.StatusInternalServerError, msg: "internal error"}
	}
	body := map[string]string{"error": ae.msg}
	if ae.mergedInto != "" {
		body["merged_into"] = ae.mergedInto
	}
	writeJSON(w, ae.status, body)
}

// writeJSON writes v as the JSON response body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true) // article text with <script> stays inert even if served as HTML by mistake
	_ = enc.Encode(v)
}

// decodeJSON reads a JSON body into v: one object, no unknown fields, within MaxBody.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return errorf(http.StatusBadRequest, "malformed JSON body: %v", err)
	}
	if dec.More() {
		return errorf(http.StatusBadRequest, "malformed JSON body: more than one value")
	}
	return nil
}

// readBody reads a whole request body within MaxBody.
func readBody(r *http.Request) ([]byte, error) {
	return io.ReadAll(r.Body)
}

// jsonSyntax returns a 400 when body is not JSON at all, so that its message says so rather
// than what a parser further on made of it.
func jsonSyntax(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || len(body) == 0 {
			return errorf(http.StatusBadRequest, "malformed JSON body: %v", err)
		}
	}
	return nil
}

// write guards a handler that changes state: it needs the bearer token. Without a configured
// token, writes are refused outright rather than left open.
func (s *Server) write(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.token == "" {
			return errorf(http.StatusForbidden, "writes are disabled: start the server with SITREP_TOKEN or --token-file")
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
			return errorf(http.StatusUnauthorized, "missing or wrong bearer token")
		}
		return h(w, r)
	}
}

// statusRecorder remembers the status a handler wrote, for metrics and logs.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// instrument limits bodies, recovers from panics and records each request's latency under
// its route pattern (not the raw path, so that event ids don't explode the metric's labels).
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		r.Body = http.MaxBytesReader(rec, r.Body, MaxBody)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeJSON(rec, http.StatusInternalServerError, map[string]string{"error": "internal error"})
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			s.metrics.httpLatency.WithLabelValues(route, strconv.Itoa(rec.status)).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

// discardLogger is the logger of a server built without one.
var discardLogger = slog.New(slog.DiscardHandler)
