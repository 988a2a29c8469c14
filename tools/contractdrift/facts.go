package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// facts is what one OpenAPI document says about the wire, as one line per
// statement ("GET /v1/segments query limit: maximum 100"), each mapped to the
// statement it details ("GET /v1/segments query limit"), or to "" at the top.
// Two documents are compared by comparing their sets of lines, so a line must
// name its subject by what a client sees (method, path, parameter, status,
// field path), never by the document's internal component names.
//
// Not compared: descriptions, summaries, titles, examples, tags, x- extensions,
// URLs of servers and OAuth flows, and defaults of response fields (a default
// describes what a server assumes when a client leaves a value out).
type facts map[string]string

// add records key as a detail of parent; the first parent recorded wins.
func (f facts) add(parent, key string) string {
	if _, ok := f[key]; !ok {
		f[key] = parent
	}
	return key
}

// collect reads every statement of doc.
func collect(doc *openapi3.T) facts {
	f := facts{}
	c := collector{f: f}
	c.servers(doc.Servers)
	if doc.Components != nil {
		c.securitySchemes(doc.Components.SecuritySchemes)
	}
	if doc.Paths == nil {
		return f
	}
	for _, path := range sortedKeys(doc.Paths.Map()) {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			c.operation(doc, method, path, item, op)
		}
	}
	return f
}

type collector struct{ f facts }

func (c collector) servers(servers openapi3.Servers) {
	for _, s := range servers {
		srv := c.f.add("", "server "+s.URL)
		for name, v := range s.Variables {
			vr := c.f.add(srv, srv+" variable "+name)
			for _, e := range v.Enum {
				c.f.add(vr, vr+": enum "+jsonText(e))
			}
			if v.Default != "" {
				c.f.add(vr, vr+": default "+jsonText(v.Default))
			}
		}
	}
}

func (c collector) securitySchemes(schemes openapi3.SecuritySchemes) {
	for name, ref := range schemes {
		s := ref.Value
		if s == nil {
			continue
		}
		node := c.f.add("", "security scheme "+name)
		c.f.add(node, node+": type "+s.Type)
		if s.In != "" || s.Name != "" {
			c.f.add(node, node+": in "+s.In+" "+s.Name)
		}
		if s.Scheme != "" {
			c.f.add(node, node+": scheme "+s.Scheme)
		}
		if s.Flows == nil {
			continue
		}
		for flowName, flow := range map[string]*openapi3.OAuthFlow{
			"implicit": s.Flows.Implicit, "password": s.Flows.Password,
			"clientCredentials": s.Flows.ClientCredentials, "authorizationCode": s.Flows.AuthorizationCode,
		} {
			if flow == nil {
				continue
			}
			fl := c.f.add(node, node+" flow "+flowName)
			for scope := range flow.Scopes {
				c.f.add(fl, fl+" scope "+scope)
			}
		}
	}
}

func (c collector) operation(doc *openapi3.T, method, path string, item *openapi3.PathItem, op *openapi3.Operation) {
	node := c.f.add("", method+" "+path)
	if op.OperationID != "" {
		c.f.add(node, node+" operationId "+op.OperationID)
	}
	if op.Deprecated {
		c.f.add(node, node+": deprecated")
	}

	// Security: the operation's own requirements, else the document's.
	security := doc.Security
	if op.Security != nil {
		security = *op.Security
	}
	for _, req := range security {
		c.f.add(node, node+" security "+requirement(req))
	}

	// Parameters: those of the path item, overridden by the operation's.
	params := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range list {
			if p := ref.Value; p != nil {
				params[p.In+" "+p.Name] = p
			}
		}
	}
	for _, key := range sortedKeys(params) {
		c.parameter(node, params[key])
	}

	if op.RequestBody != nil && op.RequestBody.Value != nil {
		body := op.RequestBody.Value
		req := c.f.add(node, node+" request")
		if body.Required {
			c.f.add(req, req+": required")
		}
		c.content(req, body.Content, true)
	}

	if op.Responses != nil {
		for status, ref := range op.Responses.Map() {
			if ref.Value == nil {
				continue
			}
			resp := c.f.add(node, node+" response "+status)
			for name, h := range ref.Value.Headers {
				if h.Value == nil {
					continue
				}
				header := c.f.add(resp, resp+" header "+name)
				if h.Value.Required {
					c.f.add(header, header+": required")
				}
				c.schema(resp+" header", name, header, h.Value.Schema, false, nil)
			}
			c.content(resp, ref.Value.Content, false)
		}
	}
}

