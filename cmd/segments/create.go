package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/voucherify-go/segments"
)

func createCommand() command {
	return command{
		name: "create",
		synopsis: []string{
			"create --name NAME --type static --customers-file FILE",
			"create --name NAME --type auto-update|passive --filter JSON|@FILE",
		},
		summary: "create a segment and print it as JSON",
		about: fmt.Sprintf(`Creates a segment and prints it as the API returns it, as indented JSON.

A static segment lists its customers in FILE ("-" for standard input): one ID
per line, or a CSV file whose header row has an id column (other columns are
ignored, quoted fields are decoded). Blank lines, whitespace around IDs and a
UTF-8 byte order mark are ignored. It holds at most %d customers; the client
refuses more before sending anything. For a bigger group, create an
auto-update segment (customers enter and leave as its filter matches, with
events) or a passive one (the same, without events) whose filter selects them:

  segments create --name "Gold and Silver" --type auto-update \
    --filter '{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}}}'

The filter is checked before sending: a "junction" of "and" or "or", and
field paths holding {"conditions": {"$operator": values}}.
`, segments.MaxStaticCustomers),
		flags: func(fs *flag.FlagSet) action {
			o := &createOptions{}
			fs.StringVar(&o.name, "name", "", "the `NAME` of the segment (required)")
			fs.StringVar(&o.typ, "type", "", "the `TYPE` of the segment: static, auto-update or passive (required)")
			fs.StringVar(&o.customersFile, "customers-file", "", "static: the `FILE` of customer IDs, one per line or a CSV with an id column; - for standard input")
			fs.StringVar(&o.filter, "filter", "", "auto-update and passive: the filter, as `JSON` or @FILE (@- for standard input)")
			return o.run
		},
	}
}

// createOptions are the flags of create.
type createOptions struct {
	name, typ, customersFile, filter string
}

// run creates the segment and prints it.
func (o *createOptions) run(ctx context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	params, err := o.params(p.stdin)
	if err != nil {
		return err
	}
	client, err := newClient(p.getenv)
	if err != nil {
		return err
	}
	if params.Type == segments.TypeStatic {
		if params.Customers, err = readCustomers(o.customersFile, p.stdin); err != nil {
			return err
		}
	}
	seg, err := client.Create(ctx, params)
	if err != nil {
		return err
	}
	return writeJSON(p.stdout, seg)
}

// params checks that the flags fit together and returns the segment they
// describe, with its filter but not yet its customers. A mistake is a
// *usageError.
func (o *createOptions) params(stdin io.Reader) (segments.CreateParams, error) {
	p := segments.CreateParams{Name: o.name, Type: segments.Type(o.typ)}
	if strings.TrimSpace(o.name) == "" {
		return p, usageErrorf("missing --name")
	}
	switch p.Type {
	case segments.TypeStatic:
		if o.filter != "" {
			return p, usageErrorf("--filter is for auto-update and passive segments; a static segment takes --customers-file")
		}
		if o.customersFile == "" {
			return p, usageErrorf("a static segment needs --customers-file FILE (- for standard input)")
		}
	case segments.TypeAutoUpdate, segments.TypePassive:
		if o.customersFile != "" {
			return p, usageErrorf("--customers-file is for static segments; a %s segment takes --filter", p.Type)
		}
		if o.filter == "" {
			return p, usageErrorf("a %s segment needs --filter JSON or --filter @FILE", p.Type)
		}
		f, err := parseFilter(o.filter, stdin)
		if err != nil {
			return p, err
		}
		p.Filter = f
	case "":
		return p, usageErrorf("missing --type: static, auto-update or passive")
	default:
		return p, usageErrorf("unknown --type %q: static, auto-update or passive", o.typ)
	}
	return p, nil
}

// readCustomers reads and parses the customers file name ("-" for stdin).
func readCustomers(name string, stdin io.Reader) ([]string, error) {
	data, err := readInput(name, stdin, maxCustomersFileBytes)
	if err != nil {
		return nil, fmt.Errorf("--customers-file: %w", err)
	}
	ids, err := parseCustomers(data)
	if err != nil {
		if name == "-" {
			name = "standard input"
		}
		return nil, fmt.Errorf("--customers-file %s: %w", name, err)
	}
	return ids, nil
}
