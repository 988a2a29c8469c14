package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// operations implements the generated apiserver.StrictServerInterface: one method per
// operation of the contract, taking its typed request and returning one of the answers the
// contract declares for it. A request reaches it authenticated, rated and validated.
type operations struct{ s *Server }

var _ apiserver.StrictServerInterface = operations{}

// rateHeaders are the X-Rate-Limit-* headers of a typed answer: field for field those of
// the generated ...ResponseHeaders types, so that they convert to each.
type rateHeaders struct {
	XRateLimitLimit     int
	XRateLimitRemaining int
	XRateLimitRetry     int
	XRateLimitType      string
}

// rateOf returns the headers of the rate decision of the request of ctx.
func rateOf(ctx context.Context) rateHeaders {
	d := exchangeOf(ctx).rate
	return rateHeaders{d.limit, d.remaining, int(ceilUnix(d.reset)), rateLimitType}
}

// errorBody returns e as the body of a typed answer to the request of ctx.
func errorBody(ctx context.Context, e *apiError) apiserver.ErrorBody {
	return e.body(exchangeOf(ctx).id)
}

// ListSegment answers list: the page of the segments that match the query, and how many
// match in all.
func (o operations) ListSegment(ctx context.Context, req apiserver.ListSegmentRequestObject) (apiserver.ListSegmentResponseObject, error) {
	page, total := o.s.list(req.Params)
	return apiserver.ListSegment200JSONResponse{
		Body:    apiserver.SegmentList{Object: apiserver.List, DataRef: apiserver.Data, Data: page, Total: total},
		Headers: apiserver.ListSegment200ResponseHeaders(rateOf(ctx)),
	}, nil
}

// CreateSegment stores the segment of the body.
func (o operations) CreateSegment(ctx context.Context, req apiserver.CreateSegmentRequestObject) (apiserver.CreateSegmentResponseObject, error) {
	seg, err := newSegment(*req.Body, o.s.clock())
	if err != nil {
		return nil, err
	}
	seg, full := o.s.store.add(seg)
	if full != nil {
		return apiserver.CreateSegment400JSONResponse{BadRequestJSONResponse: apiserver.BadRequestJSONResponse{
			Body: errorBody(ctx, full), Headers: apiserver.BadRequestResponseHeaders(rateOf(ctx)),
		}}, nil
	}
	return apiserver.CreateSegment200JSONResponse{Body: seg.Segment, Headers: apiserver.CreateSegment200ResponseHeaders(rateOf(ctx))}, nil
}

// newSegment returns the segment that body, a create body that the contract accepted,
// describes, created at now. A filter is kept as it was sent, less insignificant white
// space. (The shape is told by decoding the body as a static segment, rather than by the
// union's Discriminator, which would decode it once more.)
func newSegment(body apiserver.CreateSegmentRequest, now time.Time) (Segment, error) {
	seg := Segment{Segment: apiserver.Segment{
		Object: apiserver.SegmentObjectSegment, CreatedAt: apiserver.Timestamp{Time: now.UTC().Truncate(time.Millisecond)},
	}}
	static, err := body.AsStaticSegmentCreate()
	if err != nil {
		return Segment{}, err
	}
	seg.Type = apiserver.SegmentType(static.Type)
	switch seg.Type {
	case apiserver.SegmentTypeStatic:
		seg.Name, seg.Customers = static.Name, static.Customers
		return seg, nil
	case apiserver.SegmentTypeAutoUpdate, apiserver.SegmentTypePassive:
		filtered, err := body.AsFilteredSegmentCreate()
		if err != nil {
			return Segment{}, err
		}
		var filter bytes.Buffer
		seg.Name, err = filtered.Name, json.Compact(&filter, filtered.Filter)
		seg.Filter = filter.Bytes()
		return seg, err
	}
	return Segment{}, fmt.Errorf("segment type %q is in the contract but not in the sandbox", seg.Type)
}

