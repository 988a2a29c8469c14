package segmentstest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// newClient returns another client of srv, with opts, or fails t.
func newClient(t testing.TB, srv *segmentstest.Server, opts ...segments.Option) *segments.Client {
	t.Helper()
	c, err := srv.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func customerIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("cust_%08d", i)
	}
	return ids
}

func TestRoundTripThroughTheSandbox(t *testing.T) {
	srv := segmentstest.NewServer(t)
	ctx := context.Background()

	static, err := srv.Client.Create(ctx, segments.CreateParams{Name: "Max", Type: segments.TypeStatic, Customers: customerIDs(segments.MaxStaticCustomers)})
	if err != nil {
		t.Fatal(err)
	}
	stored, ok := srv.Segment(static.ID)
	if !ok || len(stored.Customers) != segments.MaxStaticCustomers || stored.Type != segments.TypeStatic || stored.Filter != nil {
		t.Fatalf("stored = %+v (found %v)", stored.ID, ok)
	}
	got, err := srv.Client.Get(ctx, static.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != static.ID || got.Name != "Max" || !got.CreatedAt.Equal(static.CreatedAt) || got.Filter != nil || got.UpdatedAt != nil {
		t.Errorf("Get = %+v, want %+v", got, static)
	}
	if err := srv.Client.Delete(ctx, static.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.Get(ctx, static.ID); !errors.Is(err, segments.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := srv.Client.Delete(ctx, static.ID); !errors.Is(err, segments.ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
	if srv.Len() != 0 {
		t.Errorf("Len = %d, want 0", srv.Len())
	}
}

func TestOverTheCapNothingIsSentOrStored(t *testing.T) {
	srv := segmentstest.NewServer(t)
	_, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "Over", Type: segments.TypeStatic, Customers: customerIDs(segments.MaxStaticCustomers + 1)})
	if !errors.Is(err, segments.ErrTooManyCustomers) {
		t.Fatalf("err = %v", err)
	}
	if n := len(srv.Requests()); n != 0 || srv.Len() != 0 {
		t.Errorf("%d requests, %d segments; want none", n, srv.Len())
	}
}

func TestCredentials(t *testing.T) {
	srv := segmentstest.NewServer(t, segmentstest.WithCredentials("my-app", "my-secret"))
	if srv.AppID != "my-app" || srv.SecretKey != "my-secret" {
		t.Fatalf("credentials = %q, %q", srv.AppID, srv.SecretKey)
	}
	wrong := newClient(t, srv, segments.WithCredentials("my-app", "not-the-secret"))
	if _, err := wrong.Get(context.Background(), "seg_1"); !errors.Is(err, segments.ErrUnauthorized) {
		t.Errorf("wrong secret: %v, want ErrUnauthorized", err)
	}
	random := segmentstest.NewServer(t)
	if random.AppID == "" || random.SecretKey == "" || random.SecretKey == srv.SecretKey {
		t.Errorf("random credentials = %q, %q", random.AppID, random.SecretKey)
	}
}

func TestRateLimit(t *testing.T) {
	srv := segmentstest.NewServer(t, segmentstest.WithRateLimit(2, time.Hour), segmentstest.WithClientOptions(segments.WithMaxRetries(0)))
	ctx := context.Background()
	for range 2 {
		if _, err := srv.Client.Get(ctx, "seg_missing"); !errors.Is(err, segments.ErrNotFound) {
			t.Fatalf("within the limit: %v", err)
		}
	}
	_, err := srv.Client.Get(ctx, "seg_missing")
	var apiErr *segments.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, segments.ErrRateLimited) || apiErr.RetryAfter <= 0 {
		t.Fatalf("over the limit: %v, want a 429 with a wait", err)
	}
	srv.SetRateLimit(0, 0)
	if _, err := srv.Client.Get(ctx, "seg_missing"); !errors.Is(err, segments.ErrNotFound) {
		t.Errorf("limit off: %v", err)
	}
}

func TestResetForgetsEverything(t *testing.T) {
	srv := segmentstest.NewServer(t)
	if _, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic}); err != nil {
		t.Fatal(err)
	}
	srv.InjectFaults(http.StatusServiceUnavailable, 3)
	srv.Reset()
	if f, d := srv.PendingFaults(); srv.Len() != 0 || len(srv.Requests()) != 0 || f != 0 || d != 0 {
		t.Errorf("after Reset: %d segments, %d requests, %d faults, %d delays", srv.Len(), len(srv.Requests()), f, d)
	}
}

func TestStartAndClose(t *testing.T) {
	srv, err := segmentstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.Get(context.Background(), "seg_1"); !errors.Is(err, segments.ErrNotFound) {
		t.Fatalf("running: %v", err)
	}
	srv.Close()
	if _, err := srv.Client.Get(context.Background(), "seg_1"); err == nil || errors.Is(err, segments.ErrNotFound) {
		t.Errorf("after Close: %v, want a connection error", err)
	}
}
