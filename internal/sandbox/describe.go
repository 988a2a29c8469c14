package sandbox

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// describe turns a validation error into the details of a 400 answer: where in the
// payload the most specific failure is, and why. It never includes the value.
func describe(err error) string {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return "The request does not match the API"
	}
	if errors.Is(err, openapi3filter.ErrInvalidRequired) && re.RequestBody != nil {
		return "Payload is required"
	}
	if p := re.Parameter; p != nil {
		return fmt.Sprintf("Invalid %s parameter '%s'", p.In, p.Name)
	}
	se := innermostSchemaError(err)
	if se == nil {
		if re.RequestBody == nil {
			return "The request does not match the API: " + re.Reason
		}
		return "Payload " + re.Reason
	}
	path := se.JSONPointer()
	at := "Payload"
	switch {
	case se.SchemaField == "maxItems" && len(path) == 1 && path[0] == "customers" && se.Schema != nil && se.Schema.MaxItems != nil:
		return fmt.Sprintf("A static segment can hold at most %d customers; for more, "+
			"create an auto-update or passive segment with a filter on customer metadata", *se.Schema.MaxItems)
	case se.SchemaField == "required" && len(path) > 0:
		if len(path) > 1 {
			at += " at /" + strings.Join(path[:len(path)-1], "/")
		}
		return fmt.Sprintf("%s should have required property '%s'", at, path[len(path)-1])
	case se.SchemaField == "discriminator" && se.Schema != nil && se.Schema.Discriminator != nil:
		d := se.Schema.Discriminator
		if se.Value == nil {
			return fmt.Sprintf("%s should have required property '%s'", at, d.PropertyName)
		}
		return fmt.Sprintf("%s at /%s: must be one of %s", at, d.PropertyName, strings.Join(slices.Sorted(maps.Keys(d.Mapping)), ", "))
	}
	reason := se.Reason
	if reason == "" {
		reason = fmt.Sprintf("does not match %q", se.SchemaField)
	}
	if reason == "Value is not nullable" {
		reason = "must not be null"
	}
	if len(path) > 0 {
		at += " at /" + strings.Join(path, "/")
	}
	return at + ": " + reason
}

// innermostSchemaError returns the most specific SchemaError in err: oneOf and allOf
// failures wrap the failures of their branches in Origin.
func innermostSchemaError(err error) *openapi3.SchemaError {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return nil
	}
	for se.Origin != nil {
		var inner *openapi3.SchemaError
		if !errors.As(se.Origin, &inner) {
			break
		}
		se = inner
	}
	return se
}
