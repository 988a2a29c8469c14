package sandbox

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestRateLimit walks a limit of 2 requests a minute through a window, the 429, and
// the next window, on the fake clock.
func TestRateLimit(t *testing.T) {
	ts := newTestServer(t, Config{RateLimit: 2, RateWindow: time.Minute})
	start := ts.clock.Now()
	get := func() *http.Request { return request(http.MethodGet, "/v1/segments/seg_x", nil) }

	type step struct {
		advance       time.Duration
		req           *http.Request
		wantStatus    int
		wantRemaining string
	}
	unauthenticated := get()
	unauthenticated.Header.Del("X-App-Token")
	steps := []step{
		{0, get(), 404, "1"},
		{0, unauthenticated, 401, "1"}, // does not count, but reports the limit
		{10 * time.Second, get(), 404, "0"},
		{20 * time.Second, get(), 429, "0"},
		{29 * time.Second, get(), 429, "0"}, // 59 s into the window
		{time.Second, get(), 404, "1"},      // a new window
	}
	for i, st := range steps {
		ts.clock.Advance(st.advance)
		rec := ts.do(st.req)
		if rec.Code != st.wantStatus {
			t.Fatalf("step %d: %d, want %d: %s", i, rec.Code, st.wantStatus, rec.Body)
		}
		h := rec.Header()
		if got := h.Get("X-Rate-Limit-Remaining"); got != st.wantRemaining {
			t.Errorf("step %d: X-Rate-Limit-Remaining = %q, want %q", i, got, st.wantRemaining)
		}
		if h.Get("X-Rate-Limit-Limit") != "2" || h.Get("X-Rate-Limit-Type") != "api_calls" {
			t.Errorf("step %d: X-Rate-Limit-Limit = %q, -Type = %q", i, h.Get("X-Rate-Limit-Limit"), h.Get("X-Rate-Limit-Type"))
		}
		if rec.Code != http.StatusTooManyRequests {
			// Until the window ends: it started with the first request, at start.
			if got, want := h.Get("X-Rate-Limit-Retry"), strconv.FormatInt(start.Add(time.Minute).Unix()+1, 10); got != want && i < 5 {
				t.Errorf("step %d: X-Rate-Limit-Retry = %q, want %q", i, got, want)
			}
		}
		if rec.Code != http.StatusTooManyRequests {
			if h.Get("Retry-After") != "" {
				t.Errorf("step %d: Retry-After on a %d", i, rec.Code)
			}
			continue
		}
		now := ts.clock.Now()
		windowEnd := start.Add(time.Minute)
		wantAfter := strconv.Itoa(int((windowEnd.Sub(now) + time.Second - 1) / time.Second))
		if got := h.Get("Retry-After"); got != wantAfter {
			t.Errorf("step %d: Retry-After = %q, want %q", i, got, wantAfter)
		}
		if got, want := h.Get("X-Rate-Limit-Retry"), strconv.FormatInt(windowEnd.Unix()+1, 10); got != want {
			// The window ends at a fractional second (the fake clock has nanoseconds): rounded up.
			t.Errorf("step %d: X-Rate-Limit-Retry = %q, want %q", i, got, want)
		}
		if h.Get("X-Rate-Limit-Type") != "api_calls" {
			t.Errorf("step %d: X-Rate-Limit-Type = %q", i, h.Get("X-Rate-Limit-Type"))
		}
		if e := decodeError(t, rec.Body.Bytes()); e.Message != msgTooManyRequests || e.Key != "too_many_requests" {
			t.Errorf("step %d: %+v", i, e)
		}
	}

	// No limit means the generous default, still reported; a new limit starts a new window.
	ts.SetRateLimit(0, 0)
	if rec := ts.do(get()); rec.Header().Get("X-Rate-Limit-Limit") != strconv.Itoa(DefaultRateLimit) ||
		rec.Header().Get("X-Rate-Limit-Remaining") != strconv.Itoa(DefaultRateLimit-1) {
		t.Errorf("default limit: headers %v", rec.Header())
	}
	ts.SetRateLimit(1, time.Hour)
	ts.do(get())
	rec := ts.do(get())
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "3600" {
		t.Errorf("1 an hour: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	ts.Reset()
	if rec := ts.do(get()); rec.Code != http.StatusNotFound {
		t.Errorf("after Reset: %d, want a new window", rec.Code)
	}
}

// TestRetryHeaders checks the rounding of Retry-After and X-Rate-Limit-Retry.
func TestRetryHeaders(t *testing.T) {
	base := time.Unix(1_700_000_000, 0)
	tests := []struct {
		now, retryAt time.Time
		after, retry string
	}{
		{base, base.Add(30 * time.Second), "30", "1700000030"},
		{base, base.Add(1500 * time.Millisecond), "2", "1700000002"},
		{base, base.Add(time.Millisecond), "1", "1700000001"},
		{base, base, "1", "1700000001"}, // never 0: the client must wait a little
		{base.Add(400 * time.Millisecond), base.Add(1400 * time.Millisecond), "1", "1700000002"},
	}
	for _, tt := range tests {
		h := http.Header{}
		setRetryHeaders(h, tt.now, tt.retryAt)
		if h.Get("Retry-After") != tt.after || h.Get("X-Rate-Limit-Retry") != tt.retry {
			t.Errorf("setRetryHeaders(%v, %v): Retry-After %q, X-Rate-Limit-Retry %q; want %q, %q",
				tt.now, tt.retryAt, h.Get("Retry-After"), h.Get("X-Rate-Limit-Retry"), tt.after, tt.retry)
		}
	}
}
