package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// The slow-client suite: clients that stall or trickle must not hold the sandbox. Each
// test sets the limit it exercises to a fraction of a second and leaves the others
// long, so that only the limit under test can end the connection; hangGuard bounds
// every wait of the test itself, so a broken limit fails in seconds instead of hanging.
const hangGuard = 5 * time.Second

// liveServer serves the sandbox of ts with Serve on a loopback port until the test ends,
// and returns its address. It serves the sandbox itself, not ts.handler: the contract
// checker's recorder would hide the connection from the handler; checkedAnswer checks
// the answers.
func liveServer(t *testing.T, ts *testServer) string {
	t.Helper()
	h, err := ts.Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := h.Close(); err != nil {
			t.Error(err)
		}
	})
	return strings.TrimPrefix(h.URL, "http://")
}

// longLimits are limits that no test reaches unless it sets one short.
func longLimits() HTTPLimits {
	return HTTPLimits{ReadHeaderTimeout: time.Minute, ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: time.Minute}
}

// dial opens a connection to addr that the test closes when it ends.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, hangGuard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// checkedAnswer reads one HTTP answer to method path from c, within hangGuard, and
// checks it against the contract.
func (ts *testServer) checkedAnswer(t *testing.T, c net.Conn, br *bufio.Reader, method, path string) (*http.Response, []byte) {
	t.Helper()
	res, body := readAnswer(t, c, br)
	req, err := http.NewRequest(method, "http://sandbox"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts.checker.check(t, req, res.StatusCode, res.Header, body)
	return res, body
}

// readAnswer reads one HTTP answer from c, within hangGuard.
func readAnswer(t *testing.T, c net.Conn, br *bufio.Reader) (*http.Response, []byte) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(hangGuard))
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return res, body
}

// waitClosed fails the test unless the server closes c (EOF or reset) within hangGuard,
// discarding whatever it sends first.
func waitClosed(t *testing.T, c net.Conn, br *bufio.Reader) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(hangGuard))
	_, err := io.Copy(io.Discard, br)
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		t.Fatalf("the sandbox held the connection for %s", hangGuard)
	}
}

func authHeaders(token string) string {
	return "Host: sandbox\r\nX-App-Id: " + testAppID + "\r\nX-App-Token: " + token + "\r\n"
}

func TestSlowClientStalledHeadersAreCut(t *testing.T) {
	l := longLimits()
	l.ReadHeaderTimeout = 100 * time.Millisecond
	ts := newTestServer(t, Config{HTTPLimits: l})
	addr := liveServer(t, ts)
	c := dial(t, addr)
	fmt.Fprint(c, "GET /v1/segments HTTP/1.1\r\nHost: sandbox\r\n") // and never the end of the headers
	waitClosed(t, c, bufio.NewReader(c))
}

func TestSlowClientStalledBodyIsCut(t *testing.T) {
	l := longLimits()
	l.ReadTimeout = 200 * time.Millisecond
	ts := newTestServer(t, Config{HTTPLimits: l})
	addr := liveServer(t, ts)
	c := dial(t, addr)
	body := `{"name":"n","type":"static","customers":["c"]}`
	fmt.Fprintf(c, "POST /v1/segments HTTP/1.1\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		authHeaders(testSecret), len(body), body[:10])
	waitClosed(t, c, bufio.NewReader(c))
	if ts.Len() != 0 {
		t.Errorf("a body cut short stored %d segments", ts.Len())
	}
}

func TestSlowClientTricklingBodyIsCut(t *testing.T) {
	l := longLimits()
	l.ReadTimeout = 200 * time.Millisecond
	ts := newTestServer(t, Config{HTTPLimits: l})
	addr := liveServer(t, ts)
	c := dial(t, addr)
	body := staticBody(10)
	fmt.Fprintf(c, "POST /v1/segments HTTP/1.1\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
		authHeaders(testSecret), len(body))
	// One byte every 10 ms: the whole body would take seconds. The ticker paces the
	// client; the test waits only for the server to end the connection.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for _, b := range body {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			_ = c.SetWriteDeadline(time.Now().Add(hangGuard))
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
		}
	})
	waitClosed(t, c, bufio.NewReader(c))
	close(stop)
	wg.Wait()
	if ts.Len() != 0 {
		t.Errorf("a trickled body stored %d segments", ts.Len())
	}
}

func TestSlowClientIdleKeepAliveIsClosed(t *testing.T) {
	l := longLimits()
	l.IdleTimeout = 100 * time.Millisecond
	ts := newTestServer(t, Config{HTTPLimits: l})
	addr := liveServer(t, ts)
	c := dial(t, addr)
	br := bufio.NewReader(c)
	fmt.Fprintf(c, "GET /v1/segments HTTP/1.1\r\n%s\r\n", authHeaders(testSecret))
	if res, body := ts.checkedAnswer(t, c, br, "GET", "/v1/segments"); res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("%d (close %v): %s", res.StatusCode, res.Close, body)
	}
	waitClosed(t, c, br) // idle after its answer
}

