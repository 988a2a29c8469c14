package sandbox

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// DefaultMaxBodyBytes is the largest request body a Server accepts when
// Config.MaxBodyBytes is 0: room for a static segment of 20,000 long customer IDs.
const DefaultMaxBodyBytes int64 = 4 << 20

// Defaults of the bounds on what a Server stores: 10,000 segments and 1,000,000
// customers of static segments (50 segments at the 20,000 cap), about 100 MB.
const (
	DefaultMaxSegments  = 10_000
	DefaultMaxCustomers = 1_000_000
)

// Config configures a Server. AppID and SecretKey are required; every other field has
// a usable zero value.
type Config struct {
	// AppID is the application ID that requests must carry in the X-App-Id header.
	AppID string
	// SecretKey is the secret key that requests must carry in the X-App-Token header.
	// It is never logged.
	SecretKey string
	// RateLimit is the number of requests allowed per RateWindow; over it the Server
	// answers 429. 0 means DefaultRateLimit. Every answer carries the X-Rate-Limit-*
	// headers of this limit.
	RateLimit int
	// RateWindow is the window of RateLimit; 0 means one minute.
	RateWindow time.Duration
	// MaxBodyBytes is the size of the largest request body accepted; a larger one is
	// answered 413. 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxSegments bounds the number of stored segments and MaxCustomers the customers
	// of all stored static segments together; a create past either is refused with a
	// 400 whose key is "sandbox_limit". 0 means DefaultMaxSegments, DefaultMaxCustomers.
	MaxSegments, MaxCustomers int
	// RequestLog is the number of requests that Requests keeps, the most recent ones;
	// 0 keeps none.
	RequestLog int
	// RequestLogBytes bounds the bodies that Requests keeps, together; past it the
	// bodies of the oldest requests are dropped. 0 means DefaultRequestLogBytes.
	RequestLogBytes int64
	// Logger receives one record per request (method, path, status, duration, request
	// ID; never a header). nil discards them.
	Logger *slog.Logger
	// Clock returns the current time, used for created_at and the rate limit windows.
	// nil means time.Now. Injected delays always use the real time.
	Clock func() time.Time
}

// Server is the sandbox: an http.Handler serving the segments API under /v1/segments,
// with its segments in memory. Create one with New. It is safe for concurrent use; its
// methods may be called while it serves requests.
type Server struct {
	contract *contract
	// mux is the generated server: the routes, the binding of parameters and the
	// strict handler of each operation (apiserver), with validation in front.
	mux      *http.ServeMux
	store    *store
	limiter  rateLimiter
	faults   faults
	requests requestLog
	logger   *slog.Logger
	clock    func() time.Time
	maxBody  int64
}

// New returns a Server with no segments, configured by cfg. An error means cfg is
// incomplete, or the embedded contract could not be loaded.
func New(cfg Config) (*Server, error) {
	if cfg.AppID == "" || cfg.SecretKey == "" {
		return nil, errors.New("sandbox: Config.AppID and Config.SecretKey are required (NewCredentials makes a pair)")
	}
	if cfg.RequestLog < 0 || cfg.RequestLogBytes < 0 || cfg.RateLimit < 0 || cfg.RateWindow < 0 || cfg.MaxBodyBytes < 0 || cfg.MaxSegments < 0 || cfg.MaxCustomers < 0 {
		return nil, errors.New("sandbox: Config.RateLimit, RateWindow, MaxBodyBytes, MaxSegments and MaxCustomers must not be negative")
	}
	if cfg.MaxSegments == 0 {
		cfg.MaxSegments = DefaultMaxSegments
	}
	if cfg.MaxCustomers == 0 {
		cfg.MaxCustomers = DefaultMaxCustomers
	}
	c, err := newContract(map[string]string{"X-App-Id": cfg.AppID, "X-App-Token": cfg.SecretKey})
	if err != nil {
		return nil, err
	}
	s := &Server{
		contract: c,
		store:    newStore(cfg.MaxSegments, cfg.MaxCustomers),
		logger:   cfg.Logger,
		clock:    cfg.Clock,
		maxBody:  cfg.MaxBodyBytes,
		requests: requestLog{max: cfg.RequestLog, maxBytes: cfg.RequestLogBytes},
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.maxBody == 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.requests.maxBytes == 0 {
		s.requests.maxBytes = DefaultRequestLogBytes
	}
	s.limiter.set(cfg.RateLimit, cfg.RateWindow)
	s.mux = s.routes()
	return s, nil
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
	if !ok {
		return Segment{}, false
	}
	return seg.clone(), true
}

// Len returns the number of stored segments.
func (s *Server) Len() int {
	return s.store.len()
}

// Reset deletes every segment, drops the pending faults and delays, forgets the
// recorded requests and starts a new rate limit window. The configuration is kept.
func (s *Server) Reset() {
	s.store.clear()
	s.faults.clear()
	s.requests.clear()
	s.limiter.restart()
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
