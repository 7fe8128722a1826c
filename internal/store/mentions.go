package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/event"
)

// newMention makes the mention of the n-th (from 1) event the coder found in article a. Its
// id is "<article id>#<n>", so that it is the same on every run of the same coder; the
// record keeps the input document's id in doc_id.
func newMention(a *Article, n int, ev event.Event) *cluster.Mention {
	m := &cluster.Mention{
		ID:        a.ID + "#" + strconv.Itoa(n),
		ArticleID: a.ID,
		Outlet:    a.Outlet,
		URL:       a.URL,
		Event:     ev,
		Simhash:   a.Simhash,
	}
	m.Event.EventID = m.ID
	m.Event.DocID = a.DocID
	if a.Published != "" {
		m.Published, _ = time.Parse(doc.DateLayout, a.Published)
	}
	return m
}

func (s *Store) insertMention(ctx context.Context, tx *txn, m *cluster.Mention, n int, coderVersion string) error {
	rec, err := json.Marshal(m.Event)
	if err != nil {
		return err
	}
	ev := &m.Event
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO mentions
		(id, article_id, n, coder_version, record, event_date, event_type, sub_event_type, country, admin1, fatalities, latitude, longitude)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		m.ID, m.ArticleID, n, coderVersion, string(rec), ev.EventDate, ev.EventType, ev.SubEventType,
		ev.Country, ev.Admin1, ev.Fatalities, ev.Latitude, ev.Longitude)
	return s.wrap(err)
}

// mentionsOf loads the mentions of events, with their articles' outlet, URL, date and
// fingerprint, grouped by event id and in mention id order. Decoded records are cached (see
// decoded): blocking reads the same few events' mentions for every new report of them.
func (s *Store) mentionsOf(ctx context.Context, q querier, eventIDs []string) (map[string][]*cluster.Mention, error) {
	out := make(map[string][]*cluster.Mention, len(eventIDs))
	for start := 0; start < len(eventIDs); start += 500 {
		ids := eventIDs[start:min(start+500, len(eventIDs))]
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, s.q(`SELECT em.event_id, m.id, m.record, a.id, a.outlet, a.url, a.published, a.simhash
			FROM event_mentions em
			JOIN mentions m ON m.id = em.mention_id
			JOIN articles a ON a.id = m.article_id
			WHERE em.event_id IN (`+placeholders(len(ids))+`)
			ORDER BY em.event_id, m.id`), args...)
		if err != nil {
			return nil, s.wrap(err)
		}
		for rows.Next() {
			var eid, id, articleID, outlet, url, published string
			var rec sql.RawBytes
			var h int64
			if err := rows.Scan(&eid, &id, &rec, &articleID, &outlet, &url, &published, &h); err != nil {
				rows.Close()
				return nil, s.wrap(err)
			}
			m, err := s.cache.mention(id, rec, func() (*cluster.Mention, error) {
				m := &cluster.Mention{ID: id, ArticleID: articleID, Outlet: outlet, URL: url, Simhash: uint64(h)}
				if err := json.Unmarshal(rec, &m.Event); err != nil {
					return nil, err
				}
				if published != "" {
					m.Published, _ = time.Parse(doc.DateLayout, published)
				}
				return m, nil
			})
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[eid] = append(out[eid], m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.wrap(err)
		}
	}
	return out, nil
}
