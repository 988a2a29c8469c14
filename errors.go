package segments

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/voucherify-go/segments/internal/transport"
)

// Sentinel errors, matched with errors.Is against what the client returns.
var (
	// ErrInvalidParams is matched by every *ValidationError: the call was
	// refused before anything was sent.
	ErrInvalidParams = errors.New("segments: invalid parameters")
	// ErrTooManyCustomers is matched when a static segment lists more than
	// MaxStaticCustomers customers; nothing was sent.
	ErrTooManyCustomers = errors.New("segments: too many customers for a static segment")
	// ErrNotFound is matched by an *APIError with status 404.
	ErrNotFound = errors.New("segments: not found")
	// ErrUnauthorized is matched by an *APIError with status 401: wrong or
	// missing credentials, or a project in another cluster.
	ErrUnauthorized = errors.New("segments: unauthorized")
	// ErrRateLimited is matched by an *APIError with status 429.
	ErrRateLimited = errors.New("segments: rate limited")
	// ErrUnexpectedResponse is matched by an *UnexpectedResponseError: a
	// successful status came with a body that is not the documented JSON.
	ErrUnexpectedResponse = errors.New("segments: unexpected response")
	// ErrCreateUncertain is matched by a *CreateUncertainError: a create failed
	// in a way that leaves open whether the segment was stored, and looking it
	// up did not settle it.
	ErrCreateUncertain = errors.New("segments: create outcome unknown")
	// ErrResponseTooLarge is matched when a response body is over the limit set
	// by WithMaxResponseBytes.
	ErrResponseTooLarge = transport.ErrBodyTooLarge
	// ErrCrossOriginRedirect is matched when the server redirected to another
	// scheme, host or port: the client refuses to carry credentials there.
	ErrCrossOriginRedirect = transport.ErrCrossOrigin
	// ErrTooManyRedirects is matched when redirects did not end within ten hops.
	ErrTooManyRedirects = transport.ErrTooManyRedirects
	// ErrNoCredentials is returned by NewClient when neither WithCredentials nor
	// the environment supplies an application ID and secret key.
	ErrNoCredentials = errors.New("segments: no credentials: use WithCredentials or set VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY")
	// ErrInvalidOption is matched by NewClient's error for a bad option value.
	ErrInvalidOption = errors.New("segments: invalid option")
)

// The reasons a ListCondition is refused, inside a *ValidationError.
var (
	errUnknownField    = errors.New("not a field the API documents: want id, name, type or created_at, written so")
	errUnknownOperator = errors.New("not an operator the API documents for this field (they are lower case, as ListCondition lists them)")
	errSetTwice        = errors.New("is set twice (by a typed param and Where, or twice in Where)")
	errEmptyList       = errors.New("has no value: the API would drop an empty list and match every segment")
)

// ValidationError reports a parameter the client refused before sending
// anything. It matches ErrInvalidParams, and ErrTooManyCustomers for the cap.
type ValidationError struct {
	Field  string // the offending parameter, such as "Name", "Customers" or "segmentID"
	Reason string
	cause  error
}

func (e *ValidationError) Error() string {
	return "segments: invalid " + e.Field + ": " + e.Reason
}

// Unwrap lets errors.Is match ErrInvalidParams and the specific cause.
func (e *ValidationError) Unwrap() []error {
	if e.cause != nil {
		return []error{ErrInvalidParams, e.cause}
	}
	return []error{ErrInvalidParams}
}

