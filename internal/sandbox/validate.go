package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/voucherify-go/segments/internal/spec"
)

// contract is the project's openapi.yaml, loaded once per Server, and what is needed to
// validate requests against it. It is read-only after newContract.
type contract struct {
	doc    *openapi3.T
	router routers.Router
	// requestOptions validate security and parameters; the body is validated apart,
	// after the content type and size checks.
	requestOptions *openapi3filter.Options
	bodyOptions    *openapi3filter.Options
}

// newContract loads the embedded contract and builds its router. Requests are
// authenticated by comparing the apiKey headers with keys, which maps each security
// scheme's name to its expected value; a scheme not in keys (OAuth) always fails.
func newContract(keys map[string]string) (*contract, error) {
	doc, err := spec.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("loading the contract: %w", err)
	}
	// The servers are Voucherify's clusters; the sandbox answers on any host.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("building the router of the contract: %w", err)
	}
	auth := authenticator(keys)
	// Errors are described from the SchemaError fields; DisableSchemaErrorDetails keeps
	// kin-openapi from rendering the whole schema and value (20,000 IDs) into messages.
	schemaOpts := []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}
	return &contract{
		doc:    doc,
		router: router,
		requestOptions: &openapi3filter.Options{
			ExcludeRequestBody:      true,
			AuthenticationFunc:      auth,
			SchemaValidationOptions: schemaOpts,
		},
		bodyOptions: &openapi3filter.Options{
			SkipSettingDefaults:     true,
			KeepValidatedValue:      true,
			SchemaValidationOptions: schemaOpts,
		},
	}, nil
}

// checkRequest validates the security requirements and the parameters of r. The body
// is not read.
func (c *contract) checkRequest(r *http.Request, route *routers.Route, params map[string]string) *apiError {
	vr := *r
	vr.Body = http.NoBody // security validation would otherwise read the whole body
	err := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
		Request:    &vr,
		PathParams: params,
		Route:      route,
		Options:    c.requestOptions,
	})
	if err == nil {
		return nil
	}
	var se *openapi3filter.SecurityRequirementsError
	if errors.As(err, &se) {
		return errUnauthorized()
	}
	return errInvalidPayload(describe(err))
}

// acceptsContentType reports whether the operation takes a body of r's content type.
func acceptsContentType(route *routers.Route, contentType string) bool {
	rb := route.Operation.RequestBody
	return rb == nil || rb.Value == nil || rb.Value.Content.Get(contentType) != nil
}

// checkBody validates body, the complete request body of r, against the operation's
// request body schema and returns the decoded value.
func (c *contract) checkBody(r *http.Request, route *routers.Route, params map[string]string, body []byte) (any, *apiError) {
	rb := route.Operation.RequestBody
	if rb == nil || rb.Value == nil {
		return nil, nil
	}
	if hasTrailingData(body) {
		return nil, errInvalidPayload("Payload is not valid JSON")
	}
	vr := *r
	vr.Body = io.NopCloser(bytes.NewReader(body))
	vr.GetBody = nil
	vr.ContentLength = int64(len(body))
	err := openapi3filter.ValidateRequestBody(r.Context(), &openapi3filter.RequestValidationInput{
		Request:    &vr,
		PathParams: params,
		Route:      route,
		Options:    c.bodyOptions,
	}, rb.Value)
	if err != nil {
		return nil, errInvalidPayload(describe(err))
	}
	kept, ok := vr.Body.(interface{ ValidatedValue() any })
	if !ok {
		return nil, nil // an empty optional body
	}
	return kept.ValidatedValue(), nil
}
