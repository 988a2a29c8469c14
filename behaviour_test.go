package segments_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

func TestSlowServerTimesOut(t *testing.T) {
	block := func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	srv := contracttest.NewServer(t, http.HandlerFunc(block), contracttest.AllowInvalidResponses())
	for name, opts := range map[string][]segments.Option{
		"WithTimeout":                 {segments.WithTimeout(50 * time.Millisecond)},
		"HTTP client without timeout": {segments.WithHTTPClient(&http.Client{}), segments.WithTimeout(50 * time.Millisecond)},
		"HTTP client's own timeout":   {segments.WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond})},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := newTestClient(t, srv.URL, opts...).Get(context.Background(), "seg_1")
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("err = %v, want a timeout", err)
			}
		})
	}
}

func TestContextCancellationStopsTheCall(t *testing.T) {
	started := make(chan struct{})
	srv := contracttest.NewServer(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	}), contracttest.AllowInvalidResponses())
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := newTestClient(t, srv.URL, segments.WithMaxRetries(2)).Get(ctx, "seg_1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1: a cancelled call is not retried", n)
	}
}

func TestResponseBodyIsBounded(t *testing.T) {
	big := append([]byte(`{"id":"seg_1","name":"`), bytes.Repeat([]byte("x"), 4096)...)
	big = append(big, `","created_at":"2022-06-09T13:21:26.656Z","type":"static","filter":null,"object":"segment"}`...)
	srv := contracttest.NewServer(t, answer(http.StatusOK, big))
	_, err := newTestClient(t, srv.URL, segments.WithMaxResponseBytes(1024)).Get(context.Background(), "seg_1")
	if !errors.Is(err, segments.ErrResponseTooLarge) {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
	if _, err := newTestClient(t, srv.URL, segments.WithMaxResponseBytes(int64(len(big)))).Get(context.Background(), "seg_1"); err != nil {
		t.Fatalf("a body exactly at the limit: %v", err)
	}

	html := bytes.Repeat([]byte("<p>bad gateway</p>"), 1000)
	srv = contracttest.NewServer(t, answer(http.StatusBadGateway, html, "Content-Type", "text/html"), contracttest.AllowInvalidResponses())
	_, err = newTestClient(t, srv.URL, segments.WithMaxResponseBytes(100)).Get(context.Background(), "seg_1")
	var apiErr *segments.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Body) != 100 || apiErr.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v, want a 502 *APIError with the first 100 bytes", err)
	}
}

func TestUnexpectedSuccessfulAnswers(t *testing.T) {
	valid := string(fixture(t, "get-segment.response-200.json"))
	cases := map[string]http.HandlerFunc{
		"HTML":           answer(http.StatusOK, []byte("<html>ok</html>"), "Content-Type", "text/html"),
		"JSON as HTML":   answer(http.StatusOK, []byte(valid), "Content-Type", "text/html; charset=utf-8"),
		"empty body":     answer(http.StatusOK, nil),
		"truncated JSON": answer(http.StatusOK, []byte(valid[:len(valid)/2])),
		"no id":          answer(http.StatusOK, []byte(`{"name":"x","type":"static"}`)),
		"id is a number": answer(http.StatusOK, []byte(`{"id":5}`)),
		"bad created_at": answer(http.StatusOK, []byte(`{"id":"seg_1","created_at":"yesterday"}`)),
		"array":          answer(http.StatusOK, []byte(`[]`)),
		"null":           answer(http.StatusOK, []byte(`null`)),
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
			seg, err := newTestClient(t, srv.URL).Get(context.Background(), "seg_1")
			if !errors.Is(err, segments.ErrUnexpectedResponse) || seg != nil {
				t.Fatalf("Get = %+v, %v; want ErrUnexpectedResponse", seg, err)
			}
		})
	}
}

func TestRedirectToAnotherOriginKeepsTheCredentials(t *testing.T) {
	var leaked atomic.Int32
	stranger := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-App-Token") != "" || r.Header.Get("X-App-Id") != "" {
			leaked.Add(1)
		}
		answer(http.StatusOK, fixture(t, "get-segment.response-200.json"))(w, r)
	}))
	t.Cleanup(stranger.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, stranger.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(api.Close)

	_, err := newTestClient(t, api.URL, segments.WithMaxRetries(2)).Get(context.Background(), "seg_1")
	if !errors.Is(err, segments.ErrCrossOriginRedirect) {
		t.Fatalf("err = %v, want ErrCrossOriginRedirect", err)
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Errorf("error shows the secret: %v", err)
	}
	if leaked.Load() != 0 {
		t.Errorf("the other origin received the credentials %d times", leaked.Load())
	}
}

