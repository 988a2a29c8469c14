package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// Server is the sandbox: an http.Handler serving the segments API under /v1/segments,
// with its segments in memory. Create one with New. It is safe for concurrent use; its
// methods may be called while it serves requests.
type Server struct {
	cfg      Config // with its defaults
	contract *contract
	// mux is the generated server: the routes, the binding of parameters and the
	// strict handler of each operation (apiserver), with validation in front.
	mux      *http.ServeMux
	store    *store
	tokens   *tokens
	clientID string // the client_id of the tokens: one for the keys, as on Voucherify
	limiter  rateLimiter
	faults   faults
	requests requestLog
	logger   *slog.Logger     // cfg.Logger
	clock    func() time.Time // cfg.Clock
}

// New returns a Server with no segments, configured by cfg. An error means cfg is
// incomplete or has a negative field, or the embedded contract could not be loaded.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	issued := newTokens(cfg.TokenLifetime)
	c, err := newContract(authenticator(map[string]string{"X-App-Id": cfg.AppID, "X-App-Token": cfg.SecretKey}, issued, cfg.Clock))
	if err != nil {
		return nil, err
	}
	issued.allow(c.scopes)
	s := &Server{
		cfg:      cfg,
		contract: c,
		store:    newStore(cfg.MaxSegments, cfg.MaxCustomers),
		tokens:   issued,
		clientID: clientIDOf(cfg.AppID),
		requests: requestLog{max: cfg.RequestLog, maxBytes: cfg.RequestLogBytes},
		logger:   cfg.Logger,
		clock:    cfg.Clock,
	}
	s.limiter.set(cfg.RateLimit, cfg.RateWindow)
	s.mux = s.routes()
	return s, nil
}

// clientIDOf returns the OAuth client ID of the keys of appID, 21 characters as
// Voucherify's: the same for every token of one sandbox.
func clientIDOf(appID string) string {
	sum := sha256.Sum256([]byte("client_id:" + appID))
	return hex.EncodeToString(sum[:])[:21]
}

// NewCredentials returns a random application ID and secret key for a sandbox, for use
// when the user configured none: random (version 4) UUIDs, the shape of the real API's keys.
func NewCredentials() (appID, secretKey string) {
	return uuid.NewString(), uuid.NewString()
}

// Segments returns a snapshot of the stored segments, in the order they were created.
// The caller may modify it.
func (s *Server) Segments() []Segment {
	return s.store.snapshot()
}

// Segment returns a copy of the segment with the ID id, and whether there is one.
func (s *Server) Segment(id string) (Segment, bool) {
	seg, ok := s.store.get(id)
	return seg.clone(), ok
}

// Len returns the number of stored segments.
func (s *Server) Len() int {
	return s.store.len()
}

// Reset deletes every segment, revokes every token, drops the pending faults and
// delays, forgets the recorded requests and starts a new rate limit window. The
// configuration is kept.
func (s *Server) Reset() {
	s.store.clear()
	s.tokens.revokeAll()
	s.faults.clear()
	s.requests.clear()
	s.limiter.restart()
}

// RevokeTokens revokes every OAuth token the Server issued: a request that carries one
// is answered 401, as Voucherify answers a revoked or expired token.
func (s *Server) RevokeTokens() {
	s.tokens.revokeAll()
}

// Requests returns the last Config.RequestLog requests received, oldest first,
// refused ones included; the caller may modify them. A request is recorded as it
// arrives, its body once read and its status once answered. Requests that net/http
// refuses before the Server sees them (a malformed request line, oversized headers)
// are not recorded.
func (s *Server) Requests() []Request {
	return s.requests.snapshot()
}

// SetRateLimit allows n requests per window from now on, starting a new window; n <= 0
// means DefaultRateLimit and window <= 0 one minute. Only authenticated requests to a
// declared operation count.
func (s *Server) SetRateLimit(n int, window time.Duration) {
	s.limiter.set(n, window)
}

// InjectFaults makes the next n requests fail with status, with the error object as
// body (a 429 also carries Retry-After: 1, X-Rate-Limit-Retry and X-Rate-Limit-Type).
// Injected faults queue up in order; they are answered before the request is routed or
// authenticated, and do not count against the rate limit. status must be 429 or a 5xx,
// the errors that the contract declares for every operation; InjectFaults panics
// otherwise. n <= 0 does nothing.
func (s *Server) InjectFaults(status, n int) {
	checkFaultStatus(status)
	s.faults.add(fault{status: status}, n)
}

// InjectProxyFaults makes the next n requests fail with status and an HTML page as
// body, as a proxy in front of the API would answer (a 502 Bad Gateway, typically).
// They queue up with those of InjectFaults. status must be a 5xx; InjectProxyFaults
// panics otherwise. n <= 0 does nothing.
func (s *Server) InjectProxyFaults(status, n int) {
	if status < 500 || status > 599 {
		panic(fmt.Sprintf("sandbox: cannot inject a proxy page with status %d: only 5xx", status))
	}
	s.faults.add(fault{status: status, html: true}, n)
}

// InjectDelay holds each of the next n requests for d before handling it, replacing any
// earlier delay; d <= 0 or n <= 0 removes it. A delayed request whose context ends
// first (the client gave up) is dropped without an answer. Delays combine with faults:
// a request can be delayed and then fail.
func (s *Server) InjectDelay(d time.Duration, n int) {
	s.faults.setDelay(d, n)
}

// PendingFaults returns the number of injected faults not yet answered (act-then-fail
// ones included), and of requests still to be delayed.
func (s *Server) PendingFaults() (failures, delays int) {
	return s.faults.pending()
}

// ClearFaults drops every pending fault and delay, act-then-fail ones included.
func (s *Server) ClearFaults() {
	s.faults.clear()
}
