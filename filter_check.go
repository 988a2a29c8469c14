package segments

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// ValidateFilter checks that f is in the format the API takes, the check
// Client.Create makes before sending an auto-update or passive segment:
//
//   - "junction" is the string "and" or "or" (lowercase);
//   - there is at least one other key, and each is a non-blank field path
//     holding a JSON object with a "conditions" object;
//   - "conditions" holds at least one operator, and every operator key starts
//     with "$" followed by a name, such as "$in";
//   - everything encodes as JSON.
//
// An operator's value may be an array ({"$in": ["Gold", "Silver"]}), as the
// builder writes it, or a single value ({"$is": "Poland"}), as hand-written
// filters and the API's own examples sometimes do. A field object may hold
// keys besides "conditions": openapi.yaml allows them, and a filter read back
// from the API must pass. Hand-written values need not be map[string]any: any
// map, struct or json.RawMessage encoding to the right JSON is checked through
// that JSON. The builder's mistakes (And, Or) are reported here too. The error
// is a *ValidationError whose Field is "Filter" and whose Reason names the
// first offending key (in sorted order) and operator; nil means f is well
// formed, not that the API knows its fields.
func ValidateFilter(f Filter) error {
	if err := checkFilter(f); err != nil {
		return err
	}
	return nil
}

// filterParamError checks the Filter of an auto-update or passive segment for
// CreateParams.validate.
func filterParamError(t Type, f Filter) error {
	if len(f) == 0 {
		return filterProblem("", "", fmt.Sprintf("a %s segment needs a Filter: it needs a \"junction\" (\"and\" or \"or\") and at least one field path", t))
	}
	if err := checkFilter(f); err != nil {
		return err
	}
	return nil
}

// filterProblem is the error of a Filter, naming the offending key and
// operator when there is one.
func filterProblem(key, op, reason string) *ValidationError {
	var b strings.Builder
	if key != "" {
		fmt.Fprintf(&b, "key %q: ", key)
	}
	if op != "" {
		fmt.Fprintf(&b, "operator %q: ", op)
	}
	b.WriteString(reason)
	return &ValidationError{Field: "Filter", Reason: b.String()}
}

func checkFilter(f Filter) *ValidationError {
	if len(f) == 0 {
		return filterProblem("", "", `is empty: it needs a "junction" ("and" or "or") and at least one field path`)
	}
	if err := checkJunction(f); err != nil {
		return err
	}
	fields := make([]string, 0, len(f))
	for k := range f {
		if k != "junction" {
			fields = append(fields, k)
		}
	}
	if len(fields) == 0 {
		return filterProblem("", "", `has no field path besides "junction": add at least one condition`)
	}
	slices.Sort(fields)
	for _, k := range fields {
		if err := checkField(k, f[k]); err != nil {
			return err
		}
	}
	return nil
}

func checkJunction(f Filter) *ValidationError {
	v, ok := f["junction"]
	if !ok {
		return filterProblem("junction", "", `is missing: it must be "and" or "or"`)
	}
	if bad, ok := v.(invalidField); ok {
		return bad.err
	}
	j, text, err := asJSON(v)
	if err != nil {
		return filterProblem("junction", "", err.Error())
	}
	if j != "and" && j != "or" {
		return filterProblem("junction", "", `must be "and" or "or" (lowercase), got `+text)
	}
	return nil
}

func checkField(key string, v any) *ValidationError {
	fail := func(op, reason string) *ValidationError {
		return filterProblem(key, op, reason)
	}
	if strings.TrimSpace(key) == "" {
		return fail("", fmt.Sprintf("a field path must not be empty or blank, got %q", key))
	}
	if bad, ok := v.(invalidField); ok {
		return bad.err
	}
	if !utf8.ValidString(key) || !validUTF8(reflect.ValueOf(v), 0) {
		// encoding/json would send the bytes as U+FFFD: two different
		// values could reach the API as one.
		return fail("", "holds text that is not valid UTF-8")
	}
	obj, err := asObject(v, `must hold an object {"conditions": {"$operator": values}}`)
	if err != nil {
		return fail("", err.Error())
	}
	conds, ok := obj["conditions"]
	if !ok {
		return fail("", `has no "conditions" object`)
	}
	ops, err := asObject(conds, `"conditions" must be an object {"$operator": values}`)
	if err != nil {
		return fail("", err.Error())
	}
	if len(ops) == 0 {
		return fail("", `"conditions" holds no operator`)
	}
	for _, op := range sortedKeys(ops) {
		if len(op) < 2 || op[0] != '$' {
			reason := `an operator must start with "$" followed by its name, such as "$in"`
			if op == "" {
				reason = `an operator must not be empty (""): ` + reason
			}
			return fail(op, reason)
		}
		if _, err := json.Marshal(ops[op]); err != nil {
			return fail(op, "the value cannot be encoded as JSON: "+err.Error())
		}
	}
	for _, k := range sortedKeys(obj) {
		if _, err := json.Marshal(obj[k]); err != nil {
			return fail("", fmt.Sprintf("%q cannot be encoded as JSON: %v", k, err))
		}
	}
	return nil
}

// asJSON returns v as encoding/json decodes it (map[string]any, []any, string,
// float64, bool or nil), with its JSON text for messages.
func asJSON(v any) (any, string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, "", fmt.Errorf("cannot be encoded as JSON: %w", err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, "", fmt.Errorf("cannot be encoded as JSON: %w", err)
	}
	return out, string(b), nil
}

// asObject returns v as a JSON object, v itself when it is a map[string]any.
func asObject(v any, want string) (map[string]any, error) {
	if m, ok := v.(map[string]any); ok && m != nil {
		return m, nil
	}
	j, text, err := asJSON(v)
	if err != nil {
		return nil, err
	}
	m, ok := j.(map[string]any)
	if !ok {
		if r := []rune(text); len(r) > 40 {
			text = string(r[:37]) + "..."
		}
		return nil, fmt.Errorf("%s, got %s", want, text)
	}
	return m, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// maxFilterDepth bounds how deep validUTF8 looks into a filter's values.
const maxFilterDepth = 64

// validUTF8 reports whether every string v holds, keys and values at any
// depth, is valid UTF-8, as is the text of a json.RawMessage. Past a depth no
// filter reaches, it leaves the value to the encoder, which refuses a cycle.
func validUTF8(v reflect.Value, depth int) bool {
	if depth > maxFilterDepth {
		return true
	}
	depth++
	switch v.Kind() {
	case reflect.String:
		return utf8.ValidString(v.String())
	case reflect.Interface, reflect.Pointer:
		return v.IsNil() || validUTF8(v.Elem(), depth)
	case reflect.Slice, reflect.Array:
		if raw, ok := v.Interface().(json.RawMessage); ok {
			return utf8.Valid(raw)
		}
		for i := range v.Len() {
			if !validUTF8(v.Index(i), depth) {
				return false
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if !validUTF8(it.Key(), depth) || !validUTF8(it.Value(), depth) {
				return false
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !validUTF8(v.Field(i), depth) {
				return false
			}
		}
	}
	return true
}
