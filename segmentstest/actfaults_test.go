package segmentstest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestCreateThatActedThenFailed drives each act-then-fail fault through the SDK: the
// sandbox stores the segment and fails the answer. With the SDK's create recovery the
// caller learns of the stored segment as the one candidate, which the SDK does not take
// as made (another writer could have made it); without recovery, the original error.
// Either way the segment is stored once.
func TestCreateThatActedThenFailed(t *testing.T) {
	faults := []struct {
		name   string
		inject func(*segmentstest.Server)
	}{
		{"503 after acting", func(s *segmentstest.Server) { s.InjectActThenFail(http.StatusServiceUnavailable, 1) }},
		{"dropped after acting", func(s *segmentstest.Server) { s.InjectActThenDrop(1) }},
		{"held past the timeout", func(s *segmentstest.Server) { s.InjectActThenDelay(time.Hour, 1) }},
	}
	params := segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			srv := segmentstest.NewServer(t, segmentstest.WithClientOptions(segments.WithTimeout(time.Second)))
			f.inject(srv)
			_, err := srv.Client.Create(context.Background(), params)
			var ue *segments.CreateUncertainError
			if !errors.As(err, &ue) || len(ue.Candidates) != 1 {
				t.Fatalf("Create with recovery: %v, want ErrCreateUncertain with one candidate", err)
			}
			stored := srv.Segments()
			if len(stored) != 1 || stored[0].ID != ue.Candidates[0].ID {
				t.Errorf("stored %d segments; the candidate is %s", len(stored), ue.Candidates[0].ID)
			}

			srv.Reset()
			f.inject(srv)
			plain := newClient(t, srv, segments.WithTimeout(time.Second), segments.WithoutCreateRecovery())
			if _, err := plain.Create(context.Background(), params); err == nil || errors.Is(err, segments.ErrCreateUncertain) {
				t.Errorf("Create without recovery: %v, want the original error", err)
			}
			if srv.Len() != 1 {
				t.Errorf("%d segments stored, want 1", srv.Len())
			}
		})
	}
}

// TestActThenFailOnDelete: the segment is deleted, and the 503 is retried by the SDK
// into a 404 after an uncertain failure, which it reports as success.
func TestActThenFailOnDelete(t *testing.T) {
	srv := segmentstest.NewServer(t)
	seg, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectActThenFail(http.StatusBadGateway, 1)
	if err := srv.Client.Delete(context.Background(), seg.ID); err != nil {
		t.Errorf("Delete: %v", err)
	}
	if srv.Len() != 0 {
		t.Errorf("%d segments left", srv.Len())
	}
	if f, _ := srv.PendingFaults(); f != 0 {
		t.Errorf("%d faults left", f)
	}
}
