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
func decodeJSONBody(body []byte) (any, error) {
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
