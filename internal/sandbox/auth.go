package sandbox

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// errUnsupportedScheme fails the security schemes that the sandbox does not implement.
var errUnsupportedScheme = errors.New("security scheme not supported by the sandbox")

// errWrongKey fails an apiKey scheme whose header is missing or wrong.
var errWrongKey = errors.New("missing or wrong key")

// authenticator returns an openapi3filter.AuthenticationFunc that accepts an apiKey
// header scheme when the request's header equals keys[scheme name]. The comparison
// runs in constant time, also with respect to the length of the key.
func authenticator(keys map[string]string) openapi3filter.AuthenticationFunc {
	want := make(map[string][sha256.Size]byte, len(keys))
	for name, v := range keys {
		want[name] = sha256.Sum256([]byte(v))
	}
	return func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		scheme := in.SecurityScheme
		expected, ok := want[in.SecuritySchemeName]
		if !ok || scheme.Type != "apiKey" || scheme.In != "header" {
			return in.NewError(errUnsupportedScheme)
		}
		if !keyMatches(expected, in.RequestValidationInput.Request.Header.Values(scheme.Name)) {
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
