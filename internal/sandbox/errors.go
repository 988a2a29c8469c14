package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// apiError is the Voucherify error object: the body of every 4xx and 5xx answer. Only
// code and message are always set, as on the real API.
type apiError struct {
	Code         int    `json:"code"`
	Key          string `json:"key,omitempty"`
	Message      string `json:"message"`
	Details      string `json:"details,omitempty"`
	RequestID    string `json:"request_id,omitempty"`
	ResourceID   string `json:"resource_id,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`

	// framework, when set, is the body instead: the platform answers some failures
	// before the API sees them, in its web framework's shape.
	framework *frameworkError
}

// frameworkError is the other shape of error body: that of the web framework in front
// of the API, which answers an oversized body (413) and a body that is not JSON (400).
type frameworkError struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Message    string `json:"message"`
}

// newFrameworkError returns an error answered in the framework shape.
func newFrameworkError(status int, message string) *apiError {
	return &apiError{Code: status, Message: message,
		framework: &frameworkError{StatusCode: status, Error: http.StatusText(status), Message: message}}
}

// Error keys and messages, as the real API sends them.
const (
	keyInvalidPayload       = "invalid_payload"
	keyUnauthorized         = "unauthorized"
	keyNotFound             = "not_found"
	keyUnsupportedMediaType = "unsupported_media_type"
	keyTooManyRequests      = "too_many_requests"

	msgNotFound         = "Resource not found"
	msgTooManyRequests  = "Too many requests hit the API too quickly."
	msgMethodNotAllowed = "HTTP Method Not Allowed"
)

func errInvalidPayload(details string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Key: keyInvalidPayload, Message: "Invalid payload", Details: details}
}

func errUnauthorized() *apiError {
	return &apiError{Code: http.StatusUnauthorized, Key: keyUnauthorized, Message: "Unauthorized"}
}

// errSegmentNotFound is the 404 of get and delete for an unknown segment ID.
func errSegmentNotFound(id string) *apiError {
	return &apiError{
		Code:         http.StatusNotFound,
		Key:          keyNotFound,
		Message:      msgNotFound,
		Details:      "Cannot find segment with id " + id,
		ResourceID:   id,
		ResourceType: "segment",
	}
}

// errPathNotFound is the 404 for a path that the contract does not declare.
func errPathNotFound(method, path string) *apiError {
	return &apiError{
		Code:    http.StatusNotFound,
		Key:     keyNotFound,
		Message: msgNotFound,
		Details: fmt.Sprintf("Cannot %s %s", method, path),
	}
}

// errMethodNotAllowed is shaped like the official 405 example: no key, and details that
// suggest the methods the path does support.
func errMethodNotAllowed(method string, allowed []string) *apiError {
	details := method + " is not supported by this endpoint."
	if len(allowed) > 0 {
		details += " Did you mean " + strings.Join(allowed, " or ") + "?"
	}
	return &apiError{Code: http.StatusMethodNotAllowed, Message: msgMethodNotAllowed, Details: details}
}

// errPayloadTooLarge is the 413 of a body over limit bytes, in the framework shape, as
// the real API answers it.
func errPayloadTooLarge(limit int64) *apiError {
	return newFrameworkError(http.StatusRequestEntityTooLarge,
		"Payload content length greater than maximum allowed: "+strconv.FormatInt(limit, 10))
}

// errNotJSON is the 400 of a body that is not JSON, in the framework shape, as the
// real API answers it.
func errNotJSON() *apiError {
	return newFrameworkError(http.StatusBadRequest, "Invalid request payload JSON format")
}

func errUnsupportedMediaType(contentType string) *apiError {
	details := "The request body must be application/json"
	if contentType == "" {
		details += "; the request has no Content-Type"
	} else {
		details += ", not " + strconv.Quote(contentType)
	}
	return &apiError{
		Code:    http.StatusUnsupportedMediaType,
		Key:     keyUnsupportedMediaType,
		Message: "Unsupported media type",
		Details: details,
	}
}

func errTooManyRequests(details string) *apiError {
	return &apiError{Code: http.StatusTooManyRequests, Key: keyTooManyRequests, Message: msgTooManyRequests, Details: details}
}

// errServer is the error object of a 5xx answer.
func errServer(status int, details string) *apiError {
	if status == http.StatusInternalServerError {
		return &apiError{Code: status, Key: "internal_error", Message: "Internal server error", Details: details}
	}
	if http.StatusText(status) == "" {
		return &apiError{Code: status, Key: "server_error", Message: "Server error", Details: details}
	}
	return errStatus(status, details)
}

// errBadRequest is the error object of a request that net/http could not parse.
func errBadRequest(status int, details string) *apiError {
	return errStatus(status, "The request could not be parsed: "+details)
}

// errStatus is an error object named after its status: key "bad_gateway", message
// "Bad Gateway".
func errStatus(status int, details string) *apiError {
	msg := http.StatusText(status)
	key := strings.ReplaceAll(strings.ToLower(msg), " ", "_")
	return &apiError{Code: status, Key: key, Message: msg, Details: details}
}

// keySandboxLimit is the key of a create refused because the sandbox is full: a limit
// of the sandbox, which the real API does not have.
const keySandboxLimit = "sandbox_limit"

// errSandboxLimit refuses a create that would store more than the sandbox allows.
func errSandboxLimit(details string) *apiError {
	return &apiError{
		Code:    http.StatusBadRequest,
		Key:     keySandboxLimit,
		Message: "Sandbox limit reached: the sandbox (not Voucherify's API) stores a bounded number of segments and customers",
		Details: details,
	}
}

// errInvalidUTF8 refuses a request whose body or parameter is not valid UTF-8.
func errInvalidUTF8(what string) *apiError {
	return errInvalidPayload(what + " is not valid UTF-8")
}

// writeJSON answers status with body, a JSON document.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	// Assigned by canonical key, both values in one allocation: this runs on every answer.
	v := [...]string{"application/json; charset=utf-8", strconv.Itoa(len(body))}
	h := w.Header()
	h["Content-Type"] = v[0:1:1]
	h["Content-Length"] = v[1:2:2]
	w.WriteHeader(status)
	// The client may be gone; nothing to do about it. The body is JSON, served as
	// such, whatever of the request it quotes.
	_, _ = w.Write(body) //nolint:gosec // G705: not HTML, Content-Type is application/json
}

// writeError answers with e, stamped with the request's ID.
func writeError(w http.ResponseWriter, e *apiError, requestID string) {
	e.RequestID = requestID
	writeJSON(w, e.Code, mustMarshal(e))
}

// mustMarshal encodes an error body.
func mustMarshal(e *apiError) []byte {
	var v any = e
	if e.framework != nil {
		v = e.framework
	}
	body, err := json.Marshal(v)
	if err != nil {
		// Error bodies hold only strings and ints: Marshal cannot fail.
		panic(fmt.Errorf("sandbox: encoding an error body: %w", err))
	}
	return body
}
