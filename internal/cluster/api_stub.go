package cluster

import "time"

// Window returns the dates an event could have to merge with m: the span the mention's date
// and time precision allow, widened by the slack reports of one event show. The store uses it
// for blocking queries.
func Window(m *Mention) (from, to time.Time) { panic("not yet") }

// Same reports whether m reports the same real event as e, whose mentions are ms.
func Same(e *Event, ms []*Mention, m *Mention) bool { panic("not yet") }

// Reconcile builds the fields of an event from its mentions; id becomes the event's id.
func Reconcile(id string, ms []*Mention) *Event { panic("not yet") }

// Cluster groups mentions into events in one batch. Blocking by date and place keeps it
// sub-quadratic; the result does not depend on the order of ms.
func Cluster(ms []*Mention) []*Event { panic("not yet") }

// EventID is a stable event id derived from the earliest mention, so re-runs give the same id.
func EventID(ms []*Mention) string { panic("not yet") }

// Simhash is a near-duplicate fingerprint of an article's text.
func Simhash(text string) uint64 { panic("not yet") }

// NearDuplicate reports whether two fingerprints are close enough for "same wire story".
func NearDuplicate(a, b uint64) bool { panic("not yet") }
