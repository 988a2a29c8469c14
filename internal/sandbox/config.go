package sandbox

import (
	"cmp"
	"errors"
	"log/slog"
	"time"
)

// The sandbox's defaults, declared here only: what a zero field of Config means, and what
// `segments serve`'s flags and segmentstest's options start from.
const (
	// DefaultRateLimit is the number of requests allowed per window: far more than any
	// test sends, so that the X-Rate-Limit-* headers, which the real API sends on every
	// answer, have a limit to report.
	DefaultRateLimit = 1_000_000
	// DefaultRateWindow is the window of the rate limit: plans are counted per minute.
	DefaultRateWindow = time.Minute
	// DefaultMaxBodyBytes is the largest request body accepted: room for a static segment
	// of 20,000 long customer IDs.
	DefaultMaxBodyBytes int64 = 4 << 20
	// DefaultMaxSegments and DefaultMaxCustomers bound what a Server stores: 10,000
	// segments and 1,000,000 customers of static segments (50 segments at the 20,000
	// cap), about 100 MB.
	DefaultMaxSegments  = 10_000
	DefaultMaxCustomers = 1_000_000
	// DefaultTokenLifetime is how long an OAuth token lives, as on Voucherify.
	DefaultTokenLifetime = 900 * time.Second
	// DefaultTestRequestLog is the number of requests that a sandbox of segmentstest keeps for
	// Requests (Config.RequestLog; `segments serve` keeps none).
	DefaultTestRequestLog = 100_000
	// DefaultRequestLogBytes bounds the bodies that the request log keeps together.
	DefaultRequestLogBytes = 256 << 20

	// The HTTP limits, for a sandbox on loopback: generous for any honest client (a 4 MiB
	// body needs milliseconds), short enough that a stalled one is gone in seconds.
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxConnections    = 256
	DefaultMaxHeaderBytes    = 64 << 10
	// DefaultShutdownGrace is how long requests in flight may finish when `segments
	// serve` stops (HTTPServer.Shutdown).
	DefaultShutdownGrace = 5 * time.Second
)

// Config configures a Server. AppID and SecretKey are required; every other field has a
// usable zero value: its Default.
type Config struct {
	// AppID is the application ID that requests must carry in the X-App-Id header.
	AppID string
	// SecretKey is the secret key that requests must carry in the X-App-Token header.
	// It is never logged.
	SecretKey string
	// RateLimit is the number of requests allowed per RateWindow; over it the Server
	// answers 429. Every answer carries the X-Rate-Limit-* headers of this limit.
	RateLimit int
	// RateWindow is the window of RateLimit.
	RateWindow time.Duration
	// MaxBodyBytes is the size of the largest request body accepted; a larger one is
	// answered 413.
	MaxBodyBytes int64
	// MaxSegments bounds the number of stored segments and MaxCustomers the customers
	// of all stored static segments together; a create past either is refused with a
	// 400 whose key is "sandbox_limit".
	MaxSegments, MaxCustomers int
	// TokenLifetime is how long an OAuth token of POST /v1/oauth/token lives; a request
	// carrying it later is answered 401. Tests set it short to reach expiry.
	TokenLifetime time.Duration
	// RequestLog is the number of requests that Requests keeps, the most recent ones;
	// 0 keeps none.
	RequestLog int
	// RequestLogBytes bounds the bodies that Requests keeps, together; past it the
	// bodies of the oldest requests are dropped.
	RequestLogBytes int64
	// Logger receives one record per request (method, path, status, duration, request
	// ID; never a header). nil discards them.
	Logger *slog.Logger
	// Clock returns the current time, used for created_at and the rate limit windows.
	// nil means time.Now. Injected delays always use the real time.
	Clock func() time.Time
	// HTTPLimits bound what a client can hold of the HTTP server of Serve.
	HTTPLimits
}

// HTTPLimits bound what a client can hold of the sandbox's HTTP server.
type HTTPLimits struct {
	// ReadHeaderTimeout is the time allowed to read a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout is the time allowed to read a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout is the time allowed from the end of the request's headers to the
	// end of the answer. An answer held longer by an injected delay is not delivered.
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its next request.
	IdleTimeout time.Duration
	// MaxConnections caps the connections open at once; further ones wait in the
	// listen backlog until one closes.
	MaxConnections int
	// MaxHeaderBytes caps the size of a request's headers; net/http answers larger ones
	// 431 itself, in plain text.
	MaxHeaderBytes int
}

// withDefaults returns cfg with every zero field set to its default; an error when a
// field is missing or negative.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.AppID == "" || cfg.SecretKey == "" {
		return cfg, errors.New("sandbox: Config.AppID and Config.SecretKey are required (NewCredentials makes a pair)")
	}
	if cfg.RateLimit < 0 || cfg.RateWindow < 0 || cfg.TokenLifetime < 0 || cfg.MaxBodyBytes < 0 || cfg.MaxSegments < 0 || cfg.MaxCustomers < 0 ||
		cfg.RequestLog < 0 || cfg.RequestLogBytes < 0 || cfg.ReadHeaderTimeout < 0 || cfg.ReadTimeout < 0 ||
		cfg.WriteTimeout < 0 || cfg.IdleTimeout < 0 || cfg.MaxConnections < 0 || cfg.MaxHeaderBytes < 0 {
		return cfg, errors.New("sandbox: Config's limits must not be negative")
	}
	cfg.RateLimit = cmp.Or(cfg.RateLimit, DefaultRateLimit)
	cfg.RateWindow = cmp.Or(cfg.RateWindow, DefaultRateWindow)
	cfg.TokenLifetime = cmp.Or(cfg.TokenLifetime, DefaultTokenLifetime)
	cfg.MaxBodyBytes = cmp.Or(cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	cfg.MaxSegments = cmp.Or(cfg.MaxSegments, DefaultMaxSegments)
	cfg.MaxCustomers = cmp.Or(cfg.MaxCustomers, DefaultMaxCustomers)
	cfg.RequestLogBytes = cmp.Or(cfg.RequestLogBytes, DefaultRequestLogBytes)
	cfg.ReadHeaderTimeout = cmp.Or(cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	cfg.ReadTimeout = cmp.Or(cfg.ReadTimeout, DefaultReadTimeout)
	cfg.WriteTimeout = cmp.Or(cfg.WriteTimeout, DefaultWriteTimeout)
	cfg.IdleTimeout = cmp.Or(cfg.IdleTimeout, DefaultIdleTimeout)
	cfg.MaxConnections = cmp.Or(cfg.MaxConnections, DefaultMaxConnections)
	cfg.MaxHeaderBytes = cmp.Or(cfg.MaxHeaderBytes, DefaultMaxHeaderBytes)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return cfg, nil
}
