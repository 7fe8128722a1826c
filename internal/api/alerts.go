package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
)

// alertJSON is a fired alert with where its webhook delivery stands.
type alertJSON struct {
	alert.Alert
	Delivery *alert.Delivery `json:"delivery"` // null: the rule has no webhook
}

func (s *Server) listRules(w http.ResponseWriter, r *http.Request) error {
	rules, err := s.alerts.Rules(r.Context())
	if err != nil {
		return err
	}
	out := make([]alert.Rule, len(rules))
	for i, rl := range rules {
		out[i] = rl.Redacted()
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": out})
	return nil
}

func (s *Server) addRule(w http.ResponseWriter, r *http.Request) error {
	var raw map[string]any
	body, err := readBody(r)
	if err != nil {
		return err
	}
	rule, err := alert.Parse(body)
	if err != nil {
		if jerr := jsonSyntax(body, &raw); jerr != nil {
			return jerr
		}
		return errorf(http.StatusBadRequest, "%v", err)
	}
	if err := s.alerts.SaveRule(r.Context(), rule); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rule.Redacted())
	return nil
}

func (s *Server) removeRule(w http.ResponseWriter, r *http.Request) error {
	err := s.alerts.DeleteRule(r.Context(), r.PathValue("id"))
	if errors.Is(err, alert.ErrNotFound) {
		return errorf(http.StatusNotFound, "no alert rule %q", r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return errorf(http.StatusBadRequest, "limit: %q is not a number from 1 to 1000", v)
		}
		limit = n
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return errorf(http.StatusBadRequest, "since: %q is not an RFC 3339 time", v)
		}
		since = t
	}
	as, err := s.alerts.Alerts(r.Context(), q.Get("rule"), 0)
	if err != nil {
		return err
	}
	ds, err := s.alerts.Deliveries(r.Context(), "")
	if err != nil {
		return err
	}
	byKey := make(map[string]*alert.Delivery, len(ds))
	for i := range ds {
		byKey[ds[i].AlertKey] = &ds[i]
	}
	out := []alertJSON{}
	for _, a := range as {
		if a.FiredAt.Before(since) {
			continue
		}
		hook := a.Rule.Webhook
		a.Rule = a.Rule.Redacted()
		d := byKey[a.Key]
		if d != nil {
			// The webhook's path and query may hold a secret; reads are public, so neither
			// the URL nor an error quoting it shows more than scheme and host.
			c := *d
			c.URL = a.Rule.Webhook
			if hook != "" {
				c.LastError = strings.ReplaceAll(c.LastError, hook, a.Rule.Webhook)
			}
			if d.URL != "" && d.URL != hook {
				c.LastError = strings.ReplaceAll(c.LastError, d.URL, a.Rule.Webhook)
			}
			d = &c
		}
		out = append(out, alertJSON{Alert: a, Delivery: d})
		if len(out) == limit {
			break
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": out})
	return nil
}
