// Command loadgen compares the throughput of the sandbox (`segments serve`) with Prism's
// (`prism mock openapi.yaml`) on the loopback interface: `make bench-sandbox`.
//
// It measures GET of a segment and POST of a static segment of 20,000 customers, with
// the same concurrency and duration for both servers, one server at a time, in rounds:
// each round runs every scenario on the sandbox and then on Prism, so that a change in
// the machine's load between runs falls on both. The sandbox is started afresh for each
// run (segments of 20,000 customers would otherwise pile up in its memory, 1 MB each);
// Prism, which stores nothing, runs throughout. Before a server is measured, loadgen
// waits until it answers and checks that it answers the measured requests with 200 and
// validates what it is sent (401 without credentials, a 4xx for 20,001 customers); each
// run starts with an unmeasured warm-up.
//
// It prints, per scenario and server, the requests per second of the median run and the
// p50 and p99 latency over all runs, then the sandbox's throughput ratios against the
// targets, and exits 1 when a target is not met or a request failed.
//
// Usage:
//
//	loadgen -segments PATH [-prism PATH] [-spec openapi.yaml] [-rounds 3] [-duration 5s] [-concurrency 8]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/voucherify-go/segments/internal/loadgen"
)

// targets are the issue's: the sandbox serves at least 10 × Prism's GET throughput and
// 5 × its POST-20,000 throughput.
func targets() []loadgen.Target {
	return []loadgen.Target{
		{Scenario: "GET", Server: "sandbox", Baseline: "prism", Min: 10},
		{Scenario: "POST-20000", Server: "sandbox", Baseline: "prism", Min: 5},
	}
}

// options are the command's flags.
type options struct {
	segments, prism, spec string
	duration, warmup      time.Duration
	readyTimeout          time.Duration
	rounds, concurrency   int
	maxRequests           int64
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.StringVar(&o.segments, "segments", "", "path of the `segments` binary (required)")
	fs.StringVar(&o.prism, "prism", "tools/prism/node_modules/.bin/prism", "path of the `prism` CLI")
	fs.StringVar(&o.spec, "spec", "openapi.yaml", "the contract Prism serves")
	fs.IntVar(&o.rounds, "rounds", 3, "runs of each scenario on each server")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured time of a run")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured time before each run")
	fs.DurationVar(&o.readyTimeout, "ready-timeout", time.Minute, "how long a server may take to start")
	fs.IntVar(&o.concurrency, "concurrency", 8, "requests in flight")
	fs.Int64Var(&o.maxRequests, "max-requests", 5_000_000, "bound on the requests of one run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.segments == "" {
		return errors.New("-segments is required (make bench-sandbox builds it)")
	}
	if o.rounds < 1 {
		return errors.New("-rounds must be at least 1")
	}

	b := bench{o: o, out: out, creds: newCredentials(), body: staticBody(20000), body20001: staticBody(20001),
		client: loadgen.NewClient(o.concurrency), runs: map[[2]string][]loadgen.Result{}}
	fmt.Fprintf(out, "loadgen: %d rounds; concurrency %d; %s per run after %s of warm-up; POST body %d bytes\n",
		o.rounds, o.concurrency, o.duration, o.warmup, len(b.body))

	prism, err := startPrism(ctx, o.prism, o.spec)
	if err != nil {
		return err
	}
	defer prism.stop()
	prismScenarios, err := b.ready(ctx, prism, prismSegmentID)
	if err != nil {
		return err
	}
	for round := range o.rounds {
		for i := range prismScenarios {
			if err := b.runSandbox(ctx, round, i); err != nil {
				return err
			}
			if err := b.measure(ctx, round, "prism", prismScenarios[i]); err != nil {
				return err
			}
		}
	}
	return b.report(prismScenarios)
}

// bench is one comparison: its settings and the runs so far, by scenario and server.
type bench struct {
	o               options
	out             io.Writer
	creds           credentials
	body, body20001 []byte
	client          *http.Client
	runs            map[[2]string][]loadgen.Result
}

// ready waits until srv answers, checks it and returns its scenarios; segmentID is the
// segment to get ("" to create one).
func (b *bench) ready(ctx context.Context, srv *server, segmentID string) ([]scenario, error) {
	if err := loadgen.WaitReady(ctx, srv.baseURL+"/v1/segments/ready", b.o.readyTimeout); err != nil {
		return nil, fmt.Errorf("%s: %w", srv.name, err)
	}
	if segmentID == "" {
		var err error
		if segmentID, err = createSegment(ctx, b.client, srv.baseURL, b.creds); err != nil {
			return nil, err
		}
	}
	measured := scenarios(srv.baseURL, segmentID, b.creds, b.body)
	if err := preflight(ctx, b.client, srv.name, measured, b.body20001); err != nil {
		return nil, err
	}
	return measured, nil
}

// runSandbox starts a fresh sandbox, measures scenario i on it and stops it.
func (b *bench) runSandbox(ctx context.Context, round, i int) error {
	srv, err := startSandbox(ctx, b.o.segments, b.creds, b.o.readyTimeout)
	if err != nil {
		return err
	}
	defer srv.stop()
	measured, err := b.ready(ctx, srv, "")
	if err != nil {
		return err
	}
	return b.measure(ctx, round, "sandbox", measured[i])
}

// measure warms the server up with sc and then runs it.
func (b *bench) measure(ctx context.Context, round int, server string, sc scenario) error {
	cfg := loadgen.Config{Concurrency: b.o.concurrency, Duration: b.o.warmup, MaxRequests: b.o.maxRequests}
	if _, err := loadgen.Run(ctx, sc.req, cfg); err != nil {
		return err
	}
	cfg.Duration = b.o.duration
	res, err := loadgen.Run(ctx, sc.req, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.out, "round %d: %-10s %-7s %8.1f req/s", round+1, sc.name, server, loadgen.Summarize(res).PerSecond)
	if res.Errors > 0 {
		fmt.Fprintf(b.out, ", %d errors, the first: %s", res.Errors, res.FirstError)
	}
	fmt.Fprintln(b.out)
	key := [2]string{sc.name, server}
	b.runs[key] = append(b.runs[key], res)
	return ctx.Err()
}

// report prints the table and the target checks; an error when a target is missed.
func (b *bench) report(measured []scenario) error {
	var rows []loadgen.Row
	for _, sc := range measured {
		for _, server := range []string{"sandbox", "prism"} {
			rows = append(rows, loadgen.Row{Scenario: sc.name, Server: server, Summary: loadgen.Summarize(b.runs[[2]string{sc.name, server}]...)})
		}
	}
	fmt.Fprintln(b.out)
	if err := loadgen.WriteTable(b.out, rows); err != nil {
		return err
	}
	fmt.Fprintln(b.out)
	failed := false
	for _, c := range loadgen.Evaluate(rows, targets()) {
		fmt.Fprintln(b.out, c)
		failed = failed || !c.Met
	}
	if failed {
		return errors.New("a target was not met (or a request failed)")
	}
	return nil
}
