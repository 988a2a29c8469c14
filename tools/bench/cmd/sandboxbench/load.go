package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// run is the outcome of one measured run of a scenario on a server.
type run struct {
	// perSecond is the successful requests per second.
	perSecond float64
	// requests and errors count the answers: an error is anything but a 200 read to
	// the end (another status, a transport error).
	requests, errors int
	firstError       string
	// serverCPU is the CPU time the server's process used during the run; zero when
	// it is not known (Prism, whose process starts others; not Linux).
	serverCPU time.Duration
}

// attack sends t from concurrency workers, each with one request in flight on its own
// keep-alive connection, for d, adding every result to all (the latencies of every run
// of this scenario and server).
func attack(ctx context.Context, t vegeta.Target, concurrency int, d time.Duration, all *vegeta.Metrics) (run, error) {
	if err := checkLoopback(t.URL); err != nil {
		return run{}, err
	}
	n := uint64(concurrency) //nolint:gosec // a positive flag
	a := vegeta.NewAttacker(
		vegeta.Workers(n), vegeta.MaxWorkers(n), // rate 0 below: as fast as n workers go
		vegeta.Connections(concurrency), vegeta.MaxConnections(concurrency),
		vegeta.KeepAlive(true), vegeta.HTTP2(false),
		vegeta.MaxBody(0), // answers are read to the end, not kept
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.Timeout(time.Minute),
	)
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var m vegeta.Metrics
	var r run
	for res := range a.Attack(vegeta.NewStaticTargeter(t), vegeta.Rate{}, d, "") {
		m.Add(res)
		if all != nil {
			all.Add(res)
		}
		r.requests++
		if res.Code != http.StatusOK || res.Error != "" {
			r.errors++
			if r.firstError == "" {
				r.firstError = fmt.Sprintf("status %d %s", res.Code, res.Error)
			}
		}
	}
	m.Close()
	// vegeta's throughput: successful requests over the run, waiting for the last answers.
	r.perSecond = m.Throughput
	return r, ctx.Err()
}

// cpuPerRequest is the server's CPU time over the requests of the run; zero when either
// is unknown.
func (r run) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.serverCPU / time.Duration(r.requests)
}
