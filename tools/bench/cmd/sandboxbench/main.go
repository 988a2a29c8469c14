// Command sandboxbench compares the sandbox (`segments serve`) with the floor of any Go
// server (cmd/bareserver: net/http and encoding/json, no contract) and with Prism
// (`prism mock openapi.yaml`), on the loopback interface: `make bench-sandbox`.
//
// Load: GET of a stored segment and POST of a static segment of 20,000 customers, sent
// by vegeta (as a library) from -concurrency workers for -duration after -warmup, one
// server at a time, in -rounds rounds: each round runs every scenario on every server,
// in an order that rotates from round to round, so that a burst of load from elsewhere
// lands on all of them. The Go servers are started afresh for each run (segments of
// 20,000 customers would otherwise pile up in memory, 1 MB each); Prism, which stores
// nothing, once per round. Before a server is measured it must answer the measured
// requests with 200 and check what it is sent (401 without credentials, a 4xx for
// 20,001 customers).
//
// Readiness: the time from starting a server's process to its first answered request,
// probed every millisecond on a new connection; measured on every start, and on
// -starts extra starts per round of the Go servers. With -bare-kin, the extra starts
// also time the bare server linked with kin-openapi (bareserver -tags kinopenapi):
// the floor of any server that loads its contract with it.
//
// It prints the requests per second of the median run, p50 and p99 over all runs, the
// errors, the CPU time the server's process used a request (the Go servers, on Linux:
// unlike throughput, it does not move with the load generator or other tenants), the
// ratios against the bare server and Prism (the median of the rounds'
// ratios, many short rounds rather than a few long ones: the machine is shared), and
// the readiness medians, then
// checks the targets of BENCHMARKS.md; it exits 1 when one is missed (unless
// -check=false) or a request failed.
//
// Usage:
//
//	sandboxbench -segments PATH -bare PATH [-bare-kin PATH] [-prism PATH] [-spec openapi.yaml]
//	    [-rounds 7] [-duration 2s] [-warmup 500ms] [-concurrency 8] [-starts 4] [-check=true]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// options are the command's flags.
type options struct {
	segments, bare, bareKin     string
	prism, spec                 string
	duration, warmup            time.Duration
	readyTimeout                time.Duration
	rounds, concurrency, starts int
	check                       bool
	only                        string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := runMain(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sandboxbench:", err)
		os.Exit(1)
	}
}

func runMain(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("sandboxbench", flag.ContinueOnError)
	fs.StringVar(&o.segments, "segments", "", "path of the `segments` binary (required)")
	fs.StringVar(&o.bare, "bare", "", "path of the bareserver binary (required)")
	fs.StringVar(&o.bareKin, "bare-kin", "", "path of the bareserver built with -tags kinopenapi, timed in the readiness starts only; empty to leave it out")
	fs.StringVar(&o.prism, "prism", "", "path of the `prism` CLI; empty to leave Prism out")
	fs.StringVar(&o.spec, "spec", "openapi.yaml", "the contract Prism serves")
	fs.IntVar(&o.rounds, "rounds", 7, "rounds: runs of each scenario on each server")
	fs.DurationVar(&o.duration, "duration", 2*time.Second, "measured time of a run")
	fs.DurationVar(&o.warmup, "warmup", 500*time.Millisecond, "unmeasured load before each run")
	fs.DurationVar(&o.readyTimeout, "ready-timeout", time.Minute, "how long a server may take to start")
	fs.IntVar(&o.concurrency, "concurrency", 8, "requests in flight")
	fs.IntVar(&o.starts, "starts", 4, "extra starts per round of each Go server, timed to their first answer")
	fs.BoolVar(&o.check, "check", true, "fail when a target is missed (short smoke runs turn it off)")
	fs.StringVar(&o.only, "only", "", "run only this scenario (GET or POST-20000), while profiling")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.segments == "" || o.bare == "" {
		return errors.New("-segments and -bare are required (make bench-sandbox builds them)")
	}
	if o.rounds < 1 || o.concurrency < 1 || o.duration <= 0 || o.starts < 0 {
		return errors.New("-rounds, -concurrency and -duration must be positive, -starts not negative")
	}
	creds := newCredentials()
	b := &bench{o: o, out: out, creds: creds, body: staticBody(20000), body20001: staticBody(20001),
		tally: newTally()}
	b.goKinds = []kind{sandboxKind(o.segments, creds), bareKind(o.bare, creds)}
	if o.bareKin != "" {
		k := bareKind(o.bareKin, creds)
		k.name = bareKinName
		b.goKinds = append(b.goKinds, k)
	}
	servers := []string{"sandbox", "bare"}
	if o.prism != "" {
		servers = append(servers, "prism")
	}
	fmt.Fprintf(out, "sandboxbench: %d rounds; concurrency %d; %s per run after %s of warm-up; POST body %d bytes; servers %v\n",
		o.rounds, o.concurrency, o.duration, o.warmup, len(b.body), servers)
	for round := range o.rounds {
		if err := b.round(ctx, round, servers); err != nil {
			return err
		}
	}
	return b.report(out, servers)
}

