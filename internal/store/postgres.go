package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// connectTimeout bounds the first connection, so that a server that is down or a firewall
// that drops packets gives an error in seconds rather than a hang.
const connectTimeout = 10 * time.Second

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	name := dsn
	if u, err := url.Parse(dsn); err == nil {
		name = u.Redacted()
		q := u.Query()
		if q.Get("connect_timeout") == "" {
			q.Set("connect_timeout", fmt.Sprint(int(connectTimeout.Seconds())))
		}
		// pgx prepares every statement, and after five runs PostgreSQL may plan a prepared
		// statement once for any parameters: for full-text search that plan cannot tell a
		// rare word from one in every event, and "town" took 100 ms instead of 1. Plan each
		// query for its own values.
		if q.Get("plan_cache_mode") == "" {
			q.Set("plan_cache_mode", "force_custom_plan")
		}
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("database %s: %s", name, oneLine(err.Error()))
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(4)
	pctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %s", name, pgMessage(err))
	}
	return &Store{db: db, dialect: postgres, name: name}, nil
}

// pgMessage says in a few words why a connection failed: the server is not there, or it
// refused who we are.
func pgMessage(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return "the server refused the user name or password (" + pe.Message + ")"
		case "3D000":
			return "no such database (" + pe.Message + ")"
		}
		return oneLine(pe.Message)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "the server did not answer in time (is it running, is the address right?)"
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return "cannot connect to the server: " + oneLine(oe.Err.Error()) + " (is PostgreSQL running?)"
	}
	return oneLine(err.Error())
}
