package segments

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"time"
)

// FieldRef names a customer field path in a filter, such as "created_at",
// "address.country", "metadata.club_level" or
// "loyalty_points.campaigns.Tiers 2.points". Its methods make a Condition on
// that field; Field makes one.
type FieldRef struct {
	path string
}

// Field refers to the customer field at path, for a condition in And or Or.
// The path is used as given; an empty one is reported when the filter is
// checked.
func Field(path string) FieldRef {
	return FieldRef{path: path}
}

// Condition is one operator with its values on one field, made by the methods
// of FieldRef and combined into a Filter by And or Or. A Condition is a value:
// it can be reused in several filters.
type Condition struct {
	field  string
	op     string
	values []any // the array form, used unless raw
	raw    any   // the value of OpValue, sent as is
	isRaw  bool
	err    string // why the builder refused the condition, "" when it did not
}

// And combines the conditions into a Filter whose customers match all of them:
//
//	segments.And(segments.Field("metadata.club_level").In("Gold", "Silver"))
//
// gives
//
//	{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}}}
//
// The conditions of one field share its "conditions" object, one key per
// operator: Field("points").MoreThan(10) and Field("points").LessThan(100) give
// {"points": {"conditions": {"$more_than": [10], "$less_than": [100]}}}. The same
// operator twice on one field is a mistake (its meaning would be unclear), as
// is a condition on the path "junction": And never panics; it records the
// mistake in the filter, where ValidateFilter, and so Client.Create, report
// it as a *ValidationError, and json.Marshal of the filter fails. And with no
// condition gives a filter that ValidateFilter refuses.
func And(conds ...Condition) Filter {
	return build("and", conds)
}

// Or combines the conditions into a Filter whose customers match any of them:
// {"junction": "or", "<field>": {"conditions": {...}}, ...}. It follows the
// rules of And.
func Or(conds ...Condition) Filter {
	return build("or", conds)
}

func build(junction string, conds []Condition) Filter {
	f := Filter{"junction": junction}
	for _, c := range conds {
		if _, bad := f[c.field].(invalidField); bad {
			continue // report the first mistake on a field
		}
		reject := func(reason string) {
			f[c.field] = invalidField{filterProblem(c.field, c.op, reason)}
		}
		switch {
		case c.field == "junction":
			reject(`"junction" is the filter's junction, not a customer field path`)
			continue
		case c.err != "":
			reject(c.err)
			continue
		}
		obj, _ := f[c.field].(map[string]any)
		if obj == nil {
			obj = map[string]any{"conditions": map[string]any{}}
			f[c.field] = obj
		}
		ops, _ := obj["conditions"].(map[string]any)
		if _, dup := ops[c.op]; dup {
			reject("the operator is given twice on this field; give all its values in one condition")
			continue
		}
		if c.isRaw {
			ops[c.op] = c.raw
		} else {
			ops[c.op] = slices.Clone(c.values) // the filter owns its values
		}
	}
	return f
}

// invalidField stands in a built Filter for a field whose condition the builder
// refused. ValidateFilter reports its error, and it cannot be encoded, so the
// mistake can never reach the API.
type invalidField struct{ err *ValidationError }

// MarshalJSON fails with the builder's error.
func (v invalidField) MarshalJSON() ([]byte, error) { return nil, v.err }

// String shows the builder's error in place of the field's conditions.
func (v invalidField) String() string { return "!invalid(" + v.err.Reason + ")" }

// Is gives {"$is": [value]}. Like every named method, it takes values JSON
// writes as a string, number, boolean or null (or a type with its own JSON or
// text encoding), and writes a time.Time in UTC with milliseconds, the API's
// form: "2021-12-01T00:00:00.000Z". Anything else (a slice, a map, a struct)
// is a mistake reported when the filter is checked.
func (f FieldRef) Is(value any) Condition { return f.named("$is", value) }

// IsNot gives {"$is_not": [value]}.
func (f FieldRef) IsNot(value any) Condition { return f.named("$is_not", value) }

// In gives {"$in": [values...]}: the field is one of the values. A slice or
// array argument is expanded, so In(levels) with levels a []string is
// In("Gold", "Silver"). In with no value is a mistake reported when the
// filter is checked.
func (f FieldRef) In(values ...any) Condition { return f.named("$in", flatten(values)...) }

