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
)

// TestCreateAnswered2xxIsNeverAPlainFailure: once the server has said 2xx, the
// segment exists, whatever happens to the body after the status line. The
// error says so (Created), with the ID when what arrived of the body names it,
// so that a caller does not create the segment twice.
func TestCreateAnswered2xxIsNeverAPlainFailure(t *testing.T) {
	const full = `{"id":"seg_made","name":"VIP","created_at":"2026-01-01T00:00:00.000Z","updated_at":null,"type":"static","filter":null,"object":"segment"}`
	// send writes the status line and the first n bytes of the body, then
	// ends as then says.
	send := func(n int, then func(http.ResponseWriter, *http.Request)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "4096")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(full[:n]))
			w.(http.Flusher).Flush()
			then(w, r)
		}
	}
	cut := func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }
	stall := func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	timeout := func(err error) bool { var ne net.Error; return errors.As(err, &ne) && ne.Timeout() }
	cases := []struct {
		name    string
		handler http.HandlerFunc
		opts    []segments.Option
		wantID  string
		cause   func(error) bool
	}{
		{name: "cut after the id", handler: send(30, cut), wantID: "seg_made", cause: func(err error) bool { return err != nil }},
		{name: "cut before the id", handler: send(4, cut), wantID: "", cause: func(err error) bool { return err != nil }},
		{name: "stalled past the timeout", handler: send(40, stall), opts: []segments.Option{segments.WithTimeout(100 * time.Millisecond)}, wantID: "seg_made", cause: timeout},
		{name: "larger than the read limit", handler: answer(http.StatusOK, []byte(full)), opts: []segments.Option{segments.WithMaxResponseBytes(40)}, wantID: "seg_made",
			cause: func(err error) bool { return errors.Is(err, segments.ErrResponseTooLarge) }},
		{name: "not the documented segment", handler: answer(http.StatusOK, []byte(`{"id":"seg_made","name":"VIP","type":"bogus"}`)), wantID: "seg_made", cause: func(error) bool { return true }},
		{name: "two ids", handler: answer(http.StatusOK, []byte(`{"id":"seg_real","id":"seg_FAKE","name":"VIP"}`)), wantID: "", cause: func(error) bool { return true }},
		{name: "a 2xx the contract does not name", handler: answer(299, []byte(full)), wantID: "seg_made", cause: func(error) bool { return true }},
	}
	p := segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// A plain server: the contract's checker would buffer the answer
			// and so never cut or stall it.
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				tc.handler(w, r)
			}))
			t.Cleanup(srv.Close)
			seg, err := newTestClient(t, srv.URL, append([]segments.Option{segments.WithMaxRetries(2)}, tc.opts...)...).Create(context.Background(), p)
			var ue *segments.UnexpectedResponseError
			if seg != nil || !errors.As(err, &ue) || !ue.Created || ue.SegmentID != tc.wantID || !errors.Is(err, segments.ErrUnexpectedResponse) {
				t.Fatalf("Create = %+v, %v; want an *UnexpectedResponseError with Created and SegmentID %q", seg, err, tc.wantID)
			}
			if !tc.cause(err) {
				t.Errorf("err = %v does not hold the cause", err)
			}
			if !contains(err.Error(), "do not retry the create") || !strings.HasPrefix(err.Error(), "segments: create-segment: unexpected response: status ") {
				t.Errorf("message %q does not say what happened, once, and warn against creating it again", err)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("%d requests, want the one create: nothing retried, nothing looked up", n)
			}
		})
	}
}
