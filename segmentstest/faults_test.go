package segmentstest_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// count returns how many requests of method reached the sandbox.
func count(srv *segmentstest.Server, method string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// countPath counts the requests received for method and path.
func countPath(srv *segmentstest.Server, method, path string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func createOne(t *testing.T, srv *segmentstest.Server) *segments.Segment {
	t.Helper()
	seg, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

func TestGetAndDeleteAreRetriedOnServerFaults(t *testing.T) {
	for _, fault := range []struct {
		status int
		proxy  bool
	}{{429, false}, {500, false}, {502, false}, {503, false}, {504, false}, {502, true}, {503, true}} {
		srv := segmentstest.NewServer(t)
		seg := createOne(t, srv)
		inject := srv.InjectFaults
		if fault.proxy {
			inject = srv.InjectProxyFaults
		}

		inject(fault.status, 2)
		if _, err := srv.Client.Get(context.Background(), seg.ID); err != nil {
			t.Errorf("GET after two %d (proxy %v): %v", fault.status, fault.proxy, err)
		}
		inject(fault.status, 2)
		if err := srv.Client.Delete(context.Background(), seg.ID); err != nil {
			t.Errorf("DELETE after two %d: %v", fault.status, err)
		}
		if g, d := count(srv, http.MethodGet), count(srv, http.MethodDelete); g != 3 || d != 3 {
			t.Errorf("%d: %d GETs and %d DELETEs, want 3 of each", fault.status, g, d)
		}
		if srv.Len() != 0 {
			t.Errorf("%d: the segment was not deleted", fault.status)
		}
	}
}

func TestRetriesAreBoundedAndReported(t *testing.T) {
	srv := segmentstest.NewServer(t, segmentstest.WithClientOptions(segments.WithMaxRetries(3)))
	srv.InjectFaults(http.StatusServiceUnavailable, 10)
	_, err := srv.Client.Get(context.Background(), "seg_1")
	var apiErr *segments.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != 4 || !strings.Contains(err.Error(), "after 4 attempts") {
		t.Fatalf("err = %v, want the fourth 503", err)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}

	once := newClient(t, srv, segments.WithMaxRetries(0))
	srv.Reset()
	srv.InjectFaults(http.StatusServiceUnavailable, 1)
	if _, err := once.Get(context.Background(), "seg_1"); !errors.As(err, &apiErr) || apiErr.Attempts != 1 {
		t.Errorf("WithMaxRetries(0): %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("WithMaxRetries(0): %d requests, want 1", n)
	}
}

func TestCreateIsNeverRetriedOnServerErrors(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		srv := segmentstest.NewServer(t)
		srv.InjectFaults(status, 1)
		_, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
		var apiErr *segments.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Errorf("%d: err = %v", status, err)
		}
		if n := count(srv, http.MethodPost); n != 1 || srv.Len() != 0 {
			t.Errorf("%d: %d POSTs, %d stored; want 1 and 0", status, n, srv.Len())
		}
	}
}

func TestCreateIsRetriedOn429AndStoredOnce(t *testing.T) {
	srv := segmentstest.NewServer(t)
	srv.InjectFaults(http.StatusTooManyRequests, 2)
	seg, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(srv, http.MethodPost); n != 3 || srv.Len() != 1 {
		t.Errorf("%d POSTs, %d stored; want 3 and 1", n, srv.Len())
	}
	if stored := srv.Segments(); stored[0].ID != seg.ID || len(stored[0].Customers) != 1 {
		t.Errorf("stored %+v", stored)
	}
}

func TestCreateIsNotRetriedAfterATimeout(t *testing.T) {
	dropped := &dropWatcher{c: make(chan struct{}, 4)}
	srv := segmentstest.NewServer(t, segmentstest.WithLogger(slog.New(dropped)),
		segmentstest.WithClientOptions(segments.WithTimeout(50*time.Millisecond)))
	srv.InjectDelay(time.Minute, 1)
	_, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if n := count(srv, http.MethodPost); n != 1 {
		t.Errorf("%d POSTs, want 1: a create that may have arrived is not sent again", n)
	}
	// The sandbox lets the abandoned request go instead of holding it a minute.
	select {
	case <-dropped.c:
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox still holds the abandoned POST")
	}
	if srv.Len() != 0 {
		t.Errorf("%d segments stored by an abandoned create", srv.Len())
	}

	// A GET that times out is retried.
	srv.InjectDelay(time.Minute, 1)
	if _, err := srv.Client.Get(context.Background(), "seg_1"); !errors.Is(err, segments.ErrNotFound) {
		t.Errorf("GET after a timeout: %v, want the retry's 404", err)
	}
	if n := countPath(srv, http.MethodGet, "/v1/segments/seg_1"); n != 2 {
		t.Errorf("%d GETs of the segment, want 2", n)
	}
}

func TestCreateIsRetriedWhenTheConnectionWasRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there now: every dial is refused
	srv := segmentstest.NewServer(t)
	c := newClient(t, srv, segments.WithBaseURL("http://"+addr))
	_, err = c.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	if err == nil || !strings.Contains(err.Error(), "after 3 attempts") || !strings.Contains(err.Error(), "refused") {
		t.Errorf("err = %v, want three refused dials", err)
	}
}

// recorder is a slog.Handler that keeps the records and calls onRetry for each
// retry the client announces.
type recorder struct {
	mu      sync.Mutex
	waits   []time.Duration
	onRetry func()
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	if rec.Message != "segments: retrying" {
		return nil
	}
	rec.Attrs(func(a slog.Attr) bool {
		if a.Key == "wait" {
			r.mu.Lock()
			r.waits = append(r.waits, a.Value.Duration())
			r.mu.Unlock()
		}
		return true
	})
	if r.onRetry != nil {
		r.onRetry()
	}
	return nil
}

// dropWatcher is a slog.Handler that signals each request the sandbox dropped
// because its client went away.
type dropWatcher struct{ c chan struct{} }

func (d *dropWatcher) Enabled(context.Context, slog.Level) bool { return true }
func (d *dropWatcher) WithAttrs([]slog.Attr) slog.Handler       { return d }
func (d *dropWatcher) WithGroup(string) slog.Handler            { return d }
func (d *dropWatcher) Handle(_ context.Context, rec slog.Record) error {
	if strings.HasPrefix(rec.Message, "request dropped") {
		d.c <- struct{}{}
	}
	return nil
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	rec := &recorder{}
	srv := segmentstest.NewServer(t)
	// The sandbox's injected 429 says Retry-After: 1.
	c := newClient(t, srv, segments.WithLogger(slog.New(rec)), segments.WithMaxRetryWait(time.Second))
	srv.InjectFaults(http.StatusTooManyRequests, 1)
	if _, err := c.Get(context.Background(), "seg_1"); !errors.Is(err, segments.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	capped := newClient(t, srv, segments.WithLogger(slog.New(rec)), segments.WithMaxRetryWait(5*time.Millisecond))
	srv.InjectFaults(http.StatusTooManyRequests, 1)
	if _, err := capped.Get(context.Background(), "seg_1"); !errors.Is(err, segments.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if len(rec.waits) != 2 || rec.waits[0] != time.Second || rec.waits[1] != 5*time.Millisecond {
		t.Errorf("waits = %v, want [1s 5ms]: Retry-After, then capped by WithMaxRetryWait", rec.waits)
	}
}

func TestCancellationEndsARetryWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &recorder{onRetry: cancel}
	srv := segmentstest.NewServer(t)
	c := newClient(t, srv, segments.WithLogger(slog.New(rec)), segments.WithMaxRetryWait(time.Hour))
	srv.InjectFaults(http.StatusTooManyRequests, 1)
	_, err := c.Get(ctx, "seg_1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled during the 1 s wait", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestDeleteRetriedAfterAnUncertainFailureIsSuccess(t *testing.T) {
	srv := segmentstest.NewServer(t)
	seg := createOne(t, srv)
	// The first DELETE is held past the client's timeout; the sandbox drops it
	// unanswered. The retry deletes.
	srv.InjectDelay(time.Minute, 1)
	if err := newClient(t, srv, segments.WithTimeout(50*time.Millisecond)).Delete(context.Background(), seg.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(srv, http.MethodDelete); n != 2 || srv.Len() != 0 {
		t.Errorf("%d DELETEs, %d stored", n, srv.Len())
	}
}

func TestSecretKeyStaysOutOfLogsAndErrors(t *testing.T) {
	var logs bytes.Buffer
	srv := segmentstest.NewServer(t, segmentstest.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	c := newClient(t, srv, segments.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	srv.InjectFaults(http.StatusServiceUnavailable, 1)
	_, err1 := c.Get(context.Background(), "seg_1")
	_, err2 := c.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}})
	for _, s := range []string{logs.String(), err1.Error(), c.String()} {
		if strings.Contains(s, srv.SecretKey) {
			t.Errorf("secret key in %q", s)
		}
	}
	if err2 != nil || !strings.Contains(logs.String(), "retrying") {
		t.Errorf("create: %v; logs: %s", err2, logs.String())
	}
}
