package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/voucherify-go/segments/internal/spec"
)

// loadSpec loads the embedded contract. It decodes the generated package's JSON with
// encoding/json and then resolves the references with kin-openapi's loader, which is
// what spec.GetSpec does, minus its YAML parser: kin-openapi reads any document, JSON
// included, as YAML, and that was three quarters of a sandbox's start-up. The
// document's parts are decoded apart, the schemas and the paths beside the rest, on
// the other core:
// kin-openapi decodes every object twice (once more into a map, for its extensions),
// so each level above a part costs a decode of all of it.
// TestLoadSpecAgreesWithGetSpec checks that the document is spec.GetSpec's.
func loadSpec() (*openapi3.T, error) {
	data, err := spec.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	doc, err := decodeSpecParts(data)
	if err != nil {
		return nil, err
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	return doc, nil
}

// specParts are the members of a document that decodeSpecParts decodes, and where.
func specParts(doc *openapi3.T) map[string]any {
	return map[string]any{
		"openapi": &doc.OpenAPI, "info": &doc.Info, "servers": &doc.Servers, "paths": &doc.Paths,
		"security": &doc.Security, "tags": &doc.Tags, "externalDocs": &doc.ExternalDocs,
	}
}

// decodeSpecParts decodes data, a JSON OpenAPI document, as json.Unmarshal into an
// openapi3.T does, part by part. A document with members it does not handle (an
// extension, webhooks) is decoded whole.
func decodeSpecParts(data []byte) (*openapi3.T, error) {
	doc := &openapi3.T{}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, err
	}
	parts := specParts(doc)
	for key := range top {
		if _, ok := parts[key]; !ok && key != "components" {
			return doc, json.Unmarshal(data, doc)
		}
	}
	var comp map[string]json.RawMessage
	if raw, ok := top["components"]; ok {
		if err := json.Unmarshal(raw, &comp); err != nil {
			return nil, err
		}
	}
	// The two largest parts, the schemas and the paths, beside the rest.
	var schemas openapi3.Schemas
	rawSchemas := comp["schemas"]
	delete(comp, "schemas")
	partErrs := make(chan error, 2)
	go func() { partErrs <- decodeIfPresent(rawSchemas, &schemas) }()
	go func() { partErrs <- decodeIfPresent(top["paths"], &doc.Paths) }()
	delete(parts, "paths")
	err := func() error {
		for key, into := range parts {
			if err := decodeIfPresent(top[key], into); err != nil {
				return err
			}
		}
		if comp == nil {
			return nil
		}
		rest, err := json.Marshal(comp)
		if err != nil {
			return err
		}
		doc.Components = &openapi3.Components{}
		return json.Unmarshal(rest, doc.Components)
	}()
	if err := errors.Join(err, <-partErrs, <-partErrs); err != nil {
		return nil, err
	}
	if doc.Components != nil {
		doc.Components.Schemas = schemas
	}
	return doc, nil
}

// decodeIfPresent decodes raw into v unless raw is missing.
func decodeIfPresent(raw json.RawMessage, v any) error {
	if raw == nil {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// lazyContract is the contract of a Server, loaded in the background from New on, so
// that a server can listen before it is loaded; requests wait for it. It has the
// methods of contract, which the handler calls.
type lazyContract struct {
	done   chan struct{} // closed once loaded
	loaded *contract
	err    error
}

// loadContract starts loading the contract with the keys of newContract.
func loadContract(keys map[string]string) *lazyContract {
	l := &lazyContract{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.loaded, l.err = newContract(keys)
	}()
	return l
}

// get waits for the contract.
func (l *lazyContract) get() (*contract, error) {
	<-l.done
	return l.loaded, l.err
}

// route is contract.route, once the contract is loaded; a contract that cannot be
// loaded (a broken build) answers 500.
func (l *lazyContract) route(r *http.Request) (*routers.Route, pathParams, *apiError) {
	c, err := l.get()
	if err != nil {
		return nil, nil, errServer(http.StatusInternalServerError, fmt.Sprintf("The sandbox could not load its contract: %v", err))
	}
	return c.routes.route(r)
}

// allowHeaderOf is routeTable.allowHeaderOf; empty without a contract.
func (l *lazyContract) allowHeaderOf(path string) string {
	c, err := l.get()
	if err != nil {
		return ""
	}
	return c.routes.allowHeaderOf(path)
}

// checkRequest is contract.checkRequest; only called on a route that was found.
func (l *lazyContract) checkRequest(r *http.Request, route *routers.Route, params pathParams) *apiError {
	c, _ := l.get()
	return c.checkRequest(r, route, params)
}

// checkBody is contract.checkBody; only called on a route that was found.
func (l *lazyContract) checkBody(r *http.Request, route *routers.Route, body []byte) (any, *apiError) {
	c, _ := l.get()
	return c.checkBody(r, route, body)
}
