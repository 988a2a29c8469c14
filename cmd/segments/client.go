package main

import (
	"errors"
	"io"
	"net/http"

	"github.com/voucherify-go/segments"
)

// newClient returns a client of the API as the environment configures it:
// segments.NewClient reads VOUCHERIFY_APP_ID, VOUCHERIFY_SECRET_KEY and
// VOUCHERIFY_API_URL, so the command reads none of them itself. Every answer
// passes through raw, which keeps its body for printing as it came.
func newClient(raw *rawBodies) (*segments.Client, error) {
	return segments.NewClient(segments.WithHTTPClient(&http.Client{Transport: raw}))
}

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