// APIError is a non-2xx answer. The body's fields are filled when it is one of
// the two documented JSON shapes: the Voucherify error object (Code, Key,
// Message, Details, RequestID, ResourceID, ResourceType, RuleMessage) or the
// framework object the platform sends for an oversized or malformed body (Code,
// Reason, Message). Body keeps what was sent either way, so an HTML page from a
// proxy is not lost.
type APIError struct {
	// Operation is the contract's operationId: create-segment, get-segment,
	// delete-segment or list-segment.
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code is the status the body states: "code" in the Voucherify shape,
	// "statusCode" in the framework shape; zero when the body has neither.
	Code int
	// Key is a short machine-readable kind, such as "not_found" or
	// "invalid_payload".
	Key string
	// Message is the short human-readable description.
	Message string
	// Details is the longer description.
	Details string
	// RequestID identifies the request for Voucherify support.
	RequestID string
	// ResourceID and ResourceType name what the error is about, such as the
	// missing segment.
	ResourceID, ResourceType string
	// Reason is the framework shape's "error" text, such as
	// "Request Entity Too Large".
	Reason string
	// RuleMessage is the message of the project's validation rule that refused
	// the request, when one did (the Voucherify shape's error.message).
	RuleMessage string
	// RetryAfter is the wait the server asked for: Retry-After, or on a 429
	// X-Rate-Limit-Retry; zero when it asked none.
	RetryAfter time.Duration
	// RateLimit is the rate-limit state the answer carried, nil when it carried
	// none.
	RateLimit *RateLimit
	// Attempts is how many requests the call made.
	Attempts int
	// Body is the raw response body, up to the response size limit.
	Body []byte
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("segments: ")
	b.WriteString(e.Operation)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" ")
		b.WriteString(t)
	}
	for _, part := range []string{e.Key, e.Message, e.Details, e.RuleMessage} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	if e.RequestID != "" {
		b.WriteString(" (request_id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Is matches ErrNotFound, ErrUnauthorized and ErrRateLimited by status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// UnexpectedResponseError is a 2xx answer that is not the documented one: a
// body that could not be read whole (cut, stalled, over the size limit), is
// not JSON, repeats a key, lacks a field the contract requires or holds a
// value it does not allow. It matches ErrUnexpectedResponse, and through Err
// the failure of the read, such as ErrResponseTooLarge or a timeout.
type UnexpectedResponseError struct {
	// Operation is the contract's operationId.
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Reason says what is wrong with the body.
	Reason string
	// Created is true when the answer was to a create: the server accepted it,
	// so the segment exists although its answer could not be read. Do not
	// retry the create; Get the segment by SegmentID, or list the segments by
	// name when SegmentID is empty.
	Created bool
	// SegmentID is the segment's ID when what arrived of the body names one.
	SegmentID string
	// Err is why the body could not be read whole; nil when it was read.
	Err error
	// Body is the raw response body, as far as it was read.
	Body []byte
}

func (e *UnexpectedResponseError) Error() string {
	msg := fmt.Sprintf("segments: %s: unexpected response: status %d: %s", e.Operation, e.StatusCode, e.Reason)
	switch {
	case e.Created && e.SegmentID != "":
		msg += "; the segment " + e.SegmentID + " was created: do not retry the create"
	case e.Created:
		msg += "; the segment was created: do not retry the create, list the segments by name to find it"
	}
	return msg
}

// Is matches ErrUnexpectedResponse.
func (e *UnexpectedResponseError) Is(target error) bool { return target == ErrUnexpectedResponse }

// Unwrap returns Err.
func (e *UnexpectedResponseError) Unwrap() error { return e.Err }

// CreateUncertainError is returned by Create when a create failed in a way
// that leaves open whether the server stored the segment (a timeout or a reset
// before the answer, any 5xx). Candidates are the segments of the same name
// and type created since the call began (one list-segment request). It matches
// ErrCreateUncertain, and through Cause what made the create fail.
//
// Create never picks a candidate: one that appeared meanwhile may be another
// writer's, and the failure does not say that this call stored anything. To
// settle it: when only your service creates segments of that name, a single
// candidate is yours and none means nothing was stored (create again); when
// others may, tell the candidates apart by what you know of them (Get, or the
// customers API's segment_id filter for a static segment's members).
type CreateUncertainError struct {
	// Name and Type are those of the segment Create was asked for.
	Name string
	Type Type
	// Candidates are the segments the lookup found, newest first.
	Candidates []Segment
	// Cause is the failure of the create.
	Cause error
	// LookupErr is the failure of the lookup, when it failed.
	LookupErr error
}

func (e *CreateUncertainError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "segments: create-segment: outcome unknown: %v; ", e.Cause)
	switch {
	case e.LookupErr != nil:
		fmt.Fprintf(&b, "looking the segment up failed too (%v)", e.LookupErr)
	case len(e.Candidates) == 0:
		fmt.Fprintf(&b, "no %s segment named %q was found since the call started", e.Type, e.Name)
	default:
		fmt.Fprintf(&b, "%d %s segments named %q were found since the call started:", len(e.Candidates), e.Type, e.Name)
		for _, s := range e.Candidates {
			b.WriteString(" ")
			b.WriteString(s.ID)
		}
	}
	b.WriteString("; list the segments by name before creating it again")
	return b.String()
}

// Unwrap lets errors.Is match ErrCreateUncertain and the create's cause.
func (e *CreateUncertainError) Unwrap() []error { return []error{ErrCreateUncertain, e.Cause} }
