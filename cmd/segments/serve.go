package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/sandbox"
)

func serveCommand() command {
	return command{
		name:     "serve",
		synopsis: []string{"serve [--addr HOST:PORT] [--rate-limit N --rate-window D] [--max-... N] [--...-timeout D]"},
		summary:  "run the local sandbox of the segments API",
		about: `Runs a local, in-memory sandbox of Voucherify's segments API, generated from the
SDK's contract, openapi.yaml. It serves:

  ` + strings.Join(sandbox.Operations(), "\n  ") + `

Requests must carry X-App-Id and X-App-Token equal to ` + segments.EnvAppID + ` and
` + segments.EnvSecretKey + `; when both are unset a pair is generated and printed. Or a
token: POST /v1/oauth/token with the keys issues one (scopes api, segments,
customers) that lives --token-lifetime. Each request is logged to stderr.

A customer's segments are the static segments that list the customer: the
sandbox holds no customer data, so auto-update and passive segments, which
select customers by it, are never among them.

The sandbox bounds what it stores (--max-segments, --max-customers: a create past
them is a 400 with key "sandbox_limit") and what a client can hold (the timeouts,
--max-connections, --max-header-bytes, --max-body-bytes). SIGINT or SIGTERM stop
it: requests in flight get --shutdown-timeout to finish, then every connection
left is closed, and serve exits 0.
`,
		flags: func(fs *flag.FlagSet) action {
			o := &serveOptions{}
			c := &o.cfg
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; loopback by default, port 0 for any free port")
			intFlag(fs, &c.RateLimit, "rate-limit", 0, 0, "answer 429 past `N` requests per -rate-window; 0 for the default, "+fmt.Sprint(sandbox.DefaultRateLimit))
			durationFlag(fs, &c.RateWindow, "rate-window", sandbox.DefaultRateWindow, "the `duration` of a -rate-limit window")
			durationFlag(fs, &c.TokenLifetime, "token-lifetime", sandbox.DefaultTokenLifetime, "the `duration` an OAuth token of POST /v1/oauth/token lives")
			intFlag(fs, &c.MaxBodyBytes, "max-body-bytes", sandbox.DefaultMaxBodyBytes, 1, "answer 413 to a request body over `N` bytes")
			intFlag(fs, &c.MaxSegments, "max-segments", sandbox.DefaultMaxSegments, 1, "store at most `N` segments; a create past it is answered 400 sandbox_limit")
			intFlag(fs, &c.MaxCustomers, "max-customers", sandbox.DefaultMaxCustomers, 1, "store at most `N` customers in all static segments; past it, 400 sandbox_limit")
			intFlag(fs, &c.MaxConnections, "max-connections", sandbox.DefaultMaxConnections, 1, "keep at most `N` connections open; more wait until one closes")
			intFlag(fs, &c.MaxHeaderBytes, "max-header-bytes", sandbox.DefaultMaxHeaderBytes, 1, "answer 431 to request headers over `N` bytes")
			durationFlag(fs, &c.ReadHeaderTimeout, "read-header-timeout", sandbox.DefaultReadHeaderTimeout, "the `duration` allowed to read a request's headers")
			durationFlag(fs, &c.ReadTimeout, "read-timeout", sandbox.DefaultReadTimeout, "the `duration` allowed to read a whole request, body included")
			durationFlag(fs, &c.WriteTimeout, "write-timeout", sandbox.DefaultWriteTimeout, "the `duration` allowed from the end of a request's headers to the end of its answer")
			durationFlag(fs, &c.IdleTimeout, "idle-timeout", sandbox.DefaultIdleTimeout, "the `duration` a keep-alive connection may wait for its next request")
			durationFlag(fs, &o.shutdownTimeout, "shutdown-timeout", sandbox.DefaultShutdownGrace, "the grace `duration` for requests in flight on SIGINT or SIGTERM")
			return o.run
		},
	}
}

// serveOptions are the flags of serve: the sandbox's Config, and where and how to serve it.
type serveOptions struct {
	addr            string
	cfg             sandbox.Config
	shutdownTimeout time.Duration
}

// run runs the sandbox on --addr until ctx ends (SIGINT or SIGTERM), then shuts down
// gracefully. It prints "listening on http://ADDR" to stdout once it accepts
// connections; with generated credentials it prints them first.
func (o *serveOptions) run(ctx context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	cfg := o.cfg
	cfg.AppID, cfg.SecretKey = p.getenv(segments.EnvAppID), p.getenv(segments.EnvSecretKey)
	generated := cfg.AppID == "" && cfg.SecretKey == ""
	if generated {
		cfg.AppID, cfg.SecretKey = sandbox.NewCredentials()
	} else if cfg.AppID == "" || cfg.SecretKey == "" {
		return fmt.Errorf("set both %s and %s, or neither to generate a pair", segments.EnvAppID, segments.EnvSecretKey)
	}
	logOut := newBatchWriter(p.stderr) // one write per batch of lines, not per request
	defer func() { _ = logOut.Close() }()
	cfg.Logger = slog.New(slog.NewTextHandler(logOut, nil))
	sb, err := sandbox.New(cfg)
	if err != nil {
		return fmt.Errorf("creating the sandbox: %w", err)
	}
	srv, err := sb.Serve(ctx, o.addr)
	if err != nil {
		return err
	}
	if generated {
		fmt.Fprintln(p.stdout, "No credentials in the environment; generated a pair for this run:")
		fmt.Fprintf(p.stdout, "%s=%s\n%s=%s\n", segments.EnvAppID, cfg.AppID, segments.EnvSecretKey, cfg.SecretKey)
	}
	fmt.Fprintf(p.stdout, "listening on %s\n", srv.URL)
	select {
	case err := <-srv.Served():
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	return srv.Shutdown(o.shutdownTimeout)
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
