package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/voucherify-go/segments/internal/spec"
)

// contract is the project's openapi.yaml, as kin-openapi's openapi3filter validates
// requests against it. It is read-only after newContract.
type contract struct {
	// routes are the operations of the contract, by the pattern under which the generated
	// server registers each on its http.ServeMux ("GET /v1/segments/{segmentId}").
	routes  map[string]*routers.Route
	options *openapi3filter.Options
	// scopes are those the contract declares for its OAuth scheme.
	scopes []string
}

// loadSpec loads the embedded contract once per process: every server shares it,
// read-only, as one server shares it between its concurrent requests (a test suite starts
// a sandbox per test).
var loadSpec = sync.OnceValues(spec.GetSpec)

// newContract returns the embedded contract with its routes and OAuth scopes. Requests
// are authenticated by auth.
func newContract(auth openapi3filter.AuthenticationFunc) (*contract, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, fmt.Errorf("sandbox: loading the contract: %w", err)
	}
	c := &contract{
		routes: make(map[string]*routers.Route),
		options: &openapi3filter.Options{
			AuthenticationFunc: auth,
			// Errors are described from the SchemaError fields (describe.go): kin-openapi
			// would otherwise render the whole schema and value (20,000 IDs) into messages.
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
		},
	}
	for _, scheme := range doc.Components.SecuritySchemes {
		if v := scheme.Value; v != nil && v.Type == "oauth2" && v.Flows != nil && v.Flows.ClientCredentials != nil {
			c.scopes = slices.Sorted(maps.Keys(v.Flows.ClientCredentials.Scopes))
		}
	}
	for template, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			c.routes[method+" "+template] = &routers.Route{Spec: doc, Path: template, PathItem: item, Method: method, Operation: op}
		}
	}
	return c, nil
}

// Operations returns the operations that a Server serves, those of the contract, as method
// and path ("GET /v1/segments"), by path and then method.
func Operations() []string {
	doc, err := loadSpec()
	if err != nil {
		return []string{"(none: " + err.Error() + ")"}
	}
	var ops []string
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		for _, m := range openAPIMethods {
			if doc.Paths.Value(path).GetOperation(m) != nil {
				ops = append(ops, m+" "+path)
			}
		}
	}
	return ops
}

// validated is the middleware in front of every generated handler: it answers the requests
// that the contract or the sandbox's limits refuse, and hands the others on with their
// body read and validated.
func (s *Server) validated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := exchangeOf(r.Context())
		x.validating = true
		route := s.contract.routes[r.Pattern]
		if apiErr := s.contract.checkRequest(r, route); apiErr != nil {
			refuse(w, r, apiErr, x.id)
			return
		}
		if !s.admit(w, r, x) {
			return
		}
		if route.Operation.RequestBody != nil {
			var ok bool
			if r, ok = s.readBody(w, r, x, route); !ok {
				return
			}
		}
		s.serveActing(w, r, x.id, next)
	})
}

// checkRequest validates the security requirements (401) and the parameters (400) of r
// against the operation of route, and that its path and query are UTF-8 (400). The body is
// not read.
func (c *contract) checkRequest(r *http.Request, route *routers.Route) *apiError {
	if route == nil {
		// A route of the generated server that the contract does not have: a broken build.
		return errServer(http.StatusInternalServerError, "The sandbox has no contract for "+r.Pattern)
	}
	params := make(map[string]string)
	for _, p := range slices.Concat(route.PathItem.Parameters, route.Operation.Parameters) {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			params[p.Value.Name] = r.PathValue(p.Value.Name)
		}
	}
	vr := *r
	vr.Body = http.NoBody // security validation would otherwise read the whole body
	err := validateRequest(r.Context(), &openapi3filter.RequestValidationInput{
		Request: &vr, PathParams: params, Route: route, Options: c.withoutBody(),
	})
	if _, ok := errors.AsType[*openapi3filter.SecurityRequirementsError](err); ok {
		return errUnauthorized()
	}
	if err != nil {
		return errInvalidPayload(describe(err))
	}
	return checkUTF8(r)
}

// withoutBody returns the options of c that leave the body out.
func (c *contract) withoutBody() *openapi3filter.Options {
	o := *c.options
	o.ExcludeRequestBody = true
	return &o
}

// validateRequest is openapi3filter.ValidateRequest, with a panic of its parameter
// decoding turned into an error: whatever a client sends, the sandbox answers it
// (TestKinPanicsOnConflictingDeepKeys).
func validateRequest(ctx context.Context, in *openapi3filter.RequestValidationInput) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &openapi3filter.RequestError{Input: in, Reason: fmt.Sprintf("its query cannot be decoded: %v", p)}
		}
	}()
	return openapi3filter.ValidateRequest(ctx, in)
}

// readBody checks the content type (415) and size (413) of r's body, reads it, checks that
// it is UTF-8 and JSON (400) and validates it against the operation's request body (400).
// It returns r with the body to read again, or false when it has answered.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, x *exchange, route *routers.Route) (*http.Request, bool) {
	rb := route.Operation.RequestBody.Value
	contentType := r.Header.Get("Content-Type")
	if contentType != "" && (rb.Content.Get(contentType) == nil || !isUTF8Charset(contentType)) {
		refuse(w, r, errUnsupportedMediaType(contentType, slices.Sorted(maps.Keys(rb.Content))), x.id)
		return nil, false
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		refuse(w, r, errPayloadTooLarge(s.cfg.MaxBodyBytes), x.id)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		apiErr := errInvalidPayload("The request body could not be read")
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			apiErr = errPayloadTooLarge(s.cfg.MaxBodyBytes)
		}
		refuse(w, r, apiErr, x.id)
		return nil, false
	}
	s.requests.setBody(x.entry, body)
	apiErr := s.contract.checkBody(r, route, contentType, body)
	if apiErr != nil {
		writeError(w, apiErr, x.id)
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return r, true
}

// checkBody validates body, the whole request body of r, with openapi3filter.
func (c *contract) checkBody(r *http.Request, route *routers.Route, contentType string, body []byte) *apiError {
	switch {
	case contentType == "" && len(body) > 0:
		return errUnsupportedMediaType("", slices.Sorted(maps.Keys(route.Operation.RequestBody.Value.Content)))
	case !utf8.Valid(body):
		// encoding/json would turn invalid bytes into U+FFFD, in the customers, and
		// keep them raw in a filter.
		return errInvalidUTF8("The request body")
	case len(body) > 0 && isJSONBody(route, contentType) && !json.Valid(body):
		// Also a body with data after its value, which a JSON decoder would stop before.
		return errNotJSON()
	}
	vr := *r
	vr.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: &vr, Route: route, Options: c.options}
	err := openapi3filter.ValidateRequestBody(r.Context(), in, route.Operation.RequestBody.Value)
	if se := innermostSchemaError(err); se != nil && slices.Equal(se.JSONPointer(), []string{"grant_type"}) {
		// The token request's own answer to a grant it does not know, or none.
		return errInvalidGrantType()
	}
	if err != nil {
		return errInvalidPayload(describe(err))
	}
	return nil
}

// isJSONBody reports whether contentType names the JSON body the operation of route takes,
// as the contract declares it (the token request takes a form instead).
func isJSONBody(route *routers.Route, contentType string) bool {
	content := route.Operation.RequestBody.Value.Content
	return content.Get(contentType) != nil && content.Get(contentType) == content.Get("application/json")
}
