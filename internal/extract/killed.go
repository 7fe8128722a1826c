package extract

import "github.com/sitrep-dev/sitrep/internal/casualty"

// killed is the death toll of a passage.
type killed struct{ killed, low, high int }

// countKilled reads the deaths a passage reports (package casualty decides what counts).
func countKilled(s string) killed {
	c := casualty.Find(s)
	if !c.Found {
		return killed{}
	}
	return killed{c.Killed, c.Low, c.High}
}
