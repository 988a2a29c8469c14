package sandbox

import (
	"crypto/sha256"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// fastRequest accepts, without openapi3filter, the requests to one operation that
// certainly pass its security requirements and parameters, as fastSchema does for
// bodies: a request it does not accept is validated by openapi3filter.ValidateRequest,
// whose error is the answer (TestFastRequestAgreesWithKin). openapi3filter decodes and
// visits every parameter and calls the authenticator through its generic machinery,
// which was a third of the sandbox's work on a GET.
//
// An operation gets one only when every parameter (its own and its path's) is a
// required path parameter in the simple style whose schema fastSchema compiles to a
// string: openapi3filter validates such a value as it is, a non-empty string.
type fastRequest struct {
	params []fastParam
	// requirements are the security requirements that can pass here: each is the
	// list of apiKey headers, with the SHA-256 of the key, that must all match.
	requirements [][]fastKey
}

type fastParam struct {
	name   string
	schema *fastSchema
}

type fastKey struct {
	header   string
	expected [sha256.Size]byte
}

// newFastRequest returns the fastRequest of op under item in doc, or nil. keys are
// those of newContract.
func newFastRequest(doc *openapi3.T, item *openapi3.PathItem, op *openapi3.Operation, keys map[string]string) *fastRequest {
	f := &fastRequest{}
	params := append(openapi3.Parameters{}, op.Parameters...)
	for _, ref := range item.Parameters {
		if ref.Value != nil && op.Parameters.GetByInAndName(ref.Value.In, ref.Value.Name) == nil {
			params = append(params, ref)
		}
	}
	for _, ref := range params {
		p := ref.Value
		if p == nil || p.In != openapi3.ParameterInPath || !p.Required || p.Content != nil || p.Schema == nil ||
			p.AllowEmptyValue || (p.Style != "" && p.Style != openapi3.SerializationSimple) || (p.Explode != nil && *p.Explode) {
			return nil
		}
		s := compileFast(p.Schema.Value)
		if s == nil || s.kind != openapi3.TypeString {
			return nil
		}
		f.params = append(f.params, fastParam{name: p.Name, schema: s})
	}
	security := op.Security
	if security == nil {
		security = &doc.Security
	}
	for _, req := range *security {
		var all []fastKey
		for name := range req {
			key, known := keys[name]
			ss := doc.Components.SecuritySchemes[name]
			if !known || ss == nil || ss.Value == nil || ss.Value.Type != "apiKey" || ss.Value.In != "header" {
				all = nil
				break
			}
			all = append(all, fastKey{header: ss.Value.Name, expected: sha256.Sum256([]byte(key))})
		}
		if len(all) > 0 {
			f.requirements = append(f.requirements, all)
		}
	}
	if len(f.requirements) == 0 {
		return nil // no requirement that keys can pass, or none at all: left to openapi3filter
	}
	return f
}

// accepts reports whether r, with the path parameters params, certainly passes.
func (f *fastRequest) accepts(r *http.Request, params pathParams) bool {
	for _, p := range f.params {
		v := params.get(p.name)
		if v == "" || !p.schema.acceptsString(v) {
			return false
		}
	}
	for _, req := range f.requirements {
		passed := true
		for _, k := range req {
			// Every key is checked, in constant time, whatever the others gave.
			passed = keyMatches(k.expected, r.Header.Values(k.header)) && passed
		}
		if passed {
			return true
		}
	}
	return false
}

// fastRequests prepares a fastRequest for every operation of doc that can have one.
func fastRequests(doc *openapi3.T, keys map[string]string) map[*openapi3.Operation]*fastRequest {
	out := make(map[*openapi3.Operation]*fastRequest)
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if f := newFastRequest(doc, item, op, keys); f != nil {
				out[op] = f
			}
		}
	}
	return out
}

// acceptsFast reports whether the fast path accepts r on route.
func (c *contract) acceptsFast(r *http.Request, route *routers.Route, params pathParams) bool {
	f := c.fast[route.Operation]
	return f != nil && f.accepts(r, params)
}
