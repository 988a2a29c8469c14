package segments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/voucherify-go/segments/api"
	"github.com/voucherify-go/segments/internal/transport"
)

// The contract's operationIds, used in errors and logs.
const (
	opCreate = "create-segment"
	opGet    = "get-segment"
	opDelete = "delete-segment"
)

// Create creates a segment and returns it as the API answers. The params are
// checked first: a static segment of more than MaxStaticCustomers customers
// fails with ErrTooManyCustomers, and any other mistake with a
// *ValidationError, without a request being sent. A create is retried only when
// the server certainly did not act on it (429, or no connection made), so a
// segment is never created twice.
func (c *Client) Create(ctx context.Context, p CreateParams) (*Segment, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	body, err := createBody(c.static, p)
	if err != nil {
		return nil, err
	}
	ans, _, err := c.call(ctx, opCreate, http.MethodPost, func(ctx context.Context) (*http.Response, error) {
		// A new reader on every attempt: the body is rebuilt, never half-read.
		return c.api.CreateSegmentWithBody(ctx, "application/json", strings.NewReader(body))
	})
	if err != nil {
		return nil, err
	}
	return decodeSegment(opCreate, ans)
}

// createBody encodes p as the generated request type of its shape (a static body
// through static, which encodes it the same, faster).
func createBody(static staticTemplate, p CreateParams) (string, error) {
	if p.Type == TypeStatic {
		return static.body(p.Name, p.Customers)
	}
	body, err := json.Marshal(api.FilteredSegmentCreate{Name: p.Name, Type: api.FilteredSegmentCreateType(p.Type), Filter: p.Filter})
	if err != nil {
		// ValidateFilter has checked the filter's shape; only values JSON cannot
		// encode (NaN, say) get here.
		return "", &ValidationError{Field: "Filter", Reason: "cannot be encoded as JSON: " + err.Error()}
	}
	return string(body), nil
}

// Get returns the segment with the given ID. A missing segment is an *APIError
// matching ErrNotFound.
func (c *Client) Get(ctx context.Context, segmentID string) (*Segment, error) {
	if err := validateSegmentID(segmentID); err != nil {
		return nil, err
	}
	ans, _, err := c.call(ctx, opGet, http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		return c.send(ctx, http.MethodGet, c.getURL.of(segmentID))
	})
	if err != nil {
		return nil, err
	}
	return decodeSegment(opGet, ans)
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
		return c.send(ctx, http.MethodDelete, c.delURL.of(segmentID))
	})
	if err != nil && out.Uncertain && errors.Is(err, ErrNotFound) {
		c.logger.Info("segments: delete answered 404 after an uncertain attempt; the segment is gone",
			"segment_id", segmentID, "attempts", out.Attempts)
		return nil
	}
	return err
}

// answer is a successful response, read and closed.
type answer struct {
	status      int
	contentType string
	body        []byte
}

// call runs one operation through the retry policy, logging each attempt, and
// reads the answer's body within the size limit. A non-2xx answer becomes an
// *APIError.
func (c *Client) call(ctx context.Context, op, method string, attempt func(context.Context) (*http.Response, error)) (answer, transport.Outcome, error) {
	n := 0
	resp, out, err := c.retry.Do(ctx, method, func(ctx context.Context) (*http.Response, error) {
		n++
		if !c.logger.Enabled(ctx, slog.LevelDebug) {
			return attempt(ctx) // no log arguments built for nothing
		}
		start := time.Now()
		resp, err := attempt(ctx)
		if err != nil {
			c.logger.DebugContext(ctx, "segments: request failed", "operation", op, "method", method, "attempt", n, "duration", time.Since(start), "error", err)
			return nil, err
		}
		c.logger.DebugContext(ctx, "segments: request", "operation", op, "method", method, "attempt", n, "status", resp.StatusCode, "duration", time.Since(start))
		return resp, nil
	})
	if err != nil {
		return answer{}, out, fmt.Errorf("segments: %s: %w", op, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := transport.ReadBody(resp.Body, c.maxResponseBytes, resp.ContentLength)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if err != nil && !errors.Is(err, transport.ErrBodyTooLarge) {
			body = nil // a truncated error body is still worth keeping; a failed read is not
		}
		return answer{}, out, newAPIError(op, resp, body, out)
	}
	if err != nil {
		return answer{}, out, fmt.Errorf("segments: %s: %w", op, err)
	}
	return answer{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: body}, out, nil
}

// decodeSegment decodes a successful create or get answer.
func decodeSegment(op string, ans answer) (*Segment, error) {
	if ans.contentType != "" && !isJSON(ans.contentType) {
		return nil, fmt.Errorf("%w: %s: status %d with content type %q, want application/json", ErrUnexpectedResponse, op, ans.status, ans.contentType)
	}
	var seg Segment
	if err := json.Unmarshal(ans.body, &seg); err != nil {
		return nil, fmt.Errorf("%w: %s: decoding the segment: %w", ErrUnexpectedResponse, op, err)
	}
	if seg.ID == "" {
		return nil, fmt.Errorf("%w: %s: the answer has no segment id", ErrUnexpectedResponse, op)
	}
	return &seg, nil
}

// newAPIError builds the error for a non-2xx answer, from the Voucherify error
// body when there is one.
func newAPIError(op string, resp *http.Response, body []byte, out transport.Outcome) *APIError {
	e := &APIError{Operation: op, StatusCode: resp.StatusCode, Attempts: out.Attempts, Body: body}
	if wait, ok := transport.ServerWait(resp.Header, time.Now()); ok {
		e.RetryAfter = wait
	}
	if len(body) > 0 && (isJSON(resp.Header.Get("Content-Type")) || bytes.HasPrefix(bytes.TrimSpace(body), []byte("{"))) {
		var eb api.ErrorBody
		if json.Unmarshal(body, &eb) == nil {
			e.ErrorBody = eb
		}
	}
	return e
}

// isJSON reports whether a Content-Type names JSON: application/json or a
// +json suffix type, whatever the parameters. It runs on every answer, so it
// does not allocate.
func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	const app = "application/"
	if len(mt) <= len(app) || !strings.EqualFold(mt[:len(app)], app) {
		return false
	}
	sub := mt[len(app):]
	return strings.EqualFold(sub, "json") ||
		(len(sub) > len("+json") && strings.EqualFold(sub[len(sub)-len("+json"):], "+json"))
}
