package segments

import (
	"fmt"
	"time"

	"github.com/voucherify-go/segments/api"
)

// MaxListLimit is the most segments one page of List holds.
const MaxListLimit = 100

// ListOrder says in which order List returns segments.
type ListOrder = api.ListSegmentsOrder

// The orders of List.
const (
	// OrderNewestFirst lists the most recently created segments first; the
	// API's default.
	OrderNewestFirst ListOrder = api.NewestFirst
	// OrderOldestFirst lists the oldest segments first.
	OrderOldestFirst ListOrder = api.OldestFirst
)

// ListParams selects the segments of List and All. The zero value selects
// every segment, newest first, in pages of the API's default size (10).
type ListParams struct {
	// Limit is the page size, from 1 to MaxListLimit; 0 leaves it to the API
	// (10) in List, and means MaxListLimit in All.
	Limit int
	// Order is OrderNewestFirst (the default) or OrderOldestFirst.
	Order ListOrder
	// Name selects the segments with exactly this name.
	Name string
	// Types selects the segments of these types. nil selects every type; an
	// empty, non-nil slice selects none and is refused.
	Types []Type
	// IDs selects the segments with these IDs. nil selects every ID; an empty,
	// non-nil slice selects none and is refused. A list of IDs that may be
	// empty belongs in Where, {Field: "id", Operator: "$in", Value: ids},
	// which refuses an empty or nil list rather than match every segment.
	IDs []string
	// CreatedAfter and CreatedBefore select the segments created strictly
	// after and strictly before these instants; zero for no bound.
	CreatedAfter, CreatedBefore time.Time
	// Where adds any other condition the API documents on the fields id, name,
	// type and created_at, such as {Field: "name", Operator: "$starts_with",
	// Value: "VIP"}. All conditions must hold.
	Where []ListCondition
}

// ListCondition is one condition of ListParams.Where. Field is one of id, name,
// type and created_at, and Operator one the API documents for it, both
// exactly as written here (lower case):
//
//   - id and name: $in and $not_in with a []string; $is, $is_not,
//     $starts_with, $ends_with, $contains and $not_contain with a string;
//   - type: $in and $not_in with a []Type (or []string); $is and $is_not with
//     a Type (or string); $starts_with and $ends_with with a string;
//   - created_at: $after and $before with a time.Time (or an RFC 3339
//     string); $more_than and $less_than with a number of days (an int);
//   - every field: $has_value and $is_unknown with "".
//
// A $in with no value is refused: the API would drop it and match every
// segment. Anything else outside this list is a *ValidationError too.
type ListCondition struct {
	Field    string
	Operator string
	Value    any
}

// apiParams checks p and turns it into the generated operation's params.
func (p ListParams) apiParams() (*api.ListSegmentParams, error) {
	if p.Limit < 0 || p.Limit > MaxListLimit {
		return nil, &ValidationError{Field: "Limit", Reason: fmt.Sprintf("%d is not between 1 and %d (0 for the API's default)", p.Limit, MaxListLimit)}
	}
	out := &api.ListSegmentParams{Ids: p.IDs}
	if p.Limit > 0 {
		out.Limit = &p.Limit
	}
	switch p.Order {
	case "":
	case OrderNewestFirst, OrderOldestFirst:
		out.Order = &p.Order
	default:
		return nil, &ValidationError{Field: "Order", Reason: fmt.Sprintf("unknown order %q: use OrderNewestFirst or OrderOldestFirst", string(p.Order))}
	}
	if p.IDs != nil && len(p.IDs) == 0 {
		return nil, &ValidationError{Field: "IDs", Reason: "is empty but not nil: it would select no segment, and the API would select every one; use nil for any ID"}
	}
	for i, id := range p.IDs {
		if blank(id) {
			return nil, &ValidationError{Field: "IDs", Reason: fmt.Sprintf("the ID at index %d is empty", i)}
		}
		if bad := invalidText(id); bad != "" {
			return nil, &ValidationError{Field: "IDs", Reason: fmt.Sprintf("the ID at index %d %s", i, bad)}
		}
	}
	for _, t := range p.Types {
		if !t.Valid() {
			return nil, &ValidationError{Field: "Types", Reason: fmt.Sprintf("unknown type %q: must be static, auto-update or passive", string(t))}
		}
	}
	if p.Types != nil && len(p.Types) == 0 {
		return nil, &ValidationError{Field: "Types", Reason: "is empty but not nil: it would select no segment, and the API would select every one; use nil for any type"}
	}
	if bad := invalidText(p.Name); bad != "" {
		return nil, &ValidationError{Field: "Name", Reason: bad}
	}
	if !p.CreatedAfter.IsZero() && !p.CreatedBefore.IsZero() && !p.CreatedAfter.Before(p.CreatedBefore) {
		return nil, &ValidationError{Field: "CreatedAfter", Reason: "must be before CreatedBefore"}
	}
	conds := p.conditions()
	if len(conds) == 0 {
		return out, nil
	}
	var f api.ListSegmentsFilters
	for _, c := range conds {
		if err := addCondition(&f, c); err != nil {
			return nil, &ValidationError{Field: "Where", Reason: fmt.Sprintf("%s %s: %v", c.Field, c.Operator, err)}
		}
	}
	out.Filters = &f
	return out, nil
}

