package sandbox

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// contract is the project's openapi.yaml, loaded once per Server, and what is needed to
// validate requests against it. It is read-only after newContract.
type contract struct {
	doc    *openapi3.T
	routes *routeTable
	// requestOptions validate security and parameters; the body is validated apart,
	// after the content type and size checks.
	requestOptions *openapi3filter.Options
	// bodies validate the request bodies, by media type of each operation.
	bodies map[*openapi3.MediaType]*bodySchema
	// fast accepts the requests that certainly pass, by operation (fastrequest.go).
	fast map[*openapi3.Operation]*fastRequest
}

// newContract returns the embedded contract, its routes and body validators (loaded
// once per process: sharedContract) with what depends on the server. Requests are
// authenticated by comparing the apiKey headers with keys, which maps each security
// scheme's name to its expected value; a scheme not in keys (OAuth) always fails.
func newContract(keys map[string]string) (*contract, error) {
	sh, err := sharedContract()
	if err != nil {
		return nil, err
	}
	auth := authenticator(keys)
	// Errors are described from the SchemaError fields; DisableSchemaErrorDetails keeps
	// kin-openapi from rendering the whole schema and value (20,000 IDs) into messages.
	schemaOpts := []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}
	return &contract{
		doc:    sh.doc,
		routes: sh.routes,
		requestOptions: &openapi3filter.Options{
			ExcludeRequestBody:      true,
			AuthenticationFunc:      auth,
			SchemaValidationOptions: schemaOpts,
		},
		bodies: sh.bodies,
		fast:   fastRequests(sh.doc, keys),
	}, nil
}

// keylessContract is the part of a contract that is the same for every server: the
// document, its routes and its body validators, read-only once built.
type keylessContract struct {
	doc    *openapi3.T
	routes *routeTable
	bodies map[*openapi3.MediaType]*bodySchema
}

// sharedContract loads the keyless contract once per process and shares it, read-only,
// between servers, as one server shares it between its concurrent requests: a test
// suite starts a sandbox per test (segmentstest.NewServer), and each load costs
// milliseconds and over a megabyte. It is a memoised constant, built from the embedded
// contract alone, never changed after.
var sharedContract = sync.OnceValues(loadKeylessContract)

// loadKeylessContract loads the embedded contract and builds its routes and body
// validators.
func loadKeylessContract() (*keylessContract, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, fmt.Errorf("loading the contract: %w", err)
	}
	// The servers are Voucherify's clusters; the sandbox answers on any host.
	doc.Servers = nil
	// The document is validated by the contract's linting and TestLoadSpecAgreesWithGetSpec,
	// not at every start.
	return &keylessContract{doc: doc, routes: newRouteTable(doc), bodies: bodySchemas(doc)}, nil
}

// checkRequest validates the security requirements and the parameters of r. The body
// is not read.
func (c *contract) checkRequest(r *http.Request, route *routers.Route, params pathParams) *apiError {
	if c.acceptsFast(r, route, params) {
		return nil
	}
	if key, ok := conflictingDeepKey(r.URL.Query()); ok {
		// kin-openapi's deepObject decoding panics on a key that is both a value
		// and an object (filters[id]=a&filters[id][conditions]=b).
		return errInvalidPayload("Invalid query parameter 'filters': " + key + " is both a value and an object")
	}
	vr := *r
	vr.Body = http.NoBody // security validation would otherwise read the whole body
	err := validateRequest(r.Context(), &openapi3filter.RequestValidationInput{
		Request:    &vr,
		PathParams: params.asMap(),
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

// validateRequest is openapi3filter.ValidateRequest, with a panic of its
// parameter decoding turned into an error: whatever a client sends, the sandbox
// answers it.
func validateRequest(ctx context.Context, in *openapi3filter.RequestValidationInput) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the request cannot be decoded: %v", p)
		}
	}()
	return openapi3filter.ValidateRequest(ctx, in)
}

// bodySchemas prepares the validation of every JSON request body that doc declares.
func bodySchemas(doc *openapi3.T) map[*openapi3.MediaType]*bodySchema {
	bodies := make(map[*openapi3.MediaType]*bodySchema)
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for name, mt := range op.RequestBody.Value.Content {
				if mt != nil && isJSON(name) && mt.Schema != nil && mt.Schema.Value != nil {
					bodies[mt] = newBodySchema(doc, mt.Schema.Value)
				}
			}
		}
	}
	return bodies
}

// acceptsContentType reports whether the operation takes a body of the content type: one
// its request body declares, and JSON, the only bodies the sandbox reads.
func acceptsContentType(route *routers.Route, contentType string) bool {
	rb := route.Operation.RequestBody
	return rb == nil || rb.Value == nil || (rb.Value.Content.Get(contentType) != nil && isJSON(contentType))
}

// isJSON reports whether a media type (parameters allowed) is application/json or a
// +json type.
func isJSON(mediaType string) bool {
	mt, _, err := mime.ParseMediaType(mediaType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// checkBody validates body, the complete request body of r, against the operation's
// request body schema and returns the decoded value. The body is decoded once, as
// kin-openapi decodes it, and validated by its schema's bodySchema.
func (c *contract) checkBody(r *http.Request, route *routers.Route, body []byte) (any, *apiError) {
	rb := route.Operation.RequestBody
	if rb == nil || rb.Value == nil {
		return nil, nil
	}
	if len(body) == 0 {
		if rb.Value.Required {
			return nil, errInvalidPayload("Payload is required")
		}
		return nil, nil
	}
	contentType := r.Header.Get("Content-Type")
	mt := rb.Value.Content.Get(contentType)
	if mt == nil || !isJSON(contentType) {
		return nil, errUnsupportedMediaType(contentType)
	}
	value, err := decodeJSONBody(body)
	if err != nil {
		return nil, errNotJSON()
	}
	if bs := c.bodies[mt]; bs != nil {
		if err := bs.validate(value); err != nil {
			return nil, errInvalidPayload(describe(&openapi3filter.RequestError{
				RequestBody: rb.Value, Reason: "doesn't match schema", Err: err}))
		}
	}
	return value, nil
}
