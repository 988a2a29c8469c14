package segments

import (
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

// rateHeaders are the X-Rate-Limit-* headers as the generated parsers read
// them: every declared answer of every operation carries these four, so their
// generated header types convert to this one, and a header added to or
// removed from the contract fails to compile here rather than go unread.
type rateHeaders struct {
	XRateLimitLimit     int
	XRateLimitRemaining int
	XRateLimitRetry     int
	XRateLimitType      string
}

// rateHeaders429 are the headers of a 429 answer: Retry-After besides the four.
type rateHeaders429 struct {
	RetryAfter          string
	XRateLimitLimit     int
	XRateLimitRemaining int
	XRateLimitRetry     int
	XRateLimitType      string
}

// rate returns the four rate-limit headers of h; nil for nil.
func (h *rateHeaders429) rate() *rateHeaders {
	if h == nil {
		return nil
	}
	return &rateHeaders{h.XRateLimitLimit, h.XRateLimitRemaining, h.XRateLimitRetry, h.XRateLimitType}
}

// rateLimit returns the state h describes, observed at now; ok is false when
// there is none: no headers, or no limit (an answer from a proxy in front of
// the API carries none, and no plan allows zero requests).
func (h *rateHeaders) rateLimit(now time.Time) (RateLimit, bool) {
	if h == nil || h.XRateLimitLimit <= 0 {
		return RateLimit{}, false
	}
	rl := RateLimit{Limit: h.XRateLimitLimit, Remaining: max(h.XRateLimitRemaining, 0), Type: h.XRateLimitType, ObservedAt: now}
	if h.XRateLimitRetry > 0 {
		rl.Retry = time.Unix(int64(h.XRateLimitRetry), 0)
	}
	return rl, true
}

// firstRate returns the first headers that are set: the generated parsers set
// those of the answer's status only.
func firstRate(hs ...*rateHeaders) *rateHeaders {
	for _, h := range hs {
		if h != nil {
			return h
		}
	}
	return nil
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
