package transport

import (
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

// Auth is an http.RoundTripper that adds the credentials and the SDK headers to
// requests for one origin, and refuses requests for any other.
type Auth struct {
	base    http.RoundTripper
	origin  Origin
	creds   Credentials
	headers Headers
}

// NewAuth wraps base (http.DefaultTransport when nil) so that requests to origin
// carry creds and headers.
func NewAuth(base http.RoundTripper, origin Origin, creds Credentials, headers Headers) *Auth {
	if base == nil {
		base = http.DefaultTransport
	}
	return &Auth{base: base, origin: origin, creds: creds, headers: headers}
}

// RoundTrip sends a copy of req with the credentials. The copy is needed because
// a RoundTripper must not modify its request, and because http.Client copies the
// original request's headers onto redirects.
func (a *Auth) RoundTrip(req *http.Request) (*http.Response, error) {
	if !a.origin.Matches(req.URL) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %s is not %s", ErrCrossOrigin, OriginOf(req.URL), a.origin)
	}
	r := req.Clone(req.Context())
	r.Header.Set("X-App-Id", a.creds.AppID)
	r.Header.Set("X-App-Token", a.creds.SecretKey)
	r.Header.Set("User-Agent", a.headers.UserAgent)
	r.Header.Set("X-Voucherify-Channel", a.headers.Channel)
	if r.Header.Get("Accept") == "" {
		r.Header.Set("Accept", "application/json")
	}
	return a.base.RoundTrip(r)
}

// Format prints the transport without its secret key, whatever the verb.
func (a *Auth) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, "transport.Auth{origin:%s creds:", a.origin)
	a.creds.Format(f, verb)
	_, _ = fmt.Fprint(f, "}")
}
