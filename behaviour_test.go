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
		"empty name":     answer(http.StatusOK, []byte(`{"id":"seg_1","name":"","created_at":"2026-01-01T00:00:00.000Z","updated_at":null,"type":"static","filter":null,"object":"segment"}`)),
		"zero timestamp": answer(http.StatusOK, []byte(`{"id":"seg_1","name":"n","created_at":"0001-01-01T00:00:00Z","updated_at":null,"type":"static","filter":null,"object":"segment"}`)),
	}
	// What some of them are told.
	says := map[string]string{
		"empty name":     "the segment seg_1 has no name",
		"zero timestamp": "the segment seg_1 has no created_at",
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
			seg, err := newTestClient(t, srv.URL).Get(context.Background(), "seg_1")
			if !errors.Is(err, segments.ErrUnexpectedResponse) || seg != nil {
				t.Fatalf("Get = %+v, %v; want ErrUnexpectedResponse", seg, err)
			}
			if want, ok := says[name]; ok && !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to say %q", err, want)
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
	var logs strings.Builder
	debug := segments.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if _, err := newTestClient(t, srv.URL, fast, segments.WithMaxRetries(2), debug).Get(context.Background(), "seg_1"); err != nil || n.Load() != 3 {
		t.Errorf("GET after two 503s: err = %v, %d requests, want success after 3", err, n.Load())
	}
	// The debug log has a line per attempt, numbered, with the path and status.
	for i, status := range []int{503, 503, 200} {
		if want := "path=/v1/segments/seg_1 attempt=" + strconv.Itoa(i+1) + " status=" + strconv.Itoa(status); !strings.Contains(logs.String(), want) {
			t.Errorf("the debug log lacks %q:\n%s", want, logs.String())
		}
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

	// WithMaxRetryWait(0): the wait a server asks for is not waited, the retry
	// goes at once.
	var asked atomic.Int32
	srv = contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if asked.Add(1) == 1 {
			answer(http.StatusTooManyRequests, fixture(t, "error-429-too-many-requests.from-docs.json"), "Retry-After", "3600")(w, r)
			return
		}
		answer(http.StatusOK, fixture(t, "get-segment.response-200.json"))(w, r)
	}), contracttest.AllowInvalidResponses())
	if _, err := newTestClient(t, srv.URL, segments.WithMaxRetries(1), segments.WithMaxRetryWait(0)).Get(context.Background(), "seg_1"); err != nil || asked.Load() != 2 {
		t.Errorf("GET after a 429 asking an hour, WithMaxRetryWait(0): err = %v, %d requests, want success after 2", err, asked.Load())
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

// A call that got no answer says which operation failed and why, once. When
// the caller's context ended, even as the answer arrived whole, the call fails
// with the context's error.
func TestFailedCallSaysWhatFailed(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err := newTestClient(t, closed.URL).Get(context.Background(), "seg_1")
	if want := "segments: get-segment: after 1 attempt: "; err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "%!") {
		t.Errorf("err = %v, want it to start %q", err, want)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	body := fixture(t, "get-segment.response-200.json")
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: &cancelAtEOF{Reader: bytes.NewReader(body), cancel: cancel}, Request: r}, nil
	})
	_, err = newTestClient(t, "https://api.voucherify.io", segments.WithHTTPClient(&http.Client{Transport: rt})).Get(ctx, "seg_1")
	if want := "segments: get-segment: context canceled"; !errors.Is(err, context.Canceled) || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// cancelAtEOF is a body that ends a context when it has been read whole.
type cancelAtEOF struct {
	io.Reader
	cancel context.CancelFunc
}

func (c *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	if errors.Is(err, io.EOF) {
		c.cancel()
	}
	return n, err
}

func (c *cancelAtEOF) Close() error { return nil }
