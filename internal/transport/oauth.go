package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OAuth configures NewOAuth: OAuth 2.0 client-credentials tokens, fetched with
// the keys from the token endpoint and sent as Authorization: Bearer instead of
// the keys.
type OAuth struct {
	// TokenURL is the token endpoint; it must be on the Auth's origin.
	TokenURL string
	// Scopes are sent space-separated as the form's scope; each is checked by
	// CheckScope.
	Scopes []string
	// EarlyExpiry is how long before its expiry a token is replaced, so that
	// none expires on its way to the server.
	EarlyExpiry time.Duration
	// Client is the template of the token requests' client: its Timeout,
	// CheckRedirect and Jar are used, its Transport is replaced. It must not be
	// nil, and should have a Timeout: a token request holds up every request
	// waiting for the token (each may still give up by its context).
	Client *http.Client
	// Refused makes the caller's error of the token endpoint's non-2xx answer:
	// its status and headers, and its body (at most 1 MiB).
	Refused func(resp *http.Response, body []byte) error
	// OnToken, when set, is told of each token request: how long it took and
	// the token's lifetime, or its error.
	OnToken func(took, lifetime time.Duration, err error)
	// OnRenew, when set, is told of each request answered 401 and sent again
	// with a new token.
	OnRenew func(req *http.Request)
}

// NewOAuth returns an Auth for origin that sends through base
// (http.DefaultTransport when nil) with a bearer token on every request and
// no keys. The token comes from golang.org/x/oauth2: its clientcredentials
// package builds the token request (grant_type=client_credentials and the
// scopes, nothing else: the keys go as X-App-Id and X-App-Token headers, put
// on by the token client's transport, never as client_id/client_secret or
// Basic auth) and oauth2.ReuseTokenSourceWithExpiry keeps the token, fetching
// a new one, for all callers at once, EarlyExpiry before it expires.
func NewOAuth(base http.RoundTripper, origin Origin, creds Credentials, headers Headers, o OAuth) *Auth {
	if base == nil {
		base = http.DefaultTransport
	}
	tc := *o.Client
	tc.Transport = &keyed{base: base, origin: origin, set: headerSetter(&creds, headers)}
	conf := &clientcredentials.Config{
		TokenURL: o.TokenURL,
		Scopes:   slices.Clone(o.Scopes),
		// With no ClientID and ClientSecret, the params style adds nothing to
		// the form; the header style would send an empty Basic auth, and the
		// default would probe both.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	f := &fetcher{
		conf:    conf,
		ctx:     context.WithValue(context.Background(), oauth2.HTTPClient, &tc),
		refused: o.Refused,
		onToken: o.OnToken,
	}
	t := &tokens{fetch: f, early: o.EarlyExpiry, scope: strings.Join(o.Scopes, " ")}
	t.src = t.fresh()
	return &Auth{base: base, origin: origin, appID: creds.AppID, set: headerSetter(nil, headers), tokens: t, onRenew: o.OnRenew}
}

// CheckScope reports whether s can be sent as one OAuth scope: RFC 6749's
// scope-token (printable ASCII but space, '"' and '\'), and no comma, since
// Voucherify separates scopes by spaces only and "a,b" is a common mistake for
// two scopes.
func CheckScope(s string) error {
	if s == "" {
		return fmt.Errorf("%w \"\": empty", ErrScope)
	}
	for _, r := range s {
		switch {
		case r == ' ':
			return fmt.Errorf("%w %q: holds a space; give each scope as an argument of its own", ErrScope, s)
		case r == ',':
			return fmt.Errorf("%w %q: holds a comma; give each scope as an argument of its own", ErrScope, s)
		case r < 0x21 || r > 0x7e || r == '"' || r == '\\':
			return fmt.Errorf("%w %q: holds %q; a scope is printable ASCII without space, '\"' or '\\'", ErrScope, s, r)
		}
	}
	return nil
}

