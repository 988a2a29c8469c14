package sandbox

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// defaultRateWindow is the window of a rate limit configured without one: plans are
// counted per minute.
const defaultRateWindow = time.Minute

// rateLimiter is a fixed-window request counter. The window starts with the first
// request after the previous window ended. It is safe for concurrent use.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int // requests allowed per window; 0 turns limiting off
	window time.Duration
	start  time.Time // start of the current window; zero before the first request
	used   int       // requests counted in the current window
}

// rateDecision is the outcome of one request against the limit.
type rateDecision struct {
	limited   bool // limiting is on: the X-Rate-Limit-* headers apply
	allowed   bool
	limit     int
	remaining int
	window    time.Duration
	reset     time.Time // end of the current window
}

// set changes the limit and starts a new window with the next request.
func (l *rateLimiter) set(limit int, window time.Duration) {
	if window <= 0 {
		window = defaultRateWindow
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = max(limit, 0)
	l.window = window
	l.start = time.Time{}
	l.used = 0
}

// restart starts a new window with the next request, keeping the limit.
func (l *rateLimiter) restart() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start = time.Time{}
	l.used = 0
}

// take counts one request made at now.
func (l *rateLimiter) take(now time.Time) rateDecision {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit == 0 {
		return rateDecision{allowed: true}
	}
	if l.start.IsZero() || !now.Before(l.start.Add(l.window)) {
		l.start, l.used = now, 0
	}
	d := rateDecision{limited: true, limit: l.limit, window: l.window, reset: l.start.Add(l.window)}
	if l.used < l.limit {
		l.used++
		d.allowed = true
	}
	d.remaining = l.limit - l.used
	return d
}

// setHeaders writes the X-Rate-Limit-Limit and X-Rate-Limit-Remaining headers.
func (d rateDecision) setHeaders(h http.Header) {
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(d.limit))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(d.remaining))
}

// setRetryHeaders writes the headers of a 429 answer: Retry-After in whole seconds
// (at least 1), X-Rate-Limit-Retry in Unix seconds (rounded up) and X-Rate-Limit-Type.
func setRetryHeaders(h http.Header, now, retryAt time.Time) {
	wait := retryAt.Sub(now)
	secs := int64((wait + time.Second - 1) / time.Second)
	secs = max(secs, 1)
	at := retryAt.Unix()
	if retryAt.Nanosecond() > 0 {
		at++
	}
	at = max(at, now.Unix()+secs)
	h.Set("Retry-After", strconv.FormatInt(secs, 10))
	h.Set("X-Rate-Limit-Retry", strconv.FormatInt(at, 10))
	h.Set("X-Rate-Limit-Type", "api_calls")
}
