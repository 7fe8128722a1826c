package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// dialect is the SQL flavour of a Store.
type dialect int

const (
	sqlite dialect = iota
	postgres
)

// sqlitePragmas are set on every connection, in this one place:
//   - busy_timeout: a writer waits up to 30 s for another (a second `sitrep ingest`, the
//     server) rather than failing with "database is locked";
//   - journal_mode WAL: readers (the API) never block the writer, nor the writer them;
//   - synchronous NORMAL: with WAL a power cut can lose the last transactions but never
//     corrupts the file, and commits need no fsync each;
//   - foreign_keys: mentions, links and events must point at rows that exist;
//   - cache_size 32 MB a connection (default 2 MB): blocking re-reads recent events and
//     their mentions, and every page read past the cache is a system call.
var sqlitePragmas = []string{
	"busy_timeout(30000)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	"foreign_keys(1)",
	"cache_size(-32768)",
}

// sqliteDSN is the driver name for path: pragmas, and transactions that take the write lock
// when they begin (BEGIN IMMEDIATE) so that a read-then-write transaction never has to be
// retried because another process wrote in between.
func sqliteDSN(path string) string {
	v := url.Values{}
	for _, p := range sqlitePragmas {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	return "file:" + path + "?" + v.Encode()
}

func openSQLite(ctx context.Context, path string, write bool) (*Store, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("database path %q: ? and # are not allowed in a file name", path)
	}
	created := false
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("database %s is a directory, not a file", path)
	} else if errors.Is(err, os.ErrNotExist) {
		if !write {
			return nil, fmt.Errorf("no database at %s (create one with sitrep ingest, or give --db)", path)
		}
		// Create the file here rather than let SQLite do it, to say why it cannot be.
		// Another process may create it between the Stat and here (two ingests started at
		// once): the file it made is then opened as any existing one.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		switch {
		case err == nil:
			f.Close()
			created = true
		case !errors.Is(err, os.ErrExist):
			return nil, fmt.Errorf("cannot create database %s: %v", path, pathErr(err))
		}
	} else if err != nil {
		return nil, fmt.Errorf("cannot open database %s: %v", path, pathErr(err))
	}
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("cannot open database %s: %v", path, err)
	}
	s := &Store{db: db, dialect: sqlite, name: path}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		if created {
			os.Remove(path)
		}
		return nil, s.wrap(err)
	}
	if created {
		s.removeOnFail = path
	}
	return s, nil
}

// pathErr drops the path from an *os.PathError, which the caller's message already names.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, os.ErrNotExist) {
			return fmt.Errorf("directory %s does not exist", filepath.Dir(pe.Path))
		}
		return pe.Err
	}
	return err
}
