package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// apiError is an error answer: the Voucherify error object, the generated model of the
// contract's VoucherifyError, or, when framework is set, the framework shape instead.
type apiError struct {
	apiserver.VoucherifyError
	framework *apiserver.FrameworkError
}

// newAPIError returns the Voucherify error object of status.
func newAPIError(status int, key, message, details string) *apiError {
	return &apiError{VoucherifyError: apiserver.VoucherifyError{Code: status, Key: key, Message: message, Details: details}}
}

// newFrameworkError returns an error answered in the framework shape: the platform in front
// of the API answers an oversized body (413) and a body that is not JSON (400) itself.
func newFrameworkError(status int, message string) *apiError {
	return &apiError{
		VoucherifyError: apiserver.VoucherifyError{Code: status},
		framework:       &apiserver.FrameworkError{StatusCode: status, Error: http.StatusText(status), Message: message},
	}
}

// Error keys and messages, as the real API sends them.
const (
	keyInvalidPayload  = "invalid_payload"
	keyNotFound        = "not_found"
	msgNotFound        = "Resource not found"
	msgTooManyRequests = "Too many requests hit the API too quickly."
	// keySandboxLimit is the key of a create refused because the sandbox is full: a limit of
	// the sandbox, which the real API does not have.
	keySandboxLimit = "sandbox_limit"
)

func errInvalidPayload(details string) *apiError {
	return newAPIError(http.StatusBadRequest, keyInvalidPayload, "Invalid payload", details)
}

func errUnauthorized() *apiError {
	return newAPIError(http.StatusUnauthorized, "unauthorized", "Unauthorized", "")
}

// errInvalidScope refuses a token request for a scope the sandbox does not know (the
// contract's), as the real API words it.
func errInvalidScope(scope string) *apiError {
	return newAPIError(http.StatusBadRequest, "invalid_scope", "Invalid scope: "+scope, "")
}

// errInvalidGrantType refuses a token request for a grant other than client_credentials.
func errInvalidGrantType() *apiError {
	return newAPIError(http.StatusBadRequest, "invalid_grant_type", "Invalid grant_type", "")
}

// errTooManyTokens refuses a token past the number a project holds.
func errTooManyTokens(limit int) *apiError {
	return newAPIError(http.StatusBadRequest, keySandboxLimit, "Sandbox limit reached: the sandbox holds at most "+strconv.Itoa(limit)+" live tokens",
		"Voucherify holds up to "+strconv.Itoa(limit)+" tokens a project; revoke them or let them expire")
}

// errSegmentNotFound is the 404 of get and delete for an unknown segment ID.
func errSegmentNotFound(id string) *apiError {
	e := newAPIError(http.StatusNotFound, keyNotFound, msgNotFound, "Cannot find segment with id "+id)
	e.ResourceID, e.ResourceType = id, "segment"
	return e
}

// errPathNotFound is the 404 for a path that the contract does not declare.
func errPathNotFound(method, path string) *apiError {
	return newAPIError(http.StatusNotFound, keyNotFound, msgNotFound, fmt.Sprintf("Cannot %s %s", method, path))
}

// errMethodNotAllowed is shaped like the official 405 example: no key, and details that
// suggest the methods the path does support.
func errMethodNotAllowed(method string, allowed []string) *apiError {
	return newAPIError(http.StatusMethodNotAllowed, "", "HTTP Method Not Allowed",
		method+" is not supported by this endpoint. Did you mean "+strings.Join(allowed, " or ")+"?")
}

// errPayloadTooLarge is the 413 of a body over limit bytes, in the framework shape, as the
// real API answers it.
func errPayloadTooLarge(limit int64) *apiError {
	return newFrameworkError(http.StatusRequestEntityTooLarge,
		"Payload content length greater than maximum allowed: "+strconv.FormatInt(limit, 10))
}

// errNotJSON is the 400 of a body that is not JSON, in the framework shape, as the real API
// answers it.
func errNotJSON() *apiError {
	return newFrameworkError(http.StatusBadRequest, "Invalid request payload JSON format")
}

// errUnsupportedMediaType refuses a body of contentType where the operation takes one of
// want, the media types the contract declares for it.
func errUnsupportedMediaType(contentType string, want []string) *apiError {
	details := "The request body must be " + strings.Join(want, " or ")
	if contentType == "" {
		details += "; the request has no Content-Type"
	} else {
		details += ", not " + strconv.Quote(contentType)
	}
	return newAPIError(http.StatusUnsupportedMediaType, "unsupported_media_type", "Unsupported media type", details)
}

func errTooManyRequests(details string) *apiError {
	return newAPIError(http.StatusTooManyRequests, "too_many_requests", msgTooManyRequests, details)
}

// errServer is the error object of a 5xx answer: key "bad_gateway", message "Bad Gateway".
func errServer(status int, details string) *apiError {
	msg := http.StatusText(status)
	switch {
	case status == http.StatusInternalServerError:
		return newAPIError(status, "internal_error", "Internal server error", details)
	case msg == "":
		return newAPIError(status, "server_error", "Server error", details)
	}
	return newAPIError(status, strings.ReplaceAll(strings.ToLower(msg), " ", "_"), msg, details)
}

// errSandboxLimit refuses a create that would store more than the sandbox allows: at most
// limit segments or customers (what), of which it has some, and the create adds more.
func errSandboxLimit(what string, limit, has, adds int) *apiError {
	return newAPIError(http.StatusBadRequest, keySandboxLimit,
		"Sandbox limit reached: the sandbox (not Voucherify's API) stores a bounded number of segments and customers",
		fmt.Sprintf("The sandbox stores at most %d %s; it holds %d and this segment would add %d. Delete segments, "+
			"or raise the limit (segments serve --max-segments/--max-customers, segmentstest.WithStoreLimits)",
			limit, what, has, adds))
}

// errInvalidUTF8 refuses a request whose body or parameter is not valid UTF-8.
func errInvalidUTF8(what string) *apiError {
	return errInvalidPayload(what + " is not valid UTF-8")
}

// body returns e as the generated union of the two shapes, stamped with the request's ID.
func (e *apiError) body(requestID string) apiserver.ErrorBody {
	var b apiserver.ErrorBody
	if e.framework != nil {
		_ = b.FromFrameworkError(*e.framework) // a struct of strings and ints: cannot fail
		return b
	}
	v := e.VoucherifyError
	v.RequestID = requestID
	_ = b.FromVoucherifyError(v) // as above
	return b
}

// writeError answers with e, stamped with the request's ID.
func writeError(w http.ResponseWriter, e *apiError, requestID string) {
	body, _ := e.body(requestID).MarshalJSON() // the union's JSON, already encoded
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Code)
	// The client may be gone; nothing to do about it. The body is JSON, served as such,
	// whatever of the request it quotes.
	_, _ = w.Write(body) //nolint:gosec // G705: not HTML, Content-Type is application/json
}
