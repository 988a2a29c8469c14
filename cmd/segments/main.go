// Command segments works with Voucherify customer segments from the command line.
//
// Usage:
//
//	segments <command> [flags] [arguments]
//
// The commands:
//
//	demo    a round trip through the SDK against an in-process sandbox
//	create  create a segment and print it as JSON
//	get     print a segment as JSON
//	delete  delete a segment
//	list    list segments as JSON lines or a table
//	customer-segments  print the segments a customer belongs to
//	serve   run the local sandbox of the segments API (see internal/sandbox)
//	version print the SDK and contract versions
//
// create, get, delete and list call the API with a client of segments.NewClient,
// which reads VOUCHERIFY_API_URL (by default https://api.voucherify.io),
// VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY, and print the API's answers as
// they came. Run "segments help" for the flags of every command.
//
// The exit status is 0 on success, 1 when the command failed (the API answered
// an error, the API could not be reached, a file could not be read) and 2 for
// a usage error, including parameters the SDK refuses before sending.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of run.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// proc is what a command sees of its process: standard streams and environment.
// main passes the real ones; tests pass buffers and a map.
type proc struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// action runs a command once its flags are parsed; args are the arguments left
// after the flags. A *usageError makes run exit 2, any other error 1.
type action func(ctx context.Context, p *proc, args []string) error

// command is a subcommand of segments. Each lives in its own file and is listed
// by commands.
type command struct {
	name     string
	synopsis []string // what follows "segments" in each usage line
	summary  string   // one line for the list of commands
	about    string   // what "segments help NAME" says before the flags
	// flags registers the command's flags on fs, bound to fresh variables, and
	// returns the action that runs the command with them.
	flags func(fs *flag.FlagSet) action
}

// commands lists the subcommands, in the order of the usage text.
func commands() []command {
	return []command{
		demoCommand(),
		createCommand(),
		getCommand(),
		deleteCommand(),
		listCommand(),
		customerSegmentsCommand(),
		serveCommand(),
		versionCommand(),
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, a second one ends the process at once.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run runs the command named by args[0] with the given streams and environment
// (getenv is os.Getenv in main) and returns the exit code: 0 on success, 1 when
// the command failed, 2 for a usage error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	p := &proc{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		printCommandList(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return runHelp(p, args[1:])
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "segments: unknown command %q\n\n", args[0])
		printCommandList(stderr)
		return exitUsage
	}
	return runCommand(ctx, p, c, args[1:])
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// runCommand parses the flags of c from args, runs it and reports its error.
func runCommand(ctx context.Context, p *proc, c command, args []string) int {
	fs := flag.NewFlagSet("segments "+c.name, flag.ContinueOnError)
	fs.SetOutput(p.stderr)
	fs.Usage = func() {} // printed below: to stdout for -h, to stderr after a mistake
	act := c.flags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandUsage(p.stdout, c)
			return exitOK
		}
		// The flag package has printed what is wrong.
		printUsageHint(p.stderr, c)
		return exitUsage
	}
	err := act(ctx, p, fs.Args())
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		printError(p.stderr, "segments "+c.name, err)
		printUsageHint(p.stderr, c)
		return exitUsage
	default:
		printError(p.stderr, "segments "+c.name, err)
		return exitFailure
	}
}
