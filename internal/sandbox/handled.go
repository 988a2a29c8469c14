package sandbox

import (
	"encoding/json"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// The request and answer models that the sandbox reads or fills, field for field as it
// handles them. A parameter, property or operator added to the contract (or removed, or
// renamed) changes the generated type, and its conversion here stops compiling until
// operations.go and list.go handle it. (Struct tags are ignored by conversions.)
var (
	_ = struct {
		Limit   *int
		Order   *apiserver.ListSegmentsOrder
		Filters *apiserver.ListSegmentsFilters
		Ids     []string //nolint:revive // the generated field's name, which a conversion must repeat
	}(apiserver.ListSegmentParams{})
	_ = struct {
		CreatedAt *apiserver.DateTimeFilter
		ID        *apiserver.StringFilter
		Junction  *apiserver.ListSegmentsFiltersJunction
		Name      *apiserver.StringFilter
		Type      *apiserver.TypeFilter
	}(apiserver.ListSegmentsFilters{})
	_ = struct {
		Contains, EndsWith, HasValue     *string
		In                               []string
		Is, IsNot, IsUnknown, NotContain *string
		NotIn                            []string
		StartsWith                       *string
	}(apiserver.StringConditions{})
	_ = struct {
		EndsWith, HasValue *string
		In                 []apiserver.SegmentType
		Is, IsNot          apiserver.SegmentType
		IsUnknown          *string
		NotIn              []apiserver.SegmentType
		StartsWith         *string
	}(apiserver.TypeConditions{})
	_ = struct {
		After, Before       *time.Time
		HasValue, IsUnknown *string
		LessThan, MoreThan  *int
	}(apiserver.DateTimeConditions{})
	_ = struct {
		Customers []string
		Name      string
		Type      apiserver.StaticSegmentCreateType
	}(apiserver.StaticSegmentCreate{})
	_ = struct {
		Filter json.RawMessage
		Name   string
		Type   apiserver.FilteredSegmentCreateType
	}(apiserver.FilteredSegmentCreate{})
)
