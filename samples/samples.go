// Package samples holds the sample reports bundled with sitrep, written for the project in
// its own words: `sitrep serve --demo` preloads them so that a fresh clone shows a dashboard
// with events at once, and tests use them as realistic input.
package samples

import _ "embed"

// Reports is reports.jsonl: one document a line, as `sitrep code --in jsonl` reads them.
//
//go:embed reports.jsonl
var Reports []byte
