package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox"
)

// defaultShutdownTimeout is the grace period of serve's shutdown: requests in flight
// may finish within it; connections still open after it are closed.
const defaultShutdownTimeout = 5 * time.Second

func serveCommand() command {
	return command{
		name:     "serve",
		synopsis: []string{"serve [--addr HOST:PORT] [--rate-limit N --rate-window D] [--max-... N] [--...-timeout D]"},
		summary:  "run the local sandbox of the segments API",
		about: `Runs a local, in-memory sandbox of Voucherify's segments API (POST /v1/segments,
GET and DELETE /v1/segments/{id}). Requests must carry X-App-Id and X-App-Token
equal to VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY; when both are unset a pair
is generated and printed. Each request is logged to stderr.

The sandbox bounds what it stores (--max-segments, --max-customers: a create past
them is a 400 with key "sandbox_limit") and what a client can hold (the timeouts,
--max-connections, --max-header-bytes, --max-body-bytes). SIGINT or SIGTERM stop
it: requests in flight get --shutdown-timeout to finish, then every connection
left is closed, and serve exits 0.
`,
		flags: func(fs *flag.FlagSet) action {
			o := &serveOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; loopback by default, port 0 for any free port")
			intFlag(fs, &o.rateLimit, "rate-limit", 0, 0, "answer 429 past `N` requests per -rate-window; 0 for the default, "+fmt.Sprint(sandbox.DefaultRateLimit))
			durationFlag(fs, &o.rateWindow, "rate-window", time.Minute, "the `duration` of a -rate-limit window")
			intFlag(fs, &o.maxBody, "max-body-bytes", sandbox.DefaultMaxBodyBytes, 1, "answer 413 to a request body over `N` bytes")
			intFlag(fs, &o.maxSegments, "max-segments", sandbox.DefaultMaxSegments, 1, "store at most `N` segments; a create past it is answered 400 sandbox_limit")
			intFlag(fs, &o.maxCustomers, "max-customers", sandbox.DefaultMaxCustomers, 1, "store at most `N` customers in all static segments; past it, 400 sandbox_limit")
			intFlag(fs, &o.limits.MaxConnections, "max-connections", sandbox.DefaultMaxConnections, 1, "keep at most `N` connections open; more wait until one closes")
			intFlag(fs, &o.limits.MaxHeaderBytes, "max-header-bytes", sandbox.DefaultMaxHeaderBytes, 1, "answer 431 to request headers over `N` bytes")
			durationFlag(fs, &o.limits.ReadHeaderTimeout, "read-header-timeout", sandbox.DefaultReadHeaderTimeout, "the `duration` allowed to read a request's headers")
			durationFlag(fs, &o.limits.ReadTimeout, "read-timeout", sandbox.DefaultReadTimeout, "the `duration` allowed to read a whole request, body included")
			durationFlag(fs, &o.limits.WriteTimeout, "write-timeout", sandbox.DefaultWriteTimeout, "the `duration` allowed from the end of a request's headers to the end of its answer")
			durationFlag(fs, &o.limits.IdleTimeout, "idle-timeout", sandbox.DefaultIdleTimeout, "the `duration` a keep-alive connection may wait for its next request")
			durationFlag(fs, &o.shutdownTimeout, "shutdown-timeout", defaultShutdownTimeout, "the grace `duration` for requests in flight on SIGINT or SIGTERM")
			return o.run
		},
	}
}

// serveOptions are the flags of serve.
type serveOptions struct {
	addr            string
	rateLimit       int
	rateWindow      time.Duration
	maxBody         int64
	maxSegments     int
	maxCustomers    int
	limits          sandbox.HTTPLimits
	shutdownTimeout time.Duration
}

// run runs the sandbox on --addr until ctx ends (SIGINT or SIGTERM), then shuts
// down gracefully. It prints "listening on http://ADDR" to stdout once it accepts
// connections; with generated credentials it prints them first.
func (o *serveOptions) run(ctx context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	stdout, stderr := p.stdout, p.stderr

	appID, secretKey := p.getenv("VOUCHERIFY_APP_ID"), p.getenv("VOUCHERIFY_SECRET_KEY")
	generated := appID == "" && secretKey == ""
	if generated {
		appID, secretKey = sandbox.NewCredentials()
	} else if appID == "" || secretKey == "" {
		return errors.New("set both VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY, or neither to generate a pair")
	}

	logOut := newBatchWriter(stderr) // one write per batch of lines, not per request
	defer func() { _ = logOut.Close() }()
	logger := slog.New(slog.NewTextHandler(logOut, nil))
	sb, err := sandbox.New(sandbox.Config{
		AppID:        appID,
		SecretKey:    secretKey,
		RateLimit:    o.rateLimit,
		RateWindow:   o.rateWindow,
		MaxBodyBytes: o.maxBody,
		MaxSegments:  o.maxSegments,
		MaxCustomers: o.maxCustomers,
		Logger:       logger,
	})
	if err != nil {
		return fmt.Errorf("creating the sandbox: %w", err)
	}

	var lc net.ListenConfig
	tcp, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	srv, ln, err := sb.HTTPServer(tcp, o.limits)
	if err != nil {
		tcp.Close()
		return fmt.Errorf("creating the sandbox: %w", err)
	}

	if generated {
		fmt.Fprintln(stdout, "No credentials in the environment; generated a pair for this run:")
		fmt.Fprintf(stdout, "VOUCHERIFY_APP_ID=%s\nVOUCHERIFY_SECRET_KEY=%s\n", appID, secretKey)
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	shutdown(ctx, srv, o.shutdownTimeout, logger)
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}

// shutdown stops srv: it stops accepting, lets requests in flight finish within
// grace, then closes every connection left, whatever its client is doing.
func shutdown(ctx context.Context, srv *http.Server, grace time.Duration, logger *slog.Logger) {
	logger.Info("shutting down", slog.Duration("grace", grace))
	graceCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(graceCtx); err != nil {
		logger.Info("grace period over: closing the connections left")
		_ = srv.Close() // its error is that of closing the listener, already closed
	}
}

// intFlag defines an integer flag whose value must be at least minimum: anything else,
// like a value that is not a number, is a usage error.
func intFlag[T int | int64](fs *flag.FlagSet, p *T, name string, value, minimum T, usage string) {
	*p = value
	fs.Func(name, usage+fmt.Sprintf(" (default %d)", value), func(s string) error {
		v, err := strconv.ParseInt(s, 10, 64)
		n := T(v)
		if err != nil || int64(n) != v {
			return errors.New("not an integer")
		}
		if n < minimum {
			return fmt.Errorf("must be at least %d", minimum)
		}
		*p = n
		return nil
	})
}

// durationFlag defines a duration flag whose value must be positive.
func durationFlag(fs *flag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	fs.Func(name, usage+fmt.Sprintf(" (default %s)", value), func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return errors.New("not a duration such as 30s or 1m")
		}
		if d <= 0 {
			return errors.New("must be positive")
		}
		*p = d
		return nil
	})
}
