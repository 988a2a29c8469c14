package segments_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/voucherify-go/segments"
)

const tokenPath = "/v1/oauth/token"

// seen is a request the OAuth test server received.
type seen struct {
	Method, Path string
	Header       http.Header
	Form         url.Values // of a token request
	Body         []byte
}

// tokenAnswer is a canned answer of the token endpoint.
type tokenAnswer struct {
	status int
	body   []byte
}

// oauthServer stands in for Voucherify with OAuth: POST /v1/oauth/token issues
// tokens to the test keys in the shape of the official spec
// (contract/upstream/oauth.json, Voucherify's file), and the segment operations answer only a
// valid bearer token. The token endpoint is not in openapi.yaml yet, so this
// is a plain httptest server rather than a contracttest one. When the test
// ends it checks that the keys went on the token requests and on no other.
type oauthServer struct {
	*httptest.Server
	t testing.TB
	// Answers read before serving: a handler must not end the test.
	example                                     map[string]any // the official 200 answer
	segment, created200, unauthorized, badGrant []byte

	mu        sync.Mutex
	requests  []seen
	issued    []string
	revoked   map[string]bool
	expiresIn int           // answered expires_in; 900 unless set
	refuseAll bool          // refuse every token, as for a scope that does not cover the operation
	queued    []tokenAnswer // answers of the next token requests, before issuing
	gate      chan struct{} // when set, a token answer waits until it is closed
	arrived   chan struct{} // when set, told of each token request
	created   int
}

// knownScopes are the scopes the fake endpoint grants: a few of Voucherify's.
var knownScopes = []string{"api", "segments", "customers"}

func newOAuthServer(t testing.TB) *oauthServer {
	t.Helper()
	s := &oauthServer{t: t, revoked: map[string]bool{}, expiresIn: 900,
		example:      officialOAuthExample(t, "200", "OAuth response").(map[string]any),
		badGrant:     jsonOf(officialOAuthExample(t, "400", "Invalid grant type")),
		segment:      fixture(t, "get-segment.response-200.json"),
		created200:   fixture(t, "create-static-segment.response-200.json"),
		unauthorized: fixture(t, "error-401-unauthorized.from-get-export.json"),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+tokenPath, s.token)
	mux.HandleFunc("GET /v1/segments/{id}", s.authorized(answer(http.StatusOK, s.segment)))
	mux.HandleFunc("POST /v1/segments", s.authorized(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.created++
		s.mu.Unlock()
		answer(http.StatusOK, s.created200)(w, r)
	}))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := seen{Method: r.Method, Path: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body}
		if r.URL.Path == tokenPath {
			req.Form, _ = url.ParseQuery(string(body))
		}
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(s.checkKeys)
	return s
}

// officialOAuthExample returns an example answer of POST /v1/oauth/token in
// the official spec.
func officialOAuthExample(t testing.TB, status, name string) any {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Examples map[string]struct{ Value any }
				}
			}
		}
	}
	raw, err := os.ReadFile(filepath.Join("contract", "upstream", "oauth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	ex, ok := doc.Paths[tokenPath]["post"].Responses[status].Content["application/json"].Examples[name]
	if !ok {
		t.Fatalf("oauth.json has no example %q of a %s answer", name, status)
	}
	return ex.Value
}

// checkKeys fails the test if a request other than a token request carried
// X-App-Id or X-App-Token, or a token request lacked them.
func (s *oauthServer) checkKeys() {
	for _, r := range s.seen() {
		id, key := r.Header.Get("X-App-Id"), r.Header.Get("X-App-Token")
		if r.Path == tokenPath {
			if id != testAppID || key != testSecret {
				s.t.Errorf("token request without the keys: X-App-Id %q, X-App-Token set: %v", id, key != "")
			}
			continue
		}
		if id != "" || key != "" {
			s.t.Errorf("%s %s carried X-App-Id %q and X-App-Token set: %v; only the token request may", r.Method, r.Path, id, key != "")
		}
	}
}

// token is POST /v1/oauth/token.
func (s *oauthServer) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	gate, arrived := s.gate, s.arrived
	s.mu.Unlock()
	if arrived != nil {
		arrived <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	if r.Header.Get("X-App-Id") != testAppID || r.Header.Get("X-App-Token") != testSecret {
		answer(http.StatusUnauthorized, s.unauthorized)(w, r)
		return
	}
	if err := r.ParseForm(); err != nil || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		s.t.Errorf("token request: Content-Type %q, form error %v", r.Header.Get("Content-Type"), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queued) > 0 {
		a := s.queued[0]
		s.queued = s.queued[1:]
		answer(a.status, a.body)(w, r)
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		answer(http.StatusBadRequest, s.badGrant)(w, r)
		return
	}
	for _, scope := range strings.Split(r.PostForm.Get("scope"), " ") {
		if !slices.Contains(knownScopes, scope) {
			// The official "Invalid scope" example names the scopes sent.
			answer(http.StatusBadRequest, jsonOf(map[string]any{"code": 400, "key": "invalid_scope", "message": "Invalid scope: " + r.PostForm.Get("scope")}))(w, r)
			return
		}
	}
	tok := fmt.Sprintf("oat_%d_TOKEN_must_never_leak", len(s.issued)+1)
	s.issued = append(s.issued, tok)
	body := map[string]any{}
	for k, v := range s.example {
		body[k] = v
	}
	body["access_token"], body["expires_in"], body["scope"] = tok, s.expiresIn, r.PostForm.Get("scope")
	answer(http.StatusOK, jsonOf(body))(w, r)
}

// authorized serves h to a request bearing a valid token, and answers 401 in
// Voucherify's shape otherwise.
func (s *oauthServer) authorized(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		valid := ok && slices.Contains(s.issued, tok) && !s.revoked[tok] && !s.refuseAll
		s.mu.Unlock()
		if !valid {
			answer(http.StatusUnauthorized, s.unauthorized)(w, r)
			return
		}
		h(w, r)
	}
}

// revokeAll revokes every token issued so far.
func (s *oauthServer) revokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, tok := range s.issued {
		s.revoked[tok] = true
	}
}

// set runs f with the server's state locked.
func (s *oauthServer) set(f func(s *oauthServer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *oauthServer) seen() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// tokens returns the tokens issued so far.
func (s *oauthServer) tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.issued)
}

// count returns how many token requests and how many other requests arrived.
func (s *oauthServer) count() (tokenRequests, apiRequests int) {
	for _, r := range s.seen() {
		if r.Path == tokenPath {
			tokenRequests++
		} else {
			apiRequests++
		}
	}
	return tokenRequests, apiRequests
}

// bearer returns the token of an API request.
func bearer(r seen) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return tok
}

// newOAuthClient returns a client of srv with the test keys, WithOAuth(scopes)
// and no retries unless opts say otherwise.
func newOAuthClient(t testing.TB, srv *oauthServer, scopes []string, opts ...segments.Option) *segments.Client {
	t.Helper()
	return newTestClient(t, srv.URL, append([]segments.Option{segments.WithOAuth(scopes...)}, opts...)...)
}

// jsonOf encodes v, a value of JSON's own types, which cannot fail.
func jsonOf(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
