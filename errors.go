package segments

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/voucherify-go/segments/api"
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
	// ErrUnexpectedResponse is matched when a successful status came with a body
	// that is not the documented JSON.
	ErrUnexpectedResponse = errors.New("segments: unexpected response")
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

// APIError is a non-2xx answer. The fields of the Voucherify error body (Code,
// Key, Message, Details, RequestID, ResourceID, ResourceType) are filled when
// the body is the documented JSON; Body keeps what was sent either way, so an
// HTML page from a proxy is not lost.
type APIError struct {
	api.ErrorBody

	// Operation is the contract's operationId: create-segment, get-segment or
	// delete-segment.
	Operation string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// RetryAfter is the wait the server asked for (Retry-After or
	// X-Rate-Limit-Retry), zero when it asked none.
	RetryAfter time.Duration
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
	for _, part := range []string{e.Key, e.Message, e.Details} {
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

// CustomerListError reports why ReadCustomerIDs refused a customer list: it
// cannot be read as one list of customer IDs without guessing.
type CustomerListError struct {
	// Line is the line (counting from 1) the problem is on.
	Line int
	// Reason says what is wrong and, where it can, how to fix the file.
	Reason string
	// Err is the error of the input or of the CSV reader, if one caused it.
	Err error
}

func (e *CustomerListError) Error() string {
	return "segments: customer list: line " + strconv.Itoa(e.Line) + ": " + e.Reason
}

// Unwrap returns Err.
func (e *CustomerListError) Unwrap() error { return e.Err }
