package extract

import (
	"strings"
	"testing"
)

// fill is strings.ReplaceAll of "{C}" whatever the template.
func TestFill(t *testing.T) {
	for _, tmpl := range []string{"Military Forces of {C}", "Civilians ({C})", "{C}", "JNIM", "", "{C} and {C}", "{C"} {
		for _, c := range []string{"Mali", ""} {
			if got, want := fill(tmpl, c), strings.ReplaceAll(tmpl, "{C}", c); got != want {
				t.Errorf("fill(%q, %q) = %q, want %q", tmpl, c, got, want)
			}
		}
	}
}
