package sandbox

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestFastSchemaCompilesStaticCreate checks that the branch of a static segment's body
// is compiled, so that its customer IDs skip kin-openapi's per-value visit.
func TestFastSchemaCompilesStaticCreate(t *testing.T) {
	doc, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	f := compileFast(doc.Components.Schemas["StaticSegmentCreate"].Value)
	if f == nil {
		t.Fatal("StaticSegmentCreate is not compiled")
	}
	ok := map[string]any{"name": "n", "type": "static", "customers": []any{"cust_1"}}
	if !f.accepts(ok) {
		t.Errorf("a valid body is not accepted: %v", ok)
	}
}

// TestFastSchemaLeavesOtherKeywordsToKin checks that a schema with any keyword the
// fast path does not implement is not compiled, at any depth.
func TestFastSchemaLeavesOtherKeywordsToKin(t *testing.T) {
	str := func(mod func(*openapi3.Schema)) *openapi3.Schema {
		s := openapi3.NewStringSchema()
		mod(s)
		return s
	}
	obj := func(prop *openapi3.Schema) *openapi3.Schema {
		s := openapi3.NewObjectSchema().WithProperty("p", prop)
		s.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}
		return s
	}
	if compileFast(obj(openapi3.NewStringSchema())) == nil {
		t.Fatal("a plain closed object of a string is not compiled")
	}
	for name, s := range map[string]*openapi3.Schema{
		"pattern":   str(func(s *openapi3.Schema) { s.Pattern = "^c" }),
		"format":    str(func(s *openapi3.Schema) { s.Format = "uuid" }),
		"nullable":  str(func(s *openapi3.Schema) { s.Nullable = true }),
		"no type":   {MinLength: 1},
		"two types": {Type: &openapi3.Types{"string", "null"}},
		"number":    openapi3.NewFloat64Schema(),
		"enum int":  str(func(s *openapi3.Schema) { s.Enum = []any{1} }),
		"readOnly":  obj(str(func(s *openapi3.Schema) { s.ReadOnly = true })),
		"deep":      obj(obj(str(func(s *openapi3.Schema) { s.Pattern = "x" }))),
		"open":      openapi3.NewObjectSchema().WithProperty("p", openapi3.NewStringSchema()),
		"allOf": str(func(s *openapi3.Schema) {
			s.AllOf = openapi3.SchemaRefs{openapi3.NewSchemaRef("", openapi3.NewStringSchema())}
		}),
		"uniqueItems": func() *openapi3.Schema {
			a := openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema())
			a.UniqueItems = true
			return a
		}(),
	} {
		if compileFast(s) != nil {
			t.Errorf("%s: compiled", name)
		}
	}
}

// TestFastSchemaNeverAcceptsWhatKinRefuses checks values against compiled schemas: the
// fast path may accept only what kin-openapi accepts (the rest it leaves to kin).
func TestFastSchemaNeverAcceptsWhatKinRefuses(t *testing.T) {
	doc, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	schema := doc.Components.Schemas["StaticSegmentCreate"].Value
	f := compileFast(schema)
	values := []any{
		nil, "x", 1.0, []any{}, map[string]any{},
		map[string]any{"name": "n", "type": "static"},
		map[string]any{"name": "", "type": "static"},
		map[string]any{"name": "n", "type": "passive"},
		map[string]any{"name": "n", "type": "static", "customers": nil},
		map[string]any{"name": "n", "type": "static", "customers": []any{nil}},
		map[string]any{"name": "n", "type": "static", "customers": []any{""}},
		map[string]any{"name": "n", "type": "static", "customers": []any{"\U0001F600"}},
		map[string]any{"name": "n", "type": "static", "customers": make([]any, 20001)},
		map[string]any{"name": "n", "type": "static", "extra": "x"},
		map[string]any{"type": "static"},
	}
	for _, v := range values {
		kinErr := schema.VisitJSON(v, openapi3.VisitAsRequest(), openapi3.DisableSchemaErrorDetails())
		if f.accepts(v) && kinErr != nil {
			t.Errorf("%.100v: the fast path accepts what kin-openapi refuses: %v", v, kinErr)
		}
		if !f.accepts(v) && kinErr == nil && v != nil {
			t.Logf("%.100v: left to kin-openapi, which accepts it", v)
		}
	}
}

// TestFastSchemaStringLength checks the length shortcut against kin-openapi at the
// bounds, with multi-byte and invalid UTF-8.
func TestFastSchemaStringLength(t *testing.T) {
	for _, bounds := range [][2]uint64{{1, 0}, {2, 3}, {3, 3}, {5, 8}} {
		s := openapi3.NewStringSchema()
		s.MinLength = bounds[0]
		if bounds[1] > 0 {
			s.MaxLength = openapi3.Ptr(bounds[1])
		}
		f := compileFast(s)
		for _, v := range []string{"", "a", "ab", "abc", "abcdefgh", "abcdefghi", "é", "éé", "\U0001F600", "\U0001F600\U0001F600", "\xff", "\xff\xfe\xfd", "日本語"} {
			kinErr := s.VisitJSON(v)
			if got := f.accepts(v); got != (kinErr == nil) {
				t.Errorf("min %d max %d, %q: fast %v, kin %v", bounds[0], bounds[1], v, got, kinErr)
			}
		}
	}
}
