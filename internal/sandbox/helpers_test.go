package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

const (
	testAppID  = "c70a6f00-cf91-4756-9df5-47628850002b"
	testSecret = "3266b9f8-e246-4f79-bdf0-833929b1380c"
)

// fakeClock is a settable Config.Clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2022, 9, 13, 8, 57, 15, 801_234_567, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testServer is a sandbox whose every answer is checked against the contract.
type testServer struct {
	*Server
	t       *testing.T
	clock   *fakeClock
	checker *responseChecker
	handler http.Handler
}

// newTestServer returns a sandbox with the test credentials and a fake clock; cfg may
// set the other fields.
func newTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	clock := newFakeClock()
	cfg.AppID, cfg.SecretKey = testAppID, testSecret
	if cfg.Clock == nil {
		cfg.Clock = clock.Now
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	checker := newResponseChecker(t)
	return &testServer{Server: s, t: t, clock: clock, checker: checker, handler: checker.validating(t, s)}
}

// httpServer serves the sandbox, behind the checker, on a loopback port until the test ends.
func (ts *testServer) httpServer() *httptest.Server {
	srv := httptest.NewServer(ts.handler)
	ts.t.Cleanup(srv.Close)
	return srv
}

// request returns a request with the test credentials and, when body is not nil, a
// JSON content type.
func request(method, path string, body []byte) *http.Request {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("X-App-Id", testAppID)
	req.Header.Set("X-App-Token", testSecret)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// do serves req and returns the answer.
func (ts *testServer) do(req *http.Request) *httptest.ResponseRecorder {
	ts.t.Helper()
	rec := httptest.NewRecorder()
	ts.handler.ServeHTTP(rec, req)
	return rec
}

// create posts body to /v1/segments and returns the segment, failing unless it is 200.
func (ts *testServer) create(body []byte) map[string]any {
	ts.t.Helper()
	rec := ts.do(request(http.MethodPost, "/v1/segments", body))
	if rec.Code != http.StatusOK {
		ts.t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	return decodeObject(ts.t, rec.Body.Bytes())
}

func decodeObject(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decoding %q: %v", b, err)
	}
	return m
}

func decodeError(t testing.TB, b []byte) apiserver.VoucherifyError {
	t.Helper()
	// Error shadows VoucherifyError's rule, an object, where the framework shape has a string.
	var e struct {
		apiserver.VoucherifyError
		Error any `json:"error"`
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("decoding error %q: %v", b, err)
	}
	return e.VoucherifyError
}

// fixture returns an official example body from the repository's testdata/official.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "official", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// staticBody returns the create body of a static segment of n customers.
func staticBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"name":"Big","type":"static","customers":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"cust_%024d"`, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}
