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
// or no connection made), so it is never sent twice. When it fails in a way
// that leaves open whether the segment was stored (a timeout, a reset
// connection, a 5xx), Create looks it up by name, type and creation time: one
// match is returned as the result; none or several give a *CreateUncertainError
// (ErrCreateUncertain) holding the candidates. WithoutCreateRecovery turns the
// lookup off.
func (c *Client) Create(ctx context.Context, p CreateParams) (*Segment, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	body, err := createBody(p)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	ans, out, err := c.call(ctx, opCreate, http.MethodPost, func(ctx context.Context) (*http.Response, error) {
		// A new reader on every attempt: the body is sent whole, never half-read.
		return c.api.CreateSegmentWithBody(ctx, "application/json", bytes.NewReader(body))
	})
	if err != nil {
		if out.Uncertain && ctx.Err() == nil && c.recoverCreates && !isClientError(err) {
			return c.recoverCreate(ctx, p, start, err)
		}
		return nil, err
	}
	seg, err := c.decodeSegment(opCreate, ans)
	if err != nil {
		var ue *UnexpectedResponseError
		if errors.As(err, &ue) {
			ue.Created = true
		}
		return nil, err
	}
	return seg, nil
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
		// ValidateFilter has checked the filter's shape; only values JSON cannot
		// encode (NaN, say) get here.
		return nil, &ValidationError{Field: "Filter", Reason: "cannot be encoded as JSON: " + err.Error()}
	}
	if replacedInvalidUTF8(body) {
		return nil, p.textError()
	}
	return body, nil
}

// replacedInvalidUTF8 reports whether encoding/json replaced bytes that are
// not UTF-8 in body, which would send "a\xff" and "a\xfe" as one ID. It writes
// each such byte as the escape \ufffd, while it writes a real U+FFFD as itself
// and a backslash as \\: an escape starts at a backslash that an even number of
// backslashes precede. One search of the body costs a fraction of checking
// 20,000 IDs one by one.
func replacedInvalidUTF8(body []byte) bool {
	esc := []byte(`\ufffd`)
	for off := 0; ; {
		i := bytes.Index(body[off:], esc)
		if i < 0 {
			return false
		}
		i += off
		n := 0
		for j := i - 1; j >= 0 && body[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return true
		}
		off = i + 1
	}
}

// isClientError reports whether a create's failure is an answer that says the
// server refused it (a 4xx), which leaves nothing uncertain.
func isClientError(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode < 500
}

// Get returns the segment with the given ID. A missing segment is an *APIError
// matching ErrNotFound.
func (c *Client) Get(ctx context.Context, segmentID string) (*Segment, error) {
	if err := validateSegmentID(segmentID); err != nil {
		return nil, err
	}
	ans, _, err := c.call(ctx, opGet, http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetSegment(ctx, segmentID)
	})
	if err != nil {
		return nil, err
	}
	return c.decodeSegment(opGet, ans)
}

// Delete deletes the segment with the given ID. A missing segment is an
// *APIError matching ErrNotFound, except in one case: when an earlier attempt
// of this same call may have deleted it (a timeout, a reset connection or a
// 5xx, then a retry answered 404), Delete reports success, since the segment is
// gone as asked.
func (c *Client) Delete(ctx context.Context, segmentID string) error {
	if err := validateSegmentID(segmentID); err != nil {
		return err
	}
	_, out, err := c.call(ctx, opDelete, http.MethodDelete, func(ctx context.Context) (*http.Response, error) {
		return c.api.DeleteSegment(ctx, segmentID)
	})
	if err != nil && out.Uncertain && errors.Is(err, ErrNotFound) {
		c.logger.Info("segments: delete answered 404 after an uncertain attempt; the segment is gone",
			"segment_id", segmentID, "attempts", out.Attempts)
		return nil
	}
	return err
}

// decodeSegment decodes a successful create or get answer.
func (c *Client) decodeSegment(op string, ans answer) (*Segment, error) {
	err := checkJSONAnswer(ans)
	if err == nil {
		var seg *Segment
		if seg, err = c.decode.segment(ans.body); err == nil {
			return seg, nil
		}
	}
	return nil, &UnexpectedResponseError{Operation: op, StatusCode: ans.status, Reason: err.Error(), SegmentID: segmentIDOf(ans.body), Body: ans.body}
}