func (c collector) parameter(op string, p *openapi3.Parameter) {
	prefix := op + " " + p.In
	node := c.f.add(op, prefix+" "+p.Name)
	if p.Required {
		c.f.add(node, node+": required")
	}
	if p.Deprecated {
		c.f.add(node, node+": deprecated")
	}
	// Defaults made explicit, so that `style: form` written out equals leaving it out.
	style := p.Style
	if style == "" {
		style = map[string]string{"query": "form", "cookie": "form", "path": "simple", "header": "simple"}[p.In]
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	c.f.add(node, fmt.Sprintf("%s: style %s, explode %t", node, style, explode))
	c.schema(prefix, p.Name, node, p.Schema, true, nil)
	c.content(node, p.Content, true)
}

func (c collector) content(parent string, content openapi3.Content, request bool) {
	for mediaType, mt := range content {
		node := c.f.add(parent, parent+" "+mediaType)
		c.schema(node, "", node, mt.Schema, request, nil)
	}
}

// schema records what ref says about the value at fieldPath under prefix:
// "<prefix> <fieldPath>: <statement>". Nested fields extend fieldPath with
// ".name", array items with "[]", map values with ".*", and the shapes of a
// oneOf or anyOf with "(type=static)" (see tagProperty).
func (c collector) schema(prefix, fieldPath, parent string, ref *openapi3.SchemaRef, request bool, stack []*openapi3.Schema) {
	if ref == nil || ref.Value == nil {
		return
	}
	s := ref.Value
	if slices.Contains(stack, s) {
		return // a recursive schema: its statements are already recorded above
	}
	stack = append(stack, s)

	node := prefix
	if fieldPath != "" {
		node = prefix + " " + fieldPath
	}
	c.f.add(parent, node)
	stmt := func(format string, args ...any) { c.f.add(node, node+": "+fmt.Sprintf(format, args...)) }

	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			stmt("type %s", t)
		}
	}
	if s.Format != "" {
		stmt("format %s", s.Format)
	}
	if s.Nullable {
		stmt("nullable")
	}
	for _, e := range s.Enum {
		stmt("enum %s", jsonText(e))
	}
	if s.Default != nil && request {
		stmt("default %s", jsonText(s.Default))
	}
	bound := func(name string, v *float64, exclusive openapi3.ExclusiveBound) {
		if v == nil {
			return
		}
		if exclusive.Bool != nil && *exclusive.Bool {
			name = "exclusive " + name
		}
		stmt("%s %v", name, *v)
	}
	bound("minimum", s.Min, s.ExclusiveMin)
	bound("maximum", s.Max, s.ExclusiveMax)
	if s.MultipleOf != nil {
		stmt("multipleOf %v", *s.MultipleOf)
	}
	counts := []struct {
		name string
		min  uint64
		max  *uint64
	}{{"Length", s.MinLength, s.MaxLength}, {"Items", s.MinItems, s.MaxItems}, {"Properties", s.MinProps, s.MaxProps}}
	for _, n := range counts {
		if n.min > 0 {
			stmt("min%s %d", n.name, n.min)
		}
		if n.max != nil {
			stmt("max%s %d", n.name, *n.max)
		}
	}
	if s.Pattern != "" {
		stmt("pattern %s", s.Pattern)
	}
	if s.UniqueItems {
		stmt("uniqueItems")
	}
	if s.ReadOnly {
		stmt("readOnly")
	}
	if s.WriteOnly {
		stmt("writeOnly")
	}
	if s.Deprecated {
		stmt("deprecated")
	}
	if s.Discriminator != nil {
		stmt("discriminator %s", s.Discriminator.PropertyName)
	}

	for _, name := range s.Required {
		if !declares(s, name, nil) {
			// A defect worth its own line: a client generated from this schema has no such field.
			stmt("requires %s, which it does not declare", name)
			continue
		}
		field := prefix + " " + join(fieldPath, name)
		c.f.add(field, field+": required")
	}
	for _, name := range sortedKeys(s.Properties) {
		c.schema(prefix, join(fieldPath, name), node, s.Properties[name], request, stack)
	}
	if s.Items != nil {
		c.schema(prefix, fieldPath+"[]", node, s.Items, request, stack)
	}
	switch ap := s.AdditionalProperties; {
	case ap.Schema != nil:
		c.schema(prefix, join(fieldPath, "*"), node, ap.Schema, request, stack)
	case ap.Has != nil && !*ap.Has:
		stmt("no additional properties")
	}
	// allOf: every part describes the same value.
	for _, part := range s.AllOf {
		c.schema(prefix, fieldPath, parent, part, request, stack)
	}
	for kind, shapes := range map[string]openapi3.SchemaRefs{"oneOf": s.OneOf, "anyOf": s.AnyOf} {
		if len(shapes) == 0 {
			continue
		}
		stmt("%s", kind)
		tag := tagProperty(s, shapes)
		for _, shape := range shapes {
			shapePath := fieldPath
			if tag != "" {
				shapePath += "(" + tag + "=" + strings.Join(enumOf(shape, tag), "|") + ")"
			}
			c.schema(prefix, shapePath, node, shape, request, stack)
		}
	}
	if s.Not != nil {
		c.schema(prefix, fieldPath+"(not)", node, s.Not, request, stack)
	}
}

