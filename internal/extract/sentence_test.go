package extract

import (
	"reflect"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Gen. Smith met Mr. Jones in the U.S. on Friday. Then he left.", []string{"Gen. Smith met Mr. Jones in the U.S. on Friday.", "Then he left."}},
		{"Clashes killed 2.5 percent. 3 fatalities.", []string{"Clashes killed 2.5 percent.", "3 fatalities."}},
		{"Caption line\nCaption line (credit: X)\n\nBody.", []string{"Caption line", "Caption line (credit: X)", "Body."}},
		{"He said “it ended.” Then fighting resumed.", []string{"He said “it ended.”", "Then fighting resumed."}},
		{"J. Smith reported it. on lower case no split.", []string{"J. Smith reported it. on lower case no split."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentences(tt.in, nil) {
			got = append(got, tt.in[s.start:s.end])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
