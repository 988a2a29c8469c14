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
	opList   = "list-segment"
)

// answer is a successful response, read and closed.
type answer struct {
	status      int
	contentType string
	body        []byte
}

// sendFunc sends one attempt of an operation through the generated client.
type sendFunc func(context.Context) (*http.Response, error)

// call runs one operation through the retry policy, logging each attempt, and
// reads the answer's body within the size limit. Every answer's rate-limit
// state is recorded. A non-2xx answer becomes an *APIError; when ctx ended, the
// error matches ctx.Err() whatever the answer was.
func (c *Client) call(ctx context.Context, op, method string, send sendFunc) (answer, transport.Outcome, error) {
	n := 0
	resp, out, err := c.retry.Do(ctx, method, func(ctx context.Context) (*http.Response, error) {
		n++
		start := time.Now()
		resp, err := send(ctx)
		if err == nil {
			if rl, ok := rateLimitOf(resp.Header, time.Now()); ok {
				c.rate.observe(rl)
			}
		}
		if !c.logger.Enabled(ctx, slog.LevelDebug) {
			return resp, err
		}
		if err != nil {
			c.logger.DebugContext(ctx, "segments: request failed", "operation", op, "method", method, "attempt", n, "duration", time.Since(start), "error", err)
			return nil, err
		}
		path := ""
		if resp.Request != nil && resp.Request.URL != nil { // a caller's RoundTripper may leave it nil
			path = resp.Request.URL.EscapedPath()
		}
		c.logger.DebugContext(ctx, "segments: request", "operation", op, "method", method, "path", path, "attempt", n, "status", resp.StatusCode, "duration", time.Since(start))
		return resp, nil
	})
	if err != nil {
		return answer{}, out, c.failure(ctx, op, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := transport.ReadBody(resp.Body, c.maxResponseBytes, resp.ContentLength)
	if ctx.Err() != nil {
		// Whatever was read, the caller gave up first: say so.
		return answer{}, out, c.failure(ctx, op, err)
	}
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

// failure wraps the error of a call that got no answer, so that errors.Is
// matches ctx.Err() whenever the caller's context ended.
func (c *Client) failure(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		if err == nil {
			return fmt.Errorf("segments: %s: %w", op, cerr)
		}
		return fmt.Errorf("segments: %s: %w (%w)", op, cerr, err)
	}
	return fmt.Errorf("segments: %s: %w", op, err)
}

// newAPIError builds the error for a non-2xx answer, from whichever of the
// contract's two error shapes the body is.
func newAPIError(op string, resp *http.Response, body []byte, out transport.Outcome) *APIError {
	now := time.Now()
	e := &APIError{Operation: op, StatusCode: resp.StatusCode, Attempts: out.Attempts, Body: body}
	if wait, ok := transport.ServerWait(resp.StatusCode, resp.Header, now); ok {
		e.RetryAfter = wait
	}
	if rl, ok := rateLimitOf(resp.Header, now); ok {
		e.RateLimit = &rl
	}
	if !looksLikeJSON(resp.Header.Get("Content-Type"), body) {
		return e
	}
	// The two shapes differ in "error" (an object, or a string) and in how
	// they name the status; a body of either decodes into its own type only,
	// and a partial body fills what it can.
	var v api.VoucherifyError
	if json.Unmarshal(body, &v) == nil {
		e.Code, e.Key, e.Message, e.Details = v.Code, v.Key, v.Message, v.Details
		e.RequestID, e.ResourceID, e.ResourceType = v.RequestID, v.ResourceID, v.ResourceType
		if v.Rule != nil {
			e.RuleMessage = v.Rule.Message
		}
	}
	var f api.FrameworkError
	if json.Unmarshal(body, &f) == nil {
		e.Reason = f.Error
		if e.Code == 0 {
			e.Code = f.StatusCode
		}
		if e.Message == "" {
			e.Message = f.Message
		}
	}
	return e
}

// looksLikeJSON reports whether an error body may be JSON: its content type
// says so, or it starts as an object does (some proxies send JSON as text).
func looksLikeJSON(contentType string, body []byte) bool {
	return len(body) > 0 && (isJSON(contentType) || bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")))
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
