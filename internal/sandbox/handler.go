package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/routers"
)

// The operations of the contract that the sandbox implements, as method and path
// template. (The embedded contract's operation IDs are rewritten by the generator, so
// they are not used.)
const (
	opListSegments  = "GET /v1/segments"
	opCreateSegment = "POST /v1/segments"
	opGetSegment    = "GET /v1/segments/{segmentId}"
	opDeleteSegment = "DELETE /v1/segments/{segmentId}"
)

// ServeHTTP answers one request to the segments API: see the package documentation for
// the order of the checks.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := newRequestID()
	sw := &statusWriter{ResponseWriter: w, log: &s.requests, entry: s.requests.add(r), server: s}
	s.serve(sw, r, requestID)
	s.logRequest(r, sw, requestID, start)
}

func (s *Server) serve(w *statusWriter, r *http.Request, requestID string) {
	if d := s.faults.nextDelay(); d > 0 {
		// Read the body first: net/http notices that a client hung up only once
		// the body is read, and a delayed request must end when its client
		// gives up rather than hold the server for the whole delay.
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, s.maxBody+1))
			if err != nil {
				return // the client is gone mid-body
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			s.requests.setBody(w.entry, body)
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return // the client is gone: nobody to answer
		}
	}
	if ft, ok := s.faults.next(); ok {
		done := answerWithoutBody(w, r)
		writeFault(w, ft, requestID, s.clock())
		done()
		return
	}

	route, params, apiErr := s.contract.route(r)
	if apiErr != nil {
		if apiErr.Code == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", s.contract.allowHeaderOf(r.URL.Path))
		}
		refuse(w, r, apiErr, requestID)
		return
	}
	if route.Method+" "+route.Path == opListSegments {
		if q := r.URL.Query(); indexFilterArrays(q) {
			r.URL.RawQuery = q.Encode()
		}
	}
	if apiErr := s.contract.checkRequest(r, route, params); apiErr != nil {
		refuse(w, r, apiErr, requestID)
		return
	}
	if apiErr := checkUTF8(r); apiErr != nil {
		refuse(w, r, apiErr, requestID)
		return
	}

	now := s.clock()
	rd := s.limiter.take(now)
	rd.setHeaders(w.Header())
	w.rated = true
	if !rd.allowed {
		setRetryHeaders(w.Header(), now, rd.reset)
		refuse(w, r, errTooManyRequests(fmt.Sprintf("The sandbox allows %d requests per %s",
			rd.limit, rd.window)), requestID)
		return
	}

	var payload any
	var body []byte
	if route.Operation.RequestBody != nil {
		// The unwrapped writer lets http.MaxBytesReader close the connection after a 413.
		var read bool
		body, payload, read, apiErr = s.readBody(w.ResponseWriter, r, route)
		if read {
			s.requests.setBody(w.entry, body)
		}
		if apiErr != nil {
			if read {
				writeError(w, apiErr, requestID)
			} else {
				refuse(w, r, apiErr, requestID)
			}
			return
		}
	}

	switch op := route.Method + " " + route.Path; op {
	case opListSegments:
		s.serveActing(w, r, requestID, func(w http.ResponseWriter) { s.listSegments(w, r, requestID) })
	case opCreateSegment:
		s.serveActing(w, r, requestID, func(w http.ResponseWriter) { s.createSegment(w, payload, body, requestID) })
	case opGetSegment:
		s.serveActing(w, r, requestID, func(w http.ResponseWriter) { s.getSegment(w, params.get("segmentId"), requestID) })
	case opDeleteSegment:
		s.serveActing(w, r, requestID, func(w http.ResponseWriter) { s.deleteSegment(w, params.get("segmentId"), requestID) })
	default:
		// The contract declares an operation that the sandbox does not implement.
		writeError(w, errServer(http.StatusNotImplemented, "The sandbox does not implement "+op), requestID)
	}
}

// readBody checks the content type (415) and size (413) of r's body, reads it, and
// validates it against the operation's schema (400). It returns the body and its
// decoded value, and whether the body was read to its end.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, route *routers.Route) ([]byte, any, bool, *apiError) {
	contentType := r.Header.Get("Content-Type")
	if contentType != "" && (!acceptsContentType(route, contentType) || !isUTF8Charset(contentType)) {
		return nil, nil, false, errUnsupportedMediaType(contentType)
	}
	if r.ContentLength > s.maxBody {
		return nil, nil, false, errPayloadTooLarge(s.maxBody)
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		// MinRead more: ReadFrom wants that much room to see the end of the body, and
		// would otherwise copy a full buffer into one twice its size.
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	if r.Body != nil {
		if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, s.maxBody)); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, nil, false, errPayloadTooLarge(s.maxBody)
			}
			return nil, nil, false, errInvalidPayload("The request body could not be read")
		}
	}
	body := buf.Bytes()
	if contentType == "" && len(body) > 0 {
		return nil, nil, true, errUnsupportedMediaType("")
	}
	if !utf8.Valid(body) {
		// Checked here, as encoding/json would turn invalid bytes into U+FFFD in the
		// customers and keep them raw in a filter.
		return nil, nil, true, errInvalidUTF8("The request body")
	}
	payload, apiErr := s.contract.checkBody(r, route, body)
	return body, payload, true, apiErr
}

// createSegment stores the segment of payload, the validated body of create.
func (s *Server) createSegment(w http.ResponseWriter, payload any, body []byte, requestID string) {
	seg, apiErr := segmentFromPayload(payload, body)
	if apiErr != nil {
		writeError(w, apiErr, requestID)
		return
	}
	seg.CreatedAt = s.clock().UTC().Truncate(time.Millisecond)
	_, wire, err := s.store.add(seg)
	if full, ok := errors.AsType[*storeFullError](err); ok {
		writeError(w, errSandboxLimit(fmt.Sprintf("The sandbox stores at most %d %s; it holds %d and this segment "+
			"would add %d. Delete segments, or raise the limit (segments serve --max-segments/--max-customers, "+
			"segmentstest.WithStoreLimits)", full.limit, full.what, full.has, full.adds)), requestID)
		return
	}
	if err != nil {
		writeError(w, errServer(http.StatusInternalServerError, "Encoding the segment failed"), requestID)
		return
	}
	writeJSON(w, http.StatusOK, wire)
}

// getSegment answers with the stored segment's JSON, encoded when it was created.
func (s *Server) getSegment(w http.ResponseWriter, id, requestID string) {
	wire, ok := s.store.wire(id)
	if !ok {
		writeError(w, errSegmentNotFound(id), requestID)
		return
	}
	writeJSON(w, http.StatusOK, wire)
}

func (s *Server) deleteSegment(w http.ResponseWriter, id, requestID string) {
	if !s.store.remove(id) {
		writeError(w, errSegmentNotFound(id), requestID)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
