// Package cli parses sitrep's command line and dispatches to one function per sub-command.
// Each sub-command lives in its own file (code.go, eval.go, ...) and registers itself in
// commands; the functions here only handle what every command shares.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Env is what a command may touch: its standard streams. Commands never use os.Stdout
// directly, so that tests can run them in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command is one sub-command.
type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

// commands is filled by init functions in the files that define each sub-command.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, env Env, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

// errUsage marks an error that is the caller's, not the program's: exit status 2.
var errUsage = errors.New("usage")

// Main runs sitrep with args (without the program name) and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "sitrep: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cmd.run(ctx, env, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "sitrep %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "sitrep %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "sitrep turns news reports about armed conflict into coded, sourced events.")
	fmt.Fprintln(w, "\nUsage: sitrep COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'sitrep COMMAND -h' for a command's flags.")
}

// newFlags returns a flag set that prints its usage to env.Stderr and returns errors instead
// of exiting, so that commands stay testable.
func newFlags(env Env, name, argsUsage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep %s [flags] %s\n\nFlags:\n", name, argsUsage)
		fs.PrintDefaults()
	}
	return fs
}

// usagef returns a usage error with a message.
func usagef(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, strings.TrimSpace(fmt.Sprintf(format, a...)))
}
