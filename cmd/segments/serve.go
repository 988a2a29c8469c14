package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox"
)

// shutdownTimeout bounds the wait for requests in flight when serve is stopped.
const shutdownTimeout = 10 * time.Second

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "run the local sandbox of the segments API",
		run:     runServe,
	}
}

// runServe runs the sandbox on --addr until ctx ends (SIGINT or SIGTERM), then shuts
// down gracefully. It prints "listening on http://ADDR" to stdout once it accepts
// connections; with generated credentials it prints them first.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: segments serve [flags]")
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, "Runs a local, in-memory sandbox of Voucherify's segments API (POST /v1/segments,")
		fmt.Fprintln(stderr, "GET and DELETE /v1/segments/{id}). Requests must carry X-App-Id and X-App-Token")
		fmt.Fprintln(stderr, "equal to VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY; when both are unset a pair")
		fmt.Fprintln(stderr, "is generated and printed. Each request is logged to stderr.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on; loopback by default, port 0 for any free port")
	rateLimit := fs.Int("rate-limit", 0, "requests allowed per -rate-window before answering 429; 0 for no limit")
	rateWindow := fs.Duration("rate-window", time.Minute, "window of -rate-limit")
	maxBody := fs.Int64("max-body-bytes", sandbox.DefaultMaxBodyBytes, "largest request body accepted before answering 413")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "segments serve: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}

	appID, secretKey := os.Getenv("VOUCHERIFY_APP_ID"), os.Getenv("VOUCHERIFY_SECRET_KEY")
	generated := appID == "" && secretKey == ""
	if generated {
		appID, secretKey = sandbox.NewCredentials()
	} else if appID == "" || secretKey == "" {
		return errors.New("set both VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY, or neither to generate a pair")
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	sb, err := sandbox.New(sandbox.Config{
		AppID:        appID,
		SecretKey:    secretKey,
		RateLimit:    *rateLimit,
		RateWindow:   *rateWindow,
		MaxBodyBytes: *maxBody,
		Logger:       logger,
	})
	if err != nil {
		return fmt.Errorf("creating the sandbox: %w", err)
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
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
