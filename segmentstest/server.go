// Package segmentstest runs a local Voucherify segments sandbox for the tests of
// services that use the segments SDK, in the manner of net/http/httptest.
//
// The sandbox answers like the real API (same paths, status codes, bodies and
// error objects), validates every request against the SDK's openapi.yaml, keeps
// its segments in memory, and can rate-limit or fail on demand:
//
//	func TestMyService(t *testing.T) {
//		srv := segmentstest.NewServer(t)
//		svc := myservice.New(srv.Client) // a ready *segments.Client
//		// ... exercise svc, then look at srv.Segments()
//	}
package segmentstest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/sandbox"
)

// Server is a running sandbox on a loopback port.
type Server struct {
	// URL is the base URL of the sandbox, like http://127.0.0.1:54321.
	URL string
	// AppID and SecretKey are the credentials the sandbox accepts.
	AppID, SecretKey string
	// Client is a ready client of this sandbox, made by NewClient with the
	// options of WithClientOptions.
	Client *segments.Client

	http    *sandbox.HTTPServer
	sandbox *sandbox.Server
}

// Request is a request the sandbox received, as Requests returns it: Method, Path (escaped
// as sent), Query (raw, without the "?"), Header (the values of X-App-Token and
// Authorization replaced by "[redacted]"), Body (as the sandbox read it, at most its body
// limit; nil when there was none, or when the sandbox answered without reading it: a 401,
// 404, 405, 413, 415 or 429, or an injected fault; the bodies of the oldest requests are
// dropped once all the recorded bodies pass 256 MiB) and Status (0 while there is no
// answer, and for a request dropped without one).
type Request = sandbox.Request

// Segment is a segment stored in the sandbox: the SDK's Segment, as the API would return
// it, and the customers of a static segment, which the API itself never returns.
type Segment struct {
	segments.Segment
	// Customers are the customer IDs of a static segment, in the order sent; nil for
	// other types.
	Customers []string
}

// config is what the options set: the sandbox's configuration, whose zero fields take
// the sandbox's defaults, and the options of Server.Client.
type config struct {
	sandbox    sandbox.Config
	clientOpts []segments.Option
}

// Option configures a Server.
type Option func(*config)

// WithCredentials sets the credentials the sandbox accepts; by default it makes
// a random pair.
func WithCredentials(appID, secretKey string) Option {
	return func(c *config) { c.sandbox.AppID, c.sandbox.SecretKey = appID, secretKey }
}

// WithRateLimit answers 429, with Retry-After and the X-Rate-Limit-* headers,
// to requests beyond n per window, as Voucherify's plans do.
func WithRateLimit(n int, window time.Duration) Option {
	return func(c *config) { c.sandbox.RateLimit, c.sandbox.RateWindow = n, window }
}

// WithMaxBodyBytes answers 413 to request bodies larger than n bytes.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) { c.sandbox.MaxBodyBytes = n }
}

// WithStoreLimits bounds what the sandbox stores: at most maxSegments segments,
// and maxCustomers customers in all static segments together. A create past
// either is answered 400 with the key "sandbox_limit" and stores nothing. The
// defaults are 10,000 segments and 1,000,000 customers; 0 keeps a default.
func WithStoreLimits(maxSegments, maxCustomers int) Option {
	return func(c *config) { c.sandbox.MaxSegments, c.sandbox.MaxCustomers = maxSegments, maxCustomers }
}

// WithTimeouts sets the timeouts of the sandbox's HTTP server: to read a
// request's headers (default 5 s), to read a whole request (30 s), to write an
// answer from the end of the request's headers (30 s; an answer that InjectDelay
// holds longer is not delivered) and for an idle keep-alive connection (60 s).
// 0 keeps a default.
func WithTimeouts(readHeader, read, write, idle time.Duration) Option {
	return func(c *config) {
		c.sandbox.ReadHeaderTimeout, c.sandbox.ReadTimeout = readHeader, read
		c.sandbox.WriteTimeout, c.sandbox.IdleTimeout = write, idle
	}
}

// WithMaxConnections caps the connections open at once (default 256); more wait
// until one closes.
func WithMaxConnections(n int) Option {
	return func(c *config) { c.sandbox.MaxConnections = n }
}

// WithRequestLog sets how many requests Requests keeps, the most recent ones
// (default 100,000).
func WithRequestLog(n int) Option {
	return func(c *config) { c.sandbox.RequestLog = n }
}

// WithTokenLifetime sets how long an OAuth token of POST /v1/oauth/token lives
// (default 900 s, as on Voucherify); a request that carries it later is answered
// 401. The SDK renews a token a minute before it expires: a lifetime under a
// minute makes it fetch one on every call. To test a 401 for an expired or
// revoked token, use RevokeTokens, or WithClock to move past the lifetime.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.sandbox.TokenLifetime = d }
}

// WithClock makes the sandbox read the time from now: the created_at of the
// segments it stores, its rate-limit windows and the expiry of its tokens. A clock that stands still
// creates many segments in the same millisecond, as a busy API does.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.sandbox.Clock = now }
}

// WithLogger logs each request the sandbox answers (never the secret key).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.sandbox.Logger = l }
}

// WithClientOptions adds options to those of Server.Client and NewClient.
func WithClientOptions(opts ...segments.Option) Option {
	return func(c *config) { c.clientOpts = append(c.clientOpts, opts...) }
}

