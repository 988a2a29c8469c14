package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
)

// rawBodies is the transport under the SDK's. It keeps the body of the last
// successful answer, as the SDK reads it (within the SDK's read limit), so
// that the command prints the API's JSON as it came: decoding into the SDK's
// types and encoding again would drop the fields they do not know and
// reformat the ones they do.
type rawBodies struct {
	base http.RoundTripper

	mu    sync.Mutex
	last  []byte
	index map[string]json.RawMessage // the segments of last, by ID; built on demand
}

// newRawBodies returns a rawBodies over the default transport.
func newRawBodies() *rawBodies {
	return &rawBodies{base: http.DefaultTransport}
}

func (t *rawBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode < 200 || resp.StatusCode > 299 || strings.HasSuffix(req.URL.Path, "/v1/oauth/token") {
		// A token's answer is never printed: it is not kept.
		return resp, err
	}
	resp.Body = &teeBody{ReadCloser: resp.Body, owner: t}
	return resp, nil
}

// keep makes body the last answer's.
func (t *rawBodies) keep(body []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last, t.index = body, nil
}

// lastBody returns the body of the last successful answer.
func (t *rawBodies) lastBody() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// segment returns the JSON of the segment with the ID id as the last answer
// held it: the answer itself (create, get) or an element of its "data" (a
// page of list). It returns nil when the last answer holds no such segment.
func (t *rawBodies) segment(id string) json.RawMessage {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.index == nil {
		t.index = indexSegments(t.last)
	}
	return t.index[id]
}

// indexSegments maps the segments in body, a segment or a list of them, by ID.
func indexSegments(body []byte) map[string]json.RawMessage {
	index := map[string]json.RawMessage{}
	var answer struct {
		ID   string            `json:"id"`
		Data []json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &answer) != nil {
		return index
	}
	if answer.ID != "" {
		index[answer.ID] = body
	}
	for _, raw := range answer.Data {
		var seg struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(raw, &seg) == nil && seg.ID != "" {
			index[seg.ID] = raw
		}
	}
	return index
}

// teeBody copies what is read of a response body, and hands the copy to its
// owner when the body is closed.
type teeBody struct {
	io.ReadCloser
	owner *rawBodies
	buf   bytes.Buffer
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.buf.Write(p[:n])
	return n, err
}

func (b *teeBody) Close() error {
	b.owner.keep(b.buf.Bytes())
	return b.ReadCloser.Close()
}
