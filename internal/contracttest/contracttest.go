// Package contracttest serves an http.Handler behind a checker that validates
// every request it receives and every response it gives against openapi.yaml,
// failing the test on any mismatch. Client tests use it so that the client and
// their canned answers are both held to the contract.
package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/voucherify-go/segments/internal/spec"
)

// Request is what the server received, recorded for assertions.
type Request struct {
	Method string
	Path   string // escaped, as sent
	Header http.Header
	Body   []byte
}

// Server is an httptest.Server that checks traffic against the contract.
type Server struct {
	*httptest.Server
	t              testing.TB
	router         routers.Router
	checkResponses bool
	mu             sync.Mutex
	requests       []Request
}

// Option configures a Server.
type Option func(*Server)

// AllowInvalidResponses turns off response validation, for tests of how a
// client copes with a server that breaks the contract.
func AllowInvalidResponses() Option {
	return func(s *Server) { s.checkResponses = false }
}

// NewServer starts a server running h behind the contract checks; it is closed
// when the test ends. A request that breaks the contract fails the test and is
// answered 400 without reaching h.
func NewServer(t testing.TB, h http.Handler, opts ...Option) *Server {
	t.Helper()
	_, router := Router(t)
	s := &Server{t: t, router: router, checkResponses: true}
	for _, o := range opts {
		o(s)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, h)
	}))
	t.Cleanup(s.Close)
	return s
}

// Router returns the contract with a router of its operations that matches on
// paths alone: the spec's servers name the real clusters, not a test's
// loopback address. Both are loaded once per test binary and shared by every
// server (loading takes tens of milliseconds, and tests start a server each):
// callers must not change them.
func Router(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	c, err := loadContract()
	if err != nil {
		t.Fatalf("contracttest: %v", err)
	}
	return c.doc, c.router
}

type contract struct {
	doc    *openapi3.T
	router routers.Router
}

var loadContract = sync.OnceValues(func() (contract, error) {
	doc, err := spec.GetSpec()
	if err != nil {
		return contract{}, fmt.Errorf("loading openapi.yaml: %w", err)
	}
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return contract{}, fmt.Errorf("router: %w", err)
	}
	return contract{doc: doc, router: router}, nil
})

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, h http.Handler) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.t.Errorf("contracttest: reading request body: %v", err)
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()

	input, err := s.validateRequest(r, body)
	if err != nil {
		s.t.Errorf("contracttest: request %s %s breaks the contract: %v", r.Method, r.URL.EscapedPath(), err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 400, "key": "invalid_payload", "message": "Invalid payload", "details": err.Error()})
		return
	}

	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	if s.checkResponses {
		if err := validateResponse(r.Context(), input, res, rec.Body.Bytes()); err != nil {
			s.t.Errorf("contracttest: response %d to %s %s breaks the contract: %v", res.StatusCode, r.Method, r.URL.EscapedPath(), err)
		}
	}
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	_, _ = w.Write(rec.Body.Bytes())
}

func (s *Server) validateRequest(r *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	// Match on the escaped path, so an ID holding "/" stays one path parameter.
	routed := r.Clone(r.Context())
	routed.URL.Path = r.URL.EscapedPath()
	routed.URL.RawPath = ""
	routed.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := s.router.FindRoute(routed)
	if err != nil {
		return nil, err
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    routed,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:         true,
			AuthenticationFunc: authenticate,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		return nil, err
	}
	return input, nil
}

// authenticate accepts a security scheme whose header is present; the handler
// decides whether the values are right.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	var header string
	switch {
	case scheme.Type == "apiKey" && scheme.In == "header":
		header = scheme.Name
	case scheme.Type == "oauth2" || scheme.Type == "http":
		header = "Authorization"
	default:
		return fmt.Errorf("unsupported security scheme %s", in.SecuritySchemeName)
	}
	if strings.TrimSpace(in.RequestValidationInput.Request.Header.Get(header)) == "" {
		return fmt.Errorf("missing %s header", header)
	}
	return nil
}

func validateResponse(ctx context.Context, input *openapi3filter.RequestValidationInput, res *http.Response, body []byte) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	out.SetBodyBytes(body)
	err := openapi3filter.ValidateResponse(ctx, out)
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) == 0 {
		return nil
	}
	return err
}
