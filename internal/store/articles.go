package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/cluster"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"golang.org/x/text/unicode/norm"
)

// Article is one stored report, exactly as received.
type Article struct {
	ID          string    `json:"id"`
	DocID       string    `json:"doc_id"` // the id the input gave it (file name, JSONL id, CSV id)
	URL         string    `json:"url"`
	Outlet      string    `json:"outlet"`
	Title       string    `json:"title"`
	Published   string    `json:"published"` // YYYY-MM-DD or ""
	Fetched     time.Time `json:"fetched"`
	Raw         []byte    `json:"-"`
	Text        string    `json:"text"`
	ContentHash string    `json:"content_hash"` // "sha256:" and the hex SHA-256 of Raw
	Simhash     uint64    `json:"-"`
}

// ArticleID is the id of an article with this outlet and text: "a" and 16 hex digits of a
// SHA-256 over both, normalised (Unicode NFC, runs of white space as one space, trimmed), so
// that the same report read twice — from a re-run, a feed that repeats itself, a file saved
// with other line endings — is one article. The outlet is part of it so that two outlets
// printing the same wire copy word for word stay two sources of the event.
func ArticleID(outlet, text string) string {
	h := sha256.New()
	h.Write([]byte(normalise(outlet)))
	h.Write([]byte{0})
	h.Write([]byte(normalise(text)))
	return "a" + hex.EncodeToString(h.Sum(nil)[:8])
}

func normalise(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

func contentHash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// band returns the i-th 16 bits of a simhash, the unit of near-duplicate lookups.
func band(h uint64, i int) int64 { return int64(h >> (16 * i) & 0xffff) }

// insertArticle stores d unless an article with its id exists; it reports whether it did.
func (s *Store) insertArticle(ctx context.Context, tx *txn, a *Article) (bool, error) {
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO articles
		(id, doc_id, url, outlet, title, published, fetched, raw, text, content_hash, simhash, band0, band1, band2, band3)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`),
		a.ID, a.DocID, a.URL, a.Outlet, a.Title, a.Published, a.Fetched.UTC().Format(time.RFC3339Nano),
		a.Raw, a.Text, a.ContentHash, int64(a.Simhash),
		band(a.Simhash, 0), band(a.Simhash, 1), band(a.Simhash, 2), band(a.Simhash, 3))
	if err != nil {
		return false, s.wrap(err)
	}
	n, err := res.RowsAffected()
	return n == 1, s.wrap(err)
}

// newArticle builds the row for d.
func newArticle(d doc.Document, raw []byte, fetched time.Time) *Article {
	if raw == nil {
		raw = []byte(d.Text)
	}
	return &Article{
		ID:          ArticleID(d.Outlet, d.Text),
		DocID:       d.ID,
		URL:         d.URL,
		Outlet:      d.Outlet,
		Title:       d.Title,
		Published:   d.PublishedString(),
		Fetched:     fetched,
		Raw:         raw,
		Text:        d.Text,
		ContentHash: contentHash(raw),
		Simhash:     cluster.Simhash(d.Text),
	}
}

// linkNearDuplicates links a to the stored articles that are near-duplicates of it (wire
// copies). Candidates are the articles of the events merging compared a's mentions with
// (also): a wire copy codes to the same event, so its copies are among them whatever their
// distance. An article in which the coder found no event (coded false) has no such
// neighbours; its candidates are the articles sharing a 16-bit band of the fingerprint (exact
// up to 3 bits apart). cluster.NearDuplicate decides. It returns the ids linked.
func (s *Store) linkNearDuplicates(ctx context.Context, tx *txn, a *Article, also map[string]uint64, coded bool) ([]string, error) {
	if a.Simhash == 0 {
		return nil, nil
	}
	cands := map[string]uint64{}
	for id, h := range also {
		cands[id] = h
	}
	if !coded {
		rows, err := tx.QueryContext(ctx, `SELECT id, simhash FROM articles
		WHERE (band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?) AND id <> ?`,
			band(a.Simhash, 0), band(a.Simhash, 1), band(a.Simhash, 2), band(a.Simhash, 3), a.ID)
		if err != nil {
			return nil, s.wrap(err)
		}
		for rows.Next() {
			var id string
			var h int64
			if err := rows.Scan(&id, &h); err != nil {
				rows.Close()
				return nil, s.wrap(err)
			}
			cands[id] = uint64(h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.wrap(err)
		}
	}
	var linked []string
	for _, id := range sortedKeys(cands) {
		h := cands[id]
		if id == a.ID || !cluster.NearDuplicate(a.Simhash, h) {
			continue
		}
		x, y := a.ID, id
		if y < x {
			x, y = y, x
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_links (a, b, kind, distance) VALUES (?, ?, 'near_duplicate', ?)
			ON CONFLICT DO NOTHING`), x, y, hamming(a.Simhash, h)); err != nil {
			return nil, s.wrap(err)
		}
		linked = append(linked, id)
	}
	return linked, nil
}

func hamming(a, b uint64) int {
	n := 0
	for x := a ^ b; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// Article returns the stored article id.
func (s *Store) Article(ctx context.Context, id string) (*Article, error) {
	a := &Article{}
	var fetched string
	var h int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, doc_id, url, outlet, title, published, fetched, raw, text, content_hash, simhash
		FROM articles WHERE id = ?`), id).Scan(&a.ID, &a.DocID, &a.URL, &a.Outlet, &a.Title, &a.Published, &fetched, &a.Raw, &a.Text, &a.ContentHash, &h)
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	a.Fetched, _ = time.Parse(time.RFC3339Nano, fetched)
	a.Simhash = uint64(h)
	return a, nil
}

// NearDuplicates returns the ids of the articles linked to id as near-duplicates, sorted.
func (s *Store) NearDuplicates(ctx context.Context, id string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT b FROM article_links WHERE a = ? UNION SELECT a FROM article_links WHERE b = ? ORDER BY 1`), id, id)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			return nil, s.wrap(err)
		}
		ids = append(ids, x)
	}
	return ids, s.wrap(rows.Err())
}
