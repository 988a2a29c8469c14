package transport

import (
	"errors"
	"net/http"
	"testing"
)

// Redirects are followed within the origin only, ten at most, and then the
// caller's own policy has its say.
func TestSameOriginRedirects(t *testing.T) {
	origin := OriginOf(mustURL(t, "https://api.voucherify.io"))
	errCallers := errors.New("the caller's policy refuses")
	callers := func(*http.Request, []*http.Request) error { return errCallers }
	for _, tc := range []struct {
		name string
		to   string
		hops int // redirects already followed
		next func(*http.Request, []*http.Request) error
		want error
	}{
		{"same origin", "https://api.voucherify.io/v1/segments", 1, nil, nil},
		{"the tenth", "https://api.voucherify.io/v1/segments", 9, nil, nil},
		{"the eleventh", "https://api.voucherify.io/v1/segments", 10, nil, ErrTooManyRedirects},
		{"another host", "https://evil.example/v1/segments", 1, nil, ErrCrossOrigin},
		{"plain http", "http://api.voucherify.io/v1/segments", 1, nil, ErrCrossOrigin},
		{"the caller's policy", "https://api.voucherify.io/v1/segments", 1, callers, errCallers},
		{"another host, whatever the caller's policy", "https://evil.example/", 1, func(*http.Request, []*http.Request) error { return nil }, ErrCrossOrigin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, tc.to, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = SameOriginRedirects(origin, tc.next)(req, make([]*http.Request, tc.hops))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
