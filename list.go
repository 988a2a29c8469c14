package segments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
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
	// Types selects the segments of these types.
	Types []Type
	// IDs selects the segments with these IDs.
	IDs []string
	// CreatedAfter and CreatedBefore select the segments created strictly
	// after and strictly before these instants; zero for no bound.
	CreatedAfter, CreatedBefore time.Time
	// Where adds any other condition the API documents on the fields id, name,
	// type and created_at, such as {Field: "name", Operator: "$starts_with",
	// Value: "VIP"}. All conditions must hold.
	Where []ListCondition
}

// ListCondition is one condition of ListParams.Where: Field (id, name, type or
// created_at), an Operator of the API's ($in, $not_in, $is, $is_not,
// $has_value, $is_unknown, $starts_with, $ends_with, $contains, $not_contain
// for text; $after, $before, $has_value, $is_unknown, $more_than, $less_than
// for created_at) and its Value: a string, a []string for $in and $not_in, a
// time.Time for $after and $before, a number of days for $more_than and
// $less_than, and "" for $has_value and $is_unknown.
type ListCondition struct {
	Field    string
	Operator string
	Value    any
}

// SegmentList is one page of List.
type SegmentList struct {
	// Segments are the segments of the page, in the order asked for.
	Segments []Segment
	// Total is how many segments match the params, whatever the page size.
	Total int
}

// List returns one page of the segments that p selects, and how many there are
// in all. Bad params are refused with a *ValidationError before anything is
// sent. To read every matching segment, use All.
func (c *Client) List(ctx context.Context, p ListParams) (*SegmentList, error) {
	params, err := p.apiParams()
	if err != nil {
		return nil, err
	}
	return c.list(ctx, params)
}

func (c *Client) list(ctx context.Context, params *api.ListSegmentParams) (*SegmentList, error) {
	ans, _, err := c.call(ctx, opList, http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListSegment(ctx, params)
	})
	if err != nil {
		return nil, err
	}
	if err := checkJSONAnswer(ans); err != nil {
		return nil, &UnexpectedResponseError{Operation: opList, StatusCode: ans.status, Reason: err.Error(), Body: ans.body}
	}
	page, err := c.decode.list(ans.body)
	if err != nil {
		return nil, &UnexpectedResponseError{Operation: opList, StatusCode: ans.status, Reason: err.Error(), Body: ans.body}
	}
	return page, nil
}

