package transport

import (
	"errors"
	"net/http"
)

// ErrHeader is matched by CheckHeader's errors.
var ErrHeader = errors.New("invalid header")

// ErrScope is matched by CheckScope's errors.
var ErrScope = errors.New("invalid OAuth scope")

// TokenError is the failure to get an OAuth token for a request, which was
// therefore not sent: whatever the method, retrying it cannot do anything
// twice. Err is the token request's network error, or what OAuth.Refused made
// of its answer; it never holds the token request itself, whose headers carry
// the secret key.
type TokenError struct {
	// Status is the token endpoint's HTTP status, 0 when it gave no answer.
	Status int
	Err    error
}

func (e *TokenError) Error() string { return "getting an OAuth token: " + e.Err.Error() }

// Unwrap returns Err.
func (e *TokenError) Unwrap() error { return e.Err }

// transient reports whether another try may get a token: the token request
// failed on the network, or was answered 429 or a 5xx.
func (e *TokenError) transient() bool {
	if errors.Is(e.Err, ErrCrossOrigin) || errors.Is(e.Err, ErrTooManyRedirects) {
		return false
	}
	switch e.Status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case 0:
		return isDialError(e.Err) || isNetworkError(e.Err)
	}
	return false
}
