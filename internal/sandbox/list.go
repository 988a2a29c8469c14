package sandbox

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// defaultListLimit is the page size of a list without a limit, as on the real API.
const defaultListLimit = 10

// list returns the page of the stored segments that the list parameters p select, in
// their order, and how many match in all.
func (s *Server) list(p apiserver.ListSegmentParams) ([]apiserver.Segment, int) {
	now := s.clock()
	var matching []*entry
	for _, e := range s.store.entries() {
		if matches(p, e.seg, now) {
			matching = append(matching, e)
		}
	}
	oldestFirst := p.Order != nil && *p.Order == apiserver.OldestFirst
	slices.SortFunc(matching, func(a, b *entry) int {
		// Ties (many segments in one millisecond) in the order of creation, so that pages
		// by created_at are stable.
		c := cmp.Or(a.seg.CreatedAt.Compare(b.seg.CreatedAt.Time), cmp.Compare(a.seq, b.seq))
		if oldestFirst {
			return c
		}
		return -c
	})
	limit := defaultListLimit
	if p.Limit != nil {
		limit = *p.Limit
	}
	page := make([]apiserver.Segment, 0, min(limit, len(matching)))
	for _, e := range matching[:min(limit, len(matching))] {
		page = append(page, e.seg.Segment)
	}
	return page, len(matching)
}

// matches reports whether seg meets the ids and filters of p at now. The conditions on one
// field always hold together; filters' junction combines the fields.
func matches(p apiserver.ListSegmentParams, seg Segment, now time.Time) bool {
	if p.Ids != nil && !slices.Contains(p.Ids, seg.ID) {
		return false
	}
	f := p.Filters
	if f == nil {
		return true
	}
	var fields []bool
	if f.ID != nil && f.ID.Conditions != nil {
		fields = append(fields, holds(*f.ID.Conditions, seg.ID))
	}
	if f.Name != nil && f.Name.Conditions != nil {
		fields = append(fields, holds(*f.Name.Conditions, seg.Name))
	}
	if f.Type != nil && f.Type.Conditions != nil {
		fields = append(fields, holdsForType(*f.Type.Conditions, seg.Type))
	}
	if f.CreatedAt != nil && f.CreatedAt.Conditions != nil {
		fields = append(fields, holdsAt(*f.CreatedAt.Conditions, seg.CreatedAt.Time, now))
	}
	if len(fields) == 0 {
		return true
	}
	if f.Junction != nil && *f.Junction == apiserver.Or {
		return slices.Contains(fields, true)
	}
	return !slices.Contains(fields, false)
}

// holds reports whether the conditions c on a text field hold for its value v.
func holds(c apiserver.StringConditions, v string) bool {
	return (c.In == nil || slices.Contains(c.In, v)) &&
		(c.NotIn == nil || !slices.Contains(c.NotIn, v)) &&
		(c.Is == nil || v == *c.Is) &&
		(c.IsNot == nil || v != *c.IsNot) &&
		(c.HasValue == nil || v != "") &&
		(c.IsUnknown == nil || v == "") &&
		(c.StartsWith == nil || strings.HasPrefix(v, *c.StartsWith)) &&
		(c.EndsWith == nil || strings.HasSuffix(v, *c.EndsWith)) &&
		(c.Contains == nil || strings.Contains(v, *c.Contains)) &&
		(c.NotContain == nil || !strings.Contains(v, *c.NotContain))
}

// holdsForType reports whether the conditions c on the segment's type hold for t.
func holdsForType(c apiserver.TypeConditions, t apiserver.SegmentType) bool {
	return (c.In == nil || slices.Contains(c.In, t)) && (c.NotIn == nil || !slices.Contains(c.NotIn, t)) &&
		(c.Is == "" || t == c.Is) && (c.IsNot == "" || t != c.IsNot) &&
		holds(apiserver.StringConditions{HasValue: c.HasValue, IsUnknown: c.IsUnknown, StartsWith: c.StartsWith, EndsWith: c.EndsWith}, string(t))
}

// holdsAt reports whether the conditions c on created_at hold for t at now. Every segment
// has a created_at.
func holdsAt(c apiserver.DateTimeConditions, t, now time.Time) bool {
	return (c.After == nil || t.After(*c.After)) &&
		(c.Before == nil || t.Before(*c.Before)) &&
		c.IsUnknown == nil &&
		(c.MoreThan == nil || t.Before(now.AddDate(0, 0, -*c.MoreThan))) &&
		(c.LessThan == nil || t.After(now.AddDate(0, 0, -*c.LessThan)))
}