// TestRefusalsDoNotWaitForTheBody: a 401, 413, 415 and 404 are answered at once to a
// request whose body never comes, and the connection is then closed. The read timeout
// is a minute, so neither the answer nor the close can come from it.
func TestRefusalsDoNotWaitForTheBody(t *testing.T) {
	ts := newTestServer(t, Config{MaxBodyBytes: 1024, HTTPLimits: longLimits()})
	addr := liveServer(t, ts)
	tests := []struct {
		name, path, token, contentType string
		length                         int
		want                           int
	}{
		{"wrong key", "/v1/segments", "wrong", "application/json", 100, http.StatusUnauthorized},
		{"over the body limit", "/v1/segments", testSecret, "application/json", 2048, http.StatusRequestEntityTooLarge},
		{"not JSON", "/v1/segments", testSecret, "text/csv", 100, http.StatusUnsupportedMediaType},
		{"charset", "/v1/segments", testSecret, "application/json; charset=utf-16", 100, http.StatusUnsupportedMediaType},
		{"unknown path", "/v1/other", testSecret, "application/json", 100, http.StatusNotFound},
		{"wrong method", "/v1/segments/seg_1", testSecret, "application/json", 100, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, addr)
			br := bufio.NewReader(c)
			fmt.Fprintf(c, "POST %s HTTP/1.1\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n\r\n{",
				tt.path, authHeaders(tt.token), tt.contentType, tt.length)
			res, body := ts.checkedAnswer(t, c, br, "POST", tt.path)
			if res.StatusCode != tt.want || !res.Close {
				t.Errorf("%d (Connection: close %v), want %d and a close: %s", res.StatusCode, res.Close, tt.want, body)
			}
			waitClosed(t, c, br)
		})
	}
}

// TestConnectionCap: past MaxConnections, a new connection is not served until one
// closes, and then it is. (Counting open connections with http.Server.ConnState would
// not do: net/http reports StateClosed only after the listener has freed the slot, so
// the next connection's StateNew can be seen first.)
func TestConnectionCap(t *testing.T) {
	l := longLimits()
	l.MaxConnections = 3
	ts := newTestServer(t, Config{HTTPLimits: l})
	addr := liveServer(t, ts)
	stalled := make([]net.Conn, l.MaxConnections)
	for i := range stalled {
		stalled[i] = dial(t, addr)
		fmt.Fprint(stalled[i], "GET /v1/segments HTTP/1.1\r\n") // and nothing more
	}
	c := dial(t, addr)
	br := bufio.NewReader(c)
	fmt.Fprintf(c, "GET /v1/segments HTTP/1.1\r\n%sConnection: close\r\n\r\n", authHeaders(testSecret))
	_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := br.Peek(1); err == nil {
		t.Fatal("a connection past the cap was served while the cap was full")
	}
	stalled[0].Close()
	if res, body := ts.checkedAnswer(t, c, br, "GET", "/v1/segments"); res.StatusCode != http.StatusOK {
		t.Fatalf("after a slot freed: %d %s", res.StatusCode, body)
	}
}

// TestManyStalledConnections: 60 connections that send nothing, against a cap of 8 and
// a header timeout of 100 ms, are all closed, and a normal request is served after them.
func TestManyStalledConnections(t *testing.T) {
	l := longLimits()
	l.MaxConnections, l.ReadHeaderTimeout = 8, 100*time.Millisecond
	ts := newTestServer(t, Config{HTTPLimits: l})
	addr := liveServer(t, ts)
	conns := make([]net.Conn, 60)
	for i := range conns {
		conns[i] = dial(t, addr)
	}
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() { waitClosed(t, c, bufio.NewReader(c)) })
	}
	wg.Wait()
	c := dial(t, addr)
	fmt.Fprintf(c, "GET /v1/segments HTTP/1.1\r\n%s\r\n", authHeaders(testSecret))
	if res, body := ts.checkedAnswer(t, c, bufio.NewReader(c), "GET", "/v1/segments"); res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
}

func TestNewRefusesNegativeLimits(t *testing.T) {
	for _, l := range []HTTPLimits{{ReadTimeout: -1}, {MaxConnections: -1}, {MaxHeaderBytes: -1}, {IdleTimeout: -time.Second}} {
		if _, err := New(Config{AppID: testAppID, SecretKey: testSecret, HTTPLimits: l}); err == nil {
			t.Errorf("New accepted %+v", l)
		}
	}
	cfg, err := Config{AppID: testAppID, SecretKey: testSecret}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ReadHeaderTimeout != DefaultReadHeaderTimeout || cfg.ReadTimeout != DefaultReadTimeout || cfg.WriteTimeout != DefaultWriteTimeout ||
		cfg.IdleTimeout != DefaultIdleTimeout || cfg.MaxHeaderBytes != DefaultMaxHeaderBytes || cfg.MaxConnections != DefaultMaxConnections {
		t.Errorf("defaults not applied: %+v", cfg.HTTPLimits)
	}
}
