package extract

import (
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/doc"
)

// TestEventDates: the day an event is coded on, from the text's own dates and the
// publication date (package when resolves the expressions; the passages choose).
func TestEventDates(t *testing.T) {
	thu := time.Date(2025, 3, 13, 0, 0, 0, 0, time.UTC) // a Thursday
	cases := []struct {
		text, date string
		prec       int
		dead       int
	}{
		// a dated sentence that tells no event dates the passage right after it
		{"On 3 March 2025, police carried out an operation in a district of Kidal. A shoot-out broke out and a man was killed.", "2025-03-03", 1, 1},
		{"On 3 March 2025, police carried out an operation in a district of Kidal. Residents stayed indoors. A shoot-out broke out and a man was killed.", "2025-03-03", 1, 1},
		// the day of a statement is not the day of the event
		{"The army said on Wednesday it had repelled a raid on the depot in Kidal a day earlier, killing four attackers.", "2025-03-11", 1, 4},
		{"Police said on Thursday that gunmen killed five villagers in Kidal on Wednesday.", "2025-03-12", 1, 5},
		// two tellings of one toll: the lower; a toll is the whole
		{"Gunmen killed nine villagers in Kidal on Wednesday, residents said. A police spokesman said six people had died.", "2025-03-12", 1, 6},
		{"Rebels shelled Kidal on Tuesday. Medics put the death toll at 7, with 15 wounded.", "2025-03-11", 1, 7},
		// a vague count adds nothing to a stated one
		{"Troops repelled an assault on Kidal on Monday; two soldiers died and several attackers were killed.", "2025-03-10", 1, 2},
	}
	c := coder(t)
	for _, tc := range cases {
		evs := c.Code(doc.Document{ID: "t", Text: tc.text, Published: thu})
		if len(evs) == 0 {
			t.Errorf("%q: no event", tc.text)
			continue
		}
		e := evs[0]
		if e.EventDate != tc.date || e.TimePrecision != tc.prec || e.Fatalities != tc.dead {
			t.Errorf("%q\n  got %s/%d dead %d, want %s/%d dead %d", tc.text, e.EventDate, e.TimePrecision, e.Fatalities, tc.date, tc.prec, tc.dead)
		}
	}
}