// declares reports whether s declares the property name, itself or in a part
// of its allOf (which describes the same value: Voucherify's answers are
// allOf one schema, with the required list beside it).
func declares(s *openapi3.Schema, name string, stack []*openapi3.Schema) bool {
	if _, ok := s.Properties[name]; ok {
		return true
	}
	if slices.Contains(stack, s) {
		return false
	}
	stack = append(stack, s)
	for _, part := range s.AllOf {
		if part.Value != nil && declares(part.Value, name, stack) {
			return true
		}
	}
	return false
}

// tagProperty is the property that tells the shapes of a oneOf or anyOf
// apart on the wire: the discriminator, or else the first property that holds
// an enum in every shape. Each shape's statements are then recorded under
// "(type=static)", its values of the tag. Without a tag, the shapes describe
// the same value and their statements are recorded together, as the union of
// the fields a client may meet.
func tagProperty(s *openapi3.Schema, shapes openapi3.SchemaRefs) string {
	if s.Discriminator != nil {
		return s.Discriminator.PropertyName
	}
	if len(shapes) == 0 || shapes[0].Value == nil {
		return ""
	}
	for _, name := range sortedKeys(shapes[0].Value.Properties) {
		every := true
		for _, shape := range shapes {
			if len(enumOf(shape, name)) == 0 {
				every = false
				break
			}
		}
		if every {
			return name
		}
	}
	return ""
}

func enumOf(shape *openapi3.SchemaRef, property string) []string {
	if shape.Value == nil {
		return nil
	}
	p := shape.Value.Properties[property]
	if p == nil || p.Value == nil {
		return nil
	}
	values := make([]string, 0, len(p.Value.Enum))
	for _, e := range p.Value.Enum {
		values = append(values, fmt.Sprint(e))
	}
	sort.Strings(values)
	return values
}

// requirement writes one security requirement as "A + B" ("scheme[scopes]").
func requirement(req openapi3.SecurityRequirement) string {
	parts := make([]string, 0, len(req))
	for _, name := range sortedKeys(req) {
		scopes := slices.Clone(req[name])
		sort.Strings(scopes)
		if len(scopes) > 0 {
			name += "[" + strings.Join(scopes, " ") + "]"
		}
		parts = append(parts, name)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " + ")
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
