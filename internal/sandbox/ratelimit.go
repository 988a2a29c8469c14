package sandbox

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateLimiter is a fixed-window request counter. The window starts with the first
// request after the previous window ended. It is safe for concurrent use.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int // requests allowed per window
	window time.Duration
	start  time.Time // start of the current window; zero before the first request
	used   int       // requests counted in the current window
}

// rateDecision is the outcome of one request against the limit.
type rateDecision struct {
	allowed   bool
	limit     int
	remaining int
	window    time.Duration
	reset     time.Time // end of the current window
}

// set changes the limit (0 or less: DefaultRateLimit) and starts a new window with the
// next request.
func (l *rateLimiter) set(limit int, window time.Duration) {
	if window <= 0 {
		window = DefaultRateWindow
	}
	if limit <= 0 {
		limit = DefaultRateLimit
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit, l.window, l.start, l.used = limit, window, time.Time{}, 0
}

// restart starts a new window with the next request, keeping the limit.
func (l *rateLimiter) restart() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start, l.used = time.Time{}, 0
}

// decide returns the state of the limit at now, counting a request when count is set;
// the answers that do not count (401, 404, injected faults) report the limit without.
func (l *rateLimiter) decide(now time.Time, count bool) rateDecision {
	l.mu.Lock()
	defer l.mu.Unlock()
	start, used := l.start, l.used
	if start.IsZero() || !now.Before(start.Add(l.window)) {
		start, used = now, 0
	}
	allowed := used < l.limit
	if count {
		if allowed {
			used++
		}
		l.start, l.used = start, used
	}
	return rateDecision{allowed: allowed, limit: l.limit, window: l.window, remaining: l.limit - used, reset: start.Add(l.window)}
}

// setHeaders writes those of the X-Rate-Limit-* headers that every answer carries and h
// does not have yet: the limit, the requests left in the window, when the window ends
// (Unix seconds, rounded up) and the kind of limit.
func (d rateDecision) setHeaders(h http.Header) {
	for k, v := range map[string]string{"X-Rate-Limit-Limit": strconv.Itoa(d.limit), "X-Rate-Limit-Remaining": strconv.Itoa(d.remaining),
		"X-Rate-Limit-Retry": strconv.FormatInt(ceilUnix(d.reset), 10), "X-Rate-Limit-Type": rateLimitType} {
		if _, ok := h[k]; !ok {
			h.Set(k, v)
		}
	}
}

// rateLimitType is the X-Rate-Limit-Type of the sandbox's limit: requests counted.
const rateLimitType = "api_calls"

// ceilUnix returns t in Unix seconds, rounded up.
func ceilUnix(t time.Time) int64 {
	at := t.Unix()
	if t.Nanosecond() > 0 {
		at++
	}
	return at
}

// setRetryHeaders writes the headers of a 429 answer: Retry-After in whole seconds
// (at least 1), X-Rate-Limit-Retry in Unix seconds (rounded up) and X-Rate-Limit-Type.
func setRetryHeaders(h http.Header, now, retryAt time.Time) {
	wait := retryAt.Sub(now)
	secs := int64((wait + time.Second - 1) / time.Second)
	secs = max(secs, 1)
	at := max(ceilUnix(retryAt), now.Unix()+secs)
	h.Set("Retry-After", strconv.FormatInt(secs, 10))
	h.Set("X-Rate-Limit-Retry", strconv.FormatInt(at, 10))
	h.Set("X-Rate-Limit-Type", rateLimitType)
}