func TestRedirectWithinTheOriginIsFollowed(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/old/v1/segments/{id}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/segments/"+r.PathValue("id"), http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/v1/segments/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-App-Token") != testSecret {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		answer(http.StatusOK, fixture(t, "get-segment.response-200.json"))(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	if _, err := newTestClient(t, srv.URL+"/old").Get(context.Background(), "seg_1"); err != nil {
		t.Fatal(err)
	}
}

func TestRetriesFollowTheMethod(t *testing.T) {
	flaky := func(failures int, status int) (http.HandlerFunc, *atomic.Int32) {
		var n atomic.Int32
		return func(w http.ResponseWriter, r *http.Request) {
			if int(n.Add(1)) <= failures {
				answer(status, []byte(`{"code":`+strconv.Itoa(status)+`,"message":"`+http.StatusText(status)+`"}`))(w, r)
				return
			}
			answer(http.StatusOK, fixture(t, "create-static-segment.response-200.json"))(w, r)
		}, &n
	}
	fast := segments.WithRetryBackoff(time.Millisecond, 2*time.Millisecond)
	static := segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}}

	h, n := flaky(2, http.StatusServiceUnavailable)
	srv := contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
	if _, err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2)).Get(context.Background(), "seg_1"); err != nil || n.Load() != 3 {
		t.Errorf("GET after two 503s: err = %v, %d requests, want success after 3", err, n.Load())
	}

	h, n = flaky(1, http.StatusServiceUnavailable)
	srv = contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
	_, err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2), segments.WithoutCreateRecovery()).Create(context.Background(), static)
	if apiErr := (*segments.APIError)(nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable || n.Load() != 1 {
		t.Errorf("POST after a 503: err = %v, %d requests, want 1 (never retried)", err, n.Load())
	}

	h, n = flaky(1, http.StatusTooManyRequests)
	srv = contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
	if _, err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2)).Create(context.Background(), static); err != nil || n.Load() != 2 {
		t.Errorf("POST after a 429: err = %v, %d requests, want success after 2", err, n.Load())
	}

	h, n = flaky(5, http.StatusBadGateway)
	srv = contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
	_, err = newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2)).Get(context.Background(), "seg_1")
	var apiErr *segments.APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts != 3 || n.Load() != 3 || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("GET after five 502s: err = %v, %d requests, want the third 502", err, n.Load())
	}
}

// TestDeleteThatAlreadyHappenedIsSuccess: the first DELETE deletes but its
// answer is lost (a 502 from a proxy); the retry finds the segment gone.
func TestDeleteThatAlreadyHappenedIsSuccess(t *testing.T) {
	var deleted atomic.Bool
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if deleted.CompareAndSwap(false, true) {
			answer(http.StatusBadGateway, []byte("<html>502</html>"), "Content-Type", "text/html")(w, r)
			return
		}
		answer(http.StatusNotFound, fixture(t, "delete-segment.error-404-not-found.json"))(w, r)
	}), contracttest.AllowInvalidResponses())
	fast := segments.WithRetryBackoff(time.Millisecond, time.Millisecond)
	if err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2)).Delete(context.Background(), "seg_1"); err != nil {
		t.Fatalf("Delete = %v, want success: the segment is gone", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}

	// A plain 404, with no uncertain attempt before it, is still an error.
	if err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2)).Delete(context.Background(), "seg_1"); !errors.Is(err, segments.ErrNotFound) {
		t.Errorf("Delete of a missing segment = %v, want ErrNotFound", err)
	}
	// And a 404 after a 429 (the server refused, it did not act) is an error too.
	var limited atomic.Bool
	srv = contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if limited.CompareAndSwap(false, true) {
			answer(http.StatusTooManyRequests, fixture(t, "error-429-too-many-requests.from-docs.json"), "Retry-After", "0")(w, r)
			return
		}
		answer(http.StatusNotFound, fixture(t, "delete-segment.error-404-not-found.json"))(w, r)
	}))
	if err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2)).Delete(context.Background(), "seg_1"); !errors.Is(err, segments.ErrNotFound) {
		t.Errorf("Delete after a 429 = %v, want ErrNotFound", err)
	}
}

// roundTripFunc is an http.RoundTripper from a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A caller's RoundTripper may answer without setting Response.Request; the
// debug log of the attempt must not depend on it.
func TestDebugLogWithAResponseThatHasNoRequest(t *testing.T) {
	body := fixture(t, "get-segment.response-200.json")
	rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body))}, nil
	})
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newTestClient(t, "https://api.voucherify.io", segments.WithHTTPClient(&http.Client{Transport: rt}), segments.WithLogger(logger))
	if _, err := c.Get(context.Background(), "seg_1"); err != nil {
		t.Fatal(err)
	}
}
