package segments

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/voucherify-go/segments/api"
)

// strictDecoder decodes successful answers into the generated types and holds
// them to the contract where encoding/json would not: a field the contract
// requires must be present, and no key may repeat another in a different letter
// case (encoding/json would let the last one win). The required fields are read
// from the generated types' JSON tags (a field without omitempty is required),
// so they follow openapi.yaml through go generate.
type strictDecoder struct {
	segmentRequired []string
	listRequired    []string
}

func newStrictDecoder() strictDecoder {
	return strictDecoder{
		segmentRequired: requiredKeys(reflect.TypeFor[api.Segment]()),
		listRequired:    requiredKeys(reflect.TypeFor[api.SegmentList]()),
	}
}

// requiredKeys lists the JSON names of t's fields that have no omitempty.
func requiredKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,") {
			continue
		}
		keys = append(keys, name)
	}
	return keys
}

// object checks that body is a JSON object holding every key of required and
// no two keys equal but for case, and returns its members.
func checkObject(body []byte, required []string) (map[string]json.RawMessage, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil {
		return nil, err
	}
	if members == nil {
		return nil, fmt.Errorf("the answer is null, not an object")
	}
	for _, k := range required {
		if _, ok := members[k]; !ok {
			return nil, fmt.Errorf("the required field %q is missing", k)
		}
	}
	if len(members) > 1 {
		lower := make(map[string]string, len(members))
		for k := range members {
			l := strings.ToLower(k)
			if other, dup := lower[l]; dup {
				return nil, fmt.Errorf("the keys %q and %q differ only in case", other, k)
			}
			lower[l] = k
		}
	}
	return members, nil
}

// segment decodes one segment.
func (d strictDecoder) segment(body []byte) (*Segment, error) {
	if _, err := checkObject(body, d.segmentRequired); err != nil {
		return nil, err
	}
	var seg Segment
	if err := json.Unmarshal(body, &seg); err != nil {
		return nil, err
	}
	if seg.ID == "" {
		return nil, fmt.Errorf("the segment has an empty id")
	}
	return &seg, nil
}

// list decodes a page of list-segment, each of its segments as segment does.
func (d strictDecoder) list(body []byte) (*SegmentList, error) {
	members, err := checkObject(body, d.listRequired)
	if err != nil {
		return nil, err
	}
	var page api.SegmentList
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(members["data"], &items); err != nil {
		return nil, err
	}
	for i, raw := range items {
		if _, err := d.segment(raw); err != nil {
			return nil, fmt.Errorf("data[%d]: %w", i, err)
		}
	}
	return &SegmentList{Segments: page.Data, Total: page.Total}, nil
}

// segmentIDOf returns the "id" of a body that could not be decoded in full, so
// that a caller can be told which segment a create made.
func segmentIDOf(body []byte) string {
	var members map[string]json.RawMessage
	var id string
	if json.Unmarshal(body, &members) != nil || json.Unmarshal(members["id"], &id) != nil {
		return ""
	}
	return id
}

// checkJSONAnswer refuses a successful answer whose content type is not JSON.
func checkJSONAnswer(ans answer) error {
	if ans.contentType != "" && !isJSON(ans.contentType) {
		return fmt.Errorf("content type %q, want application/json", ans.contentType)
	}
	return nil
}