// sendWithToken sends req with the bearer token. A 401 means the server did
// nothing with the request, so when it refuses the token the request is sent
// once more, body included, with a new token: the token may have expired on
// the way or been revoked. A second 401 is the answer.
func (a *Auth) sendWithToken(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	tok, src, err := a.tokens.get(ctx)
	if err != nil {
		closeBody(req.Body)
		return nil, err
	}
	resp, err := a.base.RoundTrip(withToken(req, req.Body, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !a.tokens.refused(src, tok) {
		return resp, err
	}
	body, ok := rewind(req)
	if !ok {
		return resp, nil // the body cannot be sent again: the 401 is the answer
	}
	drain(resp.Body, drainLimit)
	if a.onRenew != nil {
		a.onRenew(req)
	}
	if tok, _, err = a.tokens.get(ctx); err != nil {
		closeBody(body)
		return nil, err
	}
	return a.base.RoundTrip(withToken(req, body, tok))
}

// withToken returns a copy of req with body and the token's Authorization
// header: a RoundTripper must not change the request it is given.
func withToken(req *http.Request, body io.ReadCloser, tok *oauth2.Token) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	tok.SetAuthHeader(r)
	return r
}

// rewind returns a new copy of req's body, or false when it has none to give.
func rewind(req *http.Request) (io.ReadCloser, bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	return body, err == nil
}

func closeBody(body io.ReadCloser) {
	if body != nil {
		_ = body.Close()
	}
}

// tokens holds the current token source, replacing it when the server refuses
// its token. Its tokens never print.
type tokens struct {
	fetch oauth2.TokenSource
	early time.Duration
	scope string

	mu  sync.Mutex
	src oauth2.TokenSource // caches one token, fetched by fetch
	// renewed is a source made because a token was refused, and first the
	// first token it gave: if that one is refused too, a new token would not
	// help (the key's rights or the scope refuse the request), so none is
	// fetched until it expires, and a project's tokens are not spent one per
	// request.
	renewed oauth2.TokenSource
	first   *oauth2.Token
}

// fresh returns a source with no token yet.
func (t *tokens) fresh() oauth2.TokenSource {
	return oauth2.ReuseTokenSourceWithExpiry(nil, t.fetch, t.early)
}

// get returns a valid token and the source it came from. One token request
// serves every caller waiting for it (the source holds a lock while it
// fetches); a caller whose ctx ends stops waiting, and the request goes on,
// bounded by the token client's timeout, for the others.
func (t *tokens) get(ctx context.Context) (*oauth2.Token, oauth2.TokenSource, error) {
	t.mu.Lock()
	src := t.src
	t.mu.Unlock()
	if ctx.Done() == nil { // a context that never ends: no need to watch it
		tok, err := src.Token()
		return t.got(src, tok, err)
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	go func() {
		tok, err := src.Token()
		done <- result{tok, err}
	}()
	select {
	case r := <-done:
		return t.got(src, r.tok, r.err)
	case <-ctx.Done():
		return nil, nil, &TokenError{Err: ctx.Err()}
	}
}

// got notes the first token of a renewed source and returns get's results.
func (t *tokens) got(src oauth2.TokenSource, tok *oauth2.Token, err error) (*oauth2.Token, oauth2.TokenSource, error) {
	if err != nil {
		return nil, nil, err
	}
	t.mu.Lock()
	if src == t.renewed && t.first == nil {
		t.first = tok
	}
	t.mu.Unlock()
	return tok, src, nil
}

// refused records that the server refused tok, from src, and reports whether
// to send the request again: then the next get fetches a new token, unless
// another caller has had src replaced already.
func (t *tokens) refused(src oauth2.TokenSource, tok *oauth2.Token) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tok == t.first {
		return false
	}
	if src == t.src {
		t.src = t.fresh()
		t.renewed, t.first = t.src, nil
	}
	return true
}

// Format prints the scope only, whatever the verb: the tokens never print.
func (t *tokens) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "{scope:%q token:[redacted]}", t.scope)
}

// fetcher gets a new token on every call, through clientcredentials, and turns
// its failures into errors that carry neither the token request (its headers
// hold the secret key) nor a 2xx answer's body (it may hold a token).
type fetcher struct {
	conf    *clientcredentials.Config
	ctx     context.Context // carries the token client (oauth2.HTTPClient)
	refused func(*http.Response, []byte) error
	onToken func(took, lifetime time.Duration, err error)
}

// Token fetches a token.
func (f *fetcher) Token() (*oauth2.Token, error) {
	start := time.Now()
	tok, err := f.conf.Token(f.ctx)
	var lifetime time.Duration
	if err != nil {
		err = f.failure(err)
	} else if !tok.Expiry.IsZero() {
		lifetime = time.Until(tok.Expiry)
	}
	if f.onToken != nil {
		f.onToken(time.Since(start), lifetime, err)
	}
	return tok, err
}

// failure returns a *TokenError for err. An *oauth2.RetrieveError is not
// kept: its Response.Request holds the token request's headers, the secret
// key among them.
func (f *fetcher) failure(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return &TokenError{Err: err}
	}
	status := re.Response.StatusCode
	if status >= 200 && status <= 299 {
		return &TokenError{Status: status, Err: fmt.Errorf("status %d with error %q", status, re.ErrorCode)}
	}
	answer := &http.Response{Status: re.Response.Status, StatusCode: status, Header: re.Response.Header}
	if f.refused == nil {
		return &TokenError{Status: status, Err: fmt.Errorf("status %d", status)}
	}
	return &TokenError{Status: status, Err: f.refused(answer, re.Body)}
}

// Format prints nothing of the fetcher's configuration, whatever the verb.
func (f *fetcher) Format(s fmt.State, _ rune) {
	_, _ = fmt.Fprint(s, "transport.fetcher{[redacted]}")
}

// keyed is the token client's transport: it puts the keys and the SDK and
// custom headers on a copy of each request, and refuses any request, redirects
// included, for another origin.
type keyed struct {
	base   http.RoundTripper
	origin Origin
	set    func(http.Header)
}

// RoundTrip sends a copy of req with the keys, if it is for the origin.
func (k *keyed) RoundTrip(req *http.Request) (*http.Response, error) {
	if !k.origin.matches(req.URL) {
		closeBody(req.Body)
		return nil, fmt.Errorf("%w: %s is not %s", ErrCrossOrigin, OriginOf(req.URL), k.origin)
	}
	r := req.Clone(req.Context())
	k.set(r.Header)
	return k.base.RoundTrip(r)
}

// Format prints the origin only, whatever the verb.
func (k *keyed) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "transport.keyed{origin:%s SecretKey:[redacted]}", k.origin)
}
