package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

func response(status int, header ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader("{}"))}
}

// script answers each attempt with the next result.
type result struct {
	status int
	err    error
}

func run(t *testing.T, r Retry, method string, results ...result) (*http.Response, Outcome, int, error) {
	t.Helper()
	calls := 0
	resp, out, err := r.Do(context.Background(), method, func(context.Context) (*http.Response, error) {
		res := results[min(calls, len(results)-1)]
		calls++
		if res.err != nil {
			return nil, res.err
		}
		return response(res.status), nil
	})
	return resp, out, calls, err
}

var (
	errDial    = &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	errReset   = &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}
	errEOF     = &url.Error{Op: "Get", URL: "http://x", Err: io.EOF}
	errTimeout = &url.Error{Op: "Get", URL: "http://x", Err: context.DeadlineExceeded}
	errOther   = errors.New("not a network error")
)

func TestRetryRules(t *testing.T) {
	fast := Retry{MaxRetries: 2, BaseDelay: time.Microsecond, MaxDelay: time.Microsecond, MaxWait: time.Millisecond}
	cases := []struct {
		method    string
		first     result
		calls     int // with every attempt failing the same way
		uncertain bool
	}{
		{http.MethodGet, result{status: 429}, 3, false},
		{http.MethodGet, result{status: 500}, 3, true},
		{http.MethodGet, result{status: 502}, 3, true},
		{http.MethodGet, result{status: 503}, 3, true},
		{http.MethodGet, result{status: 504}, 3, true},
		{http.MethodGet, result{status: 501}, 1, true},
		{http.MethodGet, result{status: 400}, 1, false},
		{http.MethodGet, result{status: 404}, 1, false},
		{http.MethodGet, result{err: errDial}, 3, false},
		{http.MethodGet, result{err: errReset}, 3, true},
		{http.MethodGet, result{err: errEOF}, 3, true},
		{http.MethodGet, result{err: errTimeout}, 3, true},
		{http.MethodGet, result{err: errOther}, 1, false},
		{http.MethodDelete, result{status: 503}, 3, true},
		{http.MethodDelete, result{err: errReset}, 3, true},
		{http.MethodPost, result{status: 429}, 3, false},
		{http.MethodPost, result{err: errDial}, 3, false},
		{http.MethodPost, result{status: 500}, 1, true},
		{http.MethodPost, result{status: 502}, 1, true},
		{http.MethodPost, result{status: 503}, 1, true},
		{http.MethodPost, result{status: 504}, 1, true},
		{http.MethodPost, result{status: 524}, 1, true},
		{http.MethodPost, result{status: 400}, 1, false},
		{http.MethodPost, result{err: errReset}, 1, true},
		{http.MethodPost, result{err: errTimeout}, 1, true},
		{http.MethodPost, result{err: errEOF}, 1, true},
		{http.MethodGet, result{err: fmt.Errorf("redirect: %w", ErrCrossOrigin)}, 1, false},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%s %d %v", tc.method, tc.first.status, tc.first.err)
		t.Run(name, func(t *testing.T) {
			resp, out, calls, err := run(t, fast, tc.method, tc.first)
			if calls != tc.calls || out.Attempts != tc.calls {
				t.Errorf("calls = %d, Attempts = %d, want %d", calls, out.Attempts, tc.calls)
			}
			if out.Uncertain != tc.uncertain {
				t.Errorf("Uncertain = %v, want %v", out.Uncertain, tc.uncertain)
			}
			if tc.first.err != nil {
				var ae *attemptsError
				if !errors.As(err, &ae) || ae.Attempts != tc.calls || !errors.Is(err, tc.first.err) {
					t.Errorf("err = %v, want an attemptsError wrapping the cause", err)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("after %d attempt", tc.calls)) {
					t.Errorf("error %q does not say how many attempts", err)
				}
			} else if resp == nil || resp.StatusCode != tc.first.status {
				t.Errorf("resp = %v, want the last answer", resp)
			}
		})
	}
}

