package segments

import (
	"context"
	"time"
)

// createLookupSkew is how far before the call's start a segment's created_at
// may be and still be the one the call made: the server's clock and ours
// differ, and Voucherify stamps a segment when it stores it.
const createLookupSkew = time.Minute

// recoverCreate settles a create that failed without saying whether the
// segment was stored (cause): it lists the segments of the same name and type
// created since start, less createLookupSkew. One match is the segment the call
// made; none or several are a *CreateUncertainError.
func (c *Client) recoverCreate(ctx context.Context, p CreateParams, start time.Time, cause error) (*Segment, error) {
	uncertain := &CreateUncertainError{Name: p.Name, Type: p.Type, Cause: cause}
	var found []Segment
	for seg, err := range c.All(ctx, ListParams{
		Name:         p.Name,
		Types:        []Type{p.Type},
		CreatedAfter: start.Add(-createLookupSkew),
	}) {
		if err != nil {
			uncertain.LookupErr = err
			if ctx.Err() != nil {
				return nil, c.failure(ctx, opCreate, uncertain)
			}
			return nil, uncertain
		}
		// The API matches the name exactly; checking again costs nothing and
		// keeps a lenient server from making a stranger's segment ours.
		if seg.Name == p.Name && seg.Type == p.Type {
			found = append(found, *seg)
		}
	}
	if len(found) == 1 {
		c.logger.InfoContext(ctx, "segments: create failed without an answer, but the segment was stored; returning it",
			"segment_id", found[0].ID, "cause", cause.Error())
		return &found[0], nil
	}
	uncertain.Candidates = found
	return nil, uncertain
}
