// Package store keeps what sitrep knows: articles exactly as received, the coder's mentions of
// events in them, the merged events, the links between them and an append-only audit log of
// human edits. It owns the schema and its migrations, and the incremental merging of new
// mentions into stored events (the merging rules themselves are package cluster's).
//
// One concrete Store serves both back ends: an SQLite file (the default, modernc.org/sqlite,
// no cgo) and PostgreSQL when the DSN starts with postgres:// (pgx). Both run the same SQL
// except for the few statements in dialect.go, and the same contract tests.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"

	"database/sql"
	"errors"
	"fmt"
	"github.com/sitrep-dev/sitrep/internal/cluster"
	"os"
	"strings"
)

// DefaultPath is the SQLite file used when neither --db nor SITREP_DB names a database.
const DefaultPath = "sitrep.db"

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect dialect
	name    string // the path or DSN without password, for messages
	// removeOnFail is the SQLite file Open created, removed again if migrating it fails so
	// that a failed first run leaves nothing behind.
	removeOnFail string
	cache        decoded
}

// Open opens the database dsn — a file path (SQLite) or a postgres:// DSN — creating it if
// needed and migrating its schema to the current version. A schema newer than this program's,
// or one whose history differs from this program's migrations, is refused.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, true)
}

// OpenExisting opens a database for reading: it neither creates nor migrates. A database
// whose schema is older than this program's is refused with a message saying how to upgrade
// it, so that a read-only command never writes.
func OpenExisting(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, false)
}

func open(ctx context.Context, dsn string, write bool) (*Store, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	var (
		s   *Store
		err error
	)
	if isPostgres(dsn) {
		s, err = openPostgres(ctx, dsn)
	} else {
		s, err = openSQLite(ctx, dsn, write)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx, write); err != nil {
		s.db.Close()
		if s.removeOnFail != "" {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(s.removeOnFail + suffix)
			}
		}
		return nil, err
	}
	s.removeOnFail = ""
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Name returns the database's path, or its DSN without the password.
func (s *Store) Name() string { return s.name }

// Postgres reports whether the store is a PostgreSQL database.
func (s *Store) Postgres() bool { return s.dialect == postgres }

// isPostgres reports whether dsn names a PostgreSQL server rather than an SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// tx runs fn in a write transaction and commits it, or rolls it back when fn fails. On SQLite
// the transaction takes the write lock at BEGIN (_txlock=immediate), so that two writers wait
// for each other instead of failing half-way; on PostgreSQL an advisory lock does the same for
// ingest, whose blocking reads must see every event committed before it.
func (s *Store) tx(ctx context.Context, fn func(*txn) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(err)
	}
	if s.dialect == postgres {
		if _, err := t.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7310)"); err != nil {
			t.Rollback()
			return s.wrap(err)
		}
	}
	if err := fn(&txn{Tx: t, s: s, stmts: map[string]*sql.Stmt{}}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return s.wrap(err)
	}
	return nil
}

// txn is a write transaction that prepares each distinct statement once: an ingest batch runs
// the same dozen statements thousands of times, and parsing them each time cost more than
// running them.
type txn struct {
	*sql.Tx
	s     *Store
	stmts map[string]*sql.Stmt
	// audited is whether the audit log had any entry when first asked in this transaction
	// (nil: not asked yet); ingest looks edits up only if it has.
	audited *bool
	// blocked caches the events merging compared with in this transaction (see candidates).
	blocked map[string]*blockedEvent
}

func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.Tx.PrepareContext(ctx, t.s.q(query))
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// ExecContext runs a prepared query written with ? placeholders.
func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs a prepared query written with ? placeholders.
func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a prepared query written with ? placeholders.
func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		// A Row carrying the error: run the query unprepared, which fails the same way.
		return t.Tx.QueryRowContext(ctx, t.s.q(query), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// q rewrites a query written with ? placeholders for the store's dialect.
func (s *Store) q(query string) string {
	if s.dialect != postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// wrap turns a driver error into one line that names the database.
func (s *Store) wrap(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("database %s: %s", s.name, oneLine(err.Error()))
}

// oneLine joins a multi-line message so that every error the user sees is one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// rehash derives another event id from id, for when id is taken.
func rehash(id string) string {
	sum := sha256.Sum256([]byte(id + "'"))
	return "e" + hex.EncodeToString(sum[:8])
}

func sortMentions(ms []*cluster.Mention) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
}

func sortStrings(xs []string) { sort.Strings(xs) }
