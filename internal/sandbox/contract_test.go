package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/voucherify-go/segments/internal/contracttest"
	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// responseChecker checks answers against the contract, independently of the sandbox's
// own copy of it: the sandbox must not be able to mark its own homework.
type responseChecker struct {
	doc         *openapi3.T
	router      routers.Router
	errorSchema *openapi3.Schema
	checked     atomic.Int64
}

var requestIDPattern = regexp.MustCompile(`^v-[0-9a-f]{18}$`)

func newResponseChecker(t testing.TB) *responseChecker {
	t.Helper()
	doc, router := contracttest.Router(t)
	ref := doc.Components.Schemas["Error"]
	if ref == nil || ref.Value == nil {
		t.Fatal("the contract has no Error schema")
	}
	return &responseChecker{doc: doc, router: router, errorSchema: ref.Value}
}

// check validates one answer: with openapi3filter.ValidateResponse when the request
// matches an operation (undeclared statuses fail), and against the Error schema when it
// does not (404 for an unknown path, 405, injected faults).
func (c *responseChecker) check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	c.checked.Add(1)
	for _, h := range []string{"X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Retry", "X-Rate-Limit-Type"} {
		// The real API sends them on every answer; so must the sandbox.
		if header.Get(h) == "" {
			t.Errorf("%s %s: %d without %s", req.Method, req.URL.Path, status, h)
		}
	}
	ct := header.Get("Content-Type")
	html := strings.HasPrefix(ct, "text/html")
	if html && status < 500 {
		t.Errorf("%s %s: HTML body with status %d; only a proxy's 5xx may be HTML", req.Method, req.URL.Path, status)
	}
	if status >= 400 && !html {
		c.checkErrorBody(t, req, status, body)
	}
	if status == http.StatusNoContent && len(body) != 0 {
		t.Errorf("%s %s: 204 with a body: %q", req.Method, req.URL.Path, body)
	}

	if status == http.StatusMethodNotAllowed {
		// No operation to validate against (the legacy router would even match GET
		// /v1/segments to get-segment with an empty ID): the Error body was checked above.
		if header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without an Allow header", req.Method, req.URL.Path)
		}
		return
	}
	if strings.Contains(strings.ToUpper(req.URL.EscapedPath()), "%2F") {
		// The router matches the unescaped path, where an escaped slash inside a
		// parameter (a segment ID "a/b") splits it: no operation to hold the answer
		// to; its Error body was checked above.
		return
	}
	route, params, err := c.router.FindRoute(req)
	if err == nil && strings.HasSuffix(req.URL.EscapedPath(), "/") && !strings.HasSuffix(route.Path, "/") {
		// The router matches a path with a trailing slash to the path without it;
		// the sandbox, as the API, does not.
		err = errors.New("no operation has the path with a trailing slash")
	}
	if err != nil {
		if status != http.StatusNotFound && status != http.StatusTooManyRequests && status < 500 {
			t.Errorf("%s %s matches no operation but was answered %d", req.Method, req.URL.Path, status)
		}
		return
	}
	if html {
		// The contract's ServerError response allows a proxy's non-JSON body: check only
		// that the operation declares the status.
		if route.Operation.Responses.Status(status) == nil {
			t.Errorf("%s %s: status %d is not declared", req.Method, req.URL.Path, status)
		}
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
		},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		t.Errorf("%s %s answered %d, which the contract refuses: %v\nbody: %.300s", req.Method, req.URL.Path, status, err, body)
	}
}

// checkErrorBody checks a JSON error body: the Error schema, code equal to the status,
// and a request_id shaped like the real API's.
func (c *responseChecker) checkErrorBody(t testing.TB, req *http.Request, status int, body []byte) {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Errorf("%s %s: %d with a body that is not JSON: %v: %q", req.Method, req.URL.Path, status, err, body)
		return
	}
	if err := c.errorSchema.VisitJSON(v); err != nil {
		t.Errorf("%s %s: %d with a body that is not an Error object: %v", req.Method, req.URL.Path, status, err)
	}
	var e struct {
		apiserver.VoucherifyError
		StatusCode int    `json:"statusCode"`
		Error      string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Errorf("decoding the error body: %v", err)
		return
	}
	if e.StatusCode != 0 {
		// The framework shape: statusCode, error (the status text) and message only.
		if e.StatusCode != status || e.Error != http.StatusText(status) || e.Message == "" {
			t.Errorf("%s %s: status %d with the framework body %s", req.Method, req.URL.Path, status, body)
		}
		return
	}
	if e.Code != status {
		t.Errorf("%s %s: status %d but code %d in the body", req.Method, req.URL.Path, status, e.Code)
	}
	if !requestIDPattern.MatchString(e.RequestID) {
		t.Errorf("%s %s: request_id %q is not v- and 18 hex digits", req.Method, req.URL.Path, e.RequestID)
	}
}

// validating wraps h so that every answer it gives is checked by c.
func (c *responseChecker) validating(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if r.Context().Err() != nil {
			return // the client is gone: there is no answer to check
		}
		res := rec.Result()
		c.check(t, r, res.StatusCode, res.Header, rec.Body.Bytes())
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(rec.Body.Bytes())
	})
}
