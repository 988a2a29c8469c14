package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/voucherify-go/segments"
)

// usageError is a mistake in the command line: a missing, unknown or conflicting
// flag or argument. run prints it with the command's usage and exits 2.
type usageError struct {
	err error
}

func (e *usageError) Error() string { return e.err.Error() }

// Unwrap returns the underlying error.
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a *usageError formatted as fmt.Errorf does, %w included.
func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// noArgs refuses any argument left after the flags.
func noArgs(args []string) error {
	if len(args) > 0 {
		return usageErrorf("unexpected argument %q", args[0])
	}
	return nil
}

// oneID returns the single ID, of what, that a command takes.
func oneID(args []string, what string) (string, error) {
	switch len(args) {
	case 0:
		return "", usageErrorf("missing the %s", what)
	case 1:
		return args[0], nil
	default:
		return "", usageErrorf("unexpected argument %q after the %s", args[1], what)
	}
}

// environmentHelp returns what "segments help" says of the environment and
// the exit status.
func environmentHelp() string {
	return fmt.Sprintf(`Environment (create, get, delete and list, read by the SDK's segments.NewClient;
serve uses the first two):
  %-22s the project's application ID
  %-22s the project's secret key; never printed
  %-22s the API's base URL, without /v1 (default %s;
                         %s, %s,
                         or http://127.0.0.1:PORT for "segments serve")

Exit status: 0 on success; 1 when the command failed (the API answered an error,
the API could not be reached, a file could not be read); 2 for a usage error,
including parameters the SDK refuses before sending them.
`, segments.EnvAppID, segments.EnvSecretKey, segments.EnvAPIURL,
		segments.BaseURLEurope, segments.BaseURLUnitedStates, segments.BaseURLAsia)
}

// printCommandList prints the short usage: the commands and their summaries,
// and where to find more.
func printCommandList(w io.Writer) {
	printCommands(w)
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "segments help" for the flags of every command, "segments help <command>" for one.`)
}

// printCommands prints the usage line and the commands with their summaries.
func printCommands(w io.Writer) {
	fmt.Fprintln(w, "Usage: segments <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

// runHelp prints the usage of every command, or of those named in args, to
// stdout.
func runHelp(p *proc, args []string) int {
	if len(args) == 0 {
		printCommands(p.stdout)
		fmt.Fprintln(p.stdout)
		fmt.Fprint(p.stdout, environmentHelp())
		for _, c := range commands() {
			fmt.Fprintln(p.stdout)
			fmt.Fprintln(p.stdout, strings.Repeat("-", 78))
			printCommandUsage(p.stdout, c)
		}
		return exitOK
	}
	for i, name := range args {
		c, ok := lookup(name)
		if !ok {
			fmt.Fprintf(p.stderr, "segments help: unknown command %q\n\n", name)
			printCommandList(p.stderr)
			return exitUsage
		}
		if i > 0 {
			fmt.Fprintln(p.stdout)
		}
		printCommandUsage(p.stdout, c)
	}
	return exitOK
}

// printUsageHint prints the usage lines of c and where to find more, after a
// usage error.
func printUsageHint(w io.Writer, c command) {
	printSynopsis(w, c)
	fmt.Fprintf(w, "Run \"segments help %s\" for details.\n", c.name)
}

// printSynopsis prints the usage lines of c.
func printSynopsis(w io.Writer, c command) {
	for i, s := range c.synopsis {
		prefix := "Usage:"
		if i > 0 {
			prefix = "      "
		}
		fmt.Fprintf(w, "%s segments %s\n", prefix, s)
	}
}

// printCommandUsage prints the usage lines, description and flags of c.
func printCommandUsage(w io.Writer, c command) {
	printSynopsis(w, c)
	fmt.Fprintln(w)
	fmt.Fprint(w, c.about)

	// A fresh flag set: the one being parsed may hold values already.
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
