package eval

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// sharedDir finds the project's shared folder (../shared beside the repository root), or
// SITREP_SHARED when set. The evaluation data there is third-party and is never copied into
// the repository, so tests that need it skip when it is absent.
func sharedDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("SITREP_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// needShared returns the path of a shared file and python3, or skips the test.
func needShared(t *testing.T, rel string, python bool) (path, py string) {
	t.Helper()
	path = filepath.Join(sharedDir(t), rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("skipping: %s not found (set SITREP_SHARED to the shared folder)", path)
	}
	if python {
		var err error
		py, err = exec.LookPath("python3")
		if err != nil {
			t.Skip("skipping: python3 not found, cannot run score.py")
		}
	}
	return path, py
}
