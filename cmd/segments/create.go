package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/voucherify-go/segments"
)

func createCommand() command {
	return command{
		name: "create",
		synopsis: []string{
			"create --name NAME --type static --customers-file FILE [--dry-run]",
			"create --name NAME --type auto-update|passive --filter JSON|@FILE [--dry-run]",
		},
		summary: "create a segment and print it as JSON",
		about: fmt.Sprintf(`Creates a segment and prints the API's answer as it came, indented.

A static segment lists its customers in FILE ("-" for standard input): one ID
per line, or a CSV, TSV or semicolon-separated export whose header names the
ID column (id, customer_id, Customer ID, source_id and the like). The SDK's
customerids package reads it: blank lines are skipped, duplicates dropped,
and a file it cannot read without guessing is refused with the line and the
reason. How many customers are sent, and how many duplicates were dropped,
goes to standard error.

A static segment holds at most %d customers; the SDK refuses more before
sending anything. For a bigger group, create an auto-update segment
(customers enter and leave as its filter matches, with events) or a passive
one (the same, without events) whose filter selects them:

  segments create --name "Gold and Silver" --type auto-update \
    --filter '{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}}}'

The SDK checks the parameters and the filter before sending; what it refuses
is a usage error. --dry-run makes the same checks and prints the request body
that would be sent, without credentials and without sending anything.
`, segments.MaxStaticCustomers),
		flags: func(fs *flag.FlagSet) action {
			o := &createOptions{}
			fs.StringVar(&o.name, "name", "", "the `NAME` of the segment (required)")
			fs.StringVar(&o.typ, "type", "", "the `TYPE` of the segment: static, auto-update or passive (required)")
			fs.StringVar(&o.customersFile, "customers-file", "", "static: the `FILE` of customer IDs, a list or a CSV/TSV export; - for standard input")
			fs.StringVar(&o.filter, "filter", "", "auto-update and passive: the filter, as `JSON` or @FILE (@- for standard input)")
			fs.BoolVar(&o.dryRun, "dry-run", false, "check the request and print its body; send nothing")
			o.api.register(fs)
			return o.run
		},
	}
}

// createOptions are the flags of create.
type createOptions struct {
	name, typ, customersFile, filter string
	dryRun                           bool
	api                              apiFlags
}

// run creates the segment and prints it.
func (o *createOptions) run(ctx context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	params := segments.CreateParams{Name: o.name, Type: segments.Type(o.typ)}
	if params.Type == segments.TypeStatic && o.customersFile == "" {
		return usageErrorf("a static segment needs --customers-file FILE (- for standard input)")
	}
	if o.filter != "" {
		f, err := parseFilter(o.filter, p.stdin)
		if err != nil {
			return err
		}
		params.Filter = f
	}
	what := ""
	if o.customersFile != "" {
		ids, report, err := readCustomers(o.customersFile, p.stdin)
		if err != nil {
			return err
		}
		params.Customers = ids
		what = describeList(ids, report)
	}
	// The SDK checks the request before anything is said about sending it.
	body, err := checkCreate(ctx, params)
	if err != nil {
		return err
	}
	if o.dryRun {
		if what != "" {
			fmt.Fprintf(p.stderr, "segments create: dry run: would send %s\n", what)
		}
		fmt.Fprintln(p.stderr, "segments create: dry run: the SDK accepts the request; nothing sent")
		return writeRaw(p.stdout, body)
	}
	raw := newRawBodies()
	client, err := newClient(raw, o.api)
	if err != nil {
		return err
	}
	if what != "" {
		fmt.Fprintf(p.stderr, "segments create: sending %s\n", what)
	}
	seg, err := client.Create(ctx, params)
	if err != nil {
		return refusedAsUsage(err)
	}
	return writeSegment(p.stdout, raw, seg)
}

// checkCreate checks params as Create does, through Create itself (the SDK
// exports no other way), and returns the body it would send.
func checkCreate(ctx context.Context, params segments.CreateParams) ([]byte, error) {
	t := &dryRunTransport{}
	client, err := newDryRunClient(t)
	if err != nil {
		return nil, err
	}
	if _, err := client.Create(ctx, params); !errors.Is(err, errDryRun) {
		if err == nil {
			err = errors.New("dry run: the request was not stopped")
		}
		return nil, refusedAsUsage(err)
	}
	return t.body, nil
}

// refusedAsUsage returns err as a *usageError when the SDK refused the call's
// parameters before sending it: the user has to change the command line.
func refusedAsUsage(err error) error {
	var ve *segments.ValidationError
	if errors.As(err, &ve) {
		return &usageError{err: err}
	}
	return err
}
