package segments

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"time"

	"github.com/voucherify-go/segments/api"
)

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
	res, rep, err := do(ctx, c, opList, http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListSegment(ctx, params)
	}, parseList)
	if err != nil {
		return nil, err
	}
	if err := c.unread(ctx, opList, rep); err != nil {
		return nil, err
	}
	return c.decodedList(res, rep)
}

// All returns every segment that p selects, page after page, in p.Order: at
// most as many as matched when it began (a segment created meanwhile may be
// left out; list again to see it). It stops as soon as the caller breaks or
// ctx ends; an error is yielded once, last.
//
// The API has no cursor: All pages by creation time, as Voucherify documents,
// and excludes the segments already returned at the boundary millisecond
// (filters[id][conditions][$not_in]), so that segments created in the same
// millisecond are neither skipped nor repeated. Those IDs travel in the query:
// when more than about a thousand segments share one millisecond, the query
// grows past what servers take and All yields the server's error. p.Where must
// not hold the conditions All pages with: created_at $before and $after, id
// $not_in.
//
// All holds the server to its word: a page out of order, one that brings no
// segment not returned already, one that ends before its total, or more
// segments than the first page's total end the walk with an
// *UnexpectedResponseError. So All sends at most one request more than that
// total, whatever the server does.
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
		w := walk{newestFirst: p.Order != OrderOldestFirst, budget: -1}
		for {
			params, err := w.next(p).apiParams()
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
				isNew, err := w.take(seg)
				if err != nil {
					yield(nil, err)
					return
				}
				if !isNew {
					continue // a server that ignored $not_in
				}
				fresh++
				if !yield(seg, nil) {
					return
				}
			}
			if done, err := w.pageDone(page, fresh, p.Limit); done || err != nil {
				if err != nil {
					yield(nil, err)
				}
				return
			}
		}
	}
}

// walk is the state of All between pages.
type walk struct {
	newestFirst bool
	edge        time.Time // created_at of the last segment returned
	atEdge      []string  // the IDs returned with that created_at
	returned    int
	budget      int // the first page's total; -1 before it
}

// next returns p bounded to the segments not returned yet: those at the edge
// not yet returned, and those beyond it.
func (w *walk) next(p ListParams) ListParams {
	if len(w.atEdge) == 0 {
		return p
	}
	if w.newestFirst {
		p.CreatedBefore = w.edge.Add(time.Millisecond)
	} else {
		p.CreatedAfter = w.edge.Add(-time.Millisecond)
	}
	p.Where = append(slices.Clip(p.Where), ListCondition{Field: "id", Operator: "$not_in", Value: w.atEdge})
	return p
}

// take records seg and reports whether it is new to the walk; a segment on the
// wrong side of the edge means the server ignored the order or the bound.
func (w *walk) take(seg *Segment) (bool, error) {
	if len(w.atEdge) > 0 && (w.newestFirst && seg.CreatedAt.After(w.edge) || !w.newestFirst && seg.CreatedAt.Before(w.edge)) {
		return false, allError(fmt.Sprintf("the segment %s (created %s) is out of order after %s: the server ignores the order or filters[created_at]",
			seg.ID, seg.CreatedAt.Format(time.RFC3339Nano), w.edge.Format(time.RFC3339Nano)))
	}
	if seg.CreatedAt.Equal(w.edge) && len(w.atEdge) > 0 {
		if slices.Contains(w.atEdge, seg.ID) {
			return false, nil
		}
		w.atEdge = append(w.atEdge, seg.ID)
	} else {
		w.edge, w.atEdge = seg.CreatedAt, []string{seg.ID}
	}
	w.returned++
	if w.budget >= 0 && w.returned > w.budget {
		return false, allError(fmt.Sprintf("the server returned more segments than the %d it counted at first", w.budget))
	}
	return true, nil
}

// pageDone reports whether the walk ended with page, which brought fresh new
// segments, and whether the server broke its word.
func (w *walk) pageDone(page *SegmentList, fresh, limit int) (bool, error) {
	if w.budget < 0 {
		w.budget = page.Total
		if w.returned > w.budget {
			return true, allError(fmt.Sprintf("the first page holds %d segments and counts %d", w.returned, w.budget))
		}
	}
	switch {
	case w.returned == w.budget, len(page.Segments) >= page.Total:
		// Every segment of the first count, or the last page of what matches
		// now (some were deleted meanwhile).
		return true, nil
	case len(page.Segments) < limit:
		return true, allError(fmt.Sprintf("a page of %d segments, fewer than the limit of %d, counts %d: the server ended the list early",
			len(page.Segments), limit, page.Total))
	case fresh == 0:
		return true, allError("a page brought no segment not returned already: the server ignores filters[id][conditions][$not_in]")
	}
	return false, nil
}

// allError is the error of a walk the server broke.
func allError(reason string) error {
	return &UnexpectedResponseError{Operation: opList, StatusCode: http.StatusOK, Reason: reason}
}