func TestRetryStopsAtSuccessAndHonoursZero(t *testing.T) {
	fast := Retry{MaxRetries: 2, BaseDelay: time.Microsecond, MaxDelay: time.Microsecond}
	resp, out, calls, err := run(t, fast, http.MethodGet, result{status: 503}, result{status: 200})
	if err != nil || resp.StatusCode != 200 || calls != 2 || !out.Uncertain {
		t.Errorf("resp %v, err %v, calls %d, out %+v", resp, err, calls, out)
	}
	_, _, calls, _ = run(t, Retry{}, http.MethodGet, result{status: 503})
	if calls != 1 {
		t.Errorf("MaxRetries 0: %d calls, want 1", calls)
	}
}

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		header []string
		want   time.Duration
		ok     bool
	}{
		{[]string{"Retry-After", "7"}, 7 * time.Second, true},
		{[]string{"Retry-After", "0"}, 0, true},
		{[]string{"Retry-After", now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second, true},
		{[]string{"Retry-After", now.Add(-time.Hour).Format(http.TimeFormat)}, 0, true},
		{[]string{"Retry-After", "99999999999999999999"}, 0, false},
		// Seconds past what a Duration holds wait the longest Duration, not a
		// wrapped-around negative one.
		{[]string{"Retry-After", "9223372036854775807"}, math.MaxInt64, true},
		{[]string{"Retry-After", "-5"}, 0, false},
		{[]string{"Retry-After", "soon"}, 0, false},
		{[]string{"X-Rate-Limit-Retry", fmt.Sprint(now.Add(30 * time.Second).Unix())}, 30 * time.Second, true},
		{[]string{"X-Rate-Limit-Retry", "garbage"}, 0, false},
		{[]string{"X-Rate-Limit-Retry", "0"}, 0, false}, // no time: the backoff applies
		{[]string{"Retry-After", "3", "X-Rate-Limit-Retry", fmt.Sprint(now.Add(time.Hour).Unix())}, 3 * time.Second, true},
		{nil, 0, false},
	}
	for _, tc := range cases {
		got, ok := ServerWait(429, response(429, tc.header...).Header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%v: %v, %v; want %v, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

// Voucherify sends X-Rate-Limit-Retry on every answer, as the end of the
// window: a 503 carrying it must not make a retry wait for the window.
func TestRateLimitRetryIsAWaitOnlyOn429(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	h := response(503, "X-Rate-Limit-Retry", fmt.Sprint(now.Add(50*time.Minute).Unix())).Header
	if d, ok := ServerWait(503, h, now); ok {
		t.Errorf("a 503 with X-Rate-Limit-Retry waits %v, want no server wait", d)
	}
	h.Set("Retry-After", "2")
	if d, ok := ServerWait(503, h, now); !ok || d != 2*time.Second {
		t.Errorf("a 503 with Retry-After 2: %v, %v; want 2s", d, ok)
	}
}

func TestWaitIsCappedAndJittered(t *testing.T) {
	r := Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxWait: 5 * time.Second}
	if got := r.wait(1, response(429, "Retry-After", "3600")); got != 5*time.Second {
		t.Errorf("a one-hour Retry-After waits %v, want MaxWait", got)
	}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 80: time.Second} {
		waits := map[time.Duration]bool{}
		for range 50 {
			got := r.wait(attempt, nil)
			if got < want/2 || got > want {
				t.Fatalf("attempt %d waits %v, want within [%v, %v]", attempt, got, want/2, want)
			}
			waits[got] = true
		}
		// Clients that failed together must not retry together.
		if len(waits) == 1 {
			t.Errorf("attempt %d waits %v every time: no jitter", attempt, want)
		}
	}
	// The shortest backoffs WithRetryBackoff takes keep to the same bounds.
	for _, d := range []time.Duration{1, 2, 3} {
		r := Retry{BaseDelay: d, MaxDelay: d}
		for range 50 {
			if got := r.wait(1, nil); got < d/2 || got > d {
				t.Fatalf("a backoff of %v waits %v, want within [%v, %v]", d, got, d/2, d)
			}
		}
	}
}

// A retry comes after its backoff, not at once: a failing server is not
// hammered.
func TestRetryWaitsItsBackoff(t *testing.T) {
	const backoff = 20 * time.Millisecond
	r := Retry{MaxRetries: 1, BaseDelay: backoff, MaxDelay: backoff}
	var sent []time.Time
	_, out, err := r.Do(context.Background(), http.MethodGet, func(context.Context) (*http.Response, error) {
		sent = append(sent, time.Now())
		return response(503), nil
	})
	if err != nil || out.Attempts != 2 {
		t.Fatalf("err %v after %d attempts, want the 503 after 2", err, out.Attempts)
	}
	if gap := sent[1].Sub(sent[0]); gap < backoff/2 {
		t.Errorf("the retry came %v after the first attempt, want at least %v", gap, backoff/2)
	}
}

// A caller's cancellation ends the wait for a retry at once, with an error
// that says what the last attempt got.
func TestCancellationEndsTheWaitAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer result
		header []string // of the answer
		says   string   // in the error
	}{
		{"after a 503", result{status: 503}, nil, "waiting to retry after last status 503"},
		{"after a reset", result{err: errReset}, nil, "waiting to retry after " + errReset.Error()},
		// A wait of 0 ends too: it must not race the ended context, hence the
		// repeats.
		{"after Retry-After: 0", result{status: 429}, []string{"Retry-After", "0"}, "last status 429"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 20 {
				ctx, cancel := context.WithCancel(context.Background())
				r := Retry{MaxRetries: 3, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxWait: time.Hour, OnRetry: func(int, time.Duration, string) { cancel() }}
				_, out, err := r.Do(ctx, http.MethodGet, func(context.Context) (*http.Response, error) {
					if tc.answer.err != nil {
						return nil, tc.answer.err
					}
					return response(tc.answer.status, tc.header...), nil
				})
				if !errors.Is(err, context.Canceled) || out.Attempts != 1 {
					t.Fatalf("err = %v after %d attempts, want context.Canceled after 1", err, out.Attempts)
				}
				if tc.answer.err != nil && !errors.Is(err, tc.answer.err) {
					t.Errorf("err = %v, want it to wrap the last attempt's %v", err, tc.answer.err)
				}
				if !strings.Contains(err.Error(), tc.says) {
					t.Errorf("err = %q, want it to say %q", err, tc.says)
				}
			}
		})
	}
}