// conditions gathers the typed params and Where into one list.
func (p ListParams) conditions() []ListCondition {
	var conds []ListCondition
	if p.Name != "" {
		conds = append(conds, ListCondition{Field: "name", Operator: "$is", Value: p.Name})
	}
	if len(p.Types) > 0 {
		conds = append(conds, ListCondition{Field: "type", Operator: "$in", Value: p.Types})
	}
	if !p.CreatedAfter.IsZero() {
		conds = append(conds, ListCondition{Field: "created_at", Operator: "$after", Value: p.CreatedAfter})
	}
	if !p.CreatedBefore.IsZero() {
		conds = append(conds, ListCondition{Field: "created_at", Operator: "$before", Value: p.CreatedBefore})
	}
	return append(conds, p.Where...)
}

// addCondition sets c in f, the generated filters: its field and operator
// name a member of the generated types, its value has that member's type.
func addCondition(f *api.ListSegmentsFilters, c ListCondition) error {
	switch c.Field {
	case "id":
		if f.ID == nil {
			f.ID = &api.StringFilter{Conditions: &api.StringConditions{}}
		}
		return addTextCondition(f.ID.Conditions, c)
	case "name":
		if f.Name == nil {
			f.Name = &api.StringFilter{Conditions: &api.StringConditions{}}
		}
		return addTextCondition(f.Name.Conditions, c)
	case "type":
		if f.Type == nil {
			f.Type = &api.TypeFilter{Conditions: &api.TypeConditions{}}
		}
		return addTypeCondition(f.Type.Conditions, c)
	case "created_at":
		if f.CreatedAt == nil {
			f.CreatedAt = &api.DateTimeFilter{Conditions: &api.DateTimeConditions{}}
		}
		return addTimeCondition(f.CreatedAt.Conditions, c)
	}
	return fmt.Errorf("not a field the API documents: want id, name, type or created_at, written so")
}

func addTextCondition(s *api.StringConditions, c ListCondition) error {
	switch c.Operator {
	case "$in":
		return setList(&s.In, c.Value)
	case "$not_in":
		return setList(&s.NotIn, c.Value)
	case "$is":
		return setText(&s.Is, c.Value)
	case "$is_not":
		return setText(&s.IsNot, c.Value)
	case "$starts_with":
		return setText(&s.StartsWith, c.Value)
	case "$ends_with":
		return setText(&s.EndsWith, c.Value)
	case "$contains":
		return setText(&s.Contains, c.Value)
	case "$not_contain":
		return setText(&s.NotContain, c.Value)
	case "$has_value":
		return setEmpty(&s.HasValue, c.Value)
	case "$is_unknown":
		return setEmpty(&s.IsUnknown, c.Value)
	}
	return errUnknownOperator
}

