package sandbox

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// errUnsupportedScheme fails the security schemes that the sandbox does not implement.
var errUnsupportedScheme = errors.New("security scheme not supported by the sandbox")

// errWrongKey fails an apiKey scheme whose header is missing or wrong.
var errWrongKey = errors.New("missing or wrong key")

// errWrongToken fails the OAuth scheme: no bearer token, or one that was not issued, has
// expired, was revoked or lacks the operation's scope.
var errWrongToken = errors.New("missing, expired, revoked or out-of-scope token")

// authenticator returns an openapi3filter.AuthenticationFunc that accepts an apiKey
// header scheme when the request's header equals keys[scheme name], and the OAuth scheme
// when the request carries "Authorization: Bearer" and a token of issued that allows one
// of the scopes the requirement names, at now. Keys are compared in constant time, also
// with respect to their length.
func authenticator(keys map[string]string, issued *tokens, now func() time.Time) openapi3filter.AuthenticationFunc {
	want := make(map[string][sha256.Size]byte, len(keys))
	for name, v := range keys {
		want[name] = sha256.Sum256([]byte(v))
	}
	return func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		scheme, h := in.SecurityScheme, in.RequestValidationInput.Request.Header
		if scheme.Type == "oauth2" {
			bearer, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
			if len(h.Values("Authorization")) != 1 || !ok || !issued.allows(bearer, in.Scopes, now()) {
				return in.NewError(errWrongToken)
			}
			return nil
		}
		expected, ok := want[in.SecuritySchemeName]
		if !ok || scheme.Type != "apiKey" || scheme.In != "header" {
			return in.NewError(errUnsupportedScheme)
		}
		if !keyMatches(expected, h.Values(scheme.Name)) {
			return in.NewError(errWrongKey)
		}
		return nil
	}
}

// keyMatches reports whether a request's values of a key header are one non-empty
// value whose SHA-256 is expected, comparing in constant time.
func keyMatches(expected [sha256.Size]byte, values []string) bool {
	got := ""
	if len(values) == 1 {
		got = values[0]
	}
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], expected[:]) == 1 && got != ""
}