// bench is one comparison: its settings and what was measured so far.
type bench struct {
	o               options
	out             io.Writer
	creds           credentials
	body, body20001 []byte
	goKinds         []kind
	tally           *tally
}

// round runs the readiness starts and then every scenario on every server, the order
// of the servers rotated by round.
func (b *bench) round(ctx context.Context, round int, servers []string) error {
	for range b.o.starts {
		for i := range b.goKinds {
			k := b.goKinds[(i+round)%len(b.goKinds)]
			s, err := start(ctx, k, b.o.readyTimeout)
			if err != nil {
				return err
			}
			s.stop()
			b.tally.ready[k.name] = append(b.tally.ready[k.name], s.ready)
		}
	}
	var prism *server
	if b.o.prism != "" {
		var err error
		if prism, err = start(ctx, prismKind(b.o.prism, b.o.spec), b.o.readyTimeout); err != nil {
			return err
		}
		defer prism.stop()
		b.tally.ready["prism"] = append(b.tally.ready["prism"], prism.ready)
	}
	for sc, name := range []string{scenarioGet, scenarioPost} {
		if b.o.only != "" && b.o.only != name {
			continue
		}
		for i := range servers {
			name := servers[(i+round)%len(servers)]
			var err error
			if name == "prism" {
				err = b.measure(ctx, round, prism, prismSegmentID, sc)
			} else {
				err = b.measureFresh(ctx, round, b.goKind(name), sc)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// goKind returns the Go server called name.
func (b *bench) goKind(name string) kind {
	for _, k := range b.goKinds {
		if k.name == name {
			return k
		}
	}
	panic("sandboxbench: no Go server " + name)
}

// measureFresh starts a server of kind k, measures scenario sc on it and stops it.
func (b *bench) measureFresh(ctx context.Context, round int, k kind, sc int) error {
	s, err := start(ctx, k, b.o.readyTimeout)
	if err != nil {
		return err
	}
	defer s.stop()
	b.tally.ready[k.name] = append(b.tally.ready[k.name], s.ready)
	id, err := createSegment(ctx, s.baseURL, b.creds)
	if err != nil {
		return fmt.Errorf("%s: %w", k.name, err)
	}
	return b.measure(ctx, round, s, id, sc)
}

// measure checks the server, warms it up with scenario sc and then measures it.
func (b *bench) measure(ctx context.Context, round int, s *server, segmentID string, sc int) error {
	measured := scenarios(s.baseURL, segmentID, b.creds, b.body)
	if err := preflight(ctx, s.name, measured, b.body20001); err != nil {
		return err
	}
	t := measured[sc]
	if b.o.warmup > 0 {
		if _, err := attack(ctx, t.target, b.o.concurrency, b.o.warmup, nil); err != nil {
			return err
		}
	}
	key := [2]string{t.name, s.name}
	if b.tally.latencies[key] == nil {
		b.tally.latencies[key] = &vegeta.Metrics{}
	}
	cpuBefore, cpuKnown := s.cpu()
	r, err := attack(ctx, t.target, b.o.concurrency, b.o.duration, b.tally.latencies[key])
	if err != nil {
		return err
	}
	if cpuAfter, ok := s.cpu(); cpuKnown && ok {
		r.serverCPU = cpuAfter - cpuBefore
	}
	fmt.Fprintf(b.out, "round %d: %-10s %-7s %8.1f req/s", round+1, t.name, s.name, r.perSecond)
	if r.serverCPU > 0 {
		fmt.Fprintf(b.out, ", %s server CPU a request", us(r.cpuPerRequest()))
	}
	if r.errors > 0 {
		fmt.Fprintf(b.out, ", %d errors, the first: %s", r.errors, r.firstError)
	}
	fmt.Fprintln(b.out)
	b.tally.runs[key] = append(b.tally.runs[key], r)
	return nil
}
