package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tokenRequest returns a token request of form, with the test keys.
func tokenRequest(form url.Values) *http.Request {
	req := request(http.MethodPost, "/v1/oauth/token", nil)
	req.Body = httptestBody(form.Encode())
	req.ContentLength = int64(len(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func httptestBody(s string) *readCloser { return &readCloser{strings.NewReader(s)} }

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

// token asks ts for a token of scope and returns it.
func (ts *testServer) token(scope string) string {
	ts.t.Helper()
	rec := ts.do(tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}))
	if rec.Code != http.StatusOK {
		ts.t.Fatalf("token of %q: %d %s", scope, rec.Code, rec.Body)
	}
	return decodeObject(ts.t, rec.Body.Bytes())["access_token"].(string)
}

// withBearer returns req carrying token instead of the keys.
func withBearer(req *http.Request, token string) *http.Request {
	req.Header.Del("X-App-Id")
	req.Header.Del("X-App-Token")
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

func TestTokenIsIssuedForTheKeys(t *testing.T) {
	ts := newTestServer(t, Config{TokenLifetime: time.Hour})
	rec := ts.do(tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {"segments  customers"}}))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	tok := decodeObject(t, rec.Body.Bytes())
	now := ts.clock.Now()
	if tok["token_type"] != "Bearer" || tok["scope"] != "customers segments" || fmt.Sprint(tok["expires_in"]) != "3600" ||
		fmt.Sprint(tok["expires_at"]) != fmt.Sprint(now.Add(time.Hour).Unix()) || len(tok["access_token"].(string)) < 40 || len(tok["client_id"].(string)) != 21 {
		t.Errorf("token answer %v", tok)
	}
	if other := ts.token("api"); other == tok["access_token"] {
		t.Error("two token requests got one token")
	}
	for _, r := range ts.Requests() {
		if strings.Contains(fmt.Sprint(r), tok["access_token"].(string)) {
			t.Error("the request log holds a token")
		}
	}
}

func TestTokenRequestsRefused(t *testing.T) {
	ts := newTestServer(t, Config{})
	form := func(grant, scope string) url.Values { return url.Values{"grant_type": {grant}, "scope": {scope}} }
	noKeys := tokenRequest(form("client_credentials", "segments"))
	noKeys.Header.Del("X-App-Token")
	asJSON := request(http.MethodPost, "/v1/oauth/token", []byte(`{"grant_type":"client_credentials","scope":"segments"}`))
	cases := []struct {
		name   string
		req    *http.Request
		status int
		key    string
	}{
		{"unknown scope", tokenRequest(form("client_credentials", "vouchers")), 400, "invalid_scope"},
		{"scopes with commas", tokenRequest(form("client_credentials", "segments,customers")), 400, "invalid_scope"},
		{"blank scope", tokenRequest(form("client_credentials", " ")), 400, "invalid_scope"},
		{"another grant", tokenRequest(form("password", "segments")), 400, "invalid_grant_type"},
		{"no grant", tokenRequest(url.Values{"scope": {"segments"}}), 400, "invalid_grant_type"},
		{"no keys", noKeys, 401, "unauthorized"},
		{"a bearer token for a token", withBearer(tokenRequest(form("client_credentials", "api")), ts.token("api")), 401, "unauthorized"},
		{"a JSON body", asJSON, 415, "unsupported_media_type"},
	}
	for _, c := range cases {
		rec := ts.do(c.req)
		if e := decodeError(t, rec.Body.Bytes()); rec.Code != c.status || e.Key != c.key {
			t.Errorf("%s: %d %s, want %d %s", c.name, rec.Code, rec.Body, c.status, c.key)
		}
	}
	if e := decodeError(t, ts.do(tokenRequest(form("client_credentials", "vouchers,campaigns"))).Body.Bytes()); e.Message != "Invalid scope: vouchers,campaigns" {
		t.Errorf("message %q, want the official one", e.Message)
	}
}

