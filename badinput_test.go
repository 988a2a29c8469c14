package segments_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

// TestBadInput is the catalogue of what a caller can get wrong and what a
// server can send wrong. Each case asserts the typed error and how many
// requests reached the server: none when the client should refuse first.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	okSegment := fixture(t, "get-segment.response-200.json")
	staticOK := segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}}
	filter := segments.Filter{"junction": "and", "created_at": map[string]any{"conditions": map[string]any{"$after": []string{"2021-12-01T00:00:00.000Z"}}}}
	create := func(p segments.CreateParams) func(*segments.Client) error {
		return func(c *segments.Client) error { _, err := c.Create(ctx, p); return err }
	}
	get := func(id string) func(*segments.Client) error {
		return func(c *segments.Client) error { _, err := c.Get(ctx, id); return err }
	}
	del := func(id string) func(*segments.Client) error {
		return func(c *segments.Client) error { return c.Delete(ctx, id) }
	}
	is := func(target error) func(error) bool { return func(err error) bool { return errors.Is(err, target) } }
	status := func(code int) func(error) bool {
		return func(err error) bool {
			var e *segments.APIError
			return errors.As(err, &e) && e.StatusCode == code
		}
	}
	timeout := func(err error) bool { var ne net.Error; return errors.As(err, &ne) && ne.Timeout() }
	notFound := answer(http.StatusNotFound, fixture(t, "get-segment.error-404-not-found.json"))
	hang := func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	var loop http.HandlerFunc = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	}
	cutShort := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "5000")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(okSegment[:40])
	}
	// Abort the answer: net/http closes the connection without a word.
	hangUp := func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }
	list := func(p segments.ListParams) func(*segments.Client) error {
		return func(c *segments.Client) error { _, err := c.List(ctx, p); return err }
	}
	createdAs := func(id string) func(error) bool {
		return func(err error) bool {
			var ue *segments.UnexpectedResponseError
			return errors.As(err, &ue) && ue.Created && ue.SegmentID == id
		}
	}
	// slow503 sends a 503's headers and part of its body, then lets the
	// caller's cancel (set by cancelledGet) end the call while the client reads.
	var cancel context.CancelFunc
	slow503 := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"code":503,`))
		w.(http.Flusher).Flush()
		cancel()
		<-r.Context().Done()
	}
	cancelledGet := func(c *segments.Client) error {
		var cctx context.Context
		cctx, cancel = context.WithCancel(ctx)
		defer cancel()
		_, err := c.Get(cctx, "seg_1")
		return err
	}
	huge := []byte(`{"id":"seg_1","name":"` + strings.Repeat("x", 5<<20) + `"}`)

	cases := []struct {
		name     string
		call     func(*segments.Client) error
		handler  http.HandlerFunc // what the server answers; nil when nothing should reach it
		opts     []segments.Option
		want     func(error) bool
		requests int
	}{
		// What a caller can get wrong: refused before sending.
		{name: "empty name", call: create(segments.CreateParams{Type: segments.TypeStatic}), want: is(segments.ErrInvalidParams)},
		{name: "blank name", call: create(segments.CreateParams{Name: "\n ", Type: segments.TypeStatic}), want: is(segments.ErrInvalidParams)},
		{name: "unknown type", call: create(segments.CreateParams{Name: "n", Type: "dynamic"}), want: is(segments.ErrInvalidParams)},
		{name: "no type", call: create(segments.CreateParams{Name: "n"}), want: is(segments.ErrInvalidParams)},
		{name: "filter on static", call: create(segments.CreateParams{Name: "n", Type: segments.TypeStatic, Filter: filter}), want: is(segments.ErrInvalidParams)},
		{name: "customers on auto-update", call: create(segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: filter, Customers: []string{"c"}}), want: is(segments.ErrInvalidParams)},
		{name: "customers on passive", call: create(segments.CreateParams{Name: "n", Type: segments.TypePassive, Filter: filter, Customers: []string{"c"}}), want: is(segments.ErrInvalidParams)},
		{name: "auto-update without filter", call: create(segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate}), want: is(segments.ErrInvalidParams)},
		{name: "passive without filter", call: create(segments.CreateParams{Name: "n", Type: segments.TypePassive}), want: is(segments.ErrInvalidParams)},
		{name: "20,001 customers", call: create(segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: customerIDs(20001)}), want: is(segments.ErrTooManyCustomers)},
		{name: "malformed filter", call: create(segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: segments.Filter{"junction": "AND", "created_at": map[string]any{"conditions": map[string]any{"after": []string{"2021"}}}}}), want: is(segments.ErrInvalidParams)},
		{name: "empty customer ID", call: create(segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{""}}), want: is(segments.ErrInvalidParams)},
		{name: "get empty ID", call: get(""), want: is(segments.ErrInvalidParams)},
		{name: "get dot", call: get("."), want: is(segments.ErrInvalidParams)},
		{name: "get dot-dot", call: get(".."), want: is(segments.ErrInvalidParams)},
		{name: "delete dot-dot", call: del(".."), want: is(segments.ErrInvalidParams)},
		{name: "delete blank ID", call: del("  "), want: is(segments.ErrInvalidParams)},
		// Bytes that are not UTF-8 would reach the API as U+FFFD: "a\xff" and
		// "a\xfe" would be one customer.
		{name: "customer ID not UTF-8", call: create(segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"a\xff", "a\xfe"}}), want: is(segments.ErrInvalidParams)},
		{name: "filter value not UTF-8", call: create(segments.CreateParams{Name: "n", Type: segments.TypePassive, Filter: segments.Filter{"junction": "and", "metadata.x": map[string]any{"conditions": map[string]any{"$is": "a\xff"}}}}), want: is(segments.ErrInvalidParams)},
		{name: "IDs holding the text of the replacement escape are sent", call: create(segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{`a\ufffd`, `b\\ufffd`, "c\ufffd"}}), handler: answer(200, okSegment), want: func(err error) bool { return err == nil }, requests: 1},
		{name: "name not UTF-8", call: create(segments.CreateParams{Name: "VIP\xfe", Type: segments.TypeStatic}), want: is(segments.ErrInvalidParams)},
		{name: "get ID not UTF-8", call: get("seg_\xff"), want: is(segments.ErrInvalidParams)},
		{name: "delete ID not UTF-8", call: del("seg_\xc3"), want: is(segments.ErrInvalidParams)},
		{name: "list limit 101", call: list(segments.ListParams{Limit: 101}), want: is(segments.ErrInvalidParams)},

		// Hostile IDs: sent as one escaped path segment, so the server sees a
		// segment that does not exist rather than another path.
		{name: "get ../x", call: get("../x"), handler: notFound, want: is(segments.ErrNotFound), requests: 1},
		{name: "get a/b", call: get("a/b"), handler: notFound, want: is(segments.ErrNotFound), requests: 1},
		{name: "get ?q", call: get("?q"), handler: notFound, want: is(segments.ErrNotFound), requests: 1},
		{name: "get %2e%2e", call: get("%2e%2e"), handler: notFound, want: is(segments.ErrNotFound), requests: 1},
		{name: "delete ../../v1/segments", call: del("../../v1/segments"), handler: notFound, want: is(segments.ErrNotFound), requests: 1},

		// What a server can send wrong.
		{name: "malformed JSON", call: get("seg_1"), handler: answer(200, []byte(`{"id":`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "truncated JSON", call: get("seg_1"), handler: answer(200, okSegment[:len(okSegment)/2]), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "a segment without its required fields", call: get("seg_1"), handler: answer(200, []byte(`{"id":"x"}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "keys differing only in case", call: get("seg_1"), handler: answer(200, []byte(`{"id":"seg_1","ID":"seg_3","name":"n","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":null,"object":"segment"}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "an escaped key naming a field in another case", call: get("seg_1"), handler: answer(200, []byte(`{"id":"seg_1","\u0049D":"seg_3","name":"n","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":null,"object":"segment"}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "unknown keys and nested look-alikes are fine", call: get("seg_1"), handler: answer(200, []byte(`{"id":"seg_1","name":"n, \"ID\": {","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":{"ID":[1,{"Id":"x"}]},"object":"segment","initial_sync_status":"DONE"}`)), want: func(err error) bool { return err == nil }, requests: 1},
		{name: "created, answer not decodable", call: create(staticOK), handler: answer(200, []byte(`{"id":"seg_9","name":"n","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":{"n":1e999},"object":"segment"}`)), want: createdAs("seg_9"), requests: 1},
		{name: "cancelled while reading a slow 503", call: cancelledGet, handler: slow503, want: is(context.Canceled), requests: 1},
		{name: "list answer without data", call: list(segments.ListParams{}), handler: answer(200, []byte(`{"object":"list","data_ref":"data","segments":[],"total":0}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "id of the wrong type", call: get("seg_1"), handler: answer(200, []byte(`{"id":5,"name":"n"}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "created_at of the wrong type", call: get("seg_1"), handler: answer(200, []byte(`{"id":"seg_1","created_at":5}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "filter of the wrong type", call: get("seg_1"), handler: answer(200, []byte(`{"id":"seg_1","filter":"everyone"}`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "a JSON array", call: create(staticOK), handler: answer(200, []byte(`[{"id":"seg_1"}]`)), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "wrong content type", call: get("seg_1"), handler: answer(200, okSegment, "Content-Type", "text/html"), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "empty body", call: get("seg_1"), handler: answer(200, nil), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "204 to a get", call: get("seg_1"), handler: answer(204, nil, "Content-Type", ""), want: is(segments.ErrUnexpectedResponse), requests: 1},
		{name: "huge body", call: get("seg_1"), handler: answer(200, huge), want: is(segments.ErrResponseTooLarge), requests: 1},
		{name: "huge error body", call: get("seg_1"), handler: answer(400, huge), want: status(400), requests: 1},
		{name: "HTML error page", call: create(staticOK), handler: answer(502, []byte("<html>Bad Gateway</html>"), "Content-Type", "text/html"), opts: []segments.Option{segments.WithoutCreateRecovery()}, want: status(502), requests: 1},
		{name: "body shorter than Content-Length", call: get("seg_1"), handler: cutShort, want: func(err error) bool { return err != nil && !errors.Is(err, segments.ErrUnexpectedResponse) }, requests: 1},
		{name: "connection closed without an answer", call: create(staticOK), handler: hangUp, opts: []segments.Option{segments.WithoutCreateRecovery()}, want: func(err error) bool { return err != nil }, requests: 1},
		{name: "redirect loop", call: get("seg_1"), handler: loop, want: is(segments.ErrTooManyRedirects), requests: 10},
		{name: "slower than the timeout", call: get("seg_1"), handler: hang, opts: []segments.Option{segments.WithTimeout(30 * time.Millisecond)}, want: timeout, requests: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.handler
			if h == nil {
				h = func(_ http.ResponseWriter, r *http.Request) {
					t.Errorf("the server received %s %s; the client should have refused it", r.Method, r.URL)
				}
			}
			srv := contracttest.NewServer(t, h, contracttest.AllowInvalidResponses())
			err := tc.call(newTestClient(t, srv.URL, tc.opts...))
			if !tc.want(err) {
				t.Errorf("err = %v (%T)", err, err)
			}
			if n := len(srv.Requests()); n != tc.requests {
				t.Errorf("server received %d requests, want %d", n, tc.requests)
			}
			if err != nil && strings.Contains(err.Error(), testSecret) {
				t.Errorf("error shows the secret key: %v", err)
			}
		})
	}
}

func TestCrossOriginRedirectNeverReachesTheOtherHost(t *testing.T) {
	var reached atomic.Int32
	stranger := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	t.Cleanup(stranger.Close)
	for _, target := range []string{
		stranger.URL, // another port
		strings.Replace(stranger.URL, "127.0.0.1", "localhost", 1), // another host name
	} {
		srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
		}), contracttest.AllowInvalidResponses())
		c := newTestClient(t, srv.URL, segments.WithMaxRetries(2))
		if _, err := c.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}}); !errors.Is(err, segments.ErrCrossOriginRedirect) {
			t.Errorf("redirect to %s: err = %v, want ErrCrossOriginRedirect", target, err)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("redirect to %s: %d requests to the API, want 1 (a refused redirect is not retried)", target, n)
		}
	}
	if reached.Load() != 0 {
		t.Errorf("the other origin was reached %d times", reached.Load())
	}
}
