package segments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/voucherify-go/segments/api"
)

// Create creates a segment and returns it as the API answers. The params are
// checked first: a static segment of more than MaxStaticCustomers customers
// fails with ErrTooManyCustomers, and any other mistake with a
// *ValidationError, without a request being sent.
//
// A create is retried only when the server certainly did not act on it (429,
// or no connection made), so it is never sent twice. When the answer is lost,
// Create never guesses which segment is the caller's:
//
//   - The server said 2xx but its body could not be read (cut, stalled past
//     the timeout, over WithMaxResponseBytes, not the documented JSON): the
//     segment was stored. The error is an *UnexpectedResponseError with
//     Created true, and the SegmentID when what arrived of the body names it.
//   - The call failed in a way that leaves open whether the segment was
//     stored (a timeout or a reset before the status, any 5xx): the error is a
//     *CreateUncertainError (ErrCreateUncertain) whose Candidates are the
//     segments of that name and type created since the call began, found by
//     one List. They may be another writer's: only the caller can tell.
//
// The lookup costs one list-segment request (one more per 100 candidates), and
// only after such a failure; WithoutCreateRecovery turns it off, leaving the
// failure as it came.
func (c *Client) Create(ctx context.Context, p CreateParams) (*Segment, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	body, err := createBody(p)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	res, rep, err := do(ctx, c, opCreate, http.MethodPost, func(ctx context.Context) (*http.Response, error) {
		// A new reader on every attempt: the body is sent whole, never half-read.
		return c.api.CreateSegmentWithBody(ctx, "application/json", bytes.NewReader(body))
	}, parseCreate)
	switch {
	case err == nil && rep.readErr != nil:
		ue := unexpected(opCreate, rep, "the body could not be read whole: "+rep.readErr.Error())
		ue.Err = rep.readErr
		return nil, c.createdUnread(ctx, ue)
	case err == nil:
		seg, err := c.decodedSegment(opCreate, res, rep)
		if err != nil {
			return nil, c.createdUnread(ctx, err)
		}
		return seg, nil
	case rep.out.Uncertain && c.recoverCreates:
		return nil, c.recoverCreate(ctx, p, start, err)
	default:
		return nil, err
	}
}

// createBody encodes p as the generated request type of its shape.
func createBody(p CreateParams) ([]byte, error) {
	var v any
	if p.Type == TypeStatic {
		v = api.StaticSegmentCreate{Name: p.Name, Type: api.StaticSegmentCreateTypeStatic, Customers: p.Customers}
	} else {
		v = api.FilteredSegmentCreate{Name: p.Name, Type: api.FilteredSegmentCreateType(p.Type), Filter: p.Filter}
	}
	body, err := json.Marshal(v)
	if err != nil {
		// The filter's shape was checked; only values JSON cannot encode (NaN,
		// say) get here.
		return nil, &ValidationError{Field: "Filter", Reason: "cannot be encoded as JSON: " + err.Error()}
	}
	return body, nil
}

// Get returns the segment with the given ID. A missing segment is an *APIError
// matching ErrNotFound.
func (c *Client) Get(ctx context.Context, segmentID string) (*Segment, error) {
	if err := validateID("segmentID", segmentID); err != nil {
		return nil, err
	}
	res, rep, err := do(ctx, c, opGet, http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetSegment(ctx, segmentID)
	}, parseGet)
	if err != nil {
		return nil, err
	}
	if err := c.unread(ctx, opGet, rep); err != nil {
		return nil, err
	}
	return c.decodedSegment(opGet, res, rep)
}

// Delete deletes the segment with the given ID. A missing segment is an
// *APIError matching ErrNotFound, except in one case: when an earlier attempt
// of this same call may have deleted it (a timeout, a reset connection or a
// 5xx, then a retry answered 404), Delete reports success, since the segment is
// gone as asked.
func (c *Client) Delete(ctx context.Context, segmentID string) error {
	if err := validateID("segmentID", segmentID); err != nil {
		return err
	}
	_, rep, err := do(ctx, c, opDelete, http.MethodDelete, func(ctx context.Context) (*http.Response, error) {
		return c.api.DeleteSegment(ctx, segmentID)
	}, parseDelete)
	if err != nil && rep.out.Uncertain && errors.Is(err, ErrNotFound) {
		c.logger.Info("segments: delete answered 404 after an uncertain attempt; the segment is gone",
			"segment_id", segmentID, "attempts", rep.out.Attempts)
		return nil
	}
	// A 2xx answer says the segment is gone, whatever else it says.
	return err
}
