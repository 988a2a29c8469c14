package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// drainLimit is how much of a retried answer's body is read to keep its
// connection.
const drainLimit = 64 << 10

// Retry is the retry policy. GET and DELETE are retried on network errors and on
// 429, 500, 502, 503 and 504; POST only on 429 and on dial errors, the only
// failures that prove the server never saw the request, so a create is never
// sent twice.
type Retry struct {
	MaxRetries int           // retries after the first attempt; 0 sends once
	BaseDelay  time.Duration // first backoff; doubled on each retry
	MaxDelay   time.Duration // cap of one backoff
	MaxWait    time.Duration // cap of a wait the server asks for (Retry-After, X-Rate-Limit-Retry)
	// AttemptTimeout bounds each attempt, reading the answer's body included;
	// 0 leaves it to the http.Client.
	AttemptTimeout time.Duration
	// OnRetry, when set, is told of each retry before its wait.
	OnRetry func(attempt int, wait time.Duration, reason string)
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Outcome describes how a call went across its attempts.
type Outcome struct {
	Attempts int
	// Uncertain is true when an attempt failed in a way that leaves open
	// whether the server acted on it (a timeout, a reset, any 5xx), the last
	// attempt included.
	Uncertain bool
}

// attemptsError is the error of a call that failed on its last attempt.
type attemptsError struct {
	Attempts int
	Err      error
}

func (e *attemptsError) Error() string {
	if e.Attempts == 1 {
		return fmt.Sprintf("after 1 attempt: %v", e.Err)
	}
	return fmt.Sprintf("after %d attempts: %v", e.Attempts, e.Err)
}

// Unwrap returns the last attempt's error.
func (e *attemptsError) Unwrap() error { return e.Err }

// Do calls send until it gives an answer that is not to be retried, the retries
// are used up, or ctx ends. send must build a new request, body included, on
// every call. A returned response is the caller's to close.
func (r Retry) Do(ctx context.Context, method string, send func(context.Context) (*http.Response, error)) (*http.Response, Outcome, error) {
	idempotent := method != http.MethodPost && method != http.MethodPatch
	var out Outcome
	for {
		out.Attempts++
		resp, err := r.attempt(ctx, send)
		retryable, reason, uncertain := classify(ctx, idempotent, resp, err)
		out.Uncertain = out.Uncertain || uncertain
		if !retryable || out.Attempts > r.MaxRetries {
			if err != nil {
				return nil, out, &attemptsError{Attempts: out.Attempts, Err: err}
			}
			return resp, out, nil
		}
		wait := r.wait(out.Attempts, resp)
		if deadline, ok := ctx.Deadline(); ok && r.now().Add(wait).After(deadline) {
			// Waiting would outlive the caller: give the last answer now.
			if err != nil {
				return nil, out, &attemptsError{Attempts: out.Attempts, Err: err}
			}
			return resp, out, nil
		}
		if resp != nil {
			drain(resp.Body, drainLimit)
		}
		if r.OnRetry != nil {
			r.OnRetry(out.Attempts, wait, reason)
		}
		if werr := sleep(ctx, wait); werr != nil {
			if err == nil {
				err = fmt.Errorf("last status %d", resp.StatusCode)
			}
			return nil, out, &attemptsError{Attempts: out.Attempts, Err: fmt.Errorf("%w (waiting to retry after %w)", werr, err)}
		}
	}
}

// attempt runs send under AttemptTimeout. The timeout's context lives until the
// response body is closed, so that reading the body is bounded too.
func (r Retry) attempt(ctx context.Context, send func(context.Context) (*http.Response, error)) (*http.Response, error) {
	if r.AttemptTimeout <= 0 {
		return send(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, r.AttemptTimeout)
	resp, err := send(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// classify says whether an attempt's result may be retried, why, and whether the
// server may have acted on it.
func classify(ctx context.Context, idempotent bool, resp *http.Response, err error) (retry bool, reason string, uncertain bool) {
	if err != nil {
		var te *TokenError
		if errors.As(err, &te) {
			// No token, so the request was not sent: nothing is uncertain,
			// and a transient failure may be retried whatever the method.
			if ctx.Err() != nil || !te.transient() {
				return false, "", false
			}
			return true, "OAuth token: " + te.Err.Error(), false
		}
		if ctx.Err() != nil {
			// The caller gave up: nothing is retried, but the request may have
			// been on its way.
			return false, "", !isDialError(err)
		}
		if errors.Is(err, ErrCrossOrigin) || errors.Is(err, ErrTooManyRedirects) {
			return false, "", false
		}
		if isDialError(err) {
			return true, "connect: " + err.Error(), false
		}
		if isNetworkError(err) {
			return idempotent, "network: " + err.Error(), true
		}
		return false, "", false
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, "status 429", false
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent, "status " + strconv.Itoa(resp.StatusCode), true
	}
	// Any other 5xx (a proxy's 520-524 among them) is not worth retrying, but
	// says as little about whether the server acted.
	return false, "", resp.StatusCode >= 500
}

// isDialError reports whether the connection was never made, so the request
// cannot have reached the server.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED)
}

// isNetworkError reports whether err is a transport failure: a reset, a
// timeout, a connection closed before the answer was complete.
func isNetworkError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// wait returns how long to wait before the next attempt: what the server asked
// for, capped by MaxWait, or else an exponential backoff with jitter.
func (r Retry) wait(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := ServerWait(resp.StatusCode, resp.Header, r.now()); ok {
			return min(d, r.MaxWait)
		}
	}
	d := r.BaseDelay << (attempt - 1)
	if d <= 0 || d > r.MaxDelay { // <= 0: the shift overflowed
		d = r.MaxDelay
	}
	// Equal jitter: at least half the backoff, so retries still spread out.
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// ServerWait returns the wait a response asks for: Retry-After (seconds or an
// HTTP date) or else, on a 429 only, X-Rate-Limit-Retry (Unix seconds).
// Voucherify sends X-Rate-Limit-Retry on every answer, as the end of the
// current window; only a 429 makes it a wait.
func ServerWait(status int, h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			return secondsDuration(secs), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if v := h.Get("X-Rate-Limit-Retry"); v != "" && status == http.StatusTooManyRequests {
		if epoch, err := strconv.ParseInt(v, 10, 64); err == nil && epoch > 0 {
			return max(time.Unix(epoch, 0).Sub(now), 0), true
		}
	}
	return 0, false
}

// secondsDuration converts seconds to a Duration without overflowing.
func secondsDuration(secs int64) time.Duration {
	const maxSecs = int64(1<<63-1) / int64(time.Second)
	if secs > maxSecs {
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(secs) * time.Second
}

func (r Retry) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// sleep waits for d, or returns early with the context's error.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
