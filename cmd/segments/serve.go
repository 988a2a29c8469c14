package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox"
)

// shutdownTimeout bounds the wait for requests in flight when serve is stopped.
const shutdownTimeout = 10 * time.Second

func serveCommand() command {
	return command{
		name:     "serve",
		synopsis: []string{"serve [--addr HOST:PORT] [--rate-limit N --rate-window D] [--max-body-bytes N]"},
		summary:  "run the local sandbox of the segments API",
		about: `Runs a local, in-memory sandbox of Voucherify's segments API (POST /v1/segments,
GET and DELETE /v1/segments/{id}). Requests must carry X-App-Id and X-App-Token
equal to VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY; when both are unset a pair
is generated and printed. Each request is logged to stderr.
`,
		flags: func(fs *flag.FlagSet) action {
			o := &serveOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; loopback by default, port 0 for any free port")
			fs.IntVar(&o.rateLimit, "rate-limit", 0, "requests allowed per -rate-window before answering 429; 0 for no limit")
			fs.DurationVar(&o.rateWindow, "rate-window", time.Minute, "window of -rate-limit")
			fs.Int64Var(&o.maxBody, "max-body-bytes", sandbox.DefaultMaxBodyBytes, "largest request body accepted before answering 413")
			return o.run
		},
	}
}

// serveOptions are the flags of serve.
type serveOptions struct {
	addr       string
	rateLimit  int
	rateWindow time.Duration
	maxBody    int64
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
		Logger:       logger,
	})
	if err != nil {
		return fmt.Errorf("creating the sandbox: %w", err)
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	srv := &http.Server{
		Handler:           sb,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
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
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}
