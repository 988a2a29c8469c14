// Package segments is a Go client for Voucherify's customer Segments API:
// create, get, list and delete segments of customers, and list the segments
// of one customer ([Client.ListCustomerSegments]).
//
//	c, err := segments.NewClient(segments.WithCredentials(appID, secretKey))
//	if err != nil {
//		return err
//	}
//	seg, err := c.Create(ctx, segments.CreateParams{
//		Name:      "VIP",
//		Type:      segments.TypeStatic,
//		Customers: []string{"cust_1", "cust_2"},
//	})
//	if err != nil {
//		return err
//	}
//	fmt.Println(seg.ID, seg.CreatedAt)
//
// The wire types come from the generated package api, compiled from the
// module's openapi.yaml; this package adds credentials, validation, typed
// errors, bounded reads, timeouts, retries and redirect safety. [Segment],
// [Type] and [Filter] are the generated types under names of this package: their
// fields and values are documented here.
//
// # The 20,000 cap
//
// A static segment lists its customers explicitly and holds at most
// [MaxStaticCustomers] (20,000) of them. Create refuses a bigger one before
// sending anything, with an error matching [ErrTooManyCustomers] (and
// [ErrInvalidParams]) that names the count and the alternative: an auto-update
// or passive segment whose [Filter] selects the customers from their data.
//
// # OAuth 2.0 tokens
//
// [WithOAuth] makes the client send a scoped, expiring token instead of the
// secret key:
//
//	c, err := segments.NewClient(
//		segments.WithCredentials(appID, secretKey),
//		segments.WithOAuth("segments"),
//	)
//
// The client gets the token from the base URL's /v1/oauth/token, the keys
// going as X-App-Id and X-App-Token on that request only, and sends
// Authorization: Bearer on every API request, without the keys. It goes
// through golang.org/x/oauth2 (clientcredentials, ReuseTokenSourceWithExpiry):
// one token request serves all concurrent calls, and the token is replaced a
// minute before it expires. A request answered 401 (a revoked token) is sent
// once more with a new token, a Create's body included; a 401 again is the
// answer. Scopes that cannot be sent (empty, holding a space, a comma, or a
// character other than printable ASCII) are an [ErrInvalidOption] from
// NewClient; a scope the token endpoint refuses is an [*APIError] with
// Operation "generate-oauth-token", status 400 and Key "invalid_scope". A call
// whose token could not be had was not sent: it is retried, whatever the
// method, when the failure was passing (a network error, 429, a 5xx).
//
// [WithHeader] adds a header to every request, such as
// X-Voucherify-API-Version to pin the API version.
//
// # Errors
//
// Every error is testable with errors.Is and errors.As:
//
//   - Parameters refused before anything is sent, a malformed Filter or list
//     condition included: a [*ValidationError] naming the parameter (Field)
//     and why (Reason), matching [ErrInvalidParams]; the cap also matches
//     [ErrTooManyCustomers].
//   - A non-2xx answer, JSON or not (an HTML 502 from a proxy): an [*APIError]
//     with the status, the fields of the API's error body and the raw body. A
//     404 matches [ErrNotFound], a 401 [ErrUnauthorized] (wrong keys, or a
//     project in another cluster), a 429 [ErrRateLimited].
//   - A 2xx answer that is not the documented JSON: an
//     [*UnexpectedResponseError] matching [ErrUnexpectedResponse]. To a create,
//     it says the segment was created (Created), even when the body was cut,
//     stalled or too large.
//   - A create that failed without saying whether it was stored: a
//     [*CreateUncertainError] matching [ErrCreateUncertain], with candidates.
//   - A response body over the limit of [WithMaxResponseBytes]:
//     [ErrResponseTooLarge]. A redirect to another origin:
//     [ErrCrossOriginRedirect]; more than ten redirects: [ErrTooManyRedirects].
//   - A timeout: a net.Error whose Timeout() is true; a cancelled or expired
//     context: the context's error (context.Canceled,
//     context.DeadlineExceeded).
//   - NewClient without credentials: [ErrNoCredentials]; a bad option:
//     [ErrInvalidOption].
//   - With [WithOAuth], a token request the server refused: an [*APIError]
//     whose Operation is "generate-oauth-token" (a 401 there, wrong keys,
//     matches [ErrUnauthorized] too); the call it was for was not sent.
//
// Every error type and sentinel of the package is declared in errors.go.
// Neither errors nor logs ever hold the secret key or an OAuth token.
//
// # Retries
//
// A failed call is tried again up to [WithMaxRetries] times (default 2; 0
// sends once):
//
//   - Get, List and Delete are retried on a network error (a refused or reset
//     connection, a timeout) and on the statuses 429, 500, 502, 503 and 504.
//   - Create is retried only when the server certainly did not act on it: on
//     429, and when no connection was made. It is never retried after a
//     timeout, a reset or a 5xx, as it may have been stored. What Create
//     does when an answer is lost is in its documentation: it reports a
//     segment as made only when the server said so, and otherwise lists the
//     candidates without picking one.
//   - A Delete retried after such an uncertain failure that then finds the
//     segment gone (404) reports success.
//   - Between attempts the client waits an exponential backoff with jitter
//     ([WithRetryBackoff], default 500 ms doubling up to 10 s), or the wait
//     the server asks for (Retry-After, or on a 429 X-Rate-Limit-Retry) up to
//     [WithMaxRetryWait] (default one minute). A cancelled context ends any
//     wait at once, and a wait past the context's deadline is not started.
//
// Each attempt has its own timeout ([WithTimeout], default 30 s) unless the
// [*http.Client] given to [WithHTTPClient] sets one.
package segments
