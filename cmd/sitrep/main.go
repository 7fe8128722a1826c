// Command sitrep turns news reports about armed conflict into coded, sourced events.
// Everything lives in internal/; see internal/cli for the commands.
package main

import (
	"os"

	"github.com/sitrep-dev/sitrep/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
