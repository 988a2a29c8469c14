package segments

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimit is the rate-limit state an answer of the API carried in its
// X-Rate-Limit-* headers. Voucherify sends them on every answer; plans allow as
// little as 100 requests a minute, and a Sandbox project 100 an hour.
type RateLimit struct {
	// Limit is how many requests the plan allows in the current window.
	Limit int
	// Remaining is how many of them are left.
	Remaining int
	// Retry is when the next request may be made (X-Rate-Limit-Retry); zero
	// when the answer did not say.
	Retry time.Time
	// Type names the limit, such as "api_calls" or "bulk_api_calls"; empty
	// when the answer did not say.
	Type string
	// ObservedAt is when the answer arrived.
	ObservedAt time.Time
}

// The headers RateLimit is read from.
const (
	headerRateLimit     = "X-Rate-Limit-Limit"
	headerRateRemaining = "X-Rate-Limit-Remaining"
	headerRateRetry     = "X-Rate-Limit-Retry"
	headerRateType      = "X-Rate-Limit-Type"
)

// rateLimitOf reads the rate-limit state of an answer; ok is false when it
// carries neither a limit nor a remaining count.
func rateLimitOf(h http.Header, now time.Time) (RateLimit, bool) {
	limit, okLimit := headerInt(h, headerRateLimit)
	remaining, okRemaining := headerInt(h, headerRateRemaining)
	if !okLimit && !okRemaining {
		return RateLimit{}, false
	}
	rl := RateLimit{Limit: limit, Remaining: remaining, Type: h.Get(headerRateType), ObservedAt: now}
	if epoch, ok := headerInt(h, headerRateRetry); ok && epoch > 0 {
		rl.Retry = time.Unix(int64(epoch), 0)
	}
	return rl, true
}

// headerInt parses a non-negative integer header.
func headerInt(h http.Header, name string) (int, bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// rateState holds the latest rate-limit state any answer carried. It is
// behind a pointer in Client, so that copying a Client copies no lock.
type rateState struct {
	mu     sync.Mutex
	latest RateLimit
	ok     bool
}

// observe records rl unless a later answer was already recorded.
func (s *rateState) observe(rl RateLimit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ok || !rl.ObservedAt.Before(s.latest.ObservedAt) {
		s.latest, s.ok = rl, true
	}
}

func (s *rateState) get() (RateLimit, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest, s.ok
}

// RateLimit returns the rate-limit state of the latest answer that carried
// one, and false before any did. It is safe for concurrent use: a service can
// slow down before the API answers 429.
func (c *Client) RateLimit() (RateLimit, bool) { return c.rate.get() }
