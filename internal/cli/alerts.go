package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sitrep-dev/sitrep/internal/alert"
	"github.com/sitrep-dev/sitrep/internal/doc"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func init() {
	register("alerts", "manage alert rules (add, list, remove) and try them (check)", runAlerts)
}

const alertsUsage = `Usage: sitrep alerts SUBCOMMAND [flags]

  add --file RULE.json     add a rule, or replace the one with the same id (- reads standard input)
  list [--fired] [--json]  the rules; with --fired, the alerts they fired and their delivery
  remove ID                remove a rule (the alerts it fired stay listed)
  check [--file RULE.json] [--at YYYY-MM-DD] [--json]
                           what the rule (or every stored rule) would fire over the stored events
                           on that day; records and sends nothing

Every subcommand takes --db. A rule is JSON; see internal/alert's Rule, e.g.
  {"name":"Spike in Homs","area":{"country":"Syria","admin1":"Homs"},"window_days":7,
   "spike":{},"webhook":"https://hooks.example.org/sitrep"}
`

func runAlerts(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stderr, alertsUsage)
		if len(args) == 0 {
			return usagef("give a subcommand: add, list, remove or check")
		}
		return nil
	}
	switch args[0] {
	case "add":
		return alertsAdd(ctx, env, args[1:])
	case "list":
		return alertsList(ctx, env, args[1:])
	case "remove", "rm":
		return alertsRemove(ctx, env, args[1:])
	case "check":
		return alertsCheck(ctx, env, args[1:])
	}
	fmt.Fprint(env.Stderr, alertsUsage)
	return usagef("unknown subcommand %q", args[0])
}

// readRule reads a rule file ("-" for standard input).
func readRule(env Env, path string) (alert.Rule, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(env.Stdin, 1<<20))
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return alert.Rule{}, err
	}
	r, err := alert.Parse(data)
	if err != nil {
		return alert.Rule{}, usagef("%s: %v", path, err)
	}
	return r, nil
}

// alertStore opens the database and its alert tables. The store keeps alerts once it
// implements alert.Store (as serve does for feeds, the check is at run time).
func alertStore(ctx context.Context, db string, write bool) (*store.Store, alert.Store, error) {
	open := store.OpenExisting
	if write {
		open = store.Open
	}
	st, err := open(ctx, dsn(db))
	if err != nil {
		return nil, nil, err
	}
	as, ok := any(st).(alert.Store)
	if !ok {
		st.Close()
		return nil, nil, errors.New("this version of the store cannot keep alert rules yet")
	}
	return st, as, nil
}

func alertsAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts add", "")
	db := dbFlag(fs)
	file := fs.String("file", "", "the rule as JSON (`PATH`, or - for standard input)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		return usagef("alerts add takes --file RULE.json and no arguments")
	}
	r, err := readRule(env, *file)
	if err != nil {
		return err
	}
	st, as, err := alertStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := as.SaveRule(ctx, r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "rule %s saved\n", r.ID)
	return nil
}

func alertsRemove(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts remove", "ID")
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("alerts remove takes one rule id")
	}
	st, as, err := alertStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := as.DeleteRule(ctx, fs.Arg(0)); err != nil {
		if errors.Is(err, alert.ErrNotFound) {
			return fmt.Errorf("no rule %q", fs.Arg(0))
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "rule %s removed\n", fs.Arg(0))
	return nil
}

