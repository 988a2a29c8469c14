package segmentstest_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// All over 2,500 sandbox segments, 300 of them created in one millisecond:
// every segment comes back exactly once, in order, in both orders.
func TestAllOverThousandsOfSegmentsWithATiedMillisecond(t *testing.T) {
	const total, tied = 2500, 300
	base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	var created atomic.Int64
	// Segments 1,050 to 1,349 share base, so that the tie starts and ends
	// inside pages of 100; the others are a millisecond apart, before and after.
	clock := func() time.Time {
		n := created.Load()
		if n >= 1050 && n < 1050+tied {
			return base
		}
		return base.Add(time.Duration(n-1050) * time.Millisecond)
	}
	srv := segmentstest.NewServer(t, segmentstest.WithClock(clock))
	ctx := context.Background()
	for i := range total {
		if _, err := srv.Client.Create(ctx, segments.CreateParams{Name: "s", Type: segments.TypeStatic, Customers: []string{"c"}}); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		created.Add(1)
	}
	atBase := 0
	for _, s := range srv.Segments() {
		if s.CreatedAt.Equal(base) {
			atBase++
		}
	}
	if atBase != tied {
		t.Fatalf("%d segments share one millisecond, want %d", atBase, tied)
	}

	for _, order := range []segments.ListOrder{segments.OrderNewestFirst, segments.OrderOldestFirst} {
		t.Run(string(order), func(t *testing.T) {
			before := len(srv.Requests())
			seen := map[string]bool{}
			var last time.Time
			for seg, err := range srv.Client.All(ctx, segments.ListParams{Order: order}) {
				if err != nil {
					t.Fatal(err)
				}
				if seen[seg.ID] {
					t.Fatalf("%s returned twice", seg.ID)
				}
				seen[seg.ID] = true
				if len(seen) > 1 && (order == segments.OrderNewestFirst && seg.CreatedAt.After(last) || order == segments.OrderOldestFirst && seg.CreatedAt.Before(last)) {
					t.Fatalf("%s (%s) out of order after %s", seg.ID, seg.CreatedAt, last)
				}
				last = seg.CreatedAt
			}
			if len(seen) != total {
				t.Errorf("All returned %d segments, want %d", len(seen), total)
			}
			// Pages of 100: 25 full pages and an empty one, at least; a tied
			// millisecond split across pages costs no more than a page more.
			if pages := len(srv.Requests()) - before; pages < total/100 || pages > total/100+3 {
				t.Errorf("%d list requests for %d segments", pages, total)
			}
		})
	}
}
