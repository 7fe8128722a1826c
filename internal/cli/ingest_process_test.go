package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sitrepBinary builds the command once per test run, for tests that must kill it or run two
// at once: things an in-process test cannot do.
var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func sitrepBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the sitrep binary")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "sitrep-cli-test")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "sitrep")
		out, err := exec.Command("go", "build", "-o", binPath, "../../cmd/sitrep").CombinedOutput()
		if err != nil {
			binErr = err
			t.Logf("%s", out)
		}
	})
	if binErr != nil {
		t.Fatalf("build sitrep: %v", binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func runBin(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("sitrep %s: %v: %s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// TestIngestKill9 kills an ingest of a large input with SIGKILL part-way, runs it again, and
// checks that the store is the same as after one clean run: every batch is all or nothing, and
// the re-run skips what was stored and merges the rest as the clean run did.
func TestIngestKill9(t *testing.T) {
	bin := sitrepBinary(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "reports.jsonl")
	const n = 6000
	synthReports(t, in, n)

	clean := filepath.Join(dir, "clean.db")
	start := time.Now()
	runBin(t, bin, "ingest", "--db", clean, "--batch", "64", in)
	took := time.Since(start)
	want := runBin(t, bin, "events", "--db", clean, "--out", "jsonl")
	wantCounts := counts(t, clean)
	if wantCounts.Articles != n {
		t.Fatalf("clean run stored %d articles, want %d", wantCounts.Articles, n)
	}

	killed := filepath.Join(dir, "killed.db")
	for attempt, frac := 0, 0.5; ; attempt, frac = attempt+1, frac/2 {
		os.Remove(killed)
		os.Remove(killed + "-wal")
		os.Remove(killed + "-shm")
		cmd := exec.Command(bin, "ingest", "--db", killed, "--batch", "64", in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(float64(took) * frac))
		cmd.Process.Kill() // SIGKILL: no defer, no rollback, no cleanup
		cmd.Wait()
		if _, err := os.Stat(killed); err != nil {
			if attempt < 4 {
				continue // killed before it opened the database; try later
			}
			t.Fatal("never got far enough to create the database")
		}
		c := counts(t, killed)
		if c.Articles > 0 && c.Articles < n {
			t.Logf("killed after %d of %d articles", c.Articles, n)
			break
		}
		if attempt == 4 {
			t.Fatalf("could not kill the ingest part-way (it stored %d of %d)", c.Articles, n)
		}
	}
	out := runBin(t, bin, "ingest", "--db", killed, "--batch", "64", in)
	if !strings.Contains(out, " duplicate") {
		t.Errorf("re-run summary: %s", out)
	}
	if got := counts(t, killed); got != wantCounts {
		t.Errorf("counts after kill and re-run %+v, clean run %+v", got, wantCounts)
	}
	if got := runBin(t, bin, "events", "--db", killed, "--out", "jsonl"); got != want {
		t.Errorf("events after kill and re-run differ from a clean run's (%d vs %d bytes)", len(got), len(want))
	}
}

// TestConcurrentIngestProcesses runs two ingests of overlapping inputs into one SQLite file
// at the same time: both must succeed and every article be stored once.
func TestConcurrentIngestProcesses(t *testing.T) {
	bin := sitrepBinary(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	synthReports(t, a, 3000)
	b := filepath.Join(dir, "b")
	os.Mkdir(b, 0o755)
	// b holds the second half of a (the same articles) and reports of its own.
	data, _ := os.ReadFile(a)
	lines := strings.SplitAfter(string(data), "\n")
	os.WriteFile(filepath.Join(b, "half.jsonl"), []byte(strings.Join(lines[1500:], "")), 0o644)
	for i := range 200 {
		os.WriteFile(filepath.Join(b, "own"+strings.Repeat("x", i%3)+string(rune('a'+i%26))+itoa(i)+".txt"),
			[]byte("Police fired tear gas at students protesting in Goma on Tuesday, report number "+itoa(i)+"."), 0o644)
	}
	db := filepath.Join(dir, "shared.db")
	var wg sync.WaitGroup
	errs := make([]string, 2)
	for i, args := range [][]string{{a}, {b}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, append([]string{"ingest", "--db", db, "--batch", "32"}, args...)...)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Run(); err != nil {
				errs[i] = err.Error() + ": " + errOut.String()
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Errorf("concurrent ingest failed: %s", e)
		}
	}
	c := counts(t, db)
	if c.Articles != 3200 || c.EventMentions != c.Mentions {
		t.Errorf("after two concurrent ingests: %+v, want 3200 articles, every mention in an event", c)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
