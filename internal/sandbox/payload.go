package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// segmentFromPayload builds the segment to store from the validated create body:
// payload is the body decoded by the validator, body the raw bytes. The filter is taken
// from the raw bytes so that it is stored exactly as sent (key order, number format);
// the customers come from payload, so that a large static segment is decoded once.
func segmentFromPayload(payload any, body []byte) (Segment, *apiError) {
	m, ok := payload.(map[string]any)
	if !ok {
		return Segment{}, errInvalidPayload("Payload must be an object")
	}
	name, _ := m["name"].(string)
	typ, _ := m["type"].(string)
	seg := Segment{Name: name, Type: typ}
	switch typ {
	case TypeStatic:
		raw, _ := m["customers"].([]any)
		seg.Customers = make([]string, len(raw))
		for i, c := range raw {
			id, ok := c.(string)
			if !ok {
				return Segment{}, errInvalidPayload(fmt.Sprintf("Payload at /customers/%d: must be a string", i))
			}
			seg.Customers[i] = id
		}
	case TypeAutoUpdate, TypePassive:
		var p struct {
			Filter json.RawMessage `json:"filter"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return Segment{}, errInvalidPayload("Payload is not valid JSON")
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, p.Filter); err != nil {
			return Segment{}, errInvalidPayload("Payload at /filter: not valid JSON")
		}
		seg.Filter = compact.Bytes()
	default:
		return Segment{}, errInvalidPayload(fmt.Sprintf("Payload at /type: unknown segment type %q", typ))
	}
	return seg, nil
}
