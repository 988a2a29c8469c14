package segments

import (
	"context"
	"errors"
	"time"
)

// createLookupSkew is how far before the call's start a segment's created_at
// may be and still be the one the call made: the server's clock and ours
// differ, and Voucherify stamps a segment when it stores it.
const createLookupSkew = time.Minute

// recoverCreate answers a create that failed without saying whether the
// segment was stored (cause): a *CreateUncertainError holding the segments of
// the same name and type created since start, less createLookupSkew. It never
// picks one: a segment that appeared meanwhile may be another writer's, and a
// 5xx or a timeout does not say that this call stored anything.
func (c *Client) recoverCreate(ctx context.Context, p CreateParams, start time.Time, cause error) error {
	uncertain := &CreateUncertainError{Name: p.Name, Type: p.Type, Cause: cause}
	uncertain.Candidates, uncertain.LookupErr = c.createdSince(ctx, p, start)
	c.logger.InfoContext(ctx, "segments: create failed without saying whether the segment was stored",
		"name", p.Name, "candidates", len(uncertain.Candidates), "cause", cause.Error())
	if ctx.Err() != nil {
		return c.failure(ctx, opCreate, uncertain)
	}
	return uncertain
}

// createdUnread completes the error of a create answered 2xx whose body could
// not be read whole or is not the documented segment: the segment was stored,
// and its ID is the body's, when what arrived of it names one.
func (c *Client) createdUnread(ctx context.Context, err error) error {
	var ue *UnexpectedResponseError
	if errors.As(err, &ue) {
		ue.Created = true
		ue.SegmentID = segmentIDOf(ue.Body)
	}
	if ctx.Err() != nil {
		return c.failure(ctx, opCreate, err)
	}
	return err
}

// createdSince lists the segments named and typed as p created since start,
// less createLookupSkew, with one list-segment request a page.
func (c *Client) createdSince(ctx context.Context, p CreateParams, start time.Time) ([]Segment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var found []Segment
	for seg, err := range c.All(ctx, ListParams{Name: p.Name, Types: []Type{p.Type}, CreatedAfter: start.Add(-createLookupSkew)}) {
		if err != nil {
			return found, err
		}
		// The API matches the name exactly; checking again costs nothing and
		// keeps a lenient server from naming a stranger's segment.
		if seg.Name == p.Name && seg.Type == p.Type {
			found = append(found, *seg)
		}
	}
	return found, nil
}
