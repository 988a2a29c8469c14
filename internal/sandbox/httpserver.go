package sandbox

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// Defaults of HTTPLimits, for a sandbox on loopback: generous for any honest client
// (a 4 MiB body needs milliseconds), short enough that a stalled one is gone in seconds.
const (
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxConnections    = 256
	DefaultMaxHeaderBytes    = 64 << 10
)

// HTTPLimits bound what a client can hold of the sandbox's HTTP server. A zero field
// takes its Default value.
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

// errNegativeLimit refuses HTTPLimits with a negative field.
var errNegativeLimit = errors.New("sandbox: HTTPLimits fields must not be negative")

// withDefaults returns l with every zero field set to its default, or an error if a
// field is negative.
func (l HTTPLimits) withDefaults() (HTTPLimits, error) {
	if l.ReadHeaderTimeout < 0 || l.ReadTimeout < 0 || l.WriteTimeout < 0 || l.IdleTimeout < 0 ||
		l.MaxConnections < 0 || l.MaxHeaderBytes < 0 {
		return l, errNegativeLimit
	}
	set := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	set(&l.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	set(&l.ReadTimeout, DefaultReadTimeout)
	set(&l.WriteTimeout, DefaultWriteTimeout)
	set(&l.IdleTimeout, DefaultIdleTimeout)
	if l.MaxConnections == 0 {
		l.MaxConnections = DefaultMaxConnections
	}
	if l.MaxHeaderBytes == 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	return l, nil
}

// HTTPServer returns an http.Server that serves s within the limits, and ln wrapped for
// it: at most l.MaxConnections connections open at once
// (golang.org/x/net/netutil.LimitListener). Serve the server on the returned listener.
// Requests that net/http refuses before any handler runs (a malformed request line,
// Content-Length or header, headers over the limit) get its plain-text answers.
func (s *Server) HTTPServer(ln net.Listener, l HTTPLimits) (*http.Server, net.Listener, error) {
	l, err := l.withDefaults()
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	return srv, netutil.LimitListener(ln, l.MaxConnections), nil
}
