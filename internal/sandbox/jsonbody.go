package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
)

// errTrailingData refuses a body with more than one JSON value in it.
var errTrailingData = errors.New("data after the JSON value")

// decodeJSONBody decodes body, which must be exactly one JSON value with optional
// white space around it, the way kin-openapi's JSON body decoder does: into any,
// numbers as json.Number, so that no number is out of range. It accepts exactly the
// bodies that json.Valid accepts: the decoder alone would stop after the first value
// and take `{...} garbage`, where the real API refuses the body as invalid JSON.
//
// A body without numbers (a static segment's) is decoded by json.Unmarshal, which
// gives the same value without copying the body into a decoder's growing buffer (a
// fifth of a create of 20,000 customers); any other body, and any error, by the
// json.Number decoder.
func decodeJSONBody(body []byte) (any, error) {
	var v any
	if err := json.Unmarshal(body, &v); err == nil && !hasNumber(v) {
		return v, nil
	}
	return decodeJSONNumbers(body)
}

// hasNumber reports whether v, decoded by json.Unmarshal, holds a number.
func hasNumber(v any) bool {
	switch v := v.(type) {
	case float64:
		return true
	case []any:
		for _, item := range v {
			if hasNumber(item) {
				return true
			}
		}
	case map[string]any:
		for _, item := range v {
			if hasNumber(item) {
				return true
			}
		}
	}
	return false
}

// decodeJSONNumbers is decodeJSONBody with numbers as json.Number.
func decodeJSONNumbers(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if skipSpace(body, int(dec.InputOffset())) != len(body) {
		return nil, errTrailingData
	}
	return v, nil
}

// skipSpace returns the index of the first byte of body at or after i that is not JSON
// white space.
func skipSpace(body []byte, i int) int {
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
		i++
	}
	return i
}
