package main

import (
	"context"
)

func customerSegmentsCommand() command {
	return command{
		name:     "customer-segments",
		synopsis: []string{"customer-segments [--oauth SCOPES] CUSTOMER_ID"},
		summary:  "print the segments a customer belongs to, as JSON",
		about: `Prints the segments that the customer CUSTOMER_ID (cust_... or a source ID)
belongs to: the API's answer as it came, indented, {"object": "list", "data":
[{"id", "name", "object"}], "total"}. For an ID that Voucherify does not know
as a customer, the API answers the segments such a customer would qualify for.
With --oauth, the token needs the customers (or api) scope.
`,
		flags: withAPIFlags(runCustomerSegments),
	}
}

// runCustomerSegments prints the segments of the customer named by args.
func runCustomerSegments(ctx context.Context, p *proc, args []string, flags apiFlags) error {
	raw := newRawBodies()
	id, client, err := clientForID(args, "customer ID", raw, flags)
	if err != nil {
		return err
	}
	if _, err := client.ListCustomerSegments(ctx, id); err != nil {
		return refusedAsUsage(err)
	}
	return writeRaw(p.stdout, raw.lastBody())
}
