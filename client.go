package segments

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/voucherify-go/segments/api"
	"github.com/voucherify-go/segments/internal/transport"
)

// Client calls the Segments API. It is safe for concurrent use; create one and
// share it. Printing it, or a value holding it, with any fmt verb never shows
// the secret key.
type Client struct {
	// Every request is sent by the generated client's operation methods; the
	// credentials live only inside its transport, where no fmt dump reaches.
	api              *api.Client
	baseURL          string
	appID            string
	logger           *slog.Logger
	retry            transport.Retry
	maxResponseBytes int64
	rate             *rateState
	levels           answerLevels
	recoverCreates   bool
}

// NewClient returns a Client configured by opts. Credentials come from
// WithCredentials, or else from VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY;
// without any it returns ErrNoCredentials. The base URL comes from
// WithBaseURL, or VOUCHERIFY_API_URL, or defaults to BaseURLEurope.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		timeout:          DefaultTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
		maxRetries:       DefaultMaxRetries,
		baseDelay:        DefaultRetryBaseDelay,
		maxDelay:         DefaultRetryMaxDelay,
		maxWait:          DefaultMaxRetryWait,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if len(cfg.errs) > 0 {
		return nil, errors.Join(cfg.errs...)
	}
	if !cfg.credsSet {
		cfg.appID, cfg.secretKey = os.Getenv(EnvAppID), os.Getenv(EnvSecretKey)
	}
	if strings.TrimSpace(cfg.appID) == "" || strings.TrimSpace(cfg.secretKey) == "" {
		return nil, ErrNoCredentials
	}
	if cfg.baseURL == "" {
		cfg.baseURL = os.Getenv(EnvAPIURL)
	}
	if cfg.baseURL == "" {
		cfg.baseURL = BaseURLEurope
	}
	base, err := parseBaseURL(cfg.baseURL, cfg.allowInsecure)
	if err != nil {
		return nil, err
	}
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}

	hc := &http.Client{}
	if cfg.httpClient != nil {
		copied := *cfg.httpClient // the caller's client is never modified
		hc = &copied
	}
	// Never without a timeout: when the http.Client has none, each attempt gets
	// the client's own.
	var attemptTimeout time.Duration
	if hc.Timeout == 0 {
		attemptTimeout = cfg.timeout
	}
	auth := newAuth(cfg, base, hc, logger)
	hc.Transport = auth
	hc.CheckRedirect = transport.SameOriginRedirects(transport.OriginOf(base), hc.CheckRedirect)

	generated, err := api.NewClient(base.String(), api.WithHTTPClient(hc), api.WithRequestEditorFn(auth.Edit))
	if err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	c := &Client{
		api:              generated,
		rate:             &rateState{},
		levels:           newAnswerLevels(),
		recoverCreates:   !cfg.noCreateRecovery,
		baseURL:          base.String(),
		appID:            cfg.appID,
		logger:           logger,
		maxResponseBytes: cfg.maxResponseBytes,
		retry: transport.Retry{
			MaxRetries:     cfg.maxRetries,
			BaseDelay:      cfg.baseDelay,
			MaxDelay:       cfg.maxDelay,
			MaxWait:        cfg.maxWait,
			AttemptTimeout: attemptTimeout,
		},
	}
	c.retry.OnRetry = func(attempt int, wait time.Duration, reason string) {
		logger.Info("segments: retrying", "attempt", attempt, "wait", wait, "reason", reason)
	}
	return c, nil
}

// oauthEarlyExpiry is how long before its expiry an OAuth token is replaced:
// longer than a request takes on its way, retries and their waits included.
const oauthEarlyExpiry = time.Minute

// opToken is the official operationId of the token request, the Operation of
// its *APIError.
const opToken = "generate-oauth-token" //nolint:gosec // an operationId, not a credential

// newAuth returns the transport putting the credentials on requests: the keys,
// or with WithOAuth a bearer token fetched with them. hc is the client the API
// requests will use, before its Transport is replaced; the token requests get a
// copy of it with the same guards and timeout.
func newAuth(cfg config, base *url.URL, hc *http.Client, logger *slog.Logger) *transport.Auth {
	origin := transport.OriginOf(base)
	creds := transport.Credentials{AppID: cfg.appID, SecretKey: cfg.secretKey}
	headers := transport.Headers{UserAgent: userAgent(), Channel: channel(), Custom: cfg.headers}
	if cfg.oauthScopes == nil {
		return transport.NewAuth(hc.Transport, origin, creds, headers)
	}
	tc := *hc
	tc.CheckRedirect = transport.SameOriginRedirects(origin, hc.CheckRedirect)
	if tc.Timeout == 0 {
		tc.Timeout = cfg.timeout
	}
	scope := strings.Join(cfg.oauthScopes, " ")
	return transport.NewOAuth(hc.Transport, origin, creds, headers, transport.OAuth{
		TokenURL:    base.JoinPath("v1", "oauth", "token").String(),
		Scopes:      cfg.oauthScopes,
		EarlyExpiry: oauthEarlyExpiry,
		Client:      &tc,
		Refused: func(resp *http.Response, body []byte) error {
			return newAPIError(opToken, reply{resp: resp, body: body, out: transport.Outcome{Attempts: 1}}, nil)
		},
		OnToken: func(took, lifetime time.Duration, err error) {
			if err != nil {
				logger.Debug("segments: OAuth token request failed", "operation", opToken, "scope", scope, "duration", took, "error", err)
				return
			}
			logger.Debug("segments: OAuth token", "operation", opToken, "scope", scope, "duration", took, "expires_in", lifetime.Round(time.Second))
		},
		OnRenew: func(req *http.Request) {
			logger.InfoContext(req.Context(), "segments: OAuth token refused (401); sending the request once more with a new token",
				"method", req.Method, "path", req.URL.EscapedPath())
		},
	})
}

// parseBaseURL checks that raw is an absolute http(s) URL without credentials,
// query or fragment, and that plain http is used only where allowed.
func parseBaseURL(raw string, allowInsecure bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error repeats the whole URL, password included: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: base URL is not a URL: %w", ErrInvalidOption, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: base URL %q: scheme must be https (or http for loopback)", ErrInvalidOption, u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("%w: base URL %q has no host", ErrInvalidOption, u.Redacted())
	case u.User != nil:
		return nil, fmt.Errorf("%w: base URL %q must not hold user information", ErrInvalidOption, u.Redacted())
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("%w: base URL %q must not have a query or fragment", ErrInvalidOption, u.Redacted())
	case u.Scheme == "http" && !allowInsecure && !transport.IsLoopback(u):
		return nil, fmt.Errorf("%w: base URL %q: plain http would send the secret key unencrypted; use https, a loopback host, or WithInsecureHTTP", ErrInvalidOption, u.Redacted())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	if p := strings.ToLower(u.Path); p == "/v1" || strings.HasSuffix(p, "/v1") {
		return nil, fmt.Errorf("%w: base URL %q ends in /v1: drop the /v1, the client adds /v1/segments itself", ErrInvalidOption, u.Redacted())
	}
	return u, nil
}

// BaseURL returns the base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL }

// String describes the client without its secret key.
func (c *Client) String() string {
	return fmt.Sprintf("segments.Client{BaseURL: %s, AppID: %s, SecretKey: [redacted]}", c.baseURL, c.appID)
}

// Format prints the client as String does, whatever the verb. A Client value
// copied out of its pointer prints its fields; the secret key is not one of
// them: it lives in a closure of the transport, which no verb reaches.
func (c *Client) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprint(f, c.String())
}
