package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// A migration is one step of the schema. Migrations are append-only: a released step is never
// edited (a database records each step's name and is refused if they differ), only followed by
// new ones. Each runs in its own transaction, so a failure leaves the previous version intact.
//
// Statements use {{serial}}, {{blob}} and {{real}} for the few types whose names differ;
// sqlite and postgres hold what has no common form (full-text search, triggers).
type migration struct {
	name             string
	common           []string
	sqlite, postgres []string
}

var migrations = []migration{{
	name: "articles, mentions, events, links, audit",
	common: []string{
		// Articles exactly as received. id is derived from the normalised text and outlet
		// (articleID), so the same article twice is one row; rows are never updated.
		`CREATE TABLE articles (
			seq {{serial}},
			id TEXT NOT NULL UNIQUE,
			doc_id TEXT NOT NULL,
			url TEXT NOT NULL,
			outlet TEXT NOT NULL,
			title TEXT NOT NULL,
			published TEXT NOT NULL,
			fetched TEXT NOT NULL,
			raw {{blob}} NOT NULL,
			text TEXT NOT NULL,
			content_hash TEXT NOT NULL,
			simhash BIGINT NOT NULL,
			band0 INTEGER NOT NULL,
			band1 INTEGER NOT NULL,
			band2 INTEGER NOT NULL,
			band3 INTEGER NOT NULL)`,
		// Four 16-bit bands of the simhash: two fingerprints within 3 bits of each other
		// share at least one band, so near-duplicate candidates are four index lookups.
		`CREATE INDEX articles_band0 ON articles(band0)`,
		`CREATE INDEX articles_band1 ON articles(band1)`,
		`CREATE INDEX articles_band2 ON articles(band2)`,
		`CREATE INDEX articles_band3 ON articles(band3)`,
		// One event as the coder coded it from one article; record is the coded-event JSON.
		`CREATE TABLE mentions (
			id TEXT PRIMARY KEY,
			article_id TEXT NOT NULL REFERENCES articles(id),
			n INTEGER NOT NULL,
			coder_version TEXT NOT NULL,
			record TEXT NOT NULL,
			event_date TEXT NOT NULL,
			event_type TEXT NOT NULL,
			sub_event_type TEXT NOT NULL,
			country TEXT NOT NULL,
			admin1 TEXT NOT NULL,
			fatalities INTEGER NOT NULL,
			latitude {{real}},
			longitude {{real}})`,
		`CREATE INDEX mentions_article ON mentions(article_id)`,
		// The merged events. record is the reconciled coded-event JSON with human edits
		// applied; the other columns copy what filters need, each with an index that also
		// orders by date.
		`CREATE TABLE events (
			seq {{serial}},
			id TEXT NOT NULL UNIQUE,
			record TEXT NOT NULL,
			event_date TEXT NOT NULL,
			event_type TEXT NOT NULL,
			sub_event_type TEXT NOT NULL,
			country TEXT NOT NULL,
			country_key TEXT NOT NULL,
			iso3 TEXT NOT NULL,
			admin1 TEXT NOT NULL,
			admin1_key TEXT NOT NULL,
			actor1_key TEXT NOT NULL,
			actor2_key TEXT NOT NULL,
			fatalities INTEGER NOT NULL,
			fatalities_best INTEGER NOT NULL,
			latitude {{real}},
			longitude {{real}},
			sources TEXT NOT NULL,
			doc_ids TEXT NOT NULL,
			supplied TEXT NOT NULL,
			hidden INTEGER NOT NULL DEFAULT 0,
			body TEXT NOT NULL,
			updated TEXT NOT NULL)`,
		`CREATE INDEX events_date ON events(event_date, id)`,
		`CREATE INDEX events_country ON events(country_key, event_date)`,
		`CREATE INDEX events_iso3 ON events(iso3, event_date)`,
		`CREATE INDEX events_admin1 ON events(admin1_key, event_date)`,
		`CREATE INDEX events_type ON events(event_type, event_date)`,
		`CREATE INDEX events_subtype ON events(sub_event_type, event_date)`,
		`CREATE INDEX events_actor1 ON events(actor1_key, event_date)`,
		`CREATE INDEX events_actor2 ON events(actor2_key, event_date)`,
		`CREATE INDEX events_fatalities ON events(fatalities, event_date)`,
		// Which event each mention belongs to (one event per mention).
		`CREATE TABLE event_mentions (
			mention_id TEXT PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE,
			event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE)`,
		`CREATE INDEX event_mentions_event ON event_mentions(event_id)`,
		// Near-duplicate articles (wire copies), a < b.
		`CREATE TABLE article_links (
			a TEXT NOT NULL REFERENCES articles(id),
			b TEXT NOT NULL REFERENCES articles(id),
			kind TEXT NOT NULL,
			distance INTEGER NOT NULL,
			PRIMARY KEY (a, b, kind))`,
		`CREATE INDEX article_links_b ON article_links(b)`,
		// Human edits. No foreign key to events: reprocess rebuilds event rows, and the edits
		// must outlive them to be applied again.
		`CREATE TABLE audit (
			seq {{serial}},
			event_id TEXT NOT NULL,
			at TEXT NOT NULL,
			who TEXT NOT NULL,
			why TEXT NOT NULL,
			field TEXT NOT NULL,
			old TEXT NOT NULL,
			new TEXT NOT NULL)`,
		`CREATE INDEX audit_event ON audit(event_id, seq)`,
	},
	sqlite: []string{
		`CREATE VIRTUAL TABLE events_fts USING fts5(body, content='events', content_rowid='seq')`,
		`CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
			INSERT INTO events_fts(rowid, body) VALUES (new.seq, new.body);
		END`,
		`CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
			INSERT INTO events_fts(events_fts, rowid, body) VALUES ('delete', old.seq, old.body);
		END`,
		`CREATE TRIGGER events_fts_update AFTER UPDATE OF body ON events BEGIN
			INSERT INTO events_fts(events_fts, rowid, body) VALUES ('delete', old.seq, old.body);
			INSERT INTO events_fts(rowid, body) VALUES (new.seq, new.body);
		END`,
		`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only');
		END`,
		`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only');
		END`,
	},
	postgres: []string{
		`ALTER TABLE events ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED`,
		`CREATE INDEX events_search ON events USING GIN (search)`,
		`CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'the audit log is append-only';
		END $$`,
		`CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
			FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
	},
}, {
	name: "events.date_to for blocking",
	common: []string{
		// The last day an event's date can mean (a week or month precision covers more than
		// its first day), so that blocking finds the events whose span meets a window without
		// reading every event of the month before. Rows from before are marked open-ended,
		// which only makes them candidates more often.
		`ALTER TABLE events ADD COLUMN date_to TEXT NOT NULL DEFAULT '9999-12-31'`,
		`CREATE INDEX events_block ON events(country_key, event_date, date_to)`,
	},
}, {
	name: "no index on fatalities",
	common: []string{
		// A minimum of deaths selects a range of values, so SQLite read every event of the
		// range through this index and sorted them by date: 120 ms for "at least 100" over a
		// million events. Walking the date index and skipping small tolls finds the latest
		// page in a few ms; combined with a place or type, their indexes lead.
		`DROP INDEX events_fatalities`,
	},
}, {
	name: "feeds and their seen items",
	common: []string{
		// The poller's state of each feed (feed.State), keyed by its normalised URL; id is the
		// poller's number for it. Times are RFC 3339 text in UTC, "" for never.
		`CREATE TABLE feeds (
			url TEXT PRIMARY KEY,
			id BIGINT NOT NULL,
			title TEXT NOT NULL,
			interval_ns BIGINT NOT NULL,
			added TEXT NOT NULL,
			last_polled TEXT NOT NULL,
			last_success TEXT NOT NULL,
			last_status INTEGER NOT NULL,
			last_error TEXT NOT NULL,
			consecutive_errors INTEGER NOT NULL,
			next_poll TEXT NOT NULL,
			page_error TEXT NOT NULL,
			etag TEXT NOT NULL,
			last_modified TEXT NOT NULL,
			items_seen BIGINT NOT NULL,
			last_new INTEGER NOT NULL)`,
		// Items already delivered from a feed. No foreign key to feeds: a poll that marks an
		// item while its feed is being removed must not fail; DeleteFeed removes both.
		`CREATE TABLE feed_seen (
			feed_url TEXT NOT NULL,
			key TEXT NOT NULL,
			seen_at TEXT NOT NULL,
			PRIMARY KEY (feed_url, key))`,
	},
}, {
	name: "alert rules, alerts, deliveries",
	common: []string{
		// Rules, alerts and deliveries are kept as their JSON (package alert owns their shape);
		// the columns beside it are what lookups and orderings need. Times in ordering columns
		// are fixed-width UTC text (sortableTime), so that text order is time order.
		`CREATE TABLE alert_rules (
			id TEXT PRIMARY KEY,
			body TEXT NOT NULL)`,
		// alert_key is the dedupe key: a second alert with it is refused by the primary key.
		`CREATE TABLE alerts (
			alert_key TEXT PRIMARY KEY,
			rule_id TEXT NOT NULL,
			fired_at TEXT NOT NULL,
			body TEXT NOT NULL)`,
		`CREATE INDEX alerts_fired ON alerts(fired_at, alert_key)`,
		`CREATE INDEX alerts_rule ON alerts(rule_id, fired_at)`,
		`CREATE TABLE alert_deliveries (
			alert_key TEXT PRIMARY KEY REFERENCES alerts(alert_key),
			state TEXT NOT NULL,
			next_attempt TEXT NOT NULL,
			body TEXT NOT NULL)`,
		`CREATE INDEX alert_deliveries_state ON alert_deliveries(state, next_attempt, alert_key)`,
	},
}, {
	name: "review merges and splits",
	common: []string{
		// Human decisions about which reports belong to which event (review.go): each merge or
		// split pins every mention of the events it touched to the event it now belongs to,
		// and reprocess regroups by the pins, so that clustering never undoes a reviewer. No
		// foreign keys: reprocess deletes and rebuilds mentions and events, the pins outlive them.
		`CREATE TABLE review_pins (
			mention_id TEXT PRIMARY KEY,
			event_id TEXT NOT NULL,
			at TEXT NOT NULL)`,
		`CREATE INDEX review_pins_event ON review_pins(event_id)`,
		// Events merged away, and the event each went into (for a 404 that names it).
		`CREATE TABLE event_merges (
			id TEXT PRIMARY KEY,
			into_id TEXT NOT NULL,
			at TEXT NOT NULL)`,
	},
}, {
	name: "index on country and event type",
	common: []string{
		// The dashboard's commonest pair of filters. With only the country's index, a page of
		// one type in one country read every event of the country (PostgreSQL: 60 ms over a
		// million events); with both, the latest page is read in date order.
		`CREATE INDEX events_country_type ON events(country_key, event_type, event_date)`,
	},
}}

// SchemaVersion is the schema version this program writes and reads.
var SchemaVersion = len(migrations)

func (s *Store) ddl(stmt string) string {
	r := strings.NewReplacer(
		"{{serial}}", "INTEGER PRIMARY KEY",
		"{{blob}}", "BLOB",
		"{{real}}", "REAL")
	if s.dialect == postgres {
		r = strings.NewReplacer(
			"{{serial}}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
			"{{blob}}", "BYTEA",
			"{{real}}", "DOUBLE PRECISION")
	}
	return r.Replace(stmt)
}

// migrate brings the schema to SchemaVersion (write) or checks that it is there (!write).
func (s *Store) migrate(ctx context.Context, write bool) error {
	if !write {
		applied, err := s.applied(ctx, s.db)
		if err != nil {
			return err
		}
		if err := s.check(applied); err != nil {
			return err
		}
		if len(applied) == 0 {
			return fmt.Errorf("database %s has no sitrep schema (create one with sitrep ingest)", s.name)
		}
		if len(applied) < SchemaVersion {
			return fmt.Errorf("database %s has schema version %d, this sitrep needs %d: open it once with a command that writes (sitrep ingest) to upgrade it", s.name, len(applied), SchemaVersion)
		}
		return nil
	}
	for {
		done := false
		err := s.tx(ctx, func(tx *txn) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
				version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
				return s.wrap(err)
			}
			// Read inside the transaction: another process may have migrated meanwhile.
			applied, err := s.applied(ctx, tx)
			if err != nil {
				return err
			}
			if err := s.check(applied); err != nil {
				return err
			}
			v := len(applied)
			if v == SchemaVersion {
				done = true
				return nil
			}
			m := migrations[v]
			stmts := m.common
			if s.dialect == postgres {
				stmts = append(stmts[:len(stmts):len(stmts)], m.postgres...)
			} else {
				stmts = append(stmts[:len(stmts):len(stmts)], m.sqlite...)
			}
			for _, st := range stmts {
				if _, err := tx.ExecContext(ctx, s.ddl(st)); err != nil {
					return fmt.Errorf("database %s: migration %d (%s): %s", s.name, v+1, m.name, oneLine(err.Error()))
				}
			}
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)`),
				v+1, m.name, time.Now().UTC().Format(time.RFC3339))
			return s.wrap(err)
		})
		if err != nil || done {
			return err
		}
	}
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// applied returns the names of the applied migrations, in order. A database without a
// schema_version table has none.
func (s *Store) applied(ctx context.Context, q querier) ([]string, error) {
	exists := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`
	if s.dialect == postgres {
		exists = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'`
	}
	rows, err := q.QueryContext(ctx, exists)
	if err != nil {
		return nil, s.wrap(err)
	}
	n := 0
	for rows.Next() {
		rows.Scan(&n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	if n == 0 {
		return nil, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT version, name FROM schema_version ORDER BY version`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, s.wrap(err)
		}
		if v != len(names)+1 {
			return nil, fmt.Errorf("database %s: schema_version is damaged (version %d after %d)", s.name, v, len(names))
		}
		names = append(names, name)
	}
	return names, s.wrap(rows.Err())
}

// check refuses a schema newer than this program's or one with a different history.
func (s *Store) check(applied []string) error {
	if len(applied) > SchemaVersion {
		return fmt.Errorf("database %s has schema version %d, newer than this sitrep's %d: use a newer sitrep", s.name, len(applied), SchemaVersion)
	}
	for i, name := range applied {
		if name != migrations[i].name {
			return fmt.Errorf("database %s: schema version %d is %q, this sitrep's is %q: the database was made by another build; start a new one", s.name, i+1, name, migrations[i].name)
		}
	}
	return nil
}
