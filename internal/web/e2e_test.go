package web

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDashboardE2E builds sitrep, starts `sitrep serve` on a fresh SQLite file and runs
// e2e/dashboard.spec.mjs against it in Debian's headless chromium (see that file for what it
// checks). It needs node, chromium (CHROMIUM or /usr/bin/chromium) and `npm ci` done in
// internal/web/e2e; without them it skips and says which is missing. .ci/run installs all
// three. Screenshots go to SITREP_E2E_ARTIFACTS when it is set.
func TestDashboardE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: the browser test needs Node.js (apt-get install nodejs npm)")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not found: the browser test needs Debian's chromium (apt-get install chromium)", chromium)
	}
	spec, err := filepath.Abs(filepath.Join("e2e", "dashboard.spec.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join("e2e", "node_modules", "playwright-core")); err != nil {
		t.Skip("playwright-core not installed: run `npm ci` in internal/web/e2e")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH: cannot build sitrep for the browser test")
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "sitrep")
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/sitrep")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/sitrep: %v\n%s", err, out)
	}
	if out, _ := exec.Command(bin, "serve", "-h").CombinedOutput(); !strings.Contains(string(out), "-addr") {
		t.Skipf("sitrep serve not built yet:\n%s", out)
	}

	token := randomHex(16)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	// Alert rules are checked every 2 s rather than every minute, so that the rule the spec adds
	// fires while it waits.
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "sitrep.db"), "--alert-every", "2s")
	srv.Env = append(os.Environ(), "SITREP_TOKEN="+token)
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var serverLog strings.Builder
	srv.Stderr = &serverLog // read only after the process has exited
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { srv.Wait(); close(exited) }()
	defer func() {
		// Stop it as a user would (Ctrl-C), so that its graceful shutdown runs too.
		srv.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			srv.Process.Kill()
			<-exited
			t.Error("sitrep serve did not stop within 15 s of an interrupt")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", serverLog.String())
		}
	}()

	// The server prints "Dashboard: URL" once it listens.
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Dashboard: "); ok {
				urls <- strings.TrimSuffix(u, "/")
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	var base string
	select {
	case base = <-urls:
	case <-exited:
		t.Fatal("sitrep serve exited before listening")
	case <-time.After(2 * time.Minute):
		t.Fatal("sitrep serve printed no dashboard URL within 2 minutes")
	}
	if err := waitHealthy(base+"/healthz", 30*time.Second); err != nil {
		t.Fatal(err)
	}

	artifacts := os.Getenv("SITREP_E2E_ARTIFACTS")
	if artifacts == "" {
		artifacts = filepath.Join(dir, "artifacts")
	}
	run := exec.CommandContext(ctx, node, spec)
	run.Dir = filepath.Dir(spec)
	run.Env = append(os.Environ(),
		"SITREP_E2E_URL="+base,
		"SITREP_E2E_TOKEN="+token,
		"SITREP_E2E_ARTIFACTS="+artifacts,
		"CHROMIUM="+chromium,
	)
	out, err := run.CombinedOutput()
	t.Logf("dashboard.spec.mjs against %s:\n%s", base, out)
	if err != nil {
		t.Errorf("browser test failed: %v", err)
	}
}

func waitHealthy(url string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		r, err := http.Get(url)
		if err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return nil
			}
			err = &statusError{url, r.StatusCode}
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type statusError struct {
	url  string
	code int
}

func (e *statusError) Error() string { return e.url + ": status " + http.StatusText(e.code) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
