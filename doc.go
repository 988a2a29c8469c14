// Package segments is a Go client for Voucherify's customer Segments API:
// create, get and delete segments of customers.
//
// A static segment lists its customers explicitly and holds at most
// [MaxStaticCustomers] of them; the client refuses a bigger one before sending
// anything. Larger groups are auto-update or passive segments defined by a
// [Filter] on customer data.
//
// The wire types come from the generated package api, compiled from the
// module's openapi.yaml; this package adds credentials, validation, typed
// errors, bounded reads, timeouts, retries and redirect safety.
//
//	c, err := segments.NewClient(segments.WithCredentials(appID, secretKey))
//	if err != nil { ... }
//	seg, err := c.Create(ctx, segments.CreateParams{
//		Name:      "VIP",
//		Type:      segments.TypeStatic,
//		Customers: []string{"cust_1", "cust_2"},
//	})
package segments