// NotIn gives {"$not_in": [values...]}; it takes values as In does.
func (f FieldRef) NotIn(values ...any) Condition { return f.named("$not_in", flatten(values)...) }

// After gives {"$after": [t]}, t being a date-time string such as
// "2021-12-01T00:00:00.000Z" or a time.Time.
func (f FieldRef) After(t any) Condition { return f.named("$after", t) }

// Before gives {"$before": [t]}; it takes t as After does.
func (f FieldRef) Before(t any) Condition { return f.named("$before", t) }

// MoreThan gives {"$more_than": [n]}.
func (f FieldRef) MoreThan(n any) Condition { return f.named("$more_than", n) }

// MoreThanEqual gives {"$more_than_equal": [n]}: the field is n or more.
func (f FieldRef) MoreThanEqual(n any) Condition { return f.named("$more_than_equal", n) }

// LessThan gives {"$less_than": [n]}.
func (f FieldRef) LessThan(n any) Condition { return f.named("$less_than", n) }

// LessThanEqual gives {"$less_than_equal": [n]}: the field is n or less.
func (f FieldRef) LessThanEqual(n any) Condition { return f.named("$less_than_equal", n) }

// NextMonth gives {"$next_month": [true]}, as in the API's birthday example:
// Field("birthdate").NextMonth() is Field("birthdate").Op("$next_month", true).
func (f FieldRef) NextMonth() Condition { return f.named("$next_month", true) }

// Op gives {name: [values...]} for any operator, such as
// Op("$next_month", true) or Op("$starts_with", "VIP"). The values are written
// as given (a time.Time as Is writes it), zero values as []. The name must
// start with "$"; a wrong one is reported when the filter is checked.
func (f FieldRef) Op(name string, values ...any) Condition {
	return Condition{field: f.path, op: name, values: jsonTimes(values)}
}

// OpValue gives {name: value}, the value not wrapped in an array, for the
// operators the API also takes with a single value, as in its example
// {"address.country": {"conditions": {"$is": "Poland"}}}, which is
// Field("address.country").OpValue("$is", "Poland"). Prefer the array form of
// the other methods, Is("Poland") giving {"$is": ["Poland"]}.
func (f FieldRef) OpValue(name string, value any) Condition {
	return Condition{field: f.path, op: name, raw: jsonTime(value), isRaw: true}
}

// named makes the condition of a named method, whose operator is known and
// whose values must be single JSON values.
func (f FieldRef) named(op string, values ...any) Condition {
	c := Condition{field: f.path, op: op, values: jsonTimes(values)}
	if len(values) == 0 {
		c.err = "needs at least one value"
	}
	for _, v := range values {
		if !isSingleValue(v) {
			c.err = fmt.Sprintf("takes single values (string, number, boolean, time.Time), got a %T", v)
			break
		}
	}
	return c
}

// apiTime is how the API writes date-times: UTC, milliseconds.
const apiTime = "2006-01-02T15:04:05.000Z07:00"

func jsonTime(v any) any {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format(apiTime)
	case *time.Time:
		if t != nil {
			return t.UTC().Format(apiTime)
		}
	}
	return v
}

func jsonTimes(values []any) []any {
	out := make([]any, len(values)) // never nil: zero values are [], not null
	for i, v := range values {
		out[i] = jsonTime(v)
	}
	return out
}

// flatten expands slice and array arguments ([]byte and json.RawMessage
// excepted: they encode as one value).
func flatten(values []any) []any {
	var out []any
	for _, v := range values {
		rv := reflect.ValueOf(v)
		if (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8 {
			for i := range rv.Len() {
				out = append(out, rv.Index(i).Interface())
			}
			continue
		}
		out = append(out, v)
	}
	return out
}

// isSingleValue reports whether v encodes as one JSON string, number, boolean
// or null, as far as its type tells.
func isSingleValue(v any) bool {
	if v == nil {
		return true
	}
	t := reflect.TypeOf(v)
	if t.Implements(reflect.TypeFor[json.Marshaler]()) || t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}
