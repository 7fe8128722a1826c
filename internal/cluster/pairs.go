package cluster

import "sort"

// PairScore is the pairwise agreement of a clustering with a gold standard over article
// pairs: a pair is "same event" in the gold when both articles report one true event, and
// predicted when both have a mention in one merged event.
type PairScore struct {
	TP, FP, FN int
	Precision  float64 // TP / (TP+FP); 1 when nothing was predicted
	Recall     float64 // TP / (TP+FN); 1 when the gold has no pairs
}

// ScorePairs compares events with gold (article id -> true event key). Articles missing from
// gold are ignored; an article with no mention in any event predicts no pair.
func ScorePairs(gold map[string]string, events []*Event) PairScore {
	type pair struct{ a, b string }
	pred := map[pair]bool{}
	for _, e := range events {
		var docs []string
		for _, d := range e.DocIDs {
			if _, ok := gold[d]; ok {
				docs = append(docs, d)
			}
		}
		sort.Strings(docs)
		for i := range docs {
			for j := i + 1; j < len(docs); j++ {
				pred[pair{docs[i], docs[j]}] = true
			}
		}
	}
	ids := make([]string, 0, len(gold))
	for d := range gold {
		ids = append(ids, d)
	}
	sort.Strings(ids)
	var s PairScore
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			g := gold[ids[i]] == gold[ids[j]]
			p := pred[pair{ids[i], ids[j]}]
			switch {
			case g && p:
				s.TP++
			case p:
				s.FP++
			case g:
				s.FN++
			}
		}
	}
	s.Precision, s.Recall = 1, 1
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	return s
}