func addTypeCondition(t *api.TypeConditions, c ListCondition) error {
	switch c.Operator {
	case "$in":
		return setTypes(&t.In, c.Value)
	case "$not_in":
		return setTypes(&t.NotIn, c.Value)
	case "$is":
		return setType(&t.Is, c.Value)
	case "$is_not":
		return setType(&t.IsNot, c.Value)
	case "$starts_with":
		return setText(&t.StartsWith, c.Value)
	case "$ends_with":
		return setText(&t.EndsWith, c.Value)
	case "$has_value":
		return setEmpty(&t.HasValue, c.Value)
	case "$is_unknown":
		return setEmpty(&t.IsUnknown, c.Value)
	}
	return errUnknownOperator
}

func addTimeCondition(d *api.DateTimeConditions, c ListCondition) error {
	switch c.Operator {
	case "$after":
		return setTime(&d.After, c.Value)
	case "$before":
		return setTime(&d.Before, c.Value)
	case "$more_than":
		return setDays(&d.MoreThan, c.Value)
	case "$less_than":
		return setDays(&d.LessThan, c.Value)
	case "$has_value":
		return setEmpty(&d.HasValue, c.Value)
	case "$is_unknown":
		return setEmpty(&d.IsUnknown, c.Value)
	}
	return errUnknownOperator
}

// setOnce sets *dst to v unless a condition set it already.
func setOnce[T any](dst **T, v T) error {
	if *dst != nil {
		return errSetTwice
	}
	*dst = &v
	return nil
}

func setText(dst **string, v any) error {
	s, ok := v.(string)
	if !ok {
		return wrongValue("a string", v)
	}
	if bad := invalidText(s); bad != "" {
		return fmt.Errorf("the value %s", bad)
	}
	return setOnce(dst, s)
}

func setEmpty(dst **string, v any) error {
	if s, ok := v.(string); !ok || s != "" {
		return wrongValue(`"" (the operator takes no value)`, v)
	}
	return setOnce(dst, "")
}

func setList(dst *[]string, v any) error {
	list, ok := v.([]string)
	if !ok {
		return wrongValue("a []string", v)
	}
	if len(list) == 0 {
		return errEmptyList
	}
	for i, s := range list {
		if bad := invalidText(s); bad != "" {
			return fmt.Errorf("the value at index %d %s", i, bad)
		}
	}
	if *dst != nil {
		return errSetTwice
	}
	*dst = list
	return nil
}

func setTypes(dst *[]api.SegmentType, v any) error {
	var list []Type
	switch v := v.(type) {
	case []Type:
		list = v
	case []string:
		for _, s := range v {
			list = append(list, Type(s))
		}
	default:
		return wrongValue("a []Type", v)
	}
	if len(list) == 0 {
		return errEmptyList
	}
	for _, t := range list {
		if !t.Valid() {
			return fmt.Errorf("unknown type %q: must be static, auto-update or passive", string(t))
		}
	}
	if *dst != nil {
		return errSetTwice
	}
	*dst = list
	return nil
}

func setType(dst *api.SegmentType, v any) error {
	var t Type
	switch v := v.(type) {
	case Type:
		t = v
	case string:
		t = Type(v)
	default:
		return wrongValue("a Type", v)
	}
	if !t.Valid() {
		return fmt.Errorf("unknown type %q: must be static, auto-update or passive", string(t))
	}
	if *dst != "" {
		return errSetTwice
	}
	*dst = t
	return nil
}

func setTime(dst **time.Time, v any) error {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case string:
		parsed, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fmt.Errorf("the value %q is not an RFC 3339 date-time such as 2024-01-01T00:00:00.000Z", v)
		}
		t = parsed
	default:
		return wrongValue("a time.Time", v)
	}
	if t.IsZero() {
		return fmt.Errorf("the value is the zero time.Time")
	}
	return setOnce(dst, t.UTC())
}

func setDays(dst **int, v any) error {
	days, ok := v.(int)
	if !ok {
		return wrongValue("an int (days)", v)
	}
	if days < 0 {
		return fmt.Errorf("the value %d is a negative number of days", days)
	}
	return setOnce(dst, days)
}

func wrongValue(want string, v any) error {
	return fmt.Errorf("the value must be %s, got a %T", want, v)
}