// All returns every segment that p selects, page after page, in p.Order. It
// pages by creation time, as Voucherify documents, and excludes the segments
// already returned at the boundary instant, so that segments created in the
// same millisecond are neither skipped nor repeated. It stops as soon as the
// caller breaks or ctx ends; an error is yielded once, last.
//
// All pages with conditions of its own on created_at ($before or $after) and id
// ($not_in): p.Where must not hold those.
func (c *Client) All(ctx context.Context, p ListParams) iter.Seq2[*Segment, error] {
	return func(yield func(*Segment, error) bool) {
		for _, w := range p.Where {
			if (w.Field == "created_at" && (w.Operator == "$before" || w.Operator == "$after")) || (w.Field == "id" && w.Operator == "$not_in") {
				yield(nil, &ValidationError{Field: "Where", Reason: fmt.Sprintf("All pages with %s %s itself; use CreatedBefore/CreatedAfter or List", w.Field, w.Operator)})
				return
			}
		}
		if p.Limit == 0 {
			p.Limit = MaxListLimit
		}
		newestFirst := p.Order != OrderOldestFirst
		var edge time.Time  // created_at of the last segment returned
		var atEdge []string // the IDs returned with that created_at
		for {
			q := p
			if len(atEdge) > 0 {
				// Segments at edge not yet returned, and those beyond it.
				if newestFirst {
					q.CreatedBefore = edge.Add(time.Millisecond)
				} else {
					q.CreatedAfter = edge.Add(-time.Millisecond)
				}
				q.Where = append(slices.Clip(q.Where), ListCondition{Field: "id", Operator: "$not_in", Value: atEdge})
			}
			params, err := q.apiParams()
			if err != nil {
				yield(nil, err)
				return
			}
			page, err := c.list(ctx, params)
			if err != nil {
				yield(nil, err)
				return
			}
			fresh := 0
			for i := range page.Segments {
				if err := ctx.Err(); err != nil {
					yield(nil, err)
					return
				}
				seg := &page.Segments[i]
				if seg.CreatedAt.Equal(edge) {
					if slices.Contains(atEdge, seg.ID) {
						continue // a server that ignored $not_in
					}
					atEdge = append(atEdge, seg.ID)
				} else {
					edge, atEdge = seg.CreatedAt, []string{seg.ID}
				}
				fresh++
				if !yield(seg, nil) {
					return
				}
			}
			if len(page.Segments) < p.Limit {
				return
			}
			if fresh == 0 {
				yield(nil, &UnexpectedResponseError{Operation: opList, StatusCode: http.StatusOK,
					Reason: "a full page held only segments already returned: the server ignores filters[id][conditions][$not_in]"})
				return
			}
		}
	}
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
	filters, err := filtersOf(conds)
	if err != nil {
		return nil, err
	}
	out.Filters = filters
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
		conds = append(conds, ListCondition{Field: "created_at", Operator: "$after", Value: p.CreatedAfter.UTC()})
	}
	if !p.CreatedBefore.IsZero() {
		conds = append(conds, ListCondition{Field: "created_at", Operator: "$before", Value: p.CreatedBefore.UTC()})
	}
	return append(conds, p.Where...)
}

// filtersOf builds the generated filters from conds. The generated type,
// decoded strictly, decides which fields and operators exist and the type of
// each value, so that a condition the contract does not document is refused
// rather than dropped.
func filtersOf(conds []ListCondition) (*api.ListSegmentsFilters, error) {
	tree := map[string]map[string]map[string]any{}
	for _, c := range conds {
		if c.Field == "" || c.Field == "junction" || !strings.HasPrefix(c.Operator, "$") {
			return nil, &ValidationError{Field: "Where", Reason: fmt.Sprintf("condition %q %q: want a field (id, name, type, created_at) and an operator starting with $", c.Field, c.Operator)}
		}
		if bad := invalidConditionText(c.Value); bad != "" {
			return nil, &ValidationError{Field: "Where", Reason: fmt.Sprintf("%s %s: the value %s", c.Field, c.Operator, bad)}
		}
		field := tree[c.Field]
		if field == nil {
			field = map[string]map[string]any{"conditions": {}}
			tree[c.Field] = field
		}
		if _, dup := field["conditions"][c.Operator]; dup {
			return nil, &ValidationError{Field: "Where", Reason: fmt.Sprintf("%s %s is set twice (by a typed param and Where, or twice in Where)", c.Field, c.Operator)}
		}
		field["conditions"][c.Operator] = c.Value
	}
	raw, err := json.Marshal(tree)
	if err != nil {
		return nil, &ValidationError{Field: "Where", Reason: "a value cannot be encoded: " + err.Error()}
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	var filters api.ListSegmentsFilters
	if err := dec.Decode(&filters); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return nil, &ValidationError{Field: "Where", Reason: fmt.Sprintf("%s: want a %s, got a JSON %s", ute.Field, ute.Type, ute.Value)}
		}
		return nil, &ValidationError{Field: "Where", Reason: "not a condition the API documents: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	return &filters, nil
}

// invalidConditionText says why a condition's value cannot be sent as text
// (JSON would silently replace bytes that are not UTF-8), or "" when it can.
func invalidConditionText(v any) string {
	switch v := v.(type) {
	case string:
		return invalidText(v)
	case []string:
		for _, s := range v {
			if bad := invalidText(s); bad != "" {
				return bad
			}
		}
	}
	return ""
}
