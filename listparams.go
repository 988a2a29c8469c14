package segments

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
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

// addCondition sets c in f, the generated filters. Its Field and Operator
// must be, exactly, the JSON names of members of the generated filter types,
// and its Value must convert to that member's type: the conditions the wrapper
// takes are those openapi.yaml declares, through go generate.
func addCondition(f *api.ListSegmentsFilters, c ListCondition) error {
	filter, ok := jsonMember(reflect.ValueOf(f).Elem(), c.Field)
	if !ok || filter.Kind() != reflect.Pointer || filter.Type().Elem().Kind() != reflect.Struct {
		return errUnknownField
	}
	if filter.IsNil() {
		filter.Set(reflect.New(filter.Type().Elem()))
	}
	conds, ok := jsonMember(filter.Elem(), "conditions")
	if !ok || conds.Kind() != reflect.Pointer {
		return errUnknownField
	}
	if conds.IsNil() {
		conds.Set(reflect.New(conds.Type().Elem()))
	}
	op, ok := jsonMember(conds.Elem(), c.Operator)
	switch {
	case !ok:
		return errUnknownOperator
	case !op.IsZero():
		return errSetTwice
	case c.Operator == "$has_value" || c.Operator == "$is_unknown":
		if s, ok := c.Value.(string); !ok || s != "" {
			return wrongValue(`"" (the operator takes no value)`, c.Value)
		}
	}
	t := op.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	v, err := conditionValue(t, c.Value)
	if err != nil {
		return err
	}
	if op.Kind() == reflect.Pointer {
		p := reflect.New(t)
		p.Elem().Set(v)
		v = p
	}
	op.Set(v)
	return nil
}

// jsonMember returns the field of the struct v whose JSON name is name.
func jsonMember(v reflect.Value, name string) (reflect.Value, bool) {
	for i := range v.NumField() {
		if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag == name && name != "" {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// conditionValue converts x to t: a list of text for a slice, a time.Time (or
// its RFC 3339 text) for a time, a non-negative int for a number of days, and
// text, valid UTF-8 and one of the enum's values where t is an enum.
func conditionValue(t reflect.Type, x any) (reflect.Value, error) {
	xv := reflect.ValueOf(x)
	switch {
	case t.Kind() == reflect.Slice:
		if xv.Kind() != reflect.Slice || xv.Type().Elem().Kind() != reflect.String {
			return reflect.Value{}, wrongValue("a []string", x)
		}
		if xv.Len() == 0 {
			return reflect.Value{}, errEmptyList
		}
		out := reflect.MakeSlice(t, xv.Len(), xv.Len())
		for i := range xv.Len() {
			e, err := conditionValue(t.Elem(), xv.Index(i).String())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("at index %d: %w", i, err)
			}
			out.Index(i).Set(e)
		}
		return out, nil
	case t == reflect.TypeFor[time.Time]():
		at, ok := x.(time.Time)
		if s, isText := x.(string); isText {
			var err error
			if at, err = time.Parse(time.RFC3339Nano, s); err != nil {
				return reflect.Value{}, fmt.Errorf("the value %q is not an RFC 3339 date-time such as 2024-01-01T00:00:00.000Z", s)
			}
		} else if !ok {
			return reflect.Value{}, wrongValue("a time.Time", x)
		}
		if at.IsZero() {
			return reflect.Value{}, errors.New("the value is the zero time.Time")
		}
		return reflect.ValueOf(at.UTC()), nil
	case t.Kind() == reflect.Int:
		days, ok := x.(int)
		if !ok || days < 0 {
			return reflect.Value{}, wrongValue("a number of days (an int, 0 or more)", x)
		}
		return reflect.ValueOf(days).Convert(t), nil
	case t.Kind() == reflect.String && xv.Kind() == reflect.String:
		if bad := invalidText(xv.String()); bad != "" {
			return reflect.Value{}, fmt.Errorf("the value %s", bad)
		}
		v := xv.Convert(t)
		if e, ok := v.Interface().(interface{ Valid() bool }); ok && !e.Valid() {
			return reflect.Value{}, fmt.Errorf("%q is not one of the values the API documents", xv.String())
		}
		return v, nil
	}
	return reflect.Value{}, wrongValue("a string", x)
}

func wrongValue(want string, v any) error {
	return fmt.Errorf("the value must be %s, got a %T", want, v)
}
