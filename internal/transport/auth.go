package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// ErrCrossOrigin is returned when a request, or a redirect, would carry the
// credentials to an origin other than the configured one.
var ErrCrossOrigin = errors.New("refusing to send credentials to another origin")

// Credentials are the application ID and secret key sent as X-App-Id and
// X-App-Token. They print redacted with every fmt verb.
type Credentials struct {
	AppID     string
	SecretKey string
}

// Format prints the credentials with the secret key redacted, whatever the verb.
func (c Credentials) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "{AppID:%s SecretKey:[redacted]}", c.AppID)
}

// Auth puts the credentials and the SDK headers on requests for one origin
// (Edit) and guards the wire so that no request leaves for another origin
// (RoundTrip). With OAuth (NewOAuth) the credentials are a bearer token, put on
// each request by RoundTrip, and the keys go only on the token request.
type Auth struct {
	base   http.RoundTripper
	origin Origin
	appID  string
	// set puts the headers on a request; see headerSetter.
	set func(http.Header)
	// tokens, when not nil, supplies the bearer token of every request.
	tokens *tokens
	// onRenew, when set, is told of a request sent again with a new token.
	onRenew func(*http.Request)
}

// NewAuth returns an Auth for origin that sends through base
// (http.DefaultTransport when nil) with the application ID and secret key on
// every request.
func NewAuth(base http.RoundTripper, origin Origin, creds Credentials, headers Headers) *Auth {
	if base == nil {
		base = http.DefaultTransport
	}
	return &Auth{base: base, origin: origin, appID: creds.AppID, set: headerSetter(&creds, headers)}
}

// Edit sets the credentials and the SDK headers on a request the SDK built, before
// http.Client sends it. It refuses a request for another origin.
func (a *Auth) Edit(_ context.Context, req *http.Request) error {
	if !a.origin.matches(req.URL) {
		return fmt.Errorf("%w: %s is not %s", ErrCrossOrigin, OriginOf(req.URL), a.origin)
	}
	a.set(req.Header)
	return nil
}

// RoundTrip passes req to the base transport if it is for the configured
// origin and refuses it otherwise, so that credentials cannot follow a redirect
// the redirect policy let through. With OAuth it puts the bearer token on the
// request first (see sendWithToken).
func (a *Auth) RoundTrip(req *http.Request) (*http.Response, error) {
	if !a.origin.matches(req.URL) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %s is not %s", ErrCrossOrigin, OriginOf(req.URL), a.origin)
	}
	if a.tokens != nil {
		return a.sendWithToken(req)
	}
	return a.base.RoundTrip(req)
}

// Format prints the transport without its secret key or token, whatever the
// verb. It is on the value, so that an Auth prints this way too.
func (a Auth) Format(f fmt.State, _ rune) {
	if a.tokens != nil {
		_, _ = fmt.Fprintf(f, "transport.Auth{origin:%s AppID:%s SecretKey:[redacted] OAuth:%s}", a.origin, a.appID, a.tokens)
		return
	}
	_, _ = fmt.Fprintf(f, "transport.Auth{origin:%s AppID:%s SecretKey:[redacted]}", a.origin, a.appID)
}
