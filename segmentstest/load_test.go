package segmentstest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestLoad runs 50 goroutines of 200 requests each through one shared client
// against the sandbox: no call may fail, and the sandbox must end up holding
// exactly the segments that were created and not deleted.
func TestLoad(t *testing.T) {
	const workers, perWorker = 50, 200
	srv := segmentstest.NewServer(t)
	ctx := context.Background()
	filter := segments.And(segments.Field("metadata.tier").In("gold"))

	var (
		mu   sync.Mutex
		kept []string
		errs []error
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			var mine []string
			fail := func(err error) {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			// Each round of four requests: create static, create passive, get
			// the first, delete the second.
			for i := 0; i < perWorker; i += 4 {
				a, err := srv.Client.Create(ctx, segments.CreateParams{Name: fmt.Sprintf("w%d-%d", w, i), Type: segments.TypeStatic, Customers: []string{fmt.Sprintf("cust_%d_%d", w, i)}})
				if err != nil {
					fail(err)
					continue
				}
				b, err := srv.Client.Create(ctx, segments.CreateParams{Name: fmt.Sprintf("w%d-%d-p", w, i), Type: segments.TypePassive, Filter: filter})
				if err != nil {
					fail(err)
					continue
				}
				if got, err := srv.Client.Get(ctx, a.ID); err != nil || got.ID != a.ID {
					fail(fmt.Errorf("get %s: %v, %w", a.ID, got, err))
				}
				if err := srv.Client.Delete(ctx, b.ID); err != nil {
					fail(err)
				}
				mine = append(mine, a.ID)
			}
			mu.Lock()
			kept = append(kept, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d calls failed, the first: %v", len(errs), errors.Join(errs[:min(3, len(errs))]...))
	}

	var stored []string
	for _, s := range srv.Segments() {
		stored = append(stored, s.ID)
	}
	sort.Strings(kept)
	sort.Strings(stored)
	if fmt.Sprint(kept) != fmt.Sprint(stored) {
		t.Errorf("sandbox holds %d segments, want the %d created and not deleted", len(stored), len(kept))
	}
	if n, want := len(srv.Requests()), workers*perWorker; n != want {
		t.Errorf("%d requests, want %d: no call should have needed a retry", n, want)
	}
	for _, r := range srv.Requests() {
		if r.Method != http.MethodPost && r.Method != http.MethodGet && r.Method != http.MethodDelete {
			t.Fatalf("unexpected request %+v", r)
		}
	}
}
