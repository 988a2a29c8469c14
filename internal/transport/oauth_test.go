package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const (
	testSecret = "sk_transport_SECRET_never_printed"
	testToken  = "oat_transport_TOKEN_never_printed"
)

// oauthServer is a token endpoint and an API on one origin, and an Auth for
// them. The token endpoint issues testToken-1, testToken-2, ... to the keys,
// unless answer gives a status for the nth token request; the API answers
// each request with api(its bearer token), 200 when api is nil.
type oauthServer struct {
	*httptest.Server
	answer  func(n int32) (status int, body string)
	api     func(token string) int
	gate    chan struct{} // when set, token requests wait for it to close
	arrived chan struct{} // when set, told of each token request

	tokens, calls, renewed atomic.Int32 // token requests, API requests, resends (OnRenew)
	mu                     sync.Mutex
	bodies                 []string // of the API requests
}

func newOAuthServer(t *testing.T, configure func(*oauthServer)) (*oauthServer, *Auth) {
	t.Helper()
	s := &oauthServer{}
	if configure != nil {
		configure(s)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	u, _ := url.Parse(s.URL)
	auth := NewOAuth(nil, OriginOf(u), Credentials{AppID: "app", SecretKey: testSecret}, Headers{UserAgent: "test"}, OAuth{
		TokenURL:    s.URL + "/v1/oauth/token",
		Scopes:      []string{"segments"},
		EarlyExpiry: time.Minute,
		Client:      &http.Client{Timeout: time.Minute},
		Refused: func(resp *http.Response, body []byte) error {
			return fmt.Errorf("refused %d: %s", resp.StatusCode, body)
		},
		OnRenew: func(*http.Request) { s.renewed.Add(1) },
	})
	return s, auth
}

func (s *oauthServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/oauth/token" {
		s.calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(body))
		s.mu.Unlock()
		status := http.StatusOK
		if s.api != nil {
			status = s.api(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		}
		w.WriteHeader(status)
		return
	}
	if r.Header.Get("X-App-Token") != testSecret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	n := s.tokens.Add(1)
	if s.arrived != nil {
		s.arrived <- struct{}{}
	}
	if s.gate != nil {
		<-s.gate
	}
	w.Header().Set("Content-Type", "application/json")
	if s.answer != nil {
		if status, body := s.answer(n); status != 0 {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
	}
	_, _ = fmt.Fprintf(w, `{"access_token":"%s-%d","token_type":"Bearer","expires_in":900}`, testToken, n)
}

// sent returns the bodies of the API requests.
func (s *oauthServer) sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.bodies)
}

// The transport, its token source, fetcher and token client never print the
// secret key or the token, with any verb, also held in a struct (where a bad
// verb prints what a pointer points to).
func TestOAuthTransportNeverPrintsSecrets(t *testing.T) {
	srv, auth := newOAuthServer(t, nil)
	resp, err := (&http.Client{Transport: auth}).Get(srv.URL + "/v1/segments/x")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	fetch := auth.tokens.fetch.(*fetcher)
	tc := fetch.ctx.Value(oauth2.HTTPClient).(*http.Client)
	values := []any{auth, *auth, auth.tokens, fetch, tc, tc.Transport,
		struct{ a *Auth }{auth}, struct{ t *tokens }{auth.tokens}, struct{ f *fetcher }{fetch}, struct{ k http.RoundTripper }{tc.Transport}}
	// What prints says what is configured.
	if got, want := fmt.Sprint(auth), `OAuth:{scope:"segments" token:[redacted]}`; !strings.Contains(got, want) {
		t.Errorf("the OAuth transport prints %s, want it to hold %s", got, want)
	}
	keys := NewAuth(nil, auth.origin, Credentials{AppID: "app", SecretKey: testSecret}, Headers{})
	if got := fmt.Sprint(keys); got != "transport.Auth{origin:"+auth.origin.String()+" AppID:app SecretKey:[redacted]}" {
		t.Errorf("the keys' transport prints %s", got)
	}
	values = append(values, keys)
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{testSecret, testToken} {
				if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
					t.Errorf("%T printed with %s shows a secret: %.300s", v, verb, out)
				}
			}
		}
	}
}

