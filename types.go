package segments

import "github.com/voucherify-go/segments/api"

// MaxStaticCustomers is the most customers a static segment may hold. Voucherify
// refuses more; for bigger groups use an auto-update or passive segment with a
// Filter on customer data.
const MaxStaticCustomers = 20000

// Segment is a customer segment as the API returns it. Its customers are not
// part of it.
type Segment = api.Segment

// Type says how a segment's membership is decided.
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
type Filter = api.SegmentFilter
