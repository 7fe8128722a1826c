package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// echoServer is a server with one extra write endpoint that decodes a JSON body and echoes
// it, so the shared guards (token, body limit, JSON errors) can be tested on their own.
func echoServer(t *testing.T, token string) (*Server, *httptest.Server, *int) {
	t.Helper()
	s := New(Options{Token: token})
	calls := new(int)
	s.mux.HandleFunc("POST /api/echo", s.wrap(s.write(func(w http.ResponseWriter, r *http.Request) error {
		var v map[string]any
		if err := decodeJSON(r, &v); err != nil {
			return err
		}
		*calls++
		writeJSON(w, http.StatusOK, v)
		return nil
	})))
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts, calls
}

func TestWriteGuards(t *testing.T) {
	_, ts, calls := echoServer(t, "s3cret")
	big := `{"text":"` + strings.Repeat("a", 10<<20) + `"}`
	cases := []struct {
		name, auth, body string
		status           int
		errPart          string
	}{
		{"no token", "", `{"a":1}`, 401, "token"},
		{"wrong token", "Bearer nope", `{"a":1}`, 401, "token"},
		{"not bearer", "Basic s3cret", `{"a":1}`, 401, "token"},
		{"malformed", "Bearer s3cret", `{"a":`, 400, "malformed JSON"},
		{"two values", "Bearer s3cret", `{"a":1}{"b":2}`, 400, "more than one"},
		{"10 MB", "Bearer s3cret", big, 413, "over"},
		{"ok", "Bearer s3cret", `{"a":1}`, 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := *calls
			req, _ := http.NewRequest("POST", ts.URL+"/api/echo", strings.NewReader(c.body))
			if c.auth != "" {
				req.Header.Set("Authorization", c.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, c.status, b)
			}
			if c.status != 200 {
				var e struct{ Error string }
				if err := json.Unmarshal(b, &e); err != nil || !strings.Contains(e.Error, c.errPart) {
					t.Errorf("body %s: want a JSON error mentioning %q", b, c.errPart)
				}
				if *calls != before {
					t.Errorf("a refused request reached the handler")
				}
			}
		})
	}
}

func TestWritesDisabledWithoutToken(t *testing.T) {
	_, ts, calls := echoServer(t, "")
	resp, err := http.Post(ts.URL+"/api/echo", "application/json", bytes.NewReader([]byte(`{}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || *calls != 0 {
		t.Errorf("status %d calls %d: want 403 and no call", resp.StatusCode, *calls)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	_, ts, _ := echoServer(t, "x")
	for _, p := range []string{"/healthz", "/api/nope", "/metrics"} {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch p {
		case "/healthz":
			if resp.StatusCode != 200 || !strings.Contains(string(b), `"ok"`) {
				t.Errorf("healthz: %d %s", resp.StatusCode, b)
			}
		case "/api/nope":
			if resp.StatusCode != 404 || !strings.Contains(string(b), `"error"`) {
				t.Errorf("unknown endpoint: %d %s", resp.StatusCode, b)
			}
		case "/metrics":
			// The earlier requests are counted under their route pattern.
			if resp.StatusCode != 200 || !strings.Contains(string(b), `sitrep_http_request_duration_seconds_count{route="GET /healthz",status="200"} 1`) {
				t.Errorf("metrics lack the healthz request:\n%.2000s", b)
			}
		}
	}
}
