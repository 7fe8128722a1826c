package feed

import "testing"

func TestLooksGlobal(t *testing.T) {
	for guid, want := range map[string]bool{
		"https://news.example.test/a/1":         true,
		"urn:uuid:1225c695-cfb8-4ebb-aaaa-80da": true,
		"tag:example.test,2025:1":               true,
		"x-custom+id.v2:17":                     true,
		"4711":                                  false,
		"12:34":                                 false,
		"story 12: part two":                    false,
		"/news/1":                               false,
		":x":                                    false,
		"":                                      false,
	} {
		if got := looksGlobal(guid); got != want {
			t.Errorf("looksGlobal(%q) = %v, want %v", guid, got, want)
		}
	}
}
