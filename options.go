package segments

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/voucherify-go/segments/internal/transport"
)

// The Voucherify clusters. A project lives in one; calling another answers 401.
const (
	BaseURLEurope       = "https://api.voucherify.io"     // the default
	BaseURLUnitedStates = "https://us1.api.voucherify.io" // us1
	BaseURLAsia         = "https://as1.api.voucherify.io" // as1, Singapore
)

// Defaults of the client's limits and retry policy, each changed by the
// option of the same name.
const (
	DefaultTimeout          = 30 * time.Second       // WithTimeout: one attempt
	DefaultMaxResponseBytes = 4 << 20                // WithMaxResponseBytes
	DefaultMaxRetries       = 2                      // WithMaxRetries
	DefaultRetryBaseDelay   = 500 * time.Millisecond // WithRetryBackoff: the first backoff
	DefaultRetryMaxDelay    = 10 * time.Second       // WithRetryBackoff: the longest backoff
	DefaultMaxRetryWait     = time.Minute            // WithMaxRetryWait
)

// Environment variables NewClient reads when the matching option is absent.
const (
	EnvAppID     = "VOUCHERIFY_APP_ID"
	EnvSecretKey = "VOUCHERIFY_SECRET_KEY" //nolint:gosec // the name of a variable, not a credential
	EnvAPIURL    = "VOUCHERIFY_API_URL"
)

// Option configures a Client.
type Option func(*config)

// config gathers the options; it holds the secret key only until NewClient
// hands it to the transport.
type config struct {
	appID, secretKey string
	credsSet         bool
	baseURL          string
	httpClient       *http.Client
	logger           *slog.Logger
	timeout          time.Duration
	maxResponseBytes int64
	maxRetries       int
	baseDelay        time.Duration
	maxDelay         time.Duration
	maxWait          time.Duration
	allowInsecure    bool
	noCreateRecovery bool
	oauthScopes      []string    // WithOAuth; nil: the keys go on every request
	headers          http.Header // WithHeader, by canonical name
	errs             []error
}

func (c *config) invalid(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidOption}, args...)...))
}

// WithCredentials sets the application ID and secret key sent as X-App-Id and
// X-App-Token. Without it NewClient reads VOUCHERIFY_APP_ID and
// VOUCHERIFY_SECRET_KEY.
func WithCredentials(appID, secretKey string) Option {
	return func(c *config) {
		c.appID, c.secretKey, c.credsSet = appID, secretKey, true
	}
}

// WithBaseURL sets the API's base URL, such as BaseURLUnitedStates or a
// dedicated cluster's URL; paths like /v1/segments are appended to it. Without
// it NewClient reads VOUCHERIFY_API_URL, then defaults to BaseURLEurope. A
// plain http URL is accepted only for loopback hosts, unless WithInsecureHTTP.
func WithBaseURL(rawURL string) Option {
	return func(c *config) { c.baseURL = rawURL }
}

// WithHTTPClient sets the HTTP client whose transport, timeout and redirect
// policy are used. The client is copied, never modified. When its Timeout is
// zero, the client's own timeout (WithTimeout) applies.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc == nil {
			c.invalid("nil *http.Client")
			return
		}
		c.httpClient = hc
	}
}

// WithTimeout bounds each attempt, from connecting to reading the whole
// answer. It must be positive; the default is DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.invalid("timeout %v is not positive", d)
			return
		}
		c.timeout = d
	}
}

// WithMaxRetries sets how many times a failed call is tried again (default 2);
// 0 sends each request once. Get, List and Delete are retried on network errors
// and on 429, 500, 502, 503 and 504; Create only on 429 and when no connection
// was made, so that a segment is never created twice. The package
// documentation's Retries section has the whole policy.
func WithMaxRetries(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.invalid("max retries %d is negative", n)
			return
		}
		c.maxRetries = n
	}
}

// WithRetryBackoff sets the first backoff between attempts and its cap; the
// backoff doubles on each retry, with jitter.
func WithRetryBackoff(base, maxDelay time.Duration) Option {
	return func(c *config) {
		if base <= 0 || maxDelay < base {
			c.invalid("retry backoff %v..%v: want 0 < base <= max", base, maxDelay)
			return
		}
		c.baseDelay, c.maxDelay = base, maxDelay
	}
}

