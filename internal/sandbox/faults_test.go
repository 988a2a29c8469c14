package sandbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestInjectFaults checks that the next n answers are the injected status, whatever
// the request, and that the one after is normal again.
func TestInjectFaults(t *testing.T) {
	tests := []struct {
		status  int
		wantKey string
	}{
		{http.StatusTooManyRequests, "too_many_requests"},
		{http.StatusInternalServerError, "internal_error"},
		{http.StatusBadGateway, "bad_gateway"},
		{http.StatusServiceUnavailable, "service_unavailable"},
		{http.StatusGatewayTimeout, "gateway_timeout"},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			ts := newTestServer(t, Config{})
			ts.InjectFaults(tt.status, 2)
			if f, _ := ts.PendingFaults(); f != 2 {
				t.Fatalf("PendingFaults = %d, want 2", f)
			}
			reqs := []*http.Request{
				request(http.MethodPost, "/v1/segments", []byte(`{"name":"n","type":"static"}`)),
				request(http.MethodGet, "/v1/unknown", nil), // faults come before routing
			}
			for _, req := range reqs {
				rec := ts.do(req)
				if rec.Code != tt.status {
					t.Fatalf("%s %s: %d, want %d", req.Method, req.URL.Path, rec.Code, tt.status)
				}
				e := decodeError(t, rec.Body.Bytes())
				if e.Key != tt.wantKey || !strings.Contains(e.Details, "Injected") {
					t.Errorf("body %+v", e)
				}
				if tt.status == http.StatusTooManyRequests && (rec.Header().Get("Retry-After") != "1" ||
					rec.Header().Get("X-Rate-Limit-Type") != "api_calls" || rec.Header().Get("X-Rate-Limit-Retry") == "") {
					t.Errorf("429 headers %v", rec.Header())
				}
			}
			if ts.Len() != 0 {
				t.Errorf("a faulted create stored a segment")
			}
			if rec := ts.do(request(http.MethodPost, "/v1/segments", []byte(`{"name":"n","type":"static"}`))); rec.Code != http.StatusOK {
				t.Errorf("after the faults: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

// TestInjectProxyFaults checks the HTML answer of a proxy and the queueing of faults.
func TestInjectProxyFaults(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.InjectProxyFaults(http.StatusBadGateway, 1)
	ts.InjectFaults(http.StatusServiceUnavailable, 1)
	get := request(http.MethodGet, "/v1/segments/seg_x", nil)

	rec := ts.do(get)
	if rec.Code != http.StatusBadGateway || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
		!strings.Contains(rec.Body.String(), "<h1>502 Bad Gateway</h1>") {
		t.Errorf("proxy fault: %d %q %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if rec = ts.do(get); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("second fault: %d", rec.Code)
	}
	ts.InjectFaults(http.StatusInternalServerError, 3)
	ts.ClearFaults()
	if rec = ts.do(get); rec.Code != http.StatusNotFound {
		t.Errorf("after ClearFaults: %d", rec.Code)
	}
}

// TestInjectFaultsRefusesOtherStatuses checks the panics on statuses that the contract
// does not declare for every operation.
func TestInjectFaultsRefusesOtherStatuses(t *testing.T) {
	ts := newTestServer(t, Config{})
	tests := []struct {
		name string
		call func()
	}{
		{"InjectFaults 404", func() { ts.InjectFaults(http.StatusNotFound, 1) }},
		{"InjectFaults 200", func() { ts.InjectFaults(http.StatusOK, 1) }},
		{"InjectFaults 600", func() { ts.InjectFaults(600, 1) }},
		{"InjectProxyFaults 429", func() { ts.InjectProxyFaults(http.StatusTooManyRequests, 1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.call()
		})
	}
	if f, _ := ts.PendingFaults(); f != 0 {
		t.Errorf("PendingFaults = %d after refused injections", f)
	}
}

// TestInjectDelay checks that a delayed request waits, and that a client giving up
// ends the wait at once.
func TestInjectDelay(t *testing.T) {
	ts := newTestServer(t, Config{})
	srv := ts.httpServer()
	newReq := func(ctx context.Context) *http.Request {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/segments/seg_x", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-App-Id", testAppID)
		req.Header.Set("X-App-Token", testSecret)
		return req
	}

	// A delay of an hour, cut short by the client: the test would hang if the sandbox
	// ignored the context, as srv.Close waits for the handler. The client's second is
	// ample for the request to reach the sandbox on a loaded machine.
	ts.InjectDelay(time.Hour, 1)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_, err := srv.Client().Do(newReq(ctx))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("delayed request: err = %v, want the client's deadline", err)
	}
	if _, d := ts.PendingFaults(); d != 0 {
		t.Errorf("pending delays = %d, want 0", d)
	}

	// A short delay is served after it; the next request is not delayed.
	const d = 30 * time.Millisecond
	ts.InjectDelay(d, 1)
	ts.InjectFaults(http.StatusServiceUnavailable, 1)
	start := time.Now()
	res, err := srv.Client().Do(newReq(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if elapsed := time.Since(start); elapsed < d || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("delayed fault: %d after %v, want 503 after at least %v", res.StatusCode, elapsed, d)
	}
	res, err = srv.Client().Do(newReq(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("after the delay: %d", res.StatusCode)
	}

	ts.InjectDelay(time.Hour, 5)
	ts.InjectDelay(0, 5) // removes it
	if _, d := ts.PendingFaults(); d != 0 {
		t.Errorf("pending delays = %d after InjectDelay(0, 5)", d)
	}
}
