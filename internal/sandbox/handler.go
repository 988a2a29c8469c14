package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// exchange is what the sandbox knows of one request while it answers it; the handlers find
// it in the request's context.
type exchange struct {
	id         string       // the request ID of its error objects
	entry      *Request     // its record in the request log; nil when the log is off
	rate       rateDecision // its decision against the rate limit, once rated
	rated      bool         // an answer before that reports the limit without counting
	validating bool         // its parameters are bound; validation has started
}

type exchangeKey struct{}

// exchangeOf returns the exchange of a request that ServeHTTP is answering.
func exchangeOf(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// newRequestID returns a request ID shaped like the real API's: "v-" and 18 hex digits.
func newRequestID() string {
	var raw [9]byte
	_, _ = rand.Read(raw[:]) // never fails (crypto/rand, Go 1.24+)
	return "v-" + hex.EncodeToString(raw[:])
}

// routes returns the server generated from the contract (apiserver): its ServeMux routes
// each operation's requests to the binding of its parameters and then, through the
// validation of s (validated), to its handler in operations.go.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	strict := apiserver.NewStrictHandlerWithOptions(operations{s}, nil, apiserver.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.answerUnboundBody,
		ResponseErrorHandlerFunc: s.answerHandlerError,
	})
	apiserver.HandlerWithOptions(strict, apiserver.StdHTTPServerOptions{
		BaseRouter:       mux,
		Middlewares:      []apiserver.MiddlewareFunc{s.validated},
		ErrorHandlerFunc: s.answerUnboundParams,
	})
	return mux
}

// ServeHTTP answers one request to the segments API: see the package documentation for
// the order of the checks.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	x := &exchange{id: newRequestID(), entry: s.requests.add(r)}
	sw := &statusWriter{ResponseWriter: w, x: x, s: s}
	s.serve(sw, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, x)), x)
	s.logRequest(r, sw, x.id, start)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, x *exchange) {
	if d := s.faults.nextDelay(); d > 0 {
		// Read the body first: net/http notices that a client hung up only once the body
		// is read, and a delayed request must end when its client gives up rather than
		// hold the server for the whole delay.
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxBodyBytes+1))
			if err != nil {
				return // the client is gone mid-body
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			s.requests.setBody(x.entry, body)
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
		writeFault(w, ft, x.id, s.clock())
		done()
		return
	}
	if s.refuseUnrouted(w, r, x) {
		return
	}
	indexFilterArrays(r)
	s.serveGenerated(w, r, x)
}

// serveGenerated serves r with the generated server. oapi-codegen's runtime panics on a
// deepObject query with a key that is both a value and an object
// (filters[id]=a&filters[id][conditions][$is]=b; TestRuntimePanicsOnConflictingDeepKeys):
// a panic before validation, in the binding of the parameters, is answered as parameters
// that could not be bound. Any other panic is a bug, left to net/http.
func (s *Server) serveGenerated(w http.ResponseWriter, r *http.Request, x *exchange) {
	defer func() {
		if p := recover(); p != nil {
			if x.validating {
				panic(p)
			}
			s.answerUnboundParams(w, r, fmt.Errorf("binding the parameters: %v", p))
		}
	}()
	s.mux.ServeHTTP(w, r)
}

// openAPIMethods are the methods an OpenAPI path item can declare, in the order of an
// Allow header.
var openAPIMethods = [...]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodHead, http.MethodOptions, http.MethodTrace}

// refuseUnrouted answers a request that no route of the generated server takes, and
// reports whether it did: 404 for a path that the contract does not declare, 405 and
// Allow for a method it does not declare on the path. ServeMux would answer these in
// plain text, take HEAD for GET, and redirect a path that is not clean.
func (s *Server) refuseUnrouted(w http.ResponseWriter, r *http.Request, x *exchange) bool {
	p := r.URL.EscapedPath()
	clean := path.Clean(p) == p
	if _, pattern := s.mux.Handler(r); clean && strings.HasPrefix(pattern, r.Method+" ") {
		return false
	}
	var allowed []string
	for _, m := range openAPIMethods {
		probe := *r
		probe.Method = m
		if _, pattern := s.mux.Handler(&probe); clean && strings.HasPrefix(pattern, m+" ") {
			allowed = append(allowed, m)
		}
	}
	apiErr := errPathNotFound(r.Method, r.URL.Path)
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		apiErr = errMethodNotAllowed(r.Method, allowed)
	}
	refuse(w, r, apiErr, x.id)
	return true
}

// admit counts r against the rate limit and answers 429 when it is over; it reports
// whether r may go on. Every answer carries the X-Rate-Limit-* headers of the decision.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, x *exchange) bool {
	now := s.clock()
	x.rate, x.rated = s.limiter.decide(now, true), true
	x.rate.setHeaders(w.Header())
	if x.rate.allowed {
		return true
	}
	setRetryHeaders(w.Header(), now, x.rate.reset)
	refuse(w, r, errTooManyRequests(fmt.Sprintf("The sandbox allows %d requests per %s", x.rate.limit, x.rate.window)), x.id)
	return false
}

// answerUnboundParams answers a request whose parameters the generated code could not bind
// (err): with what the contract says of them, as for any other request, when it refuses
// them, else with err.
func (s *Server) answerUnboundParams(w http.ResponseWriter, r *http.Request, err error) {
	apiErr := s.contract.checkRequest(r, s.contract.routes[r.Pattern])
	if apiErr == nil {
		details := "Invalid request parameters"
		if pe, ok := errors.AsType[*apiserver.InvalidParamFormatError](err); ok {
			details = fmt.Sprintf("Invalid query parameter '%s'", pe.ParamName)
		}
		apiErr = errInvalidPayload(details)
	}
	refuse(w, r, apiErr, exchangeOf(r.Context()).id)
}

// answerUnboundBody answers a body that the contract accepts and the generated code could
// not bind: a disagreement between them.
func (s *Server) answerUnboundBody(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, errInvalidPayload("The request body could not be decoded: "+err.Error()), exchangeOf(r.Context()).id)
}

// answerHandlerError answers an operation that failed.
func (s *Server) answerHandlerError(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, errServer(http.StatusInternalServerError, "The sandbox failed: "+err.Error()), exchangeOf(r.Context()).id)
}
