package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/store"
)

// reviewer returns who made a review request: the name given, else "reviewer".
func reviewer(who string) string {
	if who = strings.TrimSpace(who); who != "" {
		return who
	}
	return "reviewer"
}

func (s *Server) mergeEvents(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var body struct {
		Other  string `json:"other"`
		Reason string `json:"reason"`
		Who    string `json:"who"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(body.Reason) == "":
		return errorf(http.StatusBadRequest, "reason: say why (it goes in the audit log)")
	case body.Other == "":
		return errorf(http.StatusBadRequest, "other: give the event to merge into this one")
	case body.Other == id:
		return errorf(http.StatusBadRequest, "other: an event cannot be merged with itself")
	}
	for _, e := range []string{id, body.Other} {
		if _, err := s.detail(r, e); err != nil {
			return err
		}
	}
	if _, err := s.store.Merge(r.Context(), id, body.Other, reviewer(body.Who), body.Reason); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound(id, err)
		}
		return err
	}
	d, err := s.detail(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) splitEvent(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var body struct {
		Mentions []string `json:"mentions"`
		Reason   string   `json:"reason"`
		Who      string   `json:"who"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if strings.TrimSpace(body.Reason) == "" {
		return errorf(http.StatusBadRequest, "reason: say why (it goes in the audit log)")
	}
	if len(body.Mentions) == 0 {
		return errorf(http.StatusBadRequest, "mentions: give the mentions to move to a new event")
	}
	cur, err := s.detail(r, id)
	if err != nil {
		return err
	}
	var have []string
	for _, m := range cur.Mentions {
		have = append(have, m.ID)
	}
	move := map[string]bool{}
	for _, m := range body.Mentions {
		if !slices.Contains(have, m) {
			return errorf(http.StatusBadRequest, "mentions: %q is not a mention of event %s", m, id)
		}
		move[m] = true
	}
	if len(move) == len(have) {
		return errorf(http.StatusBadRequest, "mentions: at least one mention must stay with event %s", id)
	}
	newID, err := s.store.Split(r.Context(), id, body.Mentions, reviewer(body.Who), body.Reason)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound(id, err)
		}
		return err
	}
	from, err := s.detail(r, id)
	if err != nil {
		return err
	}
	to, err := s.detail(r, newID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]*eventDetail{"from": from, "to": to})
	return nil
}
