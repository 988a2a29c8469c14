package sandbox

import (
	"reflect"
	"unicode/utf16"

	"github.com/getkin/kin-openapi/openapi3"
)

// fastSchema accepts, without kin-openapi, the values that a schema certainly accepts,
// for the schemas of the few keywords that a static segment's body uses. It only ever
// accepts: a value it does not accept is validated by kin-openapi, whose error is the
// answer. So it must never accept what kin-openapi refuses (TestFastSchemaNeverAccepts
// WhatKinRefuses and FuzzCheckBody check it), but it may send a valid value on to
// kin-openapi. kin-openapi visits every one of a static segment's 20,000 customer IDs
// through its whole validator, allocating on each: a third of a validated create.
//
// A schema is compiled only when every keyword it sets is one of: type (one type:
// string, array or object), minLength, maxLength and enum (of strings) of a string,
// minItems, maxItems and items of an array, properties, required and additionalProperties
// false of an object, and annotations (title, description, examples, extensions);
// anything else, in it or in a schema below it, leaves it to kin-openapi.
type fastSchema struct {
	kind string // openapi3.TypeString, TypeArray or TypeObject

	minLength uint64
	maxLength *uint64
	enum      []string

	minItems uint64
	maxItems *uint64
	items    *fastSchema

	properties map[string]*fastSchema
	required   []string
	closed     bool // additionalProperties: false
}

// compileFast returns the fastSchema of s, or nil when s uses anything else.
func compileFast(s *openapi3.Schema) *fastSchema {
	if s == nil || s.Type == nil || len(*s.Type) != 1 {
		return nil
	}
	// known is s with only the keywords handled here (and annotations) copied: when
	// it differs from s, s sets another keyword.
	known := openapi3.Schema{
		Type: s.Type, Title: s.Title, Description: s.Description, Example: s.Example, Examples: s.Examples,
		ExternalDocs: s.ExternalDocs, Deprecated: s.Deprecated, Extensions: s.Extensions, Origin: s.Origin,
		Comment: s.Comment,
	}
	f := &fastSchema{kind: (*s.Type)[0]}
	switch f.kind {
	case openapi3.TypeString:
		known.MinLength, known.MaxLength, known.Enum = s.MinLength, s.MaxLength, s.Enum
		f.minLength, f.maxLength = s.MinLength, s.MaxLength
		for _, e := range s.Enum {
			str, ok := e.(string)
			if !ok {
				return nil
			}
			f.enum = append(f.enum, str)
		}
	case openapi3.TypeArray:
		known.MinItems, known.MaxItems, known.Items = s.MinItems, s.MaxItems, s.Items
		f.minItems, f.maxItems = s.MinItems, s.MaxItems
		if s.Items == nil || f.compileChild(s.Items, &f.items) != nil {
			return nil
		}
	case openapi3.TypeObject:
		known.Properties, known.Required, known.AdditionalProperties = s.Properties, s.Required, s.AdditionalProperties
		if a := s.AdditionalProperties; a.Schema != nil || a.Has == nil || *a.Has {
			return nil // only additionalProperties: false is handled
		}
		f.closed, f.required = true, s.Required
		f.properties = make(map[string]*fastSchema, len(s.Properties))
		for name, ref := range s.Properties {
			var p *fastSchema
			if f.compileChild(ref, &p) != nil {
				return nil
			}
			f.properties[name] = p
		}
	default:
		return nil
	}
	if !reflect.DeepEqual(&known, s) {
		return nil
	}
	return f
}

// errNotCompiled marks a child schema that compileFast does not handle.
type errNotCompiled struct{}

func (errNotCompiled) Error() string { return "not compiled" }

// compileChild compiles the schema of ref into *out; an error when it is not handled.
func (f *fastSchema) compileChild(ref *openapi3.SchemaRef, out **fastSchema) error {
	if ref == nil || ref.Value == nil {
		return errNotCompiled{}
	}
	v := ref.Value
	if v.ReadOnly || v.WriteOnly || v.Nullable {
		return errNotCompiled{} // request-mode and null rules: left to kin-openapi
	}
	if *out = compileFast(v); *out == nil {
		return errNotCompiled{}
	}
	return nil
}

// accepts reports whether f certainly accepts value, a body decoded by decodeJSONBody.
func (f *fastSchema) accepts(value any) bool {
	switch f.kind {
	case openapi3.TypeString:
		s, ok := value.(string)
		return ok && f.acceptsString(s)
	case openapi3.TypeArray:
		a, ok := value.([]any)
		if !ok || uint64(len(a)) < f.minItems || f.maxItems != nil && uint64(len(a)) > *f.maxItems {
			return false
		}
		for _, item := range a {
			if !f.items.accepts(item) {
				return false
			}
		}
		return true
	case openapi3.TypeObject:
		m, ok := value.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range m {
			p, declared := f.properties[k]
			if !declared || !p.accepts(v) {
				return false
			}
		}
		for _, k := range f.required {
			if _, ok := m[k]; !ok {
				return false
			}
		}
		return true
	}
	return false
}

// acceptsString checks the length (in UTF-16 code units, as kin-openapi counts them)
// and the enum.
func (f *fastSchema) acceptsString(s string) bool {
	// A UTF-8 sequence of 1 to 4 bytes is 1 or 2 UTF-16 units: len(s)/4 ≤ units ≤ 2·len(s),
	// which settles the usual ID without decoding it.
	n := uint64(len(s))
	settled := n/4 >= f.minLength && (f.maxLength == nil || 2*n <= *f.maxLength)
	if !settled {
		var units uint64
		for _, r := range s {
			if utf16.IsSurrogate(r) {
				units += 2
			} else {
				units++
			}
		}
		if units < f.minLength || f.maxLength != nil && units > *f.maxLength {
			return false
		}
	}
	if f.enum == nil {
		return true
	}
	for _, e := range f.enum {
		if s == e {
			return true
		}
	}
	return false
}
