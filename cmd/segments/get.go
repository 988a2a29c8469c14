package main

import (
	"context"
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
		flags: withAPIFlags(runGet),
	}
}

// runGet prints the segment named by args.
func runGet(ctx context.Context, p *proc, args []string, flags apiFlags) error {
	raw := newRawBodies()
	id, client, err := clientForID(args, "segment ID", raw, flags)
	if err != nil {
		return err
	}
	seg, err := client.Get(ctx, id)
	if err != nil {
		return refusedAsUsage(err)
	}
	return writeSegment(p.stdout, raw, seg)
}
