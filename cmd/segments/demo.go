package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/sandbox"
)

func demoCommand() command {
	return command{
		name:     "demo",
		synopsis: []string{"demo"},
		summary:  "a round trip through the SDK against an in-process sandbox",
		about: fmt.Sprintf(`Starts an in-process sandbox of the API on a loopback port and narrates a
round trip through the Go SDK: a static segment of %d customers, the
client-side refusal of %d, an auto-update segment with a metadata filter, get,
delete, and the 404 after it. Needs no account, no credentials and no network;
exits 1 if any step does not behave as the real API would.
`, segments.MaxStaticCustomers, segments.MaxStaticCustomers+1),
		flags: func(*flag.FlagSet) action { return runDemo },
	}
}

// runDemo starts a sandbox and narrates the round trip against it.
func runDemo(ctx context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	sb, srv, c, err := startDemoSandbox(ctx)
	if err != nil {
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	defer func() { _ = srv.Close() }()
	return narrate(ctx, p.stdout, c, sb)
}

// startDemoSandbox starts a sandbox with a pair of generated credentials on a free
// loopback port, and returns it with a client of it. The caller must Close the server.
func startDemoSandbox(ctx context.Context) (*sandbox.Server, *sandbox.HTTPServer, *segments.Client, error) {
	appID, secretKey := sandbox.NewCredentials()
	// The demo counts the requests that reach the sandbox: it sends a handful.
	sb, err := sandbox.New(sandbox.Config{AppID: appID, SecretKey: secretKey, RequestLog: 100})
	if err != nil {
		return nil, nil, nil, err
	}
	srv, err := sb.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := segments.NewClient(segments.WithCredentials(appID, secretKey), segments.WithBaseURL(srv.URL))
	if err != nil {
		_ = srv.Close()
		return nil, nil, nil, err
	}
	return sb, srv, c, nil
}

// demoCustomers returns n customer IDs: cust_demo_00001, cust_demo_00002, ...
func demoCustomers(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("cust_demo_%05d", i+1)
	}
	return ids
}

// narrate runs the round trip against the sandbox srv through c, a client of it,
// writing each step to w. It fails when a step does not behave as the real API would.
func narrate(ctx context.Context, w io.Writer, c *segments.Client, srv *sandbox.Server) error {
	const capacity = segments.MaxStaticCustomers
	fmt.Fprintln(w, "segments demo: a round trip through the Go SDK against an in-process sandbox")
	fmt.Fprintln(w, "of the Voucherify segments API (no account, no network; IDs and times vary).")

	fmt.Fprintf(w, "\n1. Create a static segment of exactly %d customers, the cap.\n", capacity)
	static, err := c.Create(ctx, segments.CreateParams{
		Name: fmt.Sprintf("Demo: %d customers", capacity), Type: segments.TypeStatic, Customers: demoCustomers(capacity),
	})
	if err != nil {
		return fmt.Errorf("creating the static segment: %w", err)
	}
	fmt.Fprintf(w, "   created %s (type %s, %q)\n", static.ID, static.Type, static.Name)
	stored, ok := srv.Segment(static.ID)
	if !ok || len(stored.Customers) != capacity {
		return fmt.Errorf("the sandbox did not store %s with %d customers", static.ID, capacity)
	}
	fmt.Fprintf(w, "   the sandbox stored it with %d customers\n", len(stored.Customers))

	fmt.Fprintf(w, "\n2. Create a static segment of %d customers, one over the cap.\n", capacity+1)
	before := len(srv.Requests())
	_, err = c.Create(ctx, segments.CreateParams{
		Name: fmt.Sprintf("Demo: %d customers", capacity+1), Type: segments.TypeStatic, Customers: demoCustomers(capacity + 1),
	})
	if !errors.Is(err, segments.ErrTooManyCustomers) {
		return unexpected(fmt.Sprintf("%d customers: want the client's refusal (ErrTooManyCustomers)", capacity+1), err)
	}
	sent := len(srv.Requests()) - before
	if sent != 0 {
		return fmt.Errorf("%d customers: the sandbox received %d requests, want none", capacity+1, sent)
	}
	fmt.Fprintln(w, "   refused by the client before sending anything:")
	fmt.Fprintf(w, "   %v\n", err)
	fmt.Fprintf(w, "   errors.Is(err, segments.ErrTooManyCustomers): true; requests the sandbox received for it: %d\n", sent)

	fmt.Fprintln(w, "\n3. Create an auto-update segment whose filter selects the customers instead.")
	fmt.Fprintln(w, `   segments.And(segments.Field("metadata.club_level").In("Gold", "Silver"),`)
	fmt.Fprintln(w, `       segments.Field("loyalty_points.campaigns.Tiers 2.points").MoreThanEqual(41))`)
	filter := segments.And(
		segments.Field("metadata.club_level").In("Gold", "Silver"),
		segments.Field("loyalty_points.campaigns.Tiers 2.points").MoreThanEqual(41),
	)
	wire, err := json.Marshal(filter)
	if err != nil {
		return fmt.Errorf("encoding the filter: %w", err)
	}
	fmt.Fprintf(w, "   is sent as %s\n", wire)
	auto, err := c.Create(ctx, segments.CreateParams{Name: "Demo: Gold and Silver club, Tier 2", Type: segments.TypeAutoUpdate, Filter: filter})
	if err != nil {
		return fmt.Errorf("creating the auto-update segment: %w", err)
	}
	fmt.Fprintf(w, "   created %s (type %s, %q)\n", auto.ID, auto.Type, auto.Name)

	fmt.Fprintf(w, "\n4. Get %s.\n", auto.ID)
	got, err := c.Get(ctx, auto.ID)
	if err != nil {
		return fmt.Errorf("getting %s: %w", auto.ID, err)
	}
	body, err := json.MarshalIndent(got, "   ", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", auto.ID, err)
	}
	fmt.Fprintf(w, "   %s\n", body)

	fmt.Fprintf(w, "\n5. Delete %s.\n", auto.ID)
	if err := c.Delete(ctx, auto.ID); err != nil {
		return fmt.Errorf("deleting %s: %w", auto.ID, err)
	}
	if _, ok := srv.Segment(auto.ID); ok {
		return fmt.Errorf("the sandbox still holds %s after deleting it", auto.ID)
	}
	fmt.Fprintln(w, "   deleted; the sandbox no longer holds it")

	fmt.Fprintf(w, "\n6. Get %s again.\n", auto.ID)
	_, err = c.Get(ctx, auto.ID)
	var apiErr *segments.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		return unexpected(fmt.Sprintf("getting %s after deleting it: want a 404", auto.ID), err)
	}
	fmt.Fprintf(w, "   the sandbox answered %d, as the API would; errors.Is(err, segments.ErrNotFound): %t\n",
		apiErr.StatusCode, errors.Is(err, segments.ErrNotFound))
	fmt.Fprintf(w, "   %v\n", err)

	fmt.Fprintln(w, "\nDone. Run \"segments serve\" for a sandbox other programs can call.")
	return nil
}

// unexpected reports that a step of the demo did not fail as it should have:
// with another error, wrapped, or with none.
func unexpected(want string, err error) error {
	if err == nil {
		return fmt.Errorf("%s, got no error", want)
	}
	return fmt.Errorf("%s, got: %w", want, err)
}
