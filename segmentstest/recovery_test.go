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

// When the lookup after an uncertain create finds another segment of the same
// name and type made in its window, Create cannot tell which one is its own:
// ErrCreateUncertain with both candidates, and the original failure.
func TestUncertainCreateWithASameNameSegmentGivesBothCandidates(t *testing.T) {
	faults := map[string]func(*segmentstest.Server){
		"503 after acting":      func(s *segmentstest.Server) { s.InjectActThenFail(http.StatusServiceUnavailable, 1) },
		"dropped after acting":  func(s *segmentstest.Server) { s.InjectActThenDrop(1) },
		"held past the timeout": func(s *segmentstest.Server) { s.InjectActThenDelay(time.Hour, 1) },
	}
	params := segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}}
	for name, inject := range faults {
		t.Run(name, func(t *testing.T) {
			srv := segmentstest.NewServer(t)
			other, err := srv.Client.Create(context.Background(), params)
			if err != nil {
				t.Fatal(err)
			}
			inject(srv)
			_, err = newClient(t, srv, segments.WithTimeout(time.Second)).Create(context.Background(), params)
			var ue *segments.CreateUncertainError
			if !errors.Is(err, segments.ErrCreateUncertain) || !errors.As(err, &ue) || len(ue.Candidates) != 2 {
				t.Fatalf("err = %v, want ErrCreateUncertain with 2 candidates", err)
			}
			ids := map[string]bool{ue.Candidates[0].ID: true, ue.Candidates[1].ID: true}
			for _, s := range srv.Segments() {
				if !ids[s.ID] {
					t.Errorf("stored %s is not a candidate (candidates %v)", s.ID, ids)
				}
			}
			if !ids[other.ID] || srv.Len() != 2 || ue.Cause == nil {
				t.Errorf("candidates %v, %d stored, cause %v", ids, srv.Len(), ue.Cause)
			}
		})
	}
}

// A create that failed before the sandbox acted: the lookup finds nothing, and
// the error says so without claiming a segment.
func TestUncertainCreateThatWasNotStored(t *testing.T) {
	srv := segmentstest.NewServer(t)
	srv.InjectFaults(http.StatusBadGateway, 1)
	_, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	var ue *segments.CreateUncertainError
	var apiErr *segments.APIError
	if !errors.As(err, &ue) || len(ue.Candidates) != 0 || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway || srv.Len() != 0 {
		t.Errorf("err = %v, %d stored; want ErrCreateUncertain without candidates, holding the 502", err, srv.Len())
	}
}