// TestBearerTokens: a token stands for the keys on the operations its scope covers, until
// it expires or is revoked; then, as for a scope that does not cover the operation, 401.
func TestBearerTokens(t *testing.T) {
	ts := newTestServer(t, Config{TokenLifetime: time.Minute})
	segments, customers, api := ts.token("segments"), ts.token("customers"), ts.token("api")
	list := func() *http.Request { return request(http.MethodGet, "/v1/segments", nil) }
	ofCustomer := func() *http.Request { return request(http.MethodGet, "/v1/customers/cust_1/segments", nil) }
	cases := []struct {
		name  string
		req   *http.Request
		token string
		want  int
	}{
		{"segments on list", list(), segments, 200},
		{"segments on a customer", ofCustomer(), segments, 401},
		{"customers on a customer", ofCustomer(), customers, 200},
		{"customers on list", list(), customers, 401},
		{"api on both", list(), api, 200},
		{"api on a customer", ofCustomer(), api, 200},
		{"not a token", list(), "nonsense", 401},
		{"a token of another sandbox", list(), newTestServer(t, Config{}).token("api"), 401},
	}
	for _, c := range cases {
		if rec := ts.do(withBearer(c.req, c.token)); rec.Code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, rec.Code, rec.Body, c.want)
		}
	}
	noScheme := list()
	noScheme.Header.Del("X-App-Token")
	noScheme.Header.Set("Authorization", api) // no "Bearer "
	if rec := ts.do(noScheme); rec.Code != 401 {
		t.Errorf("a token without Bearer: %d", rec.Code)
	}

	ts.clock.Advance(time.Minute - time.Millisecond)
	if rec := ts.do(withBearer(list(), segments)); rec.Code != 200 {
		t.Errorf("just before it expires: %d", rec.Code)
	}
	ts.clock.Advance(time.Millisecond)
	if rec := ts.do(withBearer(list(), segments)); rec.Code != 401 || decodeError(t, rec.Body.Bytes()).Key != "unauthorized" {
		t.Errorf("expired: %d %s", rec.Code, rec.Body)
	}
	fresh := ts.token("segments")
	ts.RevokeTokens()
	if rec := ts.do(withBearer(list(), fresh)); rec.Code != 401 {
		t.Errorf("revoked: %d", rec.Code)
	}
	if rec := ts.do(list()); rec.Code != 200 {
		t.Errorf("the keys after revoking the tokens: %d", rec.Code)
	}
}

// TestTokensAreBounded: a sandbox holds at most 1,000 live tokens, as a Voucherify project
// does; expired ones make room.
func TestTokensAreBounded(t *testing.T) {
	ts := newTestServer(t, Config{TokenLifetime: time.Minute})
	for range maxTokens {
		ts.token("segments")
	}
	rec := ts.do(tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {"segments"}}))
	if rec.Code != 400 || decodeError(t, rec.Body.Bytes()).Key != keySandboxLimit {
		t.Fatalf("token %d: %d %s", maxTokens+1, rec.Code, rec.Body)
	}
	ts.clock.Advance(time.Minute)
	ts.token("segments")
}

// TestCustomerSegments: the static segments that list a customer, newest first; none for a
// customer no static segment lists; filtered segments never, as the sandbox holds no
// customer data to match them against.
func TestCustomerSegments(t *testing.T) {
	ts := newTestServer(t, Config{})
	first := ts.create([]byte(`{"name":"First","type":"static","customers":["cust_a","cust_b"]}`))
	ts.clock.Advance(time.Millisecond)
	ts.create([]byte(`{"name":"Other","type":"static","customers":["cust_b"]}`))
	ts.clock.Advance(time.Millisecond)
	second := ts.create([]byte(`{"name":"Second","type":"static","customers":["cust_c","cust_a"]}`))
	ts.create([]byte(`{"name":"Club","type":"passive","filter":{"junction":"and","metadata.club":{"conditions":{"$is":"cust_a"}}}}`))
	cases := map[string]string{
		"cust_a": `{"object":"list","data_ref":"data","data":[` +
			`{"id":"` + second["id"].(string) + `","name":"Second","object":"segment"},` +
			`{"id":"` + first["id"].(string) + `","name":"First","object":"segment"}],"total":2}`,
		"cust_none": `{"object":"list","data_ref":"data","data":[],"total":0}`,
		"a b?c#d":   `{"object":"list","data_ref":"data","data":[],"total":0}`,
	}
	for id, want := range cases {
		rec := ts.do(request(http.MethodGet, "/v1/customers/"+url.PathEscape(id)+"/segments", nil))
		if rec.Code != 200 || !reflect.DeepEqual(decodeObject(t, rec.Body.Bytes()), decodeObject(t, []byte(want))) {
			t.Errorf("%s: %d %s\nwant %s", id, rec.Code, rec.Body, want)
		}
	}
	if rec := ts.do(httptest.NewRequest(http.MethodGet, "/v1/customers/cust_a/segments", nil)); rec.Code != 401 {
		t.Errorf("without keys: %d", rec.Code)
	}
}