func TestWaitBeyondTheDeadlineGivesTheLastAnswerNow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	r := Retry{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxWait: 24 * time.Hour}
	resp, out, err := r.Do(ctx, http.MethodGet, func(context.Context) (*http.Response, error) {
		return response(429, "Retry-After", "7200"), nil
	})
	if err != nil || resp.StatusCode != 429 || out.Attempts != 1 {
		t.Errorf("resp %v, err %v, attempts %d; want the 429 at once", resp, err, out.Attempts)
	}
}

// Without AttemptTimeout an attempt has the caller's context as it is: the
// http.Client's own timeout applies.
func TestZeroAttemptTimeoutAddsNoDeadline(t *testing.T) {
	var attemptCtx context.Context
	resp, _, err := Retry{}.Do(context.Background(), http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		attemptCtx = ctx
		return response(200), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if _, ok := attemptCtx.Deadline(); ok || attemptCtx.Err() != nil {
		t.Errorf("attempt context: deadline set %v, err %v; want the caller's, live, without a deadline", ok, attemptCtx.Err())
	}
}

func TestAttemptTimeoutCoversTheBody(t *testing.T) {
	r := Retry{AttemptTimeout: time.Hour}
	var attemptCtx context.Context
	resp, _, err := r.Do(context.Background(), http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		attemptCtx = ctx
		return response(200), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := attemptCtx.Deadline(); !ok || attemptCtx.Err() != nil {
		t.Fatalf("attempt context: deadline set %v, err %v; want live with a deadline", ok, attemptCtx.Err())
	}
	_ = resp.Body.Close()
	if attemptCtx.Err() == nil {
		t.Error("closing the body did not end the attempt's context")
	}
}
