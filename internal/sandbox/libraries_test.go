package sandbox

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/oapi-codegen/runtime"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// The tests of this file show what oapi-codegen's runtime and kin-openapi cannot do with
// the filters deepObject, which the sandbox therefore does by hand. When one of them fails,
// a library has changed, and the sandbox's work-around may go.

// bindFilters binds query as the generated server binds filters, and returns the $in of
// filters[id] and the error; a panic is reported as panicked.
func bindFilters(t *testing.T, query string) (in []string, err error, panicked bool) {
	t.Helper()
	q, perr := url.ParseQuery(query)
	if perr != nil {
		t.Fatal(perr)
	}
	defer func() {
		if p := recover(); p != nil {
			panicked = true
		}
	}()
	var f *apiserver.ListSegmentsFilters
	err = runtime.BindQueryParameterWithOptions("deepObject", true, false, "filters", q, &f,
		runtime.BindQueryParameterOptions{Type: "object"})
	if f != nil && f.ID != nil && f.ID.Conditions != nil {
		in = f.ID.Conditions.In
	}
	return in, err, false
}

// validateFilters validates query with kin-openapi against list's parameters; a panic is
// reported as panicked.
func validateFilters(t *testing.T, query string) (err error, panicked bool) {
	t.Helper()
	c, cerr := newContract(authenticator(map[string]string{"X-App-Id": testAppID, "X-App-Token": testSecret}, newTokens(time.Minute), time.Now))
	if cerr != nil {
		t.Fatal(cerr)
	}
	req := request(http.MethodGet, "/v1/segments?"+query, nil)
	defer func() {
		if p := recover(); p != nil {
			panicked = true
		}
	}()
	return openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
		Request: req, Route: c.routes["GET /v1/segments"], Options: c.withoutBody(),
	}), false
}

// TestRuntimeBindsOnlyIndexedArrays: an array of filters sent with indexes is bound and
// validated; sent with empty brackets, the runtime cannot bind it, and sent as repeated
// keys, kin-openapi refuses it. indexFilterArrays rewrites both into indexes.
func TestRuntimeBindsOnlyIndexedArrays(t *testing.T) {
	const indexed = "filters[id][conditions][$in][0]=a&filters[id][conditions][$in][1]=b"
	if in, err, _ := bindFilters(t, indexed); err != nil || len(in) != 2 {
		t.Errorf("indexed: bound %q, %v", in, err)
	}
	if err, _ := validateFilters(t, indexed); err != nil {
		t.Errorf("indexed: kin-openapi refuses it: %v", err)
	}
	if _, err, _ := bindFilters(t, "filters[id][conditions][$in][]=a"); err == nil {
		t.Error("empty brackets: the runtime binds them")
	}
	if err, _ := validateFilters(t, "filters[id][conditions][$in]=a&filters[id][conditions][$in]=b"); err == nil {
		t.Error("repeated keys: kin-openapi accepts them")
	}
	for _, query := range []string{"filters[id][conditions][$in][]=a&filters[id][conditions][$in][]=b",
		"filters[id][conditions][$in]=a&filters[id][conditions][$in]=b"} {
		r := request(http.MethodGet, "/v1/segments?"+query, nil)
		indexFilterArrays(r)
		want := url.Values{"filters[id][conditions][$in][0]": {"a"}, "filters[id][conditions][$in][1]": {"b"}}
		if r.URL.RawQuery != want.Encode() {
			t.Errorf("indexFilterArrays(%s) = %s", query, r.URL.RawQuery)
		}
	}
}

// TestLibrariesPanicOnConflictingDeepKeys: a deepObject key that is both a value and an
// object makes both libraries panic, when they happen to read the value first (they read
// the query's keys in map order: 100 tries make a miss as likely as 2^-100); the sandbox
// recovers (serveGenerated, validateRequest) and answers 400 every time.
func TestLibrariesPanicOnConflictingDeepKeys(t *testing.T) {
	const query = "filters[id]=a&filters[id][conditions][$is]=b"
	runtimePanics, kinPanics := false, false
	ts := newTestServer(t, Config{})
	for range 100 {
		_, _, p := bindFilters(t, query)
		runtimePanics = runtimePanics || p
		_, p = validateFilters(t, query)
		kinPanics = kinPanics || p
		if rec := ts.do(request(http.MethodGet, "/v1/segments?"+query, nil)); rec.Code != http.StatusBadRequest {
			t.Fatalf("the sandbox answered %d: %s", rec.Code, rec.Body)
		}
	}
	if !runtimePanics {
		t.Error("the runtime no longer panics: serveGenerated's recover may go")
	}
	if !kinPanics {
		t.Error("kin-openapi no longer panics: validateRequest's recover may go")
	}
}