// A request whose body cannot be read again is not sent again after a 401:
// the 401 is its answer. The refused token is dropped all the same.
func TestBodyThatCannotBeResentIsNotResent(t *testing.T) {
	srv, auth := newOAuthServer(t, func(s *oauthServer) { s.api = func(string) int { return http.StatusUnauthorized } })
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v1/segments", io.NopCloser(strings.NewReader("{}")))
	if err != nil {
		t.Fatal(err)
	}
	if req.GetBody != nil {
		t.Fatal("the request can rewind its body; the test needs one that cannot")
	}
	tok, src, _ := auth.tokens.get(t.Context())
	resp, err := auth.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || srv.calls.Load() != 1 {
		t.Errorf("status %d after %d requests, want the 401 after 1", resp.StatusCode, srv.calls.Load())
	}
	if tok2, src2, _ := auth.tokens.get(t.Context()); src2 == src || tok2 == tok {
		t.Error("the refused token was kept")
	}
}

// A failed token request leaves no *oauth2.RetrieveError in the chain (its
// Response.Request holds the keys); a refusal goes to Refused with its status
// and body, and an error in a 2xx answer keeps none of the body.
func TestTokenFailuresDropTheRetrieveError(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{http.StatusBadRequest, `{"code":400,"key":"invalid_scope","message":"Invalid scope: x"}`, `refused 400: {"code":400,"key":"invalid_scope"`},
		{http.StatusOK, `{"error":"odd","access_token":"` + testToken + `"}`, `status 200 with error "odd"`},
		{299, `{"error":"odd","access_token":"` + testToken + `"}`, `status 299 with error "odd"`}, // 2xx, to its last
	} {
		srv, auth := newOAuthServer(t, func(s *oauthServer) {
			s.answer = func(int32) (int, string) { return tc.status, tc.body }
		})
		_, err := (&http.Client{Transport: auth}).Get(srv.URL + "/v1/segments/x")
		var re *oauth2.RetrieveError
		var te *TokenError
		if err == nil || errors.As(err, &re) || !errors.As(err, &te) || te.Status != tc.status {
			t.Errorf("err = %v: want a *TokenError of status %d and no *oauth2.RetrieveError", err, tc.status)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(fmt.Sprintf("%+v %#v", err, te), testToken) {
			t.Errorf("err = %v, want %q and no token", err, tc.want)
		}
		if n := srv.calls.Load(); n != 0 {
			t.Errorf("%d API requests without a token", n)
		}
	}
}

// A request without a token was not sent: a transient failure to get one is
// retried whatever the method, and nothing is uncertain.
func TestTokenErrorsAreRetriedAsUnsent(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		err   error
		retry bool
	}{
		{"503", context.Background(), &TokenError{Status: 503, Err: errOther}, true},
		{"429", context.Background(), &TokenError{Status: 429, Err: errOther}, true},
		{"400", context.Background(), &TokenError{Status: 400, Err: errOther}, false},
		{"401", context.Background(), &TokenError{Status: 401, Err: errOther}, false},
		{"refused connection", context.Background(), &TokenError{Err: errDial}, true},
		{"reset", context.Background(), &TokenError{Err: errReset}, true},
		{"redirect elsewhere", context.Background(), &TokenError{Err: &url.Error{Op: "Post", URL: "x", Err: ErrCrossOrigin}}, false},
		{"caller gave up", cancelled, &TokenError{Err: context.Canceled}, false},
	} {
		err := &url.Error{Op: "Post", URL: "http://x/v1/segments", Err: tc.err}
		retry, _, uncertain := classify(tc.ctx, false, nil, err)
		if retry != tc.retry || uncertain {
			t.Errorf("%s: retry %v, uncertain %v; want %v, false", tc.name, retry, uncertain, tc.retry)
		}
	}
}

// A refused token is replaced once: the request is sent again, body included,
// with a new token, and OnRenew is told.
func TestRefusedTokenIsRenewedOnce(t *testing.T) {
	srv, auth := newOAuthServer(t, func(s *oauthServer) {
		s.api = func(token string) int {
			if token == testToken+"-1" {
				return http.StatusUnauthorized
			}
			return http.StatusCreated
		}
	})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v1/segments", strings.NewReader(`{"name":"n"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := auth.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || srv.tokens.Load() != 2 || srv.renewed.Load() != 1 {
		t.Errorf("status %d after %d token requests and %d resends; want 201 after 2 and 1", resp.StatusCode, srv.tokens.Load(), srv.renewed.Load())
	}
	if bodies := srv.sent(); !slices.Equal(bodies, []string{`{"name":"n"}`, `{"name":"n"}`}) {
		t.Errorf("the API got %q, want the body twice, whole", bodies)
	}
}

