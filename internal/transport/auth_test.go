package transport

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// The keys and the SDK's headers go on every request for the origin, through
// http.DefaultTransport when no base is given; a request for another origin is
// refused with its body closed, and nothing is sent.
func TestAuthPutsTheKeysOnRequestsForItsOriginOnly(t *testing.T) {
	var got atomic.Pointer[http.Header]
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got.Store(&r.Header) }))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	auth := NewAuth(nil, OriginOf(u), Credentials{AppID: "app", SecretKey: testSecret}, Headers{UserAgent: "ua", Channel: "ch"})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/v1/segments", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.Edit(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	resp, err := auth.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	h := got.Load()
	if h == nil || h.Get("X-App-Id") != "app" || h.Get("X-App-Token") != testSecret || h.Get("User-Agent") != "ua" || h.Get("X-Voucherify-Channel") != "ch" {
		t.Errorf("headers sent %v, want the keys and the SDK's headers", h)
	}

	got.Store(nil)
	for _, to := range []string{"https://evil.example/v1/segments", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/v1/segments"} {
		body := &closeRecorder{Reader: strings.NewReader("{}")}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, to, body)
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.Edit(t.Context(), req); !errors.Is(err, ErrCrossOrigin) {
			t.Errorf("Edit for %s: %v, want ErrCrossOrigin", to, err)
		}
		if _, err := auth.RoundTrip(req); !errors.Is(err, ErrCrossOrigin) || !body.closed {
			t.Errorf("RoundTrip to %s: %v, body closed %v; want ErrCrossOrigin and the body closed", to, err, body.closed)
		}
	}
	if got.Load() != nil {
		t.Error("a request for another origin reached the server")
	}
}

// closeRecorder is a request body that records being closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error {
	c.closed = true
	return nil
}
