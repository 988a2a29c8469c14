package segments_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
)

// The token request is what Voucherify's spec asks for, and what x/oauth2
// would add by default (client_id and client_secret in the form, or Basic
// auth) is absent: the keys travel as X-App-Id and X-App-Token. The API
// requests then carry the bearer token and neither key.
func TestOAuthTokenRequestAndBearer(t *testing.T) {
	srv := newOAuthServer(t)
	c := newOAuthClient(t, srv, []string{"segments", "api"})
	if _, err := c.Get(t.Context(), "seg_1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.seen()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want the token request and the GET", len(reqs))
	}
	tr, get := reqs[0], reqs[1]
	if tr.Method != http.MethodPost || tr.Path != tokenPath {
		t.Errorf("first request %s %s, want POST %s", tr.Method, tr.Path, tokenPath)
	}
	if want := (url.Values{"grant_type": {"client_credentials"}, "scope": {"segments api"}}); !equalForms(tr.Form, want) {
		t.Errorf("token form = %v, want exactly %v (no client_id, no client_secret)", tr.Form, want)
	}
	if strings.Contains(string(tr.Body), testSecret) {
		t.Error("the secret key is in the token request's body")
	}
	for name, want := range map[string]string{
		"Content-Type":  "application/x-www-form-urlencoded",
		"X-App-Id":      testAppID,
		"X-App-Token":   testSecret,
		"Authorization": "", // no Basic auth
	} {
		if got := tr.Header.Get(name); got != want {
			t.Errorf("token request %s = %q, want %q", name, got, want)
		}
	}
	if !strings.HasPrefix(tr.Header.Get("User-Agent"), "voucherify-segments-go/") {
		t.Errorf("token request User-Agent = %q", tr.Header.Get("User-Agent"))
	}
	if got, want := get.Header.Get("Authorization"), "Bearer "+srv.tokens()[0]; got != want {
		t.Errorf("GET Authorization = %q, want %q", got, want)
	}
}

func equalForms(a, b url.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// Without WithOAuth, nothing changes: the keys on every request, no token
// request, no Authorization header.
func TestWithoutOAuthTheKeysGoOnEveryRequest(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			t.Error("a token request without WithOAuth")
		}
		got = r.Header.Clone()
		answer(http.StatusOK, fixture(t, "get-segment.response-200.json"))(w, r)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	if _, err := c.Get(t.Context(), "seg_1"); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-App-Id") != testAppID || got.Get("X-App-Token") != testSecret || got.Get("Authorization") != "" {
		t.Errorf("headers %v: want the keys and no Authorization", got)
	}
}

// Fifty calls at once, none with a token yet: one token request serves them
// all. The token endpoint holds its answer until every caller has started, so
// that they all wait for the same token.
func TestOAuthOneTokenForConcurrentCalls(t *testing.T) {
	const callers = 50
	srv := newOAuthServer(t)
	gate := make(chan struct{})
	srv.set(func(s *oauthServer) { s.gate = gate })
	c := newOAuthClient(t, srv, []string{"segments"})

	var started, done sync.WaitGroup
	started.Add(callers)
	errs := make(chan error, callers)
	for range callers {
		done.Go(func() {
			started.Done()
			_, err := c.Get(t.Context(), "seg_1")
			errs <- err
		})
	}
	started.Wait()
	close(gate)
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	tokens, api := srv.count()
	if tokens != 1 || api != callers {
		t.Errorf("%d token requests and %d API requests, want 1 and %d", tokens, api, callers)
	}
}

