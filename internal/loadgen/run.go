package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Request is what every request of a run sends: the same method, URL, headers and
// body each time.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// WantStatus is the status of a successful answer; 0 means 200.
	WantStatus int
}

// Config bounds a run.
type Config struct {
	// Concurrency is the number of workers, each with one request in flight on its own
	// keep-alive connection.
	Concurrency int
	// Duration is how long the workers keep sending.
	Duration time.Duration
	// MaxRequests bounds the number of requests sent, whatever the duration;
	// 0 means no bound but the duration.
	MaxRequests int64
}

// Result is the outcome of a run.
type Result struct {
	// Requests is the number of requests answered with the wanted status, their
	// bodies read to the end.
	Requests int
	// Errors is the number of the others: transport errors, another status, a body
	// that could not be read.
	Errors int
	// FirstError describes the first error, for the report; empty without errors.
	FirstError string
	// Elapsed is the time from the start of the run until its last answer.
	Elapsed time.Duration
	// Latencies are those of the successful requests, in no particular order.
	Latencies []time.Duration
}

// errNotLoopback refuses a target that is not on this machine.
var errNotLoopback = errors.New("loadgen: only loopback addresses may be load-tested")

// CheckLoopback returns an error unless rawURL is an http URL of a loopback host.
func CheckLoopback(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("loadgen: %w", err)
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	loopback := host == "localhost" || ip != nil && ip.IsLoopback()
	if u.Scheme != "http" || !loopback {
		return fmt.Errorf("%w: %s", errNotLoopback, u.Redacted())
	}
	return nil
}

// NewClient returns an http.Client that keeps a connection open for each of n
// goroutines, for requests outside the measured runs (checks, set-up).
func NewClient(n int) *http.Client {
	return &http.Client{
		Timeout: time.Minute,
		Transport: &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        n,
			MaxIdleConnsPerHost: n,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// Run sends req from cfg.Concurrency workers until cfg.Duration has passed, ctx ends
// or cfg.MaxRequests were sent, and returns what happened. It refuses a URL that is not
// loopback.
func Run(ctx context.Context, req Request, cfg Config) (Result, error) {
	if err := CheckLoopback(req.URL); err != nil {
		return Result{}, err
	}
	if cfg.Concurrency < 1 || cfg.Duration <= 0 {
		return Result{}, errors.New("loadgen: Concurrency and Duration must be positive")
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	deadline, _ := ctx.Deadline()

	var sent atomic.Int64
	workers := make([]worker, cfg.Concurrency)
	for i := range workers {
		c, err := newConn(req, deadline)
		if err != nil {
			return Result{}, err
		}
		workers[i].conn = c
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		wg.Go(func() {
			w := &workers[i]
			defer w.conn.close()
			for ctx.Err() == nil && time.Now().Before(deadline) && (cfg.MaxRequests <= 0 || sent.Add(1) <= cfg.MaxRequests) {
				w.send(ctx, req)
			}
		})
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start)}
	for _, w := range workers {
		res.Requests += len(w.latencies)
		res.Errors += w.errors
		res.Latencies = append(res.Latencies, w.latencies...)
		if res.FirstError == "" {
			res.FirstError = w.firstError
		}
	}
	return res, nil
}

// worker is one worker's tally, and its connection.
type worker struct {
	conn       *conn
	latencies  []time.Duration
	errors     int
	firstError string
}

// send sends req once and records the outcome. A request cut short by the end of the
// run is not counted at all.
func (w *worker) send(ctx context.Context, req Request) {
	start := time.Now()
	err := w.do(ctx, req)
	if ctx.Err() != nil || !time.Now().Before(w.conn.deadline) {
		return // the run ended during this request (the connection's deadline is the run's)
	}
	if err != nil {
		w.errors++
		if w.firstError == "" {
			w.firstError = err.Error()
		}
		return
	}
	w.latencies = append(w.latencies, time.Since(start))
}

// do sends req and reads the whole answer; an answer with another status than the
// wanted one is an error.
func (w *worker) do(ctx context.Context, req Request) error {
	status, n, err := w.conn.do(ctx)
	if err != nil {
		return err
	}
	want := req.WantStatus
	if want == 0 {
		want = http.StatusOK
	}
	if status != want {
		return fmt.Errorf("%s %s: status %d (%d bytes), want %d", req.Method, req.URL, status, n, want)
	}
	return nil
}
