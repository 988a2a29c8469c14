package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/voucherify-go/segments"
)

// apiFlags are the flags of every command that calls the API.
type apiFlags struct {
	// oauth are the scopes of --oauth; nil sends the keys on every request.
	oauth []string
}

// register adds the flags to fs.
func (a *apiFlags) register(fs *flag.FlagSet) {
	fs.Func("oauth", "send an OAuth token of `SCOPES` (space- or comma-separated: segments, customers, api) instead of the secret key on every request", func(v string) error {
		scopes := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
		if len(scopes) == 0 {
			return errors.New("no scope")
		}
		a.oauth = append(a.oauth, scopes...)
		return nil
	})
}

// withAPIFlags is the flags function of a command that takes no flags but the API's:
// run gets them parsed.
func withAPIFlags(run func(context.Context, *proc, []string, apiFlags) error) func(*flag.FlagSet) action {
	return func(fs *flag.FlagSet) action {
		var a apiFlags
		a.register(fs)
		return func(ctx context.Context, p *proc, args []string) error { return run(ctx, p, args, a) }
	}
}

// clientForID returns the single ID (of what) in args, and a client whose answers
// raw keeps.
func clientForID(args []string, what string, raw *rawBodies, flags apiFlags) (string, *segments.Client, error) {
	id, err := oneID(args, what)
	if err != nil {
		return "", nil, err
	}
	client, err := newClient(raw, flags)
	return id, client, err
}

// newClient returns a client of the API as the environment and the flags
// configure it: segments.NewClient reads VOUCHERIFY_APP_ID,
// VOUCHERIFY_SECRET_KEY and VOUCHERIFY_API_URL, so the command reads none of
// them itself, except to keep the secrets a refused VOUCHERIFY_API_URL may hold
// out of the error. Every answer passes through raw, which keeps its body for
// printing as it came.
func newClient(raw *rawBodies, flags apiFlags) (*segments.Client, error) {
	opts := []segments.Option{segments.WithHTTPClient(&http.Client{Transport: raw})}
	if flags.oauth != nil {
		opts = append(opts, segments.WithOAuth(flags.oauth...))
	}
	c, err := segments.NewClient(opts...)
	if err != nil {
		return nil, withoutURLSecrets(err, os.Getenv(segments.EnvAPIURL))
	}
	return c, nil
}

// withoutURLSecrets returns err with the base URL value, wherever its message
// quotes it (as the SDK does when it refuses the URL), shown without its user
// information, query and fragment: they may hold a token or a password. What
// was left out is marked "...", so that the message still says what is wrong.
func withoutURLSecrets(err error, value string) error {
	u, perr := url.Parse(strings.TrimSpace(value))
	if perr != nil || u.User == nil && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		return err // nothing to hide; a URL that does not parse is not quoted
	}
	public := *u
	public.User, public.RawQuery, public.ForceQuery, public.Fragment, public.RawFragment = nil, "", false, "", ""
	shown := public.String()
	if u.User != nil {
		shown = strings.Replace(shown, "//", "//...@", 1)
	}
	if u.RawQuery != "" || u.ForceQuery {
		shown += "?..."
	}
	if u.Fragment != "" {
		shown += "#..."
	}
	msg := err.Error()
	for _, form := range []string{strings.TrimSpace(value), u.String(), u.Redacted()} {
		msg = strings.ReplaceAll(msg, strconv.Quote(form), strconv.Quote(shown))
	}
	return &redactedError{msg: msg, err: err}
}

// redactedError is an error shown with another message: the original's,
// without a secret. errors.Is and errors.As see the original.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

func (e *redactedError) Unwrap() error { return e.err }

// errDryRun is what the transport of a dry run answers every request with:
// the request was valid and would have been sent.
var errDryRun = errors.New("dry run: not sent")

// dryRunTransport records the request a dry run would send, and sends nothing.
type dryRunTransport struct {
	body []byte
}

func (t *dryRunTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer func() { _ = req.Body.Close() }()
		body, err := io.ReadAll(io.LimitReader(req.Body, maxDryRunBody))
		if err != nil {
			return nil, err
		}
		t.body = body
	}
	return nil, errDryRun
}

// maxDryRunBody bounds the request body a dry run shows: far more than a
// static segment of segments.MaxStaticCustomers customers.
const maxDryRunBody = 16 << 20

// newDryRunClient returns a client that checks a request as the SDK does
// before sending it, then hands it to t instead of the network. It needs no
// credentials and reads no environment.
func newDryRunClient(t *dryRunTransport) (*segments.Client, error) {
	return segments.NewClient(
		segments.WithCredentials("dry-run", "dry-run"),
		segments.WithBaseURL(segments.BaseURLEurope),
		segments.WithHTTPClient(&http.Client{Transport: t}),
		segments.WithMaxRetries(0),
		segments.WithoutCreateRecovery(), // no lookup after the refusal below
	)
}
