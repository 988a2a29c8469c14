package sandbox

import (
	"net/http"
	"slices"
	"sync"
)

// redacted replaces the value of a credential header in recorded requests.
const redacted = "[redacted]"

// Request is a request the Server received, as Server.Requests returns it.
type Request struct {
	// Method is the request's method.
	Method string
	// Path is the request's path, escaped as it was sent.
	Path string
	// Query is the raw query, without the "?".
	Query string
	// Header holds the request's headers, with the values of X-App-Token and
	// Authorization replaced by "[redacted]".
	Header http.Header
	// Body is the body as the Server read it, at most Config.MaxBodyBytes; nil when the
	// request had none or was answered without reading it (401, 404, 405, 413, 415,
	// 429 and injected faults answer before the body), and for the oldest requests
	// once the recorded bodies together pass Config.RequestLogBytes.
	Body []byte
	// Status is the status of the answer; 0 while there is none, and for a request
	// dropped without an answer.
	Status int
}

// requestLog keeps the last max requests received, and their bodies up to maxBytes in
// all. It is safe for concurrent use.
type requestLog struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	entries  []*Request
	// bodyBytes is the size of the bodies kept; the entries before dropFrom have none.
	bodyBytes int64
	dropFrom  int
}

// add records r as it arrives and returns its entry, for setBody and setStatus; nil
// when the log is off.
func (l *requestLog) add(r *http.Request) *Request {
	if l.max <= 0 {
		return nil
	}
	h := r.Header.Clone()
	for _, name := range []string{"X-App-Token", "Authorization"} {
		if vs := h.Values(name); len(vs) > 0 {
			h[http.CanonicalHeaderKey(name)] = slices.Repeat([]string{redacted}, len(vs))
		}
	}
	e := &Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: h}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == l.max {
		l.bodyBytes -= int64(len(l.entries[0].Body))
		l.entries[0] = nil
		l.entries = l.entries[1:]
		l.dropFrom = max(l.dropFrom-1, 0)
	}
	l.entries = append(l.entries, e)
	return e
}

// setBody records the body read for the request of e.
func (l *requestLog) setBody(e *Request, body []byte) {
	if e == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Body = body
	l.bodyBytes += int64(len(body))
	for l.bodyBytes > l.maxBytes && l.dropFrom < len(l.entries) {
		old := l.entries[l.dropFrom]
		l.bodyBytes -= int64(len(old.Body))
		old.Body = nil
		l.dropFrom++
	}
}

// setStatus records the status answered to the request of e.
func (l *requestLog) setStatus(e *Request, status int) {
	if e == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Status = status
}

// snapshot returns copies of the recorded requests, oldest first.
func (l *requestLog) snapshot() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, len(l.entries))
	for i, e := range l.entries {
		out[i] = *e
		out[i].Header = e.Header.Clone()
		out[i].Body = slices.Clone(e.Body)
	}
	return out
}

// clear forgets every recorded request.
func (l *requestLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.entries)
	l.entries = l.entries[:0]
	l.bodyBytes, l.dropFrom = 0, 0
}