// A token is reused while it has more than the early-expiry margin (one
// minute) left, and replaced before it expires: a token answered with 30
// seconds to live counts as expired at once, so each call gets a new one.
// x/oauth2 reads the clock itself; short lifetimes stand in for a fake clock.
func TestOAuthTokenRenewedBeforeExpiry(t *testing.T) {
	for _, tc := range []struct {
		expiresIn, calls, tokens int
	}{
		{expiresIn: 900, calls: 3, tokens: 1},
		{expiresIn: 61 * 60, calls: 3, tokens: 1},
		{expiresIn: 30, calls: 3, tokens: 3},
		{expiresIn: 60, calls: 2, tokens: 2},
	} {
		srv := newOAuthServer(t)
		srv.set(func(s *oauthServer) { s.expiresIn = tc.expiresIn })
		c := newOAuthClient(t, srv, []string{"segments"})
		for range tc.calls {
			if _, err := c.Get(t.Context(), "seg_1"); err != nil {
				t.Fatal(err)
			}
		}
		issued := srv.tokens()
		if len(issued) != tc.tokens {
			t.Errorf("expires_in %d: %d tokens for %d calls, want %d", tc.expiresIn, len(issued), tc.calls, tc.tokens)
			continue
		}
		// Every call used the newest token there was.
		var used []string
		for _, r := range srv.seen() {
			if r.Path != tokenPath {
				used = append(used, bearer(r))
			}
		}
		if last := used[len(used)-1]; last != issued[len(issued)-1] {
			t.Errorf("expires_in %d: the last call used %q, want the newest token %q", tc.expiresIn, last, issued[len(issued)-1])
		}
	}
}

// A revoked token is answered 401: the client gets a new token once and sends
// the request once more, a create included (a 401 means nothing was made): its
// body arrives whole and the segment is made once. No retries are configured:
// this is not the retry policy at work.
func TestOAuthRevokedTokenIsRenewedOnce(t *testing.T) {
	want := fixture(t, "create-static-segment.request.json")
	for name, call := range map[string]func(*segments.Client) error{
		"get": func(c *segments.Client) error { _, err := c.Get(t.Context(), "seg_1"); return err },
		"create": func(c *segments.Client) error {
			_, err := c.Create(t.Context(), paramsFrom(t, want))
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newOAuthServer(t)
			c := newOAuthClient(t, srv, []string{"segments"})
			if err := call(c); err != nil {
				t.Fatal(err)
			}
			srv.revokeAll()
			if err := call(c); err != nil {
				t.Fatalf("after revocation: %v", err)
			}
			reqs := srv.seen()
			if tokens, api := srv.count(); tokens != 2 || api != 3 {
				t.Fatalf("%d token requests, %d API requests; want 2 and 3 (the call, the refused one, its resend)", tokens, api)
			}
			refused, resent := reqs[2], reqs[4]
			if reqs[3].Path != tokenPath || bearer(refused) != srv.tokens()[0] || bearer(resent) != srv.tokens()[1] {
				t.Errorf("want the refused request with the first token, a token request, the resend with the second")
			}
			if name == "create" {
				for _, r := range []seen{refused, resent} {
					if !jsonEqual(t, r.Body, want) {
						t.Errorf("create body %s, want %s", r.Body, want)
					}
				}
				srv.set(func(s *oauthServer) {
					if s.created != 2 { // one before the revocation, one after
						t.Errorf("%d segments made, want 2", s.created)
					}
				})
			}
		})
	}
}

