package segmentstest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// vipCampaign is a service under test: it puts a campaign's VIPs in a static
// segment, and retries nothing itself.
type vipCampaign struct{ segments *segments.Client }

func (v vipCampaign) launch(ctx context.Context, vips []string) (string, error) {
	seg, err := v.segments.Create(ctx, segments.CreateParams{Name: "VIP launch", Type: segments.TypeStatic, Customers: vips})
	if err != nil {
		return "", fmt.Errorf("launching: %w", err)
	}
	return seg.ID, nil
}

// A service's test starts a sandbox, hands its client to the service, then
// looks at what the sandbox stored. In a test, use NewServer(t), which closes
// the sandbox when the test ends; Start is the same outside a test.
func Example() {
	srv, err := segmentstest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	svc := vipCampaign{segments: srv.Client}
	id, err := svc.launch(context.Background(), []string{"cust_1", "cust_2"})
	if err != nil {
		log.Fatal(err)
	}

	stored, _ := srv.Segment(id)
	fmt.Println(stored.Name, stored.Type, stored.Customers)
	// Output: VIP launch static [cust_1 cust_2]
}

// Fault injection shows how a service copes with a failing API: the SDK
// retries a GET through two 503s, but never a create, which could duplicate
// the segment.
func ExampleServer_InjectFaults() {
	srv, err := segmentstest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	svc := vipCampaign{segments: srv.Client}

	srv.InjectFaults(http.StatusServiceUnavailable, 1)
	// The 503 leaves open whether the segment was stored: Create looks it
	// up (one list request), finds none, and says so with ErrCreateUncertain,
	// which still holds the 503.
	_, err = svc.launch(ctx, []string{"cust_1"})
	var apiErr *segments.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("create:", apiErr.StatusCode, "after", apiErr.Attempts, "attempt; stored:", srv.Len())
	}

	id, _ := svc.launch(ctx, []string{"cust_1"})
	srv.InjectFaults(http.StatusServiceUnavailable, 2)
	_, err = srv.Client.Get(ctx, id)
	fmt.Println("get after two 503s:", err, "requests:", len(srv.Requests()))
	// Output:
	// create: 503 after 1 attempt; stored: 0
	// get after two 503s: <nil> requests: 6
}

// A rate limit lets a test check a service's handling of 429 answers.
func ExampleWithRateLimit() {
	srv, err := segmentstest.Start(
		segmentstest.WithRateLimit(1, time.Minute),
		segmentstest.WithClientOptions(segments.WithMaxRetries(0)),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	_, first := srv.Client.Get(context.Background(), "seg_1")
	_, second := srv.Client.Get(context.Background(), "seg_1")
	fmt.Println(errors.Is(first, segments.ErrNotFound), errors.Is(second, segments.ErrRateLimited))
	// Output: true true
}
