package segments

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/voucherify-go/segments/api"
)

// segmentURL builds the URL of one segment for an operation on
// /v1/segments/{segmentId}. The generated builders (api.NewGetSegmentRequest,
// api.NewDeleteSegmentRequest) parse the base URL, style the ID by reflection,
// resolve a relative reference and parse the result again on every call: 13
// allocations and over a microsecond per request, most of what a Get costs
// beyond a hand-written client. So they run once, in NewClient, with a marker
// in place of the ID; each call then percent-encodes the ID as they do and puts
// it where the marker was. The path stays the generated code's.
type segmentURL struct {
	prefix, suffix string
}

// idMarker stands for the segment ID in the template URL. Letters only, so
// that percent-encoding leaves it as it is.
const idMarker = "SEGMENTIDMARKER"

// newSegmentURL takes the template of an operation's URL from its generated
// builder, called with the generated client's server.
func newSegmentURL(build func(server string, id api.SegmentID) (*http.Request, error), server string) (segmentURL, error) {
	req, err := build(server, idMarker)
	if err != nil {
		return segmentURL{}, err
	}
	u := req.URL.String()
	i := strings.LastIndex(u, idMarker)
	if i < 0 {
		return segmentURL{}, errors.New("the generated request URL " + u + " does not hold the segment ID")
	}
	return segmentURL{prefix: u[:i], suffix: u[i+len(idMarker):]}, nil
}

// of returns the URL of the segment id: the ID percent-encoded as one path
// segment, as the generated builders encode path parameters.
func (s segmentURL) of(id string) string {
	return s.prefix + url.PathEscape(id) + s.suffix
}

// send sends a bodiless request for the segment URL u with the SDK's headers,
// as the generated client would.
func (c *Client) send(ctx context.Context, method, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	if err := c.auth.Edit(ctx, req); err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}
