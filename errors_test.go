package segments_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

func TestNon2xxBecomesAPIError(t *testing.T) {
	html := []byte("<html><body><h1>502 Bad Gateway</h1></body></html>")
	cases := []struct {
		name       string
		op         string // "get" or "create"
		status     int
		body       []byte
		headers    []string
		outOfSpec  bool // a status or body the contract does not declare for this operation
		is         error
		key        string
		message    string
		requestID  string
		retryAfter time.Duration
	}{
		{name: "400 invalid payload", op: "create", status: 400, body: fixture(t, "error-400-invalid-payload.from-create-category.json"), key: "invalid_payload", message: "Invalid payload", requestID: "v-0b8b5b960990210b25"},
		{name: "401 unauthorized", op: "get", status: 401, body: fixture(t, "error-401-unauthorized.from-get-export.json"), is: segments.ErrUnauthorized, key: "unauthorized", message: "Unauthorized"},
		{name: "404 not found", op: "get", status: 404, body: fixture(t, "get-segment.error-404-not-found.json"), is: segments.ErrNotFound, key: "not_found", message: "Resource not found", requestID: "v-0b4d7a37a105797650"},
		{name: "405 method not allowed", op: "get", status: 405, body: fixture(t, "error-405-method-not-allowed.from-docs.json"), outOfSpec: true, message: "HTTP Method Not Allowed"},
		{name: "413 too large", op: "create", status: 413, body: []byte(`{"code":413,"key":"payload_too_large","message":"Payload too large"}`), key: "payload_too_large"},
		{name: "415 media type", op: "create", status: 415, body: []byte(`{"code":415,"message":"Unsupported media type"}`), message: "Unsupported media type"},
		{name: "429 with Retry-After", op: "get", status: 429, body: fixture(t, "error-429-too-many-requests.from-docs.json"), headers: []string{"Retry-After", "7"}, is: segments.ErrRateLimited, message: "Too many requests hit the API too quickly.", retryAfter: 7 * time.Second},
		{name: "500 JSON", op: "get", status: 500, body: []byte(`{"code":500,"message":"Internal error","request_id":"v-1"}`), message: "Internal error", requestID: "v-1"},
		{name: "502 HTML from a proxy", op: "get", status: 502, body: html, headers: []string{"Content-Type", "text/html"}, outOfSpec: true},
		{name: "503 empty body", op: "create", status: 503, body: nil, headers: []string{"Content-Type", ""}, outOfSpec: true},
		{name: "504 JSON error text/plain", op: "get", status: 504, body: []byte("upstream request timeout"), headers: []string{"Content-Type", "text/plain"}, outOfSpec: true},
		{name: "409 undeclared", op: "create", status: 409, body: []byte(`{"code":409,"key":"duplicate_found","message":"Duplicate"}`), outOfSpec: true, key: "duplicate_found"},
		{name: "error body with wrong types", op: "get", status: 500, body: []byte(`{"code":"500","message":42}`), outOfSpec: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []contracttest.Option
			if tc.outOfSpec {
				opts = append(opts, contracttest.AllowInvalidResponses())
			}
			srv := contracttest.NewServer(t, answer(tc.status, tc.body, tc.headers...), opts...)
			c := newTestClient(t, srv.URL)
			var err error
			var seg *segments.Segment
			if tc.op == "create" {
				seg, err = c.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
			} else {
				seg, err = c.Get(context.Background(), "seg_1")
			}
			if seg != nil {
				t.Errorf("segment = %+v, want nil", seg)
			}
			var apiErr *segments.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %#v, want an *APIError", err)
			}
			if apiErr.StatusCode != tc.status || !bytes.Equal(apiErr.Body, tc.body) {
				t.Errorf("StatusCode = %d, Body = %q", apiErr.StatusCode, apiErr.Body)
			}
			if apiErr.Key != tc.key || (tc.message != "" && apiErr.Message != tc.message) || apiErr.RequestID != tc.requestID {
				t.Errorf("APIError = %+v", apiErr)
			}
			if apiErr.RetryAfter != tc.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tc.retryAfter)
			}
			for _, s := range []error{segments.ErrNotFound, segments.ErrUnauthorized, segments.ErrRateLimited} {
				if got := errors.Is(err, s); got != errors.Is(tc.is, s) {
					t.Errorf("errors.Is(err, %v) = %v", s, got)
				}
			}
			msg := err.Error()
			if !strings.Contains(msg, http.StatusText(tc.status)) || (tc.requestID != "" && !strings.Contains(msg, tc.requestID)) {
				t.Errorf("message %q lacks the status or request ID", msg)
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	err := &segments.APIError{Operation: "get-segment", StatusCode: 404, Attempts: 3}
	err.Key, err.Message, err.Details, err.RequestID = "not_found", "Resource not found", "Cannot find segment with id seg_1", "v-9"
	want := "segments: get-segment: 404 Not Found: not_found: Resource not found: Cannot find segment with id seg_1 (request_id v-9) after 3 attempts"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
}

// Both of the contract's error shapes, from the official example bodies, fill
// APIError; the message and status are never lost, and an unknown shape keeps
// its raw body.
func TestAPIErrorReadsBothErrorShapes(t *testing.T) {
	cases := []struct {
		name, fixture string
		body          []byte
		status        int
		code          int
		reason, key   string
		message       string
	}{
		{name: "framework 413", fixture: "error-413-framework.from-customers-spec.json", status: 413, code: 413, reason: "Request Entity Too Large", message: "Payload content length greater than maximum allowed: 10485760"},
		{name: "framework 400", fixture: "error-400-framework.from-management-spec.json", status: 400, code: 400, reason: "Bad Request", message: "Invalid request payload JSON format"},
		{name: "voucherify 400", fixture: "error-400-invalid-payload.from-create-category.json", status: 400, code: 400, key: "invalid_payload", message: "Invalid payload"},
		{name: "voucherify 404", fixture: "get-segment.error-404-not-found.json", status: 404, code: 404, key: "not_found", message: "Resource not found"},
		{name: "rule message", body: []byte(`{"code":400,"key":"validation_rule","message":"Refused","error":{"message":"Only for VIPs"}}`), status: 400, code: 400, key: "validation_rule", message: "Refused"},
		{name: "unknown shape", body: []byte(`{"problem":{"title":"nope"}}`), status: 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if tc.fixture != "" {
				body = fixture(t, tc.fixture)
			}
			srv := contracttest.NewServer(t, answer(tc.status, body), contracttest.AllowInvalidResponses())
			_, err := newTestClient(t, srv.URL).Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic})
			var e *segments.APIError
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if e.StatusCode != tc.status || e.Code != tc.code || e.Reason != tc.reason || e.Key != tc.key || e.Message != tc.message || !bytes.Equal(e.Body, body) {
				t.Errorf("APIError = %+v", e)
			}
			if tc.message != "" && !strings.Contains(err.Error(), tc.message) {
				t.Errorf("Error() = %q lacks the message", err)
			}
			if tc.name == "rule message" && (e.RuleMessage != "Only for VIPs" || !strings.Contains(err.Error(), "Only for VIPs")) {
				t.Errorf("RuleMessage = %q, Error() = %q", e.RuleMessage, err)
			}
		})
	}
}
