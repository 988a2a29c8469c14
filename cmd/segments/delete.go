package main

import (
	"context"
	"flag"
)

func deleteCommand() command {
	return command{
		name:     "delete",
		synopsis: []string{"delete ID"},
		summary:  "delete a segment",
		about: `Deletes the segment with the ID ID and prints
{"id": "<ID>", "object": "segment", "deleted": true}. A missing segment is an
error (404, key not_found), so deleting twice fails the second time.
`,
		flags: func(*flag.FlagSet) action { return runDelete },
	}
}

// runDelete deletes the segment named by args and confirms it.
func runDelete(ctx context.Context, p *proc, args []string) error {
	id, err := oneID(args)
	if err != nil {
		return err
	}
	client, err := newClient(p.getenv)
	if err != nil {
		return err
	}
	if err := client.Delete(ctx, id); err != nil {
		return err
	}
	return writeJSON(p.stdout, deleted{ID: id, Object: "segment", Deleted: true})
}
