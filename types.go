package segments

import "github.com/voucherify-go/segments/api"

// MaxStaticCustomers is the most customers a static segment may hold. Voucherify
// refuses more; for bigger groups use an auto-update or passive segment with a
// Filter on customer data.
const MaxStaticCustomers = 20000

// Segment is a customer segment as the API returns it from Create, Get, List
// and All. Its customers are not part of it. Its fields:
//
//	ID        string     // "seg_1wc52c5z6r1kQ81brO8j9Hk2"; always set
//	Name      string     // always set
//	Type      Type       // TypeStatic, TypeAutoUpdate or TypePassive
//	Filter    Filter     // as sent on create; nil for a static segment
//	CreatedAt time.Time  // when it was created, UTC, to the millisecond
//	UpdatedAt *time.Time // when it was last updated; nil if never
//	Object    ~string    // always "segment" (a string type of package api)
//
// Fields the API adds later are ignored, so an answer holding one decodes as
// before. Segment is the type generated from openapi.yaml: a change of the
// contract reaches it through go generate.
type Segment = api.Segment

// Type says how a segment's membership is decided: TypeStatic,
// TypeAutoUpdate or TypePassive, a string on the wire ("static",
// "auto-update", "passive"). Its method Valid reports whether a value is one
// of the three. Type is the type generated from openapi.yaml
// (api.SegmentType).
type Type = api.SegmentType

// The segment types.
const (
	// TypeStatic is a fixed list of at most MaxStaticCustomers customers.
	TypeStatic Type = api.SegmentTypeStatic
	// TypeAutoUpdate is defined by a filter; customers enter and leave as it
	// matches and the segment entered/left events fire.
	TypeAutoUpdate Type = api.SegmentTypeAutoUpdate
	// TypePassive is defined by a filter, like TypeAutoUpdate, without the events.
	TypePassive Type = api.SegmentTypePassive
)

// Filter decides which customers belong to an auto-update or passive segment:
// a "junction" key ("and" or "or") and one key per customer field path holding
// {"conditions": {"$operator": values}}. Build one with And or Or, or write a
// map literal; either way Create checks it with ValidateFilter first:
//
//	segments.Filter{
//		"junction": "and",
//		"metadata.club_level": map[string]any{
//			"conditions": map[string]any{"$in": []string{"Gold", "Silver"}},
//		},
//	}
//
// It is a map[string]any, encoded as the JSON object the API takes; a
// segment's Filter as the API returns it decodes into the same shape (numbers
// as float64). Filter is the type generated from openapi.yaml
// (api.SegmentFilter).
type Filter = api.SegmentFilter
