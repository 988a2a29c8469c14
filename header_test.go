package segments_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

// A custom header goes on every request: with the keys, and with OAuth on the
// token request and the API requests. A later WithHeader of the same name
// replaces the value; an empty value is sent.
func TestWithHeaderIsSentOnEveryRequest(t *testing.T) {
	headers := []segments.Option{
		segments.WithHeader("x-voucherify-api-version", "v2017-04-05"),
		segments.WithHeader("X-Voucherify-API-Version", "v2018-08-01"),
		segments.WithHeader("X-Trace", ""),
	}
	check := func(t *testing.T, method, path string, h http.Header) {
		t.Helper()
		if got := h.Values("X-Voucherify-Api-Version"); len(got) != 1 || got[0] != "v2018-08-01" {
			t.Errorf("%s %s: X-Voucherify-API-Version = %q, want the last value only", method, path, got)
		}
		if _, ok := h["X-Trace"]; !ok {
			t.Errorf("%s %s: the empty X-Trace header is missing", method, path)
		}
	}
	t.Run("keys", func(t *testing.T) {
		srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "get-segment.response-200.json")))
		c := newTestClient(t, srv.URL, headers...)
		if _, err := c.Get(t.Context(), "seg_1"); err != nil {
			t.Fatal(err)
		}
		reqs := srv.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		check(t, reqs[0].Method, reqs[0].Path, reqs[0].Header)
	})
	t.Run("OAuth", func(t *testing.T) {
		srv := newOAuthServer(t)
		c := newOAuthClient(t, srv, []string{"segments"}, headers...)
		if _, err := c.Get(t.Context(), "seg_1"); err != nil {
			t.Fatal(err)
		}
		reqs := srv.seen()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want the token request and the GET", len(reqs))
		}
		for _, r := range reqs {
			check(t, r.Method, r.Path, r.Header)
		}
	})
}

// Names the client sets itself, in any letter case, names net/http manages,
// names that are not HTTP tokens and values that could start a header of
// their own are refused by NewClient, which names the header and never quotes
// the value.
func TestWithHeaderRefusesOwnedNamesAndInjection(t *testing.T) {
	const secretValue = "gw_SECRET_value"
	for _, tc := range []struct{ name, value, says string }{
		{"X-App-Id", "x", "X-App-Id is set by the client"},
		{"x-app-token", "x", "X-App-Token is set by the client"},
		{"AUTHORIZATION", "Bearer x", "Authorization is set by the client"},
		{"content-type", "text/plain", "Content-Type is set by the client"},
		{"Host", "evil.example", "Host is set by the client"},
		{"user-agent", "x", "User-Agent is set by the client"},
		{"Accept", "text/html", "Accept is set by the client"},
		{"X-Voucherify-Channel", "x", "X-Voucherify-Channel is set by the client"},
		{"Content-Length", "0", "Content-Length is set by the client"},
		{"Transfer-Encoding", "chunked", "Transfer-Encoding is set by the client"},
		{"X-Api-Key", secretValue + "\r\nX-App-Token: stolen", "the value of X-Api-Key holds a control character"},
		{"X-Api-Key", secretValue + "\n", "the value of X-Api-Key holds a control character"},
		{"X-Api-Key", secretValue + "\x00", "the value of X-Api-Key holds a control character"},
		{"X-Api-Key\r\nX-Evil", "x", `"X-Api-Key\r\nX-Evil" is not a valid header name`},
		{"Bad Name", "x", `"Bad Name" is not a valid header name`},
		{"", "x", `"" is not a valid header name`},
		{"X-Foo:", "x", `"X-Foo:" is not a valid header name`},
	} {
		_, err := segments.NewClient(segments.WithCredentials(testAppID, testSecret), segments.WithHeader(tc.name, tc.value))
		if !errors.Is(err, segments.ErrInvalidOption) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("WithHeader(%q, %q): err = %v, want ErrInvalidOption saying %s", tc.name, tc.value, err, tc.says)
		}
		if err != nil && strings.Contains(err.Error(), secretValue) {
			t.Errorf("WithHeader(%q, ...): the error quotes the value: %v", tc.name, err)
		}
	}
}
