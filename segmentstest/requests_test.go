package segmentstest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestRequestsRecordWhatWasSent: a service's test can assert the exact body, query
// and headers its code sent; the secret key is never recorded.
func TestRequestsRecordWhatWasSent(t *testing.T) {
	srv := segmentstest.NewServer(t)
	ctx := context.Background()
	if _, err := srv.Client.Create(ctx, segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"c1", "c2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.List(ctx, segments.ListParams{Limit: 5, Name: "VIP"}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	create, list := reqs[0], reqs[1]
	var sent struct {
		Name      string   `json:"name"`
		Type      string   `json:"type"`
		Customers []string `json:"customers"`
	}
	if err := json.Unmarshal(create.Body, &sent); err != nil || sent.Name != "VIP" || sent.Type != "static" || len(sent.Customers) != 2 {
		t.Errorf("create body %s (%v)", create.Body, err)
	}
	if create.Method != http.MethodPost || create.Path != "/v1/segments" || create.Status != http.StatusOK ||
		create.Header.Get("X-App-Id") != srv.AppID || create.Header.Get("Content-Type") == "" {
		t.Errorf("create recorded as %s %s %d %v", create.Method, create.Path, create.Status, create.Header)
	}
	if list.Method != http.MethodGet || !strings.Contains(list.Query, "limit=5") || list.Body != nil {
		t.Errorf("list recorded as %s ?%s body %q", list.Method, list.Query, list.Body)
	}
	for _, r := range reqs {
		if r.Header.Get("X-App-Token") != "[redacted]" {
			t.Errorf("X-App-Token recorded as %q", r.Header.Get("X-App-Token"))
		}
		if strings.Contains(fmt.Sprint(r), srv.SecretKey) {
			t.Error("the secret key is in a recorded request")
		}
	}
	srv.Reset()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after Reset", n)
	}
}

// TestWithClock: a clock that stands still puts 300 segments in one millisecond, and
// the SDK's All still returns each exactly once, newest first.
func TestWithClock(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 6_000_000, time.UTC)
	srv := segmentstest.NewServer(t, segmentstest.WithClock(func() time.Time { return at }))
	ctx := context.Background()
	const n = 300
	for i := range n {
		if _, err := srv.Client.Create(ctx, segments.CreateParams{Name: fmt.Sprint("s", i), Type: segments.TypeStatic, Customers: []string{}}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for seg, err := range srv.Client.All(ctx, segments.ListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[seg.ID] || !seg.CreatedAt.Equal(at.Truncate(time.Millisecond)) {
			t.Fatalf("%s seen twice, or created at %v", seg.ID, seg.CreatedAt)
		}
		seen[seg.ID] = true
	}
	if len(seen) != n {
		t.Errorf("All returned %d segments, want %d", len(seen), n)
	}
}

// TestWithStoreLimits: past the limits, creates fail with the sandbox's own error.
func TestWithStoreLimits(t *testing.T) {
	srv := segmentstest.NewServer(t, segmentstest.WithStoreLimits(1, 10))
	ctx := context.Background()
	create := func() error {
		_, err := srv.Client.Create(ctx, segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}})
		return err
	}
	if err := create(); err != nil {
		t.Fatal(err)
	}
	err := create()
	apiErr, ok := errors.AsType[*segments.APIError](err)
	if !ok || apiErr.StatusCode != http.StatusBadRequest || apiErr.Key != "sandbox_limit" || !strings.Contains(err.Error(), "sandbox") {
		t.Errorf("err = %v, want the sandbox's 400 sandbox_limit", err)
	}
	if srv.Len() != 1 {
		t.Errorf("%d segments stored", srv.Len())
	}
}

// Requests shows what the code under test sent: here, that a service sends its
// customers deduplicated, with no secret in sight.
func ExampleServer_Requests() {
	srv, err := segmentstest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	svc := vipCampaign{segments: srv.Client}
	if _, err := svc.launch(context.Background(), []string{"cust_1", "cust_2"}); err != nil {
		log.Fatal(err)
	}

	sent := srv.Requests()[0]
	fmt.Println(sent.Method, sent.Path, sent.Status)
	fmt.Println(string(sent.Body))
	fmt.Println("X-App-Token:", sent.Header.Get("X-App-Token"))
	// Output:
	// POST /v1/segments 200
	// {"customers":["cust_1","cust_2"],"name":"VIP launch","type":"static"}
	// X-App-Token: [redacted]
}
