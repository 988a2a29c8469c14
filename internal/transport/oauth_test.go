package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const (
	testSecret = "sk_transport_SECRET_never_printed"
	testToken  = "oat_transport_TOKEN_never_printed"
)

// tokenServer issues testToken to the keys, or gives the answer of status
// and body when status is set; every other request counts in api and is
// answered apiStatus.
func tokenServer(t *testing.T, status int, body string, apiStatus int, api *atomic.Int32) (*httptest.Server, *Auth) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/oauth/token" {
			api.Add(1)
			w.WriteHeader(apiStatus)
			return
		}
		if r.Header.Get("X-App-Token") != testSecret {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if status != 0 {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
		_, _ = fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":900}`, testToken)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	auth := NewOAuth(nil, OriginOf(u), Credentials{AppID: "app", SecretKey: testSecret}, Headers{UserAgent: "test"}, OAuth{
		TokenURL:    srv.URL + "/v1/oauth/token",
		Scopes:      []string{"segments"},
		EarlyExpiry: time.Minute,
		Client:      &http.Client{Timeout: time.Minute},
		Refused: func(resp *http.Response, body []byte) error {
			return fmt.Errorf("refused %d: %s", resp.StatusCode, body)
		},
	})
	return srv, auth
}

// The transport, its token source, fetcher and token client never print the
// secret key or the token, with any verb, also held in a struct (where a bad
// verb prints what a pointer points to).
func TestOAuthTransportNeverPrintsSecrets(t *testing.T) {
	var api atomic.Int32
	srv, auth := tokenServer(t, 0, "", http.StatusOK, &api)
	resp, err := (&http.Client{Transport: auth}).Get(srv.URL + "/v1/segments/x")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	fetch := auth.tokens.fetch.(*fetcher)
	tc := fetch.ctx.Value(oauth2.HTTPClient).(*http.Client)
	values := []any{auth, *auth, auth.tokens, fetch, tc, tc.Transport,
		struct{ a *Auth }{auth}, struct{ t *tokens }{auth.tokens}, struct{ f *fetcher }{fetch}, struct{ k http.RoundTripper }{tc.Transport}}
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
	var api atomic.Int32
	srv, auth := tokenServer(t, 0, "", http.StatusUnauthorized, &api)
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
	if resp.StatusCode != http.StatusUnauthorized || api.Load() != 1 {
		t.Errorf("status %d after %d requests, want the 401 after 1", resp.StatusCode, api.Load())
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
	} {
		var api atomic.Int32
		srv, auth := tokenServer(t, tc.status, tc.body, http.StatusOK, &api)
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
		if api.Load() != 0 {
			t.Errorf("%d API requests without a token", api.Load())
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