// When the new token is refused too (as for a scope that does not cover the
// operation), the 401 is the answer, without a loop; and later calls do not
// fetch a token each, which would spend the project's 1,000.
func TestOAuthSecond401IsReturned(t *testing.T) {
	srv := newOAuthServer(t)
	srv.set(func(s *oauthServer) { s.refuseAll = true })
	c := newOAuthClient(t, srv, []string{"segments"})
	_, err := c.Get(t.Context(), "seg_1")
	var apiErr *segments.APIError
	if !errors.Is(err, segments.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Operation != "get-segment" {
		t.Fatalf("err = %v, want get-segment's 401 (ErrUnauthorized)", err)
	}
	if tokens, api := srv.count(); tokens != 2 || api != 2 {
		t.Errorf("%d token requests, %d API requests; want 2 and 2", tokens, api)
	}
	if _, err := c.Get(t.Context(), "seg_1"); !errors.Is(err, segments.ErrUnauthorized) {
		t.Fatalf("second call: %v, want ErrUnauthorized", err)
	}
	if tokens, api := srv.count(); tokens != 2 || api != 3 {
		t.Errorf("after a second call: %d token requests, %d API requests; want 2 and 3", tokens, api)
	}
}

// A scope that cannot be sent is an ErrInvalidOption naming it, from
// NewClient: nothing is sent.
func TestOAuthBadScopeIsRefusedBeforeSending(t *testing.T) {
	srv := newOAuthServer(t)
	for _, tc := range []struct {
		scopes []string
		named  string // in the error
	}{
		{nil, "at least one scope"},
		{[]string{""}, `""`},
		{[]string{"vouchers,campaigns"}, `"vouchers,campaigns": holds a comma`},
		{[]string{"segments api"}, `"segments api": holds a space`},
		{[]string{"segments", "cust\u00f3mers"}, "\"cust\u00f3mers\": holds '\u00f3'"},
		{[]string{"segments\n"}, `"segments\n"`},
		{[]string{`seg"ments`}, `"seg\"ments"`},
	} {
		_, err := segments.NewClient(segments.WithCredentials(testAppID, testSecret), segments.WithBaseURL(srv.URL), segments.WithOAuth(tc.scopes...))
		if !errors.Is(err, segments.ErrInvalidOption) || !strings.Contains(err.Error(), tc.named) {
			t.Errorf("WithOAuth(%q): err = %v, want ErrInvalidOption naming %s", tc.scopes, err, tc.named)
		}
	}
	if n := len(srv.seen()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// The token endpoint's 400s are *APIErrors of the operation
// generate-oauth-token, with the official key and the server's message; the
// call they were for is not sent, and not retried.
func TestOAuthServerRefusalIsAnAPIError(t *testing.T) {
	for _, tc := range []struct {
		name, scope, key, message string
		queue                     []tokenAnswer
	}{
		{name: "unknown scope", scope: "coupons", key: "invalid_scope", message: "Invalid scope: coupons"},
		{name: "grant type", scope: "segments", key: "invalid_grant_type", message: "Invalid grant_type",
			queue: []tokenAnswer{{http.StatusBadRequest, jsonOf(officialOAuthExample(t, "400", "Invalid grant type"))}}},
		{name: "wrong keys", scope: "segments", key: "unauthorized", message: "Unauthorized",
			queue: []tokenAnswer{{http.StatusUnauthorized, fixture(t, "error-401-unauthorized.from-get-export.json")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newOAuthServer(t)
			srv.set(func(s *oauthServer) { s.queued = tc.queue })
			c := newOAuthClient(t, srv, []string{tc.scope}, segments.WithMaxRetries(2))
			_, err := c.Get(t.Context(), "seg_1")
			var apiErr *segments.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if apiErr.Operation != "generate-oauth-token" || apiErr.Key != tc.key || apiErr.Message != tc.message {
				t.Errorf("APIError %q %q %q, want generate-oauth-token %q %q", apiErr.Operation, apiErr.Key, apiErr.Message, tc.key, tc.message)
			}
			if !strings.Contains(err.Error(), tc.key) || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q does not say %q and %q", err, tc.key, tc.message)
			}
			if got := errors.Is(err, segments.ErrUnauthorized); got != (apiErr.StatusCode == 401) {
				t.Errorf("errors.Is(err, ErrUnauthorized) = %v for status %d", got, apiErr.StatusCode)
			}
			if tokens, api := srv.count(); tokens != 1 || api != 0 {
				t.Errorf("%d token requests, %d API requests; want 1 and 0", tokens, api)
			}
		})
	}
}

// A token request that failed in passing (here a 503) is retried like any
// request that was not sent, whatever the method: a create is then made once,
// and no lookup runs, since nothing was uncertain.
func TestOAuthTokenFailureIsRetriedAsUnsent(t *testing.T) {
	srv := newOAuthServer(t)
	srv.set(func(s *oauthServer) {
		s.queued = []tokenAnswer{{http.StatusServiceUnavailable, []byte(`{"code":503,"key":"service_unavailable","message":"Service Unavailable"}`)}}
	})
	c := newOAuthClient(t, srv, []string{"segments"}, segments.WithMaxRetries(1), segments.WithRetryBackoff(1, 1))
	if _, err := c.Create(t.Context(), paramsFrom(t, fixture(t, "create-static-segment.request.json"))); err != nil {
		t.Fatal(err)
	}
	if tokens, api := srv.count(); tokens != 2 || api != 1 {
		t.Errorf("%d token requests, %d API requests; want 2 and 1 (no lookup)", tokens, api)
	}
}

// The token goes nowhere but the configured origin: a redirect of the token
// request or of an API request to another host fails, and that host hears
// nothing. A base URL with a path keeps it for the token request.
func TestOAuthTokenStaysOnTheOrigin(t *testing.T) {
	var elsewhere []string
	var mu sync.Mutex
	other := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.Method+" "+r.URL.Path)
		mu.Unlock()
	}))
	defer other.Close()

	t.Run("token request redirected", func(t *testing.T) {
		srv := httptest.NewServer(http.RedirectHandler(other.URL+tokenPath, http.StatusTemporaryRedirect))
		defer srv.Close()
		c := newTestClient(t, srv.URL, segments.WithOAuth("segments"))
		if _, err := c.Get(t.Context(), "seg_1"); !errors.Is(err, segments.ErrCrossOriginRedirect) {
			t.Errorf("err = %v, want ErrCrossOriginRedirect", err)
		}
	})
	t.Run("API request redirected", func(t *testing.T) {
		srv := newOAuthServer(t)
		redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == tokenPath {
				srv.Config.Handler.ServeHTTP(w, r)
				return
			}
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
		}))
		defer redirect.Close()
		c := newTestClient(t, redirect.URL, segments.WithOAuth("segments"))
		if _, err := c.Get(t.Context(), "seg_1"); !errors.Is(err, segments.ErrCrossOriginRedirect) {
			t.Errorf("err = %v, want ErrCrossOriginRedirect", err)
		}
	})
	mu.Lock()
	if len(elsewhere) != 0 {
		t.Errorf("the other host received %v", elsewhere)
	}
	mu.Unlock()

	t.Run("base URL with a path", func(t *testing.T) {
		srv := newOAuthServer(t)
		prefixed := httptest.NewServer(http.StripPrefix("/voucherify", srv.Config.Handler))
		defer prefixed.Close()
		c := newTestClient(t, prefixed.URL+"/voucherify", segments.WithOAuth("segments"))
		if _, err := c.Get(t.Context(), "seg_1"); err != nil {
			t.Fatal(err)
		}
		if tokens, _ := srv.count(); tokens != 1 {
			t.Errorf("%d token requests under /voucherify%s, want 1", tokens, tokenPath)
		}
	})
}

