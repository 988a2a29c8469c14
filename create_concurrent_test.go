package segments_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestConcurrentCreatesNeverGetAnotherCallersSegment is the concurrent form of
// issue 19's first case: twenty callers create segments of one name through
// one client while the sandbox fails some creates before storing them and
// others after. Each caller's customers tell its segment apart: no caller is
// handed, as made or as the ID of its lost answer, a segment it did not make.
func TestConcurrentCreatesNeverGetAnotherCallersSegment(t *testing.T) {
	srv := segmentstest.NewServer(t)
	srv.InjectFaults(http.StatusInternalServerError, 5)
	srv.InjectActThenFail(http.StatusServiceUnavailable, 5)
	const callers = 20
	var wg sync.WaitGroup
	errs := make([]error, callers)
	got := make([]*segments.Segment, callers)
	for i := range callers {
		wg.Go(func() {
			got[i], errs[i] = srv.Client.Create(context.Background(), segments.CreateParams{
				Name: "Daily VIP", Type: segments.TypeStatic, Customers: []string{fmt.Sprintf("cust_%02d", i)},
			})
		})
	}
	wg.Wait()
	madeBy := func(id string) string {
		seg, ok := srv.Segment(id)
		if !ok || len(seg.Customers) != 1 {
			return ""
		}
		return seg.Customers[0]
	}
	var succeeded, uncertain int
	for i := range callers {
		mine := fmt.Sprintf("cust_%02d", i)
		var ue *segments.UnexpectedResponseError
		var ce *segments.CreateUncertainError
		switch {
		case errs[i] == nil:
			succeeded++
			if by := madeBy(got[i].ID); by != mine {
				t.Errorf("caller %d was given %s, made by %q", i, got[i].ID, by)
			}
		case errors.As(errs[i], &ue) && ue.SegmentID != "":
			if by := madeBy(ue.SegmentID); by != mine {
				t.Errorf("caller %d was told it made %s, made by %q", i, ue.SegmentID, by)
			}
		case errors.As(errs[i], &ce):
			uncertain++
			for _, c := range ce.Candidates {
				if c.Name != "Daily VIP" || c.Type != segments.TypeStatic {
					t.Errorf("caller %d: candidate %+v is not of the name and type", i, c)
				}
			}
		default:
			t.Errorf("caller %d: %v", i, errs[i])
		}
	}
	// Every fault hit a create or one of the lookups it caused: some creates
	// failed, and the others were made once each.
	if succeeded == callers || uncertain == 0 {
		t.Errorf("%d succeeded and %d uncertain: the faults did not reach the creates", succeeded, uncertain)
	}
	var makers []string
	for _, seg := range srv.Segments() {
		makers = append(makers, madeBy(seg.ID))
	}
	slices.Sort(makers)
	if len(slices.Compact(slices.Clone(makers))) != len(makers) {
		t.Errorf("a caller's create was stored twice: %v", makers)
	}
}