// NewServer starts a sandbox for the test t and closes it when t ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a sandbox outside of a test (in TestMain, an example or a
// program); the caller must Close it.
func Start(opts ...Option) (*Server, error) {
	cfg := config{sandbox: sandbox.Config{RequestLog: sandbox.DefaultTestRequestLog}}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.sandbox.AppID == "" || cfg.sandbox.SecretKey == "" {
		cfg.sandbox.AppID, cfg.sandbox.SecretKey = sandbox.NewCredentials()
	}
	sb, err := sandbox.New(cfg.sandbox)
	if err != nil {
		return nil, fmt.Errorf("segmentstest: %w", err)
	}
	h, err := sb.Serve(context.Background(), "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("segmentstest: %w", err)
	}
	s := &Server{URL: h.URL, AppID: cfg.sandbox.AppID, SecretKey: cfg.sandbox.SecretKey, http: h, sandbox: sb}
	if s.Client, err = s.NewClient(cfg.clientOpts...); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// NewClient returns another client of this sandbox. Its retries wait milliseconds
// rather than seconds, so that tests of failures stay fast; opts can change
// that and anything else.
func (s *Server) NewClient(opts ...segments.Option) (*segments.Client, error) {
	all := append([]segments.Option{
		segments.WithCredentials(s.AppID, s.SecretKey),
		segments.WithBaseURL(s.URL),
		segments.WithRetryBackoff(time.Millisecond, 10*time.Millisecond),
		segments.WithMaxRetryWait(20 * time.Millisecond),
	}, opts...)
	c, err := segments.NewClient(all...)
	if err != nil {
		return nil, fmt.Errorf("segmentstest: %w", err)
	}
	return c, nil
}

// Close shuts the sandbox down before the test ends: it closes every connection and
// returns once the requests in flight have ended.
func (s *Server) Close() { _ = s.http.Close() }

// Segments returns the stored segments, oldest first.
func (s *Server) Segments() []Segment {
	stored := s.sandbox.Segments()
	out := make([]Segment, len(stored))
	for i, seg := range stored {
		out[i] = s.convert(seg)
	}
	return out
}

// Segment returns the stored segment with the ID id, and whether there is one.
func (s *Server) Segment(id string) (Segment, bool) {
	seg, ok := s.sandbox.Segment(id)
	if !ok {
		return Segment{}, false
	}
	return s.convert(seg), true
}

// Len returns the number of stored segments.
func (s *Server) Len() int { return s.sandbox.Len() }

// Requests returns the requests received so far, oldest first, refused ones
// included (up to WithRequestLog of them): method, path, query, headers (the
// secret key redacted), body and status, so that a test can assert exactly what
// its code sent. A request is recorded as it arrives.
func (s *Server) Requests() []Request { return s.sandbox.Requests() }

// InjectFaults makes the next n requests fail with status, with Voucherify's
// error body; a 429 also carries Retry-After and the rate-limit headers. It
// panics unless status is 429 or a 5xx.
func (s *Server) InjectFaults(status, n int) { s.sandbox.InjectFaults(status, n) }

// InjectProxyFaults makes the next n requests fail with status and an HTML
// body, as a proxy in front of the API would answer. It panics unless status
// is a 5xx.
func (s *Server) InjectProxyFaults(status, n int) { s.sandbox.InjectProxyFaults(status, n) }

// InjectDelay holds each of the next n requests for d before answering; a
// request whose client gives up first gets no answer.
func (s *Server) InjectDelay(d time.Duration, n int) { s.sandbox.InjectDelay(d, n) }

// InjectActThenFail makes the next n requests that the sandbox acts on (a create
// stored, a delete done, a get or list answered: any that would succeed) take
// effect, and then answers them status, a 5xx, instead of their success: the
// client sees a failure although the segment was created or deleted. Use it to
// test what a service does when it cannot tell whether a create took effect (the
// SDK's create recovery). It panics unless status is a 5xx.
func (s *Server) InjectActThenFail(status, n int) { s.sandbox.InjectActThenFail(status, n) }

// InjectActThenDrop makes the next n requests that the sandbox acts on take
// effect, and then closes their connection without an answer, as a network
// failure after the request arrived would.
func (s *Server) InjectActThenDrop(n int) { s.sandbox.InjectActThenDrop(n) }

// InjectActThenDelay makes the next n requests that the sandbox acts on take
// effect, and then holds their answer for d: with d longer than the client's
// timeout, the client gives up on a request that succeeded. An answer whose
// client has gone is dropped.
func (s *Server) InjectActThenDelay(d time.Duration, n int) { s.sandbox.InjectActThenDelay(d, n) }

// ClearFaults drops every pending fault and delay, act-then-fail ones included.
func (s *Server) ClearFaults() { s.sandbox.ClearFaults() }

// PendingFaults returns the faults and delays not yet used.
func (s *Server) PendingFaults() (failures, delays int) { return s.sandbox.PendingFaults() }

// SetRateLimit allows n requests per window from now on; 0 restores the default
// of 1,000,000, which no test reaches. Every answer carries the X-Rate-Limit-*
// headers of the limit in force.
func (s *Server) SetRateLimit(n int, window time.Duration) { s.sandbox.SetRateLimit(n, window) }

// Reset deletes every segment, drops pending faults and forgets the requests.
func (s *Server) Reset() { s.sandbox.Reset() }

// RevokeTokens revokes every OAuth token the sandbox issued: a request carrying
// one is answered 401, as Voucherify answers a revoked or expired token.
func (s *Server) RevokeTokens() { s.sandbox.RevokeTokens() }

// convert returns seg as the SDK reads it from the API's answer, with its customers.
func (s *Server) convert(seg sandbox.Segment) Segment {
	out := Segment{Customers: seg.Customers}
	// The sandbox's segment is the contract's model, generated, and the SDK's too: one
	// encodes what the other decodes.
	wire, err := json.Marshal(seg.Segment)
	if err == nil {
		err = json.Unmarshal(wire, &out.Segment)
	}
	if err != nil {
		panic(fmt.Sprintf("segmentstest: the SDK cannot read the sandbox's segment %s: %v", seg.ID, err))
	}
	return out
}
