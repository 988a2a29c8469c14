package sandbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestActThenFail: the create is stored and the delete done, and then the answer is
// the injected 5xx; the fault is used only by a request that acted.
func TestActThenFail(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.InjectActThenFail(http.StatusServiceUnavailable, 2)
	if f, _ := ts.PendingFaults(); f != 2 {
		t.Fatalf("PendingFaults = %d, want 2", f)
	}
	// A request that does not act (400) does not use the fault.
	if rec := ts.do(request(http.MethodPost, "/v1/segments", []byte(`{"name":""}`))); rec.Code != http.StatusBadRequest {
		t.Fatalf("bad create: %d", rec.Code)
	}
	rec := ts.do(request(http.MethodPost, "/v1/segments", []byte(`{"name":"n","type":"static","customers":["c"]}`)))
	if rec.Code != http.StatusServiceUnavailable || ts.Len() != 1 {
		t.Fatalf("create: %d with %d stored, want 503 and the segment stored: %s", rec.Code, ts.Len(), rec.Body)
	}
	if e := decodeError(t, rec.Body.Bytes()); !strings.Contains(e.Details, "after acting") {
		t.Errorf("details %q", e.Details)
	}
	id := ts.Segments()[0].ID
	if rec := ts.do(request(http.MethodDelete, "/v1/segments/"+id, nil)); rec.Code != http.StatusServiceUnavailable || ts.Len() != 0 {
		t.Fatalf("delete: %d with %d stored, want 503 and the segment gone", rec.Code, ts.Len())
	}
	if rec := ts.do(request(http.MethodGet, "/v1/segments", nil)); rec.Code != http.StatusOK {
		t.Errorf("after the faults: %d", rec.Code)
	}
	defer func() {
		if recover() == nil {
			t.Error("InjectActThenFail(429) did not panic")
		}
	}()
	ts.InjectActThenFail(http.StatusTooManyRequests, 1)
}

// TestActThenDrop: the create is stored and the connection closed without an answer.
func TestActThenDrop(t *testing.T) {
	ts := newTestServer(t, Config{})
	srv := ts.httpServer()
	ts.InjectActThenDrop(1)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v1/segments",
		bytes.NewReader([]byte(`{"name":"n","type":"static","customers":["c"]}`)))
	req.Header = request(http.MethodPost, "/", []byte("{}")).Header
	res, err := srv.Client().Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("an answer %d, want none", res.StatusCode)
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Errorf("err = %v, want the connection closed", err)
	}
	if ts.Len() != 1 {
		t.Errorf("%d segments stored, want 1", ts.Len())
	}
	if f, _ := ts.PendingFaults(); f != 0 {
		t.Errorf("%d faults left", f)
	}
}

// TestActThenDelay: the create is stored at once and its answer held past the client's
// timeout; the client gives up on a request that succeeded.
func TestActThenDelay(t *testing.T) {
	ts := newTestServer(t, Config{})
	srv := ts.httpServer()
	ts.InjectActThenDelay(time.Hour, 1)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v1/segments",
		bytes.NewReader([]byte(`{"name":"n","type":"static","customers":["c"]}`)))
	req.Header = request(http.MethodPost, "/", []byte("{}")).Header
	res, err := srv.Client().Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("an answer %d within the client's timeout", res.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the client's timeout", err)
	}
	if ts.Len() != 1 {
		t.Errorf("%d segments stored, want 1", ts.Len())
	}

	// A short delay is answered, with the success.
	ts.InjectActThenDelay(time.Millisecond, 1)
	if rec := ts.do(request(http.MethodGet, "/v1/segments", nil)); rec.Code != http.StatusOK {
		t.Errorf("after a short delay: %d", rec.Code)
	}
	ts.InjectActThenDelay(time.Second, 3)
	ts.ClearFaults()
	if f, _ := ts.PendingFaults(); f != 0 {
		t.Errorf("ClearFaults left %d", f)
	}
}
