package loadgen

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func runOnce(t *testing.T, url string, n int64) Result {
	t.Helper()
	res, err := Run(context.Background(), Request{Method: http.MethodGet, URL: url}, Config{Concurrency: 2, Duration: time.Minute, MaxRequests: n})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestConnFraming checks answers framed every way HTTP/1.1 allows: chunked, and on a
// connection the server closes, with or without saying so.
func TestConnFraming(t *testing.T) {
	t.Run("chunked", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, strings.Repeat("x", 100))
			w.(http.Flusher).Flush() // no Content-Length: chunked
			_, _ = io.WriteString(w, "end")
		}))
		defer srv.Close()
		if res := runOnce(t, srv.URL, 20); res.Requests != 20 || res.Errors != 0 {
			t.Errorf("requests %d, errors %d (%s)", res.Requests, res.Errors, res.FirstError)
		}
	})
	t.Run("Connection: close", func(t *testing.T) {
		var conns atomic.Int64
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Connection", "close")
			_, _ = io.WriteString(w, "ok")
		}))
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
		srv.Start()
		defer srv.Close()
		if res := runOnce(t, srv.URL, 10); res.Requests != 10 || res.Errors != 0 || conns.Load() != 10 {
			t.Errorf("requests %d, errors %d (%s), connections %d; want 10, 0, 10", res.Requests, res.Errors, res.FirstError, conns.Load())
		}
	})
	t.Run("closed without notice", func(t *testing.T) {
		// A server that answers one request per connection and hangs up, as a server
		// does when its keep-alive timeout passes.
		var lc net.ListenConfig
		ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = ln.Close() }()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer func() { _ = c.Close() }()
					if _, err := http.ReadRequest(bufio.NewReader(c)); err == nil {
						_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
					}
				}()
			}
		}()
		if res := runOnce(t, "http://"+ln.Addr().String()+"/", 10); res.Requests != 10 || res.Errors != 0 {
			t.Errorf("requests %d, errors %d (%s)", res.Requests, res.Errors, res.FirstError)
		}
	})
}

func TestRequestBytes(t *testing.T) {
	c, err := newConn(Request{Method: http.MethodPost, URL: "http://127.0.0.1:8080/v1/segments?x=1",
		Header: http.Header{"X-App-Id": {"a"}}, Body: []byte(`{}`)}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(string(c.request))))
	if err != nil {
		t.Fatalf("%q: %v", c.request, err)
	}
	body, _ := io.ReadAll(req.Body)
	if req.Method != http.MethodPost || req.RequestURI != "/v1/segments?x=1" || req.Host != "127.0.0.1:8080" ||
		req.Header.Get("X-App-Id") != "a" || string(body) != "{}" || c.addr != "127.0.0.1:8080" {
		t.Errorf("request %q parsed as %s %s host %s, body %q", c.request, req.Method, req.RequestURI, req.Host, body)
	}
	if _, err := newConn(Request{Method: "GET", URL: "http://127.0.0.1/", Header: http.Header{"X": {"a\r\nY: b"}}}, time.Now()); err == nil {
		t.Error("a header with a line break was accepted")
	}
}
