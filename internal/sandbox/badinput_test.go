package sandbox

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestBadInputOnTheWire is the sandbox's catalogue of hostile requests, sent as raw
// bytes to a live server. Each gets a JSON Error object with the X-Rate-Limit-* headers,
// never raw invalid UTF-8, and stores nothing, except those that net/http refuses itself
// before any handler runs: they get its plain-text answers. The client-side catalogue is
// the root package's badinput_test.go.
func TestBadInputOnTheWire(t *testing.T) {
	const byNetHTTP = "(net/http)"
	auth := authHeaders(testSecret)
	post := func(contentType, body string) string {
		return fmt.Sprintf("POST /v1/segments HTTP/1.1\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s",
			auth, contentType, len(body), body)
	}
	tests := []struct {
		name    string
		raw     string
		status  int
		key     string // "" for the framework shape
		details string // substring of details (message for the framework shape)
	}{
		// Answered by net/http before the handler, in plain text (key byNetHTTP).
		{"malformed escape in the path", "GET /v1/segments/%zz HTTP/1.1\r\n" + auth + "\r\n", 400, byNetHTTP, ""},
		{"doubled Content-Length", "POST /v1/segments HTTP/1.1\r\n" + auth + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
			400, byNetHTTP, ""},
		{"negative Content-Length", "POST /v1/segments HTTP/1.1\r\n" + auth + "Content-Length: -5\r\n\r\n", 400, byNetHTTP, ""},
		{"oversized header", "GET /v1/segments HTTP/1.1\r\n" + auth + "X-Big: " + strings.Repeat("a", 8192) + "\r\n\r\n",
			431, byNetHTTP, ""},
		{"unknown transfer encoding", "POST /v1/segments HTTP/1.1\r\n" + auth + "Transfer-Encoding: zip\r\n\r\n", 501, byNetHTTP, ""},
		{"no Host header", "GET /v1/segments HTTP/1.1\r\nX-App-Id: a\r\n\r\n", 400, byNetHTTP, ""},
		{"malformed request line", "GET\r\n\r\n", 400, byNetHTTP, ""},

		// Not UTF-8 (issue 13, item 6).
		{"filter key not UTF-8", post("application/json", "{\"name\":\"n\",\"type\":\"passive\",\"filter\":{\"junction\":\"and\",\"\xff\xfe\":{\"conditions\":{\"$is\":\"x\"}}}}"),
			400, "invalid_payload", "not valid UTF-8"},
		{"customer ID not UTF-8", post("application/json", "{\"name\":\"n\",\"type\":\"static\",\"customers\":[\"a\xff\",\"a\xfe\"]}"),
			400, "invalid_payload", "not valid UTF-8"},
		{"name not UTF-8", post("application/json", "{\"name\":\"\xc3\",\"type\":\"static\",\"customers\":[]}"),
			400, "invalid_payload", "not valid UTF-8"},
		{"segment ID not UTF-8", "GET /v1/segments/seg_%FF HTTP/1.1\r\n" + auth + "\r\n",
			400, "invalid_payload", "The path is not valid UTF-8"},
		{"list filter not UTF-8", "GET /v1/segments?filters[name][conditions][$is]=%FE HTTP/1.1\r\n" + auth + "\r\n",
			400, "invalid_payload", "not valid UTF-8"},
		{"charset utf-16", post("application/json; charset=utf-16", `{"name":"n","type":"static","customers":[]}`),
			415, "unsupported_media_type", "charset=utf-16"},
		{"charset utf8 (not the IANA name)", post("application/json; charset=utf8", `{"name":"n","type":"static","customers":[]}`),
			415, "unsupported_media_type", "utf8"},
		{"charset latin1", post("application/json; charset=ISO-8859-1", `{"name":"n","type":"static","customers":[]}`),
			415, "unsupported_media_type", "ISO-8859-1"},

		// The framework shape, as the real API answers these.
		{"not JSON", post("application/json", `{"name":`), 400, "", "Invalid request payload JSON format"},
		{"over the body limit", post("application/json", `{"name":"`+strings.Repeat("n", 2000)+`","type":"static"}`),
			413, "", "Payload content length greater than maximum allowed: 1024"},

		// List parameters.
		{"limit 101", "GET /v1/segments?limit=101 HTTP/1.1\r\n" + auth + "\r\n", 400, "invalid_payload", "limit"},
		{"limit 0", "GET /v1/segments?limit=0 HTTP/1.1\r\n" + auth + "\r\n", 400, "invalid_payload", "limit"},
		{"unknown order", "GET /v1/segments?order=name HTTP/1.1\r\n" + auth + "\r\n", 400, "invalid_payload", "order"},
		{"unknown filter field", "GET /v1/segments?filters[customers][conditions][$is]=x HTTP/1.1\r\n" + auth + "\r\n",
			400, "invalid_payload", "filters"},
		{"unknown operator", "GET /v1/segments?filters[name][conditions][$regex]=x HTTP/1.1\r\n" + auth + "\r\n",
			400, "invalid_payload", "filters"},
		{"date not a date", "GET /v1/segments?filters[created_at][conditions][$before]=yesterday HTTP/1.1\r\n" + auth + "\r\n",
			400, "invalid_payload", "filters"},
	}
	ts := newTestServer(t, Config{MaxBodyBytes: 1024, HTTPLimits: HTTPLimits{MaxHeaderBytes: 1024}})
	addr := liveServer(t, ts)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, addr)
			if _, err := c.Write([]byte(tt.raw)); err != nil {
				t.Fatal(err)
			}
			if tt.key == byNetHTTP {
				// Its body lasts until the connection closes, which may come as a reset
				// (net/http answers before reading the whole request): only the head is read.
				_ = c.SetReadDeadline(time.Now().Add(hangGuard))
				res, err := http.ReadResponse(bufio.NewReader(c), nil)
				if err != nil || res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") || !res.Close {
					t.Fatalf("net/http's answer: %v, %+v; want %d in plain text and a close", err, res, tt.status)
				}
				return
			}
			res, body := readAnswer(t, c, bufio.NewReader(c))
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if ts.Len() != 0 {
				t.Errorf("%d segments stored", ts.Len())
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q: %s", ct, body)
			}
			if !utf8.Valid(body) || !json.Valid(body) {
				t.Errorf("the body is not valid JSON text: %q", body)
			}
			for _, h := range []string{"X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Retry", "X-Rate-Limit-Type"} {
				if res.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
			req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(tt.raw)))
			if err != nil {
				t.Fatal(err)
			}
			req.URL.Scheme, req.URL.Host = "http", "sandbox"
			ts.checker.check(t, req, res.StatusCode, res.Header, body)
			e := decodeError(t, body)
			if e.Key != tt.key {
				t.Errorf("key %q, want %q: %s", e.Key, tt.key, body)
			}
			text := e.Details
			if tt.key == "" {
				text = e.Message
			}
			if !strings.Contains(text, tt.details) {
				t.Errorf("%q does not say %q", text, tt.details)
			}
		})
	}
}
