package transport

import (
	"errors"
	"fmt"
	"net/http"
)

// maxRedirects matches net/http's own default limit.
const maxRedirects = 10

// ErrTooManyRedirects is returned when a chain of redirects does not end.
var ErrTooManyRedirects = errors.New("too many redirects")

// SameOriginRedirects returns an http.Client CheckRedirect policy that follows
// redirects within origin only (so credentials never travel elsewhere), stops
// after ten, and then applies next, the caller's own policy, if any.
func SameOriginRedirects(origin Origin, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !origin.matches(req.URL) {
			return fmt.Errorf("%w: redirect to %s", ErrCrossOrigin, OriginOf(req.URL))
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: stopped after %d", ErrTooManyRedirects, len(via))
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}