// When the new token is refused too, the 401 is the answer; and later requests
// do not fetch a token each (the refusal is the key's or the scope's, and a
// project's tokens are counted).
func TestSecond401IsTheAnswer(t *testing.T) {
	srv, auth := newOAuthServer(t, func(s *oauthServer) { s.api = func(string) int { return http.StatusUnauthorized } })
	client := &http.Client{Transport: auth}
	for i, want := range []struct{ tokens, calls int32 }{{2, 2}, {2, 3}, {2, 4}} {
		resp, err := client.Get(srv.URL + "/v1/segments/x")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || srv.tokens.Load() != want.tokens || srv.calls.Load() != want.calls {
			t.Errorf("request %d: status %d, %d token requests, %d API requests; want 401, %d, %d",
				i+1, resp.StatusCode, srv.tokens.Load(), srv.calls.Load(), want.tokens, want.calls)
		}
	}
}

// A failure to get the new token is the request's error; the body made for
// the resend is closed, not leaked.
func TestFailureToRenewIsTheError(t *testing.T) {
	srv, auth := newOAuthServer(t, func(s *oauthServer) {
		s.api = func(string) int { return http.StatusUnauthorized }
		s.answer = func(n int32) (int, string) {
			if n > 1 {
				return http.StatusServiceUnavailable, "down"
			}
			return 0, ""
		}
	})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v1/segments", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resend := &closeRecorder{Reader: strings.NewReader("{}")}
	req.GetBody = func() (io.ReadCloser, error) { return resend, nil }
	_, err = auth.RoundTrip(req)
	var te *TokenError
	if !errors.As(err, &te) || te.Status != http.StatusServiceUnavailable || !te.transient() {
		t.Errorf("err = %v, want the token request's 503 as a *TokenError", err)
	}
	if !resend.closed || srv.calls.Load() != 1 {
		t.Errorf("resend body closed %v, %d API requests; want it closed and 1 request", resend.closed, srv.calls.Load())
	}
}

// A request whose context ends while its token is being fetched stops waiting
// at once; the fetch goes on and serves the next request.
func TestRequestStopsWaitingForTheToken(t *testing.T) {
	gate, arrived := make(chan struct{}), make(chan struct{}, 1)
	srv, auth := newOAuthServer(t, func(s *oauthServer) { s.gate, s.arrived = gate, arrived })
	t.Cleanup(func() { close(gate) })
	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/segments/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := auth.RoundTrip(req)
		done <- err
	}()
	<-arrived
	cancel()
	select {
	case err := <-done:
		var te *TokenError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &te) {
			t.Errorf("err = %v, want a *TokenError wrapping context.Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("the request still waits for its token a second after its context ended")
	}
	if n := srv.calls.Load(); n != 0 {
		t.Errorf("%d API requests, want none", n)
	}
}

// A scope is RFC 6749's scope-token, printable ASCII but space, '"' and '\',
// and holds no comma: "a,b" is a common mistake for two scopes.
func TestCheckScope(t *testing.T) {
	for _, tc := range []struct {
		scope   string
		problem string // "" when the scope is accepted
	}{
		{"segments", ""}, {"api", ""}, {"!", ""}, {"~", ""}, {"#[]", ""}, {"a:b", ""},
		{"", "empty"},
		{"a b", "holds a space"},
		{"a,b", "holds a comma"},
		{"a\x1f", `holds '\x1f'`},
		{"a\x7f", `holds '\x7f'`},
		{"a\u00e9", `holds 'é'`},
		{`a"b`, `holds '"'`},
		{`a\b`, `holds '\\'`},
		{"segments\n", `holds '\n'`},
	} {
		err := CheckScope(tc.scope)
		if tc.problem == "" {
			if err != nil {
				t.Errorf("CheckScope(%q) = %v, want nil", tc.scope, err)
			}
			continue
		}
		if !errors.Is(err, ErrScope) || !strings.Contains(err.Error(), tc.problem) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.scope)) {
			t.Errorf("CheckScope(%q) = %v, want ErrScope naming it and saying %s", tc.scope, err, tc.problem)
		}
	}
}
