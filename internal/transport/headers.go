package transport

import (
	"fmt"
	"net/http"
	"slices"

	"golang.org/x/net/http/httpguts"
)

// Headers are the fixed headers every request carries besides the credentials.
type Headers struct {
	UserAgent string
	Channel   string // X-Voucherify-Channel
	// Custom are the caller's own headers, checked by CheckHeader, with
	// canonical names. They go on every request, the token request included.
	Custom http.Header
}

// CheckHeader reports whether a caller may add the header name: value to every
// request. The name must be an HTTP token and not one the SDK or net/http sets
// itself; the value must hold no control character (CR and LF above all, which
// would let a value start a header of its own). The checks are net/http's own
// (httpguts), so a header accepted here is one net/http sends. The error never
// quotes the value, which may be a secret.
func CheckHeader(name, value string) error {
	if !httpguts.ValidHeaderFieldName(name) {
		return fmt.Errorf("%w: %q is not a valid header name", ErrHeader, name)
	}
	if reserved(http.CanonicalHeaderKey(name)) {
		return fmt.Errorf("%w: %s is set by the client itself and cannot be replaced", ErrHeader, http.CanonicalHeaderKey(name))
	}
	if !httpguts.ValidHeaderFieldValue(value) {
		return fmt.Errorf("%w: the value of %s holds a control character such as CR or LF (the value is not shown)", ErrHeader, http.CanonicalHeaderKey(name))
	}
	return nil
}

// reserved reports whether a canonical header name is one the SDK sets (the
// credentials, the bearer token, its identification, the body's type and the
// answer's) or one net/http manages for the connection and the framing.
func reserved(canonical string) bool {
	switch canonical {
	case "X-App-Id", "X-App-Token", "Authorization", "Content-Type", "Host", "User-Agent",
		"Accept", "X-Voucherify-Channel",
		"Accept-Encoding", "Connection", "Content-Length", "Keep-Alive", "Proxy-Connection",
		"Te", "Trailer", "Transfer-Encoding", "Upgrade":
		return true
	}
	return false
}

// headerSetter returns a function putting the credentials (when creds is not
// nil) and the SDK and custom headers on a request. The secret key lives only
// in its closure, which no fmt verb and no reflection can print: a Client held
// in an unexported field is printed by walking its fields, and a bad verb (%s,
// %d) on a pointer prints what it points to.
func headerSetter(creds *Credentials, headers Headers) func(http.Header) {
	// The values are ready to assign: computed once, they cost no allocation
	// per request.
	header := http.Header{
		"User-Agent":           {headers.UserAgent},
		"X-Voucherify-Channel": {headers.Channel},
		"Accept":               {"application/json"},
	}
	if creds != nil {
		header["X-App-Id"] = []string{creds.AppID}
		header["X-App-Token"] = []string{creds.SecretKey}
	}
	for k, v := range headers.Custom {
		header[k] = slices.Clone(v)
	}
	return func(h http.Header) {
		for k, v := range header {
			h[k] = v // shared read-only slices: net/http never writes to them
		}
	}
}
