package transport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ErrBodyTooLarge is returned when a response body exceeds the configured limit.
var ErrBodyTooLarge = errors.New("response body too large")

// ReadBody reads all of r, but no more than limit bytes: a larger body is an
// ErrBodyTooLarge error, returned with the first limit bytes, rather than an
// unbounded allocation. sizeHint (a Content-Length, or -1) sizes the buffer up
// front when it is within the limit.
func ReadBody(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	var buf bytes.Buffer
	if sizeHint > 0 && sizeHint <= limit {
		buf.Grow(int(sizeHint) + 1) // +1 so reading EOF does not grow the buffer
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading response body: %w", err)
	}
	if n > limit {
		return buf.Bytes()[:limit], fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// Drain discards up to limit bytes of body and closes it, so the connection can
// be reused without reading an unbounded body.
func Drain(body io.ReadCloser, limit int64) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, limit))
	_ = body.Close()
}
