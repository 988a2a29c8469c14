package sandbox

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// bodySchema validates decoded request bodies against one schema of the contract, with
// kin-openapi, as openapi3filter.ValidateRequestBody would, but without what makes that
// slow on a body of 20,000 customers:
//
//   - A oneOf with a discriminator (CreateSegmentRequest) is validated against the one
//     branch that the discriminator maps the body to. Through the oneOf, kin-openapi
//     first validates a deep copy of the body against that branch and then validates
//     the body again (to set defaults), so every customer ID is checked twice and the
//     array is copied.
//   - Error messages never render the schema or the value (DisableSchemaErrorDetails):
//     the 400 answer is described from the SchemaError's fields.
//
// When the discriminator does not name a branch (the property is missing, not a string
// or not mapped), the whole schema is validated as before, so the error is kin-openapi's
// own. Everything else (readOnly in requests, every keyword of the branch) is the same
// validation, by the same code.
type bodySchema struct {
	schema *openapi3.Schema
	// property is the discriminator's property name and branches the schema that each
	// of its values maps to; both empty when the schema is not eligible (see dispatch).
	property string
	branches map[string]*openapi3.Schema
	opts     []openapi3.SchemaValidationOption
	// fast accepts, ahead of kin-openapi, what each schema certainly accepts: by the
	// schema it validates (the whole one or a branch); nil where a schema is not
	// compiled (fastschema.go).
	fast map[*openapi3.Schema]*fastSchema
}

// newBodySchema prepares the validation of bodies against schema, a schema of doc.
func newBodySchema(doc *openapi3.T, schema *openapi3.Schema) *bodySchema {
	b := &bodySchema{
		schema: schema,
		opts:   []openapi3.SchemaValidationOption{openapi3.VisitAsRequest(), openapi3.DisableSchemaErrorDetails()},
	}
	if doc.IsOpenAPI31OrLater() {
		// 3.1 schemas go to kin-openapi's JSON Schema 2020-12 validator, whose oneOf
		// this shortcut does not model.
		b.opts = append(b.opts, openapi3.EnableJSONSchema2020())
		return b
	}
	b.property, b.branches = dispatch(schema)
	b.fast = map[*openapi3.Schema]*fastSchema{schema: compileFast(schema)}
	for _, branch := range b.branches {
		b.fast[branch] = compileFast(branch)
	}
	return b
}

// validate checks value, a body decoded by decodeJSONBody.
func (b *bodySchema) validate(value any) error {
	target := b.schema
	if branch := b.branch(value); branch != nil {
		target = branch
	}
	if f := b.fast[target]; f != nil && f.accepts(value) {
		return nil
	}
	return target.VisitJSON(value, b.opts...)
}

// branch returns the schema that the discriminator maps value to, or nil.
func (b *bodySchema) branch(value any) *openapi3.Schema {
	if b.branches == nil {
		return nil
	}
	m, ok := value.(map[string]any)
	if !ok {
		return nil
	}
	v, ok := m[b.property].(string)
	if !ok {
		return nil
	}
	return b.branches[v]
}

// dispatch returns the discriminator property of schema and, for each value of its
// mapping, the oneOf branch that kin-openapi would validate a body with that value
// against, alone. It returns nothing when schema is not only a oneOf with a
// discriminator mapping (any keyword of its own would be skipped), or when a branch is
// unresolved or listed twice (kin-openapi would then not match exactly one branch).
func dispatch(schema *openapi3.Schema) (string, map[string]*openapi3.Schema) {
	d := schema.Discriminator
	if d == nil || d.PropertyName == "" || len(d.Mapping) == 0 || len(schema.OneOf) == 0 {
		return "", nil
	}
	rest := *schema
	rest.OneOf, rest.Discriminator = nil, nil
	if rest.Always != nil || !rest.IsEmpty() {
		return "", nil
	}
	byRef := make(map[string]*openapi3.Schema, len(schema.OneOf))
	for _, item := range schema.OneOf {
		if item == nil || item.Value == nil || item.Ref == "" {
			return "", nil
		}
		if _, twice := byRef[item.Ref]; twice {
			return "", nil
		}
		byRef[item.Ref] = item.Value
	}
	branches := make(map[string]*openapi3.Schema, len(d.Mapping))
	for value, mapped := range d.Mapping {
		ref := mapped.Ref
		if ref != "" && !strings.Contains(ref, "/") {
			ref = "#/components/schemas/" + ref // a plain schema name, as kin-openapi reads it
		}
		if s, ok := byRef[ref]; ok {
			branches[value] = s
		}
	}
	return d.PropertyName, branches
}
