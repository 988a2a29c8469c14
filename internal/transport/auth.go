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

// Headers are the fixed headers every request carries besides the credentials.
type Headers struct {
	UserAgent string
	Channel   string // X-Voucherify-Channel
}

// Auth puts the credentials and the SDK headers on requests for one origin
// (Edit) and guards the wire so that no request leaves for another origin
// (RoundTrip).
type Auth struct {
	base   http.RoundTripper
	origin Origin
	appID  string
	// set puts the headers on a request. The secret key lives only in its
	// closure, which no fmt verb and no reflection can print: a Client held in
	// an unexported field is printed by walking its fields, and a bad verb (%s,
	// %d) on a pointer prints what it points to.
	set func(http.Header)
}

// NewAuth returns an Auth for origin that sends through base
// (http.DefaultTransport when nil).
func NewAuth(base http.RoundTripper, origin Origin, creds Credentials, headers Headers) *Auth {
	if base == nil {
		base = http.DefaultTransport
	}
	// The values are ready to assign: computed once, they cost no allocation
	// per request.
	header := http.Header{
		"X-App-Id":             {creds.AppID},
		"X-App-Token":          {creds.SecretKey},
		"User-Agent":           {headers.UserAgent},
		"X-Voucherify-Channel": {headers.Channel},
		"Accept":               {"application/json"},
	}
	return &Auth{base: base, origin: origin, appID: creds.AppID, set: func(h http.Header) {
		for k, v := range header {
			h[k] = v // shared read-only slices: net/http never writes to them
		}
	}}
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
// the redirect policy let through.
func (a *Auth) RoundTrip(req *http.Request) (*http.Response, error) {
	if !a.origin.matches(req.URL) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %s is not %s", ErrCrossOrigin, OriginOf(req.URL), a.origin)
	}
	return a.base.RoundTrip(req)
}

// Format prints the transport without its secret key, whatever the verb.
func (a *Auth) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "transport.Auth{origin:%s AppID:%s SecretKey:[redacted]}", a.origin, a.appID)
}