func alertsList(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts list", "")
	db := dbFlag(fs)
	fired := fs.Bool("fired", false, "list the alerts fired, newest first, with their delivery")
	rule := fs.String("rule", "", "with --fired: only this rule's alerts")
	limit := fs.Int("limit", 50, "with --fired: at most this many (0: all)")
	asJSON := fs.Bool("json", false, "JSON Lines instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("alerts list takes flags, not arguments")
	}
	st, as, err := alertStore(ctx, *db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	if !*fired {
		rules, err := as.Rules(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			for _, r := range rules {
				if err := enc.Encode(r); err != nil {
					return err
				}
			}
			return nil
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCONDITION\tAREA\tFILTERS\tWEBHOOK\t")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", r.ID, condition(r), r.Area, filters(r), orDash(r.Redacted().Webhook))
		}
		return tw.Flush()
	}
	alerts, err := as.Alerts(ctx, *rule, *limit)
	if err != nil {
		return err
	}
	deliveries, err := as.Deliveries(ctx, "")
	if err != nil {
		return err
	}
	byKey := map[string]alert.Delivery{}
	for _, d := range deliveries {
		byKey[d.AlertKey] = d
	}
	if *asJSON {
		for _, a := range alerts {
			var d *alert.Delivery
			if x, ok := byKey[a.Key]; ok {
				x.URL = a.Redacted().Rule.Webhook
				d = &x
			}
			if err := enc.Encode(struct {
				alert.Alert
				Delivery *alert.Delivery `json:"delivery"`
			}{a, d}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FIRED\tKEY\tEVENTS\tDEATHS\tDELIVERY\tREASON\t")
	for _, a := range alerts {
		del := "-"
		if d, ok := byKey[a.Key]; ok {
			del = fmt.Sprintf("%s (%d)", d.State, d.Attempts)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t\n", a.FiredAt.UTC().Format("2006-01-02 15:04"), a.Key,
			a.Counts.Events, a.Counts.Fatalities, del, a.Reason)
	}
	return tw.Flush()
}

func alertsCheck(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts check", "")
	db := dbFlag(fs)
	file := fs.String("file", "", "the rule to try, as JSON (`PATH`, or - for standard input); default: every stored rule")
	at := fs.String("at", "", "evaluate at the end of this day, `YYYY-MM-DD` (default: now)")
	asJSON := fs.Bool("json", false, "print the alerts as JSON Lines")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("alerts check takes flags, not arguments")
	}
	now := time.Now().UTC()
	if *at != "" {
		d, err := time.Parse(doc.DateLayout, *at)
		if err != nil {
			return usagef("--at %q is not a YYYY-MM-DD date", *at)
		}
		now = d.Add(24*time.Hour - time.Second)
	}
	var rules []alert.Rule
	if *file != "" {
		r, err := readRule(env, *file)
		if err != nil {
			return err
		}
		rules = append(rules, r)
	}
	st, err := store.OpenExisting(ctx, dsn(*db))
	if err != nil {
		return err
	}
	defer st.Close()
	if *file == "" {
		as, ok := any(st).(alert.Store)
		if !ok {
			return usagef("give a rule with --file: this version of the store cannot keep alert rules yet")
		}
		if rules, err = as.Rules(ctx); err != nil {
			return err
		}
		if len(rules) == 0 {
			return errors.New("no rules stored; try one with --file")
		}
	}
	var from, to time.Time
	for i, r := range rules {
		f, t := r.Span(now)
		if i == 0 || f.Before(from) {
			from = f
		}
		if t.After(to) {
			to = t
		}
	}
	events, err := st.EventsBetween(ctx, from, to)
	if err != nil {
		return err
	}
	fired := alert.Evaluate(rules, events, now)
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	for _, a := range fired {
		if *asJSON {
			if err := enc.Encode(a.Redacted()); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(env.Stdout, "%s fires: %s\n", a.Key, a.Reason)
		if len(a.SampleEventIDs) > 0 {
			fmt.Fprintf(env.Stdout, "  events: %s\n", strings.Join(a.SampleEventIDs, " "))
		}
	}
	if len(fired) == 0 && !*asJSON {
		fmt.Fprintf(env.Stdout, "nothing fires on %s (%d rules, %d events from %s to %s)\n", now.Format(doc.DateLayout),
			len(rules), len(events), from.Format(doc.DateLayout), to.Format(doc.DateLayout))
	}
	return nil
}

func condition(r alert.Rule) string {
	var s string
	if t := r.Threshold; t != nil {
		var parts []string
		if t.Events > 0 {
			parts = append(parts, fmt.Sprintf("%d+ events", t.Events))
		}
		if t.Fatalities > 0 {
			parts = append(parts, fmt.Sprintf("%d+ deaths", t.Fatalities))
		}
		s = strings.Join(parts, " or ")
	} else if sp := r.Spike; sp != nil {
		s = fmt.Sprintf("spike in %s (%d periods, z %g)", sp.Metric, sp.BaselinePeriods, sp.Z)
	}
	if r.Window == alert.WindowMonth {
		s += " per calendar month"
	} else {
		s += fmt.Sprintf(" per %d days", r.WindowDays)
	}
	if r.Disabled {
		s += " [disabled]"
	}
	return s
}

func filters(r alert.Rule) string {
	var parts []string
	parts = append(parts, r.EventTypes...)
	parts = append(parts, r.SubEventTypes...)
	for _, a := range r.Actors {
		parts = append(parts, "actor~"+a)
	}
	return orDash(strings.Join(parts, "; "))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
