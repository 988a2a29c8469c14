package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/net/netutil"
)

// HTTPServer is a Server serving HTTP, as Serve starts it: the one start-up of the
// sandbox, for `segments serve`, its demo and segmentstest.
type HTTPServer struct {
	// URL is the base URL it serves: http://HOST:PORT.
	URL    string
	srv    *http.Server
	logger *slog.Logger
	served chan error     // the error of http.Server.Serve, once it returns
	conns  sync.WaitGroup // the open connections, whose handlers Shutdown waits for
	once   sync.Once
	err    error // of Shutdown
}

// Serve listens on addr (host:port; port 0 for a free one) and serves s there, in a
// goroutine, within the HTTPLimits of its Config: timeouts, a cap on the size of headers,
// and at most MaxConnections connections open at once
// (golang.org/x/net/netutil.LimitListener). Requests that net/http refuses before any
// handler runs (a malformed request line, Content-Length or header, headers over the
// limit) get its plain-text answers. Stop it with Shutdown or Close.
func (s *Server) Serve(ctx context.Context, addr string) (*HTTPServer, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listening: %w", err)
	}
	l := s.cfg.HTTPLimits
	h := &HTTPServer{URL: "http://" + ln.Addr().String(), logger: s.logger, served: make(chan error, 1)}
	h.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
		ConnState: func(_ net.Conn, state http.ConnState) {
			// net/http reports StateNew before Serve can return, and StateClosed once
			// the connection's handler has returned.
			switch state {
			case http.StateNew:
				h.conns.Add(1)
			case http.StateClosed, http.StateHijacked:
				h.conns.Done()
			}
		},
	}
	go func() { h.served <- h.srv.Serve(netutil.LimitListener(ln, l.MaxConnections)) }()
	return h, nil
}

// Served returns a channel that receives the error that ended serving, should it end
// before Shutdown.
func (h *HTTPServer) Served() <-chan error { return h.served }

// Shutdown stops h: it stops accepting, lets requests in flight finish within grace, then
// closes every connection left, whatever its client is doing, and returns once their
// handlers have returned. Later calls return the first one's error.
func (h *HTTPServer) Shutdown(grace time.Duration) error {
	h.once.Do(func() {
		h.logger.Info("shutting down", slog.Duration("grace", grace))
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		if err := h.srv.Shutdown(ctx); err != nil {
			h.logger.Info("grace period over: closing the connections left")
			_ = h.srv.Close() // its error is that of closing the listener, already closed
		}
		if err := <-h.served; !errors.Is(err, http.ErrServerClosed) {
			h.err = fmt.Errorf("sandbox: serving: %w", err)
		}
		h.conns.Wait()
	})
	return h.err
}

// Close stops h at once: Shutdown without grace.
func (h *HTTPServer) Close() error { return h.Shutdown(0) }
