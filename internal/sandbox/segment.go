package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// The segment types of the contract's SegmentType.
const (
	// TypeStatic is a segment of explicitly listed customers, at most 20,000.
	TypeStatic = "static"
	// TypeAutoUpdate is a segment defined by a filter whose members change as customers
	// match it, firing the segment entered/left events.
	TypeAutoUpdate = "auto-update"
	// TypePassive is like TypeAutoUpdate, without the events.
	TypePassive = "passive"
)

// createdAtLayout is the layout of created_at on the wire: UTC with milliseconds.
const createdAtLayout = "2006-01-02T15:04:05.000Z"

// Segment is a segment stored in the sandbox.
type Segment struct {
	// ID is the segment's ID: "seg_" followed by 24 letters and digits.
	ID string
	// Name is the name sent on create.
	Name string
	// Type is TypeStatic, TypeAutoUpdate or TypePassive.
	Type string
	// Customers are the customer IDs of a static segment, in the order sent; nil for
	// other types. The API never returns them, but tests may want to look.
	Customers []string
	// Filter is the filter of an auto-update or passive segment, byte for byte as sent
	// except for insignificant whitespace; nil for a static segment.
	Filter json.RawMessage
	// CreatedAt is when the segment was created, in UTC, truncated to milliseconds.
	CreatedAt time.Time
}

// wireSegment is the segment object of the API's responses.
type wireSegment struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	CreatedAt string          `json:"created_at"`
	UpdatedAt *string         `json:"updated_at"`
	Type      string          `json:"type"`
	Filter    json.RawMessage `json:"filter"`
	Object    string          `json:"object"`
}

// MarshalJSON encodes s as the API returns it: id, name, created_at, updated_at (always
// null: segments cannot be edited), type, filter (null for a static segment) and
// object ("segment"). The customers are left out, as they are by the API.
func (s Segment) MarshalJSON() ([]byte, error) {
	filter := s.Filter
	if len(filter) == 0 {
		filter = json.RawMessage("null")
	}
	b, err := json.Marshal(wireSegment{
		ID:        s.ID,
		Name:      s.Name,
		CreatedAt: s.CreatedAt.UTC().Format(createdAtLayout),
		Type:      s.Type,
		Filter:    filter,
		Object:    "segment",
	})
	if err != nil {
		return nil, fmt.Errorf("encoding segment %s: %w", s.ID, err)
	}
	return b, nil
}

// clone returns a copy of s that shares no memory with it.
func (s Segment) clone() Segment {
	s.Customers = slices.Clone(s.Customers)
	s.Filter = bytes.Clone(s.Filter)
	return s
}