// A caller whose context ends while the token is being fetched stops waiting
// at once; the fetch goes on for the others.
func TestOAuthCallerStopsWaitingForTheToken(t *testing.T) {
	srv := newOAuthServer(t)
	gate, arrived := make(chan struct{}), make(chan struct{}, 1)
	srv.set(func(s *oauthServer) { s.gate, s.arrived = gate, arrived })
	c := newOAuthClient(t, srv, []string{"segments"})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := c.Get(ctx, "seg_1")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	srv.set(func(s *oauthServer) { s.arrived = nil })
	close(gate)
	if _, err := c.Get(t.Context(), "seg_1"); err != nil {
		t.Fatal(err)
	}
	if tokens, api := srv.count(); tokens != 1 || api != 1 {
		t.Errorf("%d token requests, %d API requests; want 1 and 1: the first fetch served the second call", tokens, api)
	}
}

// A token request that hangs is given up after one attempt's timeout, so that
// the next call gets a token: a hung token endpoint does not stop every call
// that follows.
func TestOAuthHungTokenRequestIsGivenUp(t *testing.T) {
	srv := newOAuthServer(t)
	gate, arrived := make(chan struct{}), make(chan struct{}, 1)
	srv.set(func(s *oauthServer) { s.gate, s.arrived = gate, arrived })
	t.Cleanup(func() { close(gate) }) // before the server closes: cleanups run last first
	c := newOAuthClient(t, srv, []string{"segments"}, segments.WithTimeout(250*time.Millisecond))
	if _, err := c.Get(t.Context(), "seg_1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the attempt's timeout", err)
	}
	<-arrived
	srv.set(func(s *oauthServer) { s.gate, s.arrived = nil, nil })
	if _, err := c.Get(t.Context(), "seg_1"); err != nil {
		t.Errorf("the call after a hung token request: %v", err)
	}
}

