package segments_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
)

const (
	testAppID  = "app_test_5f1c"
	testSecret = "sk_test_SECRET_9d2e_must_never_leak"
)

// fixture returns an official example body from testdata/official.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "official", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newTestClient returns a client for baseURL with test credentials, no retries
// unless opts say otherwise.
func newTestClient(t testing.TB, baseURL string, opts ...segments.Option) *segments.Client {
	t.Helper()
	all := append([]segments.Option{
		segments.WithCredentials(testAppID, testSecret),
		segments.WithBaseURL(baseURL),
		segments.WithMaxRetries(0),
	}, opts...)
	c, err := segments.NewClient(all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// answer returns a handler that always answers status with body, as JSON
// unless headers set another Content-Type (an empty value removes it).
func answer(status int, body []byte, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			if headers[i+1] == "" {
				w.Header().Del(headers[i])
				continue
			}
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// jsonEqual reports whether a and b hold the same JSON value.
func jsonEqual(t testing.TB, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("not JSON: %v: %s", err, a)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return reflect.DeepEqual(va, vb)
}

// decodeJSON decodes a request's JSON body into v.
func decodeJSON(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// json1e999 is a number JSON can carry and float64 cannot.
var json1e999 = json.Number("1e999")

// contains is strings.Contains, for tests that import little else.
func contains(s, sub string) bool { return strings.Contains(s, sub) }
