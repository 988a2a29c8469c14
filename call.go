package segments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
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

// memoryBody is a body read already, to be read again.
type memoryBody struct{ bytes.Reader }

// Close does nothing: the body is in memory.
func (*memoryBody) Close() error { return nil }

// sendFunc sends one attempt of an operation through the generated client.
type sendFunc func(context.Context) (*http.Response, error)

// reply is the last answer of a call, its body read within the size limit.
type reply struct {
	resp *http.Response
	body []byte
	// readErr says why the body could not be read whole (too large, cut,
	// stalled); body then holds what arrived before it.
	readErr error
	out     transport.Outcome
}

// succeeded reports whether the answer's status is 2xx.
func (r reply) succeeded() bool { return r.resp.StatusCode >= 200 && r.resp.StatusCode <= 299 }

// parsed is what the wrapper takes from a generated Parse*Response: the
// documented success body, when the answer is one, and the rate-limit headers;
// or why the parser refused the answer.
type parsed[T any] struct {
	result *T
	rate   *rateHeaders
	err    error
}

// call runs one operation through the retry policy, logging each attempt, and
// reads the last answer's body within the size limit. The error is that of a
// call that got no answer; when ctx ended, it matches ctx.Err().
func (c *Client) call(ctx context.Context, op, method string, send sendFunc) (reply, error) {
	n := 0
	resp, out, err := c.retry.Do(ctx, method, func(ctx context.Context) (*http.Response, error) {
		n++
		start := time.Now()
		resp, err := send(ctx)
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
		return reply{out: out}, c.failure(ctx, op, err)
	}
	body, readErr := transport.ReadBody(resp.Body, c.maxResponseBytes, resp.ContentLength)
	_ = resp.Body.Close()
	// The generated parser reads the body again, from memory.
	again := &memoryBody{}
	again.Reset(body)
	resp.Body = again
	return reply{resp: resp, body: body, readErr: readErr, out: out}, nil
}

// do runs an operation with call and parses its answer with the generated
// parser. A non-2xx answer is an *APIError; when ctx ended before the answer
// was read whole, the error matches ctx.Err(). A 2xx answer is returned with
// what parse made of it (and the parser's error) for the operation to check:
// only the operation knows whether a body was due and what losing it means.
func do[T any](ctx context.Context, c *Client, op, method string, send sendFunc, parse func(*http.Response) (parsed[T], error)) (parsed[T], reply, error) {
	rep, err := c.call(ctx, op, method, send)
	if err != nil {
		return parsed[T]{}, rep, err
	}
	p, err := parse(rep.resp)
	if err != nil {
		p = parsed[T]{err: err}
	}
	if rl, ok := p.rate.rateLimit(time.Now()); ok {
		c.rate.observe(rl)
	}
	if rep.succeeded() {
		return p, rep, nil
	}
	if ctx.Err() != nil {
		return parsed[T]{}, rep, c.failure(ctx, op, rep.readErr)
	}
	return parsed[T]{}, rep, newAPIError(op, rep, p.rate)
}

// unread is the error of a 2xx answer to an operation that only reads, when its
// body could not be read whole or ctx ended meanwhile; nil when it was read. (A
// create's 2xx means the segment was made: Create says so instead.)
func (c *Client) unread(ctx context.Context, op string, rep reply) error {
	if ctx.Err() != nil || rep.readErr != nil {
		return c.failure(ctx, op, rep.readErr)
	}
	return nil
}

// unexpected is the error of a 2xx answer that is not the documented one.
func unexpected(op string, rep reply, reason string) *UnexpectedResponseError {
	return &UnexpectedResponseError{Operation: op, StatusCode: rep.resp.StatusCode, Reason: reason, Body: rep.body}
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

// newAPIError builds the error of a non-2xx answer. Its body is read as the
// contract's error union, whatever the status: Voucherify documents more
// statuses (402, 405, 409, ...) than any operation lists, with the same body.
func newAPIError(op string, rep reply, rate *rateHeaders) *APIError {
	now := time.Now()
	resp := rep.resp
	e := &APIError{Operation: op, StatusCode: resp.StatusCode, Attempts: rep.out.Attempts, Body: rep.body}
	if rep.readErr != nil && !errors.Is(rep.readErr, transport.ErrBodyTooLarge) {
		e.Body = nil // a truncated error body is still worth keeping; a failed read is not
	}
	if wait, ok := transport.ServerWait(resp.StatusCode, resp.Header, now); ok {
		e.RetryAfter = wait
	}
	if rl, ok := rate.rateLimit(now); ok {
		e.RateLimit = &rl
	}
	var body api.ErrorBody
	if !isJSON(resp) || body.UnmarshalJSON(e.Body) != nil {
		return e
	}
	// A body of either shape decodes into its own type only; a partial body
	// fills what it can.
	if v, err := body.AsVoucherifyError(); err == nil {
		e.Code, e.Key, e.Message, e.Details = v.Code, v.Key, v.Message, v.Details
		e.RequestID, e.ResourceID, e.ResourceType = v.RequestID, v.ResourceID, v.ResourceType
		if v.Rule != nil {
			e.RuleMessage = v.Rule.Message
		}
	}
	if f, err := body.AsFrameworkError(); err == nil {
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
