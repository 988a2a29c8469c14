package main

import (
	"context"
	"flag"
)

func getCommand() command {
	return command{
		name:     "get",
		synopsis: []string{"get ID"},
		summary:  "print a segment as JSON",
		about: `Prints the segment with the ID ID (like seg_1wc52c5z6r1kQ81brO8j9Hk2): the
API's answer as it came, indented. The API does not return a segment's
customers. A missing segment is an error (404, key not_found).
`,
		flags: func(fs *flag.FlagSet) action {
			var a apiFlags
			a.register(fs)
			return func(ctx context.Context, p *proc, args []string) error { return runGet(ctx, p, args, a) }
		},
	}
}

// runGet prints the segment named by args.
func runGet(ctx context.Context, p *proc, args []string, flags apiFlags) error {
	id, err := oneID(args, "segment ID")
	if err != nil {
		return err
	}
	raw := newRawBodies()
	client, err := newClient(raw, flags)
	if err != nil {
		return err
	}
	seg, err := client.Get(ctx, id)
	if err != nil {
		return refusedAsUsage(err)
	}
	return writeSegment(p.stdout, raw, seg)
}
