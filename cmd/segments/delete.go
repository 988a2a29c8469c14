package main

import (
	"context"
	"encoding/json"
	"fmt"
)

func deleteCommand() command {
	return command{
		name:     "delete",
		synopsis: []string{"delete ID"},
		summary:  "delete a segment",
		about: `Deletes the segment with the ID ID and prints
{"id": "<ID>", "object": "segment", "deleted": true} (the API answers 204,
with no body). A missing segment is an error (404, key not_found), so deleting
twice fails the second time.
`,
		flags: withAPIFlags(runDelete),
	}
}

// runDelete deletes the segment named by args and confirms it.
func runDelete(ctx context.Context, p *proc, args []string, flags apiFlags) error {
	id, client, err := clientForID(args, "segment ID", newRawBodies(), flags)
	if err != nil {
		return err
	}
	if err := client.Delete(ctx, id); err != nil {
		return refusedAsUsage(err)
	}
	b, err := json.Marshal(deleted{ID: id, Object: "segment", Deleted: true})
	if err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return writeRaw(p.stdout, b)
}
