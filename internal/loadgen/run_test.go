package loadgen

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunCountsAndBounds sends a bounded number of requests and checks that each was
// sent with the method, headers and body, and counted as a success.
func TestRunCountsAndBounds(t *testing.T) {
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("X-App-Id") != "app" || string(b) != `{"a":1}` {
			w.WriteHeader(http.StatusTeapot)
			return
		}
		got.Add(1)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Request{
		Method: http.MethodPost, URL: srv.URL + "/x", Body: []byte(`{"a":1}`),
		Header: http.Header{"X-App-Id": {"app"}},
	}, Config{Concurrency: 4, Duration: time.Minute, MaxRequests: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 50 || res.Errors != 0 || got.Load() != 50 || len(res.Latencies) != 50 {
		t.Errorf("requests %d, errors %d (%s), served %d, latencies %d; want 50, 0, 50, 50",
			res.Requests, res.Errors, res.FirstError, got.Load(), len(res.Latencies))
	}
	if s := Summarize(res); s.PerSecond <= 0 || s.P50 <= 0 || s.P99 < s.P50 {
		t.Errorf("summary %+v", s)
	}
}

// TestRunErrors checks that an answer with another status is an error, described.
func TestRunErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Request{Method: http.MethodGet, URL: srv.URL, WantStatus: http.StatusOK},
		Config{Concurrency: 2, Duration: time.Minute, MaxRequests: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 0 || res.Errors != 10 || !strings.Contains(res.FirstError, "status 422") {
		t.Errorf("requests %d, errors %d, first %q", res.Requests, res.Errors, res.FirstError)
	}
	srv.Close()
	res, _ = Run(context.Background(), Request{Method: http.MethodGet, URL: srv.URL},
		Config{Concurrency: 1, Duration: time.Minute, MaxRequests: 3})
	if res.Errors != 3 || res.FirstError == "" {
		t.Errorf("closed server: errors %d, first %q", res.Errors, res.FirstError)
	}
}

// TestRunOnlyLoopback checks that nothing is sent to another machine.
func TestRunOnlyLoopback(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1/x", "http://example.com/", "https://127.0.0.1/", "http://192.168.1.1:80/", "::"} {
		if _, err := Run(context.Background(), Request{Method: http.MethodGet, URL: u}, Config{Concurrency: 1, Duration: time.Second}); err == nil {
			t.Errorf("Run(%s) did not refuse", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:1/", "http://localhost:8080/v1", "http://[::1]:9/", "http://127.3.2.1/"} {
		if err := CheckLoopback(u); err != nil {
			t.Errorf("CheckLoopback(%s) = %v", u, err)
		}
	}
}

// TestWaitReady checks that a listening server is ready and a closed port is not.
func TestWaitReady(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	if err := WaitReady(context.Background(), srv.URL, 10*time.Second); err != nil {
		t.Errorf("running server: %v", err)
	}
	srv.Close()
	if err := WaitReady(context.Background(), srv.URL, 200*time.Millisecond); err == nil {
		t.Error("closed server reported ready")
	}
}