// WithMaxRetryWait caps how long the client waits when the server asks it to
// (Retry-After, X-Rate-Limit-Retry). The default is one minute.
func WithMaxRetryWait(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.invalid("max retry wait %v is negative", d)
			return
		}
		c.maxWait = d
	}
}

// WithMaxResponseBytes bounds how much of a response body is read; a larger
// body fails with ErrResponseTooLarge. The default is DefaultMaxResponseBytes.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) {
		if n <= 0 {
			c.invalid("max response bytes %d is not positive", n)
			return
		}
		c.maxResponseBytes = n
	}
}

// WithLogger sets where the client logs. At debug level, one line per attempt:
// the operation (such as get-segment), method, attempt, duration, and either
// the path and status of the answer or the error. At info level, each retry
// (attempt, wait, reason) and each create whose outcome stayed unknown. With
// WithOAuth, each token request at debug level (scope, duration, lifetime or
// error) and each request sent again with a new token at info level.
// Credentials and tokens are never logged. The default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l == nil {
			c.invalid("nil *slog.Logger")
			return
		}
		c.logger = l
	}
}

// WithInsecureHTTP allows a plain http base URL on a host other than loopback,
// which sends the secret key unencrypted. Only for private test networks.
func WithInsecureHTTP() Option {
	return func(c *config) { c.allowInsecure = true }
}

// WithoutCreateRecovery turns off the lookup Create makes after a failure that
// leaves open whether the segment was stored (a timeout, a reset connection, a
// 5xx): Create then returns that failure as it is, without candidates, and
// sends nothing more.
func WithoutCreateRecovery() Option {
	return func(c *config) { c.noCreateRecovery = true }
}

// WithOAuth makes the client authenticate with OAuth 2.0 tokens of the given
// scopes (such as "segments", or "api" for the whole server-side API) instead
// of sending the secret key on every request. The client gets a token from the
// base URL's /v1/oauth/token with its application ID and secret key (sent as
// X-App-Id and X-App-Token on that request only, with the form
// grant_type=client_credentials&scope=<the scopes, space-separated>), then
// sends Authorization: Bearer <token> on every API request, and neither key.
//
// One token serves every concurrent call; a new one is fetched a minute
// before it expires (Voucherify's last 15 minutes). A request answered 401,
// as when the token was revoked, is sent once more, body included, with a new
// token: a 401 means nothing was done, so this holds for a Create too. If the
// new token is refused as well, the 401 is returned (ErrUnauthorized) and no
// further token is fetched for it until it expires. The token request has the
// timeout of one attempt (WithTimeout, or that of WithHTTPClient's client) and
// the same redirect guard; a call whose context ends stops waiting for it. The
// tokens, like the secret key, never appear in logs, errors or printed values.
//
// A scope that is empty, or holds a space, a comma or a character other than
// printable ASCII, is an ErrInvalidOption naming it, and so is WithOAuth with
// no scope. A scope Voucherify does not know is refused by the token endpoint
// at the first call: an *APIError with Operation "generate-oauth-token", status
// 400 and Key "invalid_scope". Any failure to get a token is returned by the
// call it was for, which was not sent.
func WithOAuth(scopes ...string) Option {
	return func(c *config) {
		if len(scopes) == 0 {
			c.invalid("WithOAuth needs at least one scope, such as %q or %q", "segments", "api")
			return
		}
		for _, s := range scopes {
			if err := transport.CheckScope(s); err != nil {
				c.invalid("WithOAuth: %w", err)
				return
			}
		}
		c.oauthScopes = slices.Clone(scopes)
	}
}

// WithHeader adds the header name: value to every request, the token request
// of WithOAuth included; a later WithHeader of the same name replaces the
// value. Names the client sets itself (X-App-Id, X-App-Token, Authorization,
// Content-Type, Host, User-Agent, Accept, X-Voucherify-Channel) or net/http
// manages (such as Content-Length or Connection), in any letter case, are an
// ErrInvalidOption, and so are a name that is not an HTTP token and a value
// holding a control character such as CR or LF.
//
// Pinning the API version, for instance:
//
//	client, err := segments.NewClient(
//		segments.WithHeader("X-Voucherify-API-Version", "v2018-08-01"),
//	)
func WithHeader(name, value string) Option {
	return func(c *config) {
		if err := transport.CheckHeader(name, value); err != nil {
			c.invalid("WithHeader: %w", err)
			return
		}
		if c.headers == nil {
			c.headers = http.Header{}
		}
		c.headers.Set(name, value)
	}
}
