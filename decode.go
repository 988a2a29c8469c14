package segments

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/voucherify-go/segments/api"
)

// strictDecoder decodes successful answers into the generated types and holds
// them to the contract where encoding/json would not: a field the contract
// requires must be present, and no key may name a field in another letter case
// (encoding/json matches keys case-insensitively, so {"id":"a","ID":"b"} would
// decode as "b"). The fields and which are required are read from the
// generated types' JSON tags (a field without omitempty is required), so they
// follow openapi.yaml through go generate.
type strictDecoder struct {
	segmentShape, listShape objectShape
}

// objectShape is what strictDecoder knows of one generated type.
type objectShape struct {
	fields   []string // every JSON name
	required []bool   // per field
}

func newStrictDecoder() strictDecoder {
	return strictDecoder{
		segmentShape: shapeOf(reflect.TypeFor[api.Segment]()),
		listShape:    shapeOf(reflect.TypeFor[api.SegmentList]()),
	}
}

// shapeOf reads t's JSON field names and which of them have no omitempty.
func shapeOf(t reflect.Type) objectShape {
	var s objectShape
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		opts = "," + opts + ","
		s.fields = append(s.fields, name)
		s.required = append(s.required, !strings.Contains(opts, ",omitempty,") && !strings.Contains(opts, ",omitzero,"))
	}
	return s
}

// check scans the members of the JSON object body without decoding them,
// refusing a key that names a field in another case and a missing required
// field, and calls member, when not nil, with each member's raw value. It
// allocates nothing for a well-formed answer; json.Unmarshal checks the rest of
// the syntax afterwards.
func (s objectShape) check(body []byte, member func(key string, value []byte) error) error {
	var seen uint64 // bit i: fields[i] present (generated types have far fewer than 64 fields)
	err := scanObject(body, func(key, value []byte) error {
		for i, f := range s.fields {
			if string(key) == f {
				seen |= 1 << i
				break
			}
			if bytes.EqualFold(key, []byte(f)) {
				return fmt.Errorf("the key %q names the field %q in another letter case", key, f)
			}
		}
		if member != nil {
			return member(string(key), value)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, f := range s.fields {
		if s.required[i] && seen&(1<<i) == 0 {
			return fmt.Errorf("the required field %q is missing", f)
		}
	}
	return nil
}

// segment decodes one segment.
func (d strictDecoder) segment(body []byte) (*Segment, error) {
	if err := d.segmentShape.check(body, nil); err != nil {
		return nil, err
	}
	var seg Segment
	if err := json.Unmarshal(body, &seg); err != nil {
		return nil, err
	}
	if seg.ID == "" {
		return nil, errors.New("the segment has an empty id")
	}
	return &seg, nil
}

// list decodes a page of list-segment, each of its segments held to the
// contract as segment does.
func (d strictDecoder) list(body []byte) (*SegmentList, error) {
	err := d.listShape.check(body, func(key string, value []byte) error {
		if key != "data" {
			return nil
		}
		i := 0
		return scanArray(value, func(item []byte) error {
			if err := d.segmentShape.check(item, nil); err != nil {
				return fmt.Errorf("data[%d]: %w", i, err)
			}
			i++
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	var page api.SegmentList
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, err
	}
	for i, seg := range page.Data {
		if seg.ID == "" {
			return nil, fmt.Errorf("data[%d]: the segment has an empty id", i)
		}
	}
	return &SegmentList{Segments: page.Data, Total: page.Total}, nil
}

// segmentIDOf returns the "id" of a body that could not be decoded in full, so
// that a caller can be told which segment a create made.
func segmentIDOf(body []byte) string {
	var id string
	_ = scanObject(body, func(key, value []byte) error {
		if string(key) == "id" && id == "" {
			_ = json.Unmarshal(value, &id)
		}
		return nil
	})
	return id
}

// checkJSONAnswer refuses a successful answer whose content type is not JSON.
func checkJSONAnswer(ans answer) error {
	if ans.contentType != "" && !isJSON(ans.contentType) {
		return fmt.Errorf("content type %q, want application/json", ans.contentType)
	}
	return nil
}
