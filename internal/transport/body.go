package transport

import (
	"errors"
	"fmt"
	"io"
)

// ErrBodyTooLarge is returned when a response body exceeds the configured limit.
var ErrBodyTooLarge = errors.New("response body too large")

// ReadBody reads all of r, but no more than limit bytes: a larger body is an
// ErrBodyTooLarge error, returned with the first limit bytes, rather than an
// unbounded allocation. A read that fails (a cut connection, a timeout) returns
// what arrived before it with the error: a caller may still find in it what the
// answer said, such as the ID of a segment that was created. sizeHint (a
// Content-Length, or -1) sizes the buffer up front when it is within the limit,
// so a well-described body costs one allocation.
func ReadBody(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	size := int64(512)
	if sizeHint >= 0 && sizeHint <= limit {
		size = sizeHint + 1 // +1 so that the read seeing EOF needs no growth
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // let append pick the growth
		}
		room := buf[len(buf):min(int64(cap(buf)), limit+1)]
		n, err := r.Read(room)
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf[:limit], fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, fmt.Errorf("reading response body: %w", err)
		}
	}
}

// drain discards up to limit bytes of body and closes it, so the connection can
// be reused without reading an unbounded body.
func drain(body io.ReadCloser, limit int64) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, limit))
	_ = body.Close()
}
