package segments_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
	"github.com/voucherify-go/segments/segmentstest"
)

func TestRateLimitIsTheLatestAnswersUnderConcurrentCalls(t *testing.T) {
	const callers, calls, limit = 50, 4, 1000
	var served atomic.Int32
	retry := time.Now().Add(time.Minute).Unix()
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		w.Header().Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
		w.Header().Set("X-Rate-Limit-Remaining", strconv.Itoa(limit-int(n)))
		w.Header().Set("X-Rate-Limit-Retry", strconv.FormatInt(retry, 10))
		w.Header().Set("X-Rate-Limit-Type", "api_calls")
		answer(http.StatusOK, fixture(t, "get-segment.response-200.json"))(w, r)
	}))
	c := newTestClient(t, srv.URL)
	if rl, ok := c.RateLimit(); ok {
		t.Fatalf("before any answer: %+v, true; want false", rl)
	}
	var wg sync.WaitGroup
	var lowest atomic.Int32
	lowest.Store(limit)
	for range callers {
		wg.Go(func() {
			for range calls {
				if _, err := c.Get(context.Background(), "seg_1"); err != nil {
					t.Error(err)
				}
				if rl, ok := c.RateLimit(); !ok || rl.Limit != limit || rl.Remaining < limit-callers*calls || rl.Remaining >= limit {
					t.Errorf("RateLimit() = %+v, %v during the calls", rl, ok)
				}
			}
		})
	}
	wg.Wait()
	rl, ok := c.RateLimit()
	if !ok || rl.Limit != limit || rl.Type != "api_calls" || rl.Retry.Unix() != retry || rl.ObservedAt.IsZero() || time.Since(rl.ObservedAt) > time.Minute {
		t.Errorf("RateLimit() = %+v, %v", rl, ok)
	}
	// The latest answer observed is one of the last ones served.
	if rl.Remaining > limit-callers*calls+callers {
		t.Errorf("Remaining %d is not among the latest answers' (%d..%d)", rl.Remaining, limit-callers*calls, limit-callers*calls+callers)
	}
}

func TestAPIErrorCarriesTheRateLimit(t *testing.T) {
	retry := time.Now().Add(30 * time.Second).Unix()
	srv := contracttest.NewServer(t, answer(http.StatusTooManyRequests, fixture(t, "error-429-too-many-requests.from-docs.json"),
		"X-Rate-Limit-Limit", "100", "X-Rate-Limit-Remaining", "0", "X-Rate-Limit-Retry", strconv.FormatInt(retry, 10), "X-Rate-Limit-Type", "api_calls"))
	c := newTestClient(t, srv.URL, segments.WithMaxRetries(0))
	_, err := c.Get(context.Background(), "seg_1")
	var e *segments.APIError
	if !errors.As(err, &e) || e.RateLimit == nil || e.RateLimit.Limit != 100 || e.RateLimit.Remaining != 0 || e.RateLimit.Type != "api_calls" || e.RateLimit.Retry.Unix() != retry {
		t.Fatalf("err = %v, RateLimit %+v", err, e.RateLimit)
	}
	if e.RetryAfter <= 0 || e.RetryAfter > 30*time.Second {
		t.Errorf("RetryAfter = %v, want up to 30s from X-Rate-Limit-Retry", e.RetryAfter)
	}
	if rl, ok := c.RateLimit(); !ok || rl.Remaining != 0 {
		t.Errorf("client RateLimit() = %+v, %v after a 429", rl, ok)
	}
}

// Every operation's answer updates RateLimit: a create's, a list's, a
// customer's segments' and a delete's as much as a get's.
func TestRateLimitOfEveryOperation(t *testing.T) {
	const limit = 1000
	srv := segmentstest.NewServer(t, segmentstest.WithRateLimit(limit, time.Hour))
	c, ctx := srv.Client, context.Background()
	var id string
	for i, call := range []struct {
		name string
		do   func() error
	}{
		{"create", func() error {
			seg, err := c.Create(ctx, segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
			if err == nil {
				id = seg.ID
			}
			return err
		}},
		{"get", func() error { _, err := c.Get(ctx, id); return err }},
		{"list", func() error { _, err := c.List(ctx, segments.ListParams{}); return err }},
		{"customer's segments", func() error { _, err := c.ListCustomerSegments(ctx, "cust_1"); return err }},
		{"delete", func() error { return c.Delete(ctx, id) }},
	} {
		if err := call.do(); err != nil {
			t.Fatalf("%s: %v", call.name, err)
		}
		if rl, ok := c.RateLimit(); !ok || rl.Limit != limit || rl.Remaining != limit-1-i {
			t.Errorf("after the %s: RateLimit() = %+v, %v; want %d remaining", call.name, rl, ok, limit-1-i)
		}
	}
}

// An answer that carries no limit (0: no plan allows no request) leaves
// RateLimit as it was; a Retry of 0 names no time.
func TestRateLimitIgnoresAnswersWithoutALimit(t *testing.T) {
	var served atomic.Int32
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, remaining := "100", "7"
		if served.Add(1) > 1 {
			limit, remaining = "0", "5"
		}
		answer(http.StatusOK, fixture(t, "get-segment.response-200.json"), "X-Rate-Limit-Limit", limit, "X-Rate-Limit-Remaining", remaining,
			"X-Rate-Limit-Retry", "0", "X-Rate-Limit-Type", "api_calls")(w, r)
	}))
	c := newTestClient(t, srv.URL)
	for range 2 {
		if _, err := c.Get(context.Background(), "seg_1"); err != nil {
			t.Fatal(err)
		}
	}
	if rl, ok := c.RateLimit(); !ok || rl.Limit != 100 || rl.Remaining != 7 || !rl.Retry.IsZero() {
		t.Errorf("RateLimit() = %+v, %v; want the first answer's, without a Retry", rl, ok)
	}
}