// GetSegment answers the stored segment.
func (o operations) GetSegment(ctx context.Context, req apiserver.GetSegmentRequestObject) (apiserver.GetSegmentResponseObject, error) {
	seg, ok := o.s.store.get(req.SegmentID)
	if !ok {
		return apiserver.GetSegment404JSONResponse{NotFoundJSONResponse: apiserver.NotFoundJSONResponse{
			Body: errorBody(ctx, errSegmentNotFound(req.SegmentID)), Headers: apiserver.NotFoundResponseHeaders(rateOf(ctx)),
		}}, nil
	}
	return apiserver.GetSegment200JSONResponse{Body: seg.Segment, Headers: apiserver.GetSegment200ResponseHeaders(rateOf(ctx))}, nil
}

// DeleteSegment deletes the stored segment.
func (o operations) DeleteSegment(ctx context.Context, req apiserver.DeleteSegmentRequestObject) (apiserver.DeleteSegmentResponseObject, error) {
	if !o.s.store.remove(req.SegmentID) {
		return apiserver.DeleteSegment404JSONResponse{NotFoundJSONResponse: apiserver.NotFoundJSONResponse{
			Body: errorBody(ctx, errSegmentNotFound(req.SegmentID)), Headers: apiserver.NotFoundResponseHeaders(rateOf(ctx)),
		}}, nil
	}
	return apiserver.DeleteSegment204Response{Headers: apiserver.DeleteSegment204ResponseHeaders(rateOf(ctx))}, nil
}

// GenerateOauthToken issues a token of the scopes asked for, which the contract must
// declare. Its grant type was checked with the body (validate.go).
func (o operations) GenerateOauthToken(ctx context.Context, req apiserver.GenerateOauthTokenRequestObject) (apiserver.GenerateOauthTokenResponseObject, error) {
	now := o.s.clock()
	value, scopes, refused := o.s.tokens.issue(req.Body.Scope, now)
	if refused != nil {
		return apiserver.GenerateOauthToken400JSONResponse{TokenRequestRefusedJSONResponse: apiserver.TokenRequestRefusedJSONResponse{
			Body: errorBody(ctx, refused), Headers: apiserver.TokenRequestRefusedResponseHeaders(rateOf(ctx)),
		}}, nil
	}
	lifetime := o.s.cfg.TokenLifetime
	return apiserver.GenerateOauthToken200JSONResponse{
		Body: apiserver.OAuthToken{
			AccessToken: value, ClientID: o.s.clientID, TokenType: apiserver.Bearer, Scope: strings.Join(scopes, " "),
			ExpiresIn: int(lifetime / time.Second), ExpiresAt: now.Add(lifetime).Unix(),
		},
		Headers: apiserver.GenerateOauthToken200ResponseHeaders(rateOf(ctx)),
	}, nil
}

// ListCustomerSegments answers the static segments that list the customer, newest first.
// Auto-update and passive segments are left out: they select customers by their data,
// which the sandbox does not hold, so it cannot tell whether a customer belongs.
func (o operations) ListCustomerSegments(ctx context.Context, req apiserver.ListCustomerSegmentsRequestObject) (apiserver.ListCustomerSegmentsResponseObject, error) {
	refs := []apiserver.SegmentRef{}
	for _, seg := range o.s.store.listing(req.CustomerID) {
		refs = append(refs, apiserver.SegmentRef{ID: seg.ID, Name: seg.Name, Object: apiserver.SegmentRefObjectSegment})
	}
	return apiserver.ListCustomerSegments200JSONResponse{
		Body: apiserver.CustomerSegmentList{
			Object: apiserver.CustomerSegmentListObjectList, DataRef: apiserver.CustomerSegmentListDataRefData, Data: refs, Total: len(refs),
		},
		Headers: apiserver.ListCustomerSegments200ResponseHeaders(rateOf(ctx)),
	}, nil
}