// Neither the secret key nor any token shows in the debug log, in errors of
// every kind or in any fmt dump of the client, its options or its errors,
// through a fetch, a renewal after revocation, a refused token and a refused
// scope.
func TestOAuthSecretsNeverPrintedOrLogged(t *testing.T) {
	var logs strings.Builder
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := newOAuthServer(t)
	opt := segments.WithOAuth("segments")
	c := newTestClient(t, srv.URL, opt, segments.WithLogger(logger))
	ctx := t.Context()
	var errs []error
	if _, err := c.Get(ctx, "seg_1"); err != nil {
		t.Fatal(err)
	}
	srv.revokeAll()
	if _, err := c.Create(ctx, paramsFrom(t, fixture(t, "create-static-segment.request.json"))); err != nil {
		t.Fatal(err)
	}
	assertNeverPrinted(t, c, append(srv.tokens(), testSecret)...) // with a token held
	srv.set(func(s *oauthServer) { s.refuseAll = true })
	_, err := c.Get(ctx, "seg_1")
	errs = append(errs, err)
	bad := newTestClient(t, srv.URL, segments.WithOAuth("coupons"), segments.WithLogger(logger))
	_, err = bad.Get(ctx, "seg_1")
	errs = append(errs, err)

	secrets := append(srv.tokens(), testSecret)
	if len(secrets) != 3 {
		t.Fatalf("%d tokens issued, want 2: the test did not go through a renewal", len(secrets)-1)
	}
	dumps := []string{fmt.Sprintf("%v %+v %#v", opt, opt, opt)}
	for _, err := range errs {
		if err == nil {
			t.Fatal("a failing call succeeded")
		}
		dumps = append(dumps, fmt.Sprintf("%v %+v %#v %s", err, err, err, err))
		var apiErr *segments.APIError
		if errors.As(err, &apiErr) {
			dumps = append(dumps, string(apiErr.Body), fmt.Sprintf("%+v %#v", *apiErr, *apiErr))
		}
	}
	logMu.Lock()
	dumps = append(dumps, logs.String())
	logMu.Unlock()
	for _, d := range dumps {
		for _, secret := range secrets {
			if strings.Contains(d, secret) {
				t.Errorf("a secret is printed in %q", d)
			}
		}
	}
	if log := dumps[len(dumps)-1]; !strings.Contains(log, "OAuth token") || !strings.Contains(log, "generate-oauth-token") || !strings.Contains(log, "401") {
		t.Errorf("the debug log does not show the token requests and the refusal:\n%s", log)
	}
	// A token's line says its lifetime; a failed request's, that it failed.
	log := dumps[len(dumps)-1]
	for _, want := range []string{`msg="segments: OAuth token" operation=generate-oauth-token scope=segments`, "expires_in=15m0s",
		`msg="segments: OAuth token request failed" operation=generate-oauth-token scope=coupons`} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %s:\n%s", want, log)
		}
	}
}

// writerFunc is an io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
