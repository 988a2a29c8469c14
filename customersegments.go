package segments

import (
	"context"
	"fmt"
	"net/http"

	"github.com/voucherify-go/segments/api"
)

// opCustomerSegments is the contract's operationId of ListCustomerSegments.
const opCustomerSegments = "list-customer-segments"

// SegmentRef names a segment that a customer belongs to, as
// ListCustomerSegments returns it: Get gives the whole segment.
type SegmentRef struct {
	ID   string
	Name string
}

// ListCustomerSegments returns the segments the customer belongs to. customerID
// is the customer's ID (cust_...) or its source ID; it is checked and escaped
// like a segment ID. For an ID that Voucherify does not know as a customer, the
// API answers the segments such a customer would qualify for. With WithOAuth,
// the token's scopes must include customers (or api).
func (c *Client) ListCustomerSegments(ctx context.Context, customerID string) ([]SegmentRef, error) {
	if err := validateID("customerID", customerID); err != nil {
		return nil, err
	}
	res, rep, err := do(ctx, c, opCustomerSegments, http.MethodGet, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListCustomerSegments(ctx, customerID)
	}, parseCustomerSegments)
	if err != nil {
		return nil, err
	}
	if err := c.unread(ctx, opCustomerSegments, rep); err != nil {
		return nil, err
	}
	reason := answerProblem(res, rep, c.levels.customerSegments)
	if reason == "" {
		reason = checkCustomerSegments(res.result)
	}
	if reason != "" {
		return nil, unexpected(opCustomerSegments, rep, reason)
	}
	refs := make([]SegmentRef, len(res.result.Data))
	for i, d := range res.result.Data {
		refs[i] = SegmentRef{ID: d.ID, Name: d.Name}
	}
	return refs, nil
}

// checkCustomerSegments says what a decoded answer lacks of the contract, or "".
// The operation has no pages: the answer holds all of its total.
func checkCustomerSegments(l *api.CustomerSegmentList) string {
	switch {
	case !l.Object.Valid():
		return fmt.Sprintf("the object is %q, want \"list\"", l.Object)
	case !l.DataRef.Valid():
		return fmt.Sprintf("data_ref is %q, want \"data\"", l.DataRef)
	case len(l.Data) != l.Total:
		return fmt.Sprintf("the answer holds %d segments of its total of %d", len(l.Data), l.Total)
	}
	ids := make(map[string]bool, len(l.Data))
	for i, d := range l.Data {
		switch {
		case d.ID == "" || d.Name == "":
			return fmt.Sprintf("data[%d] has no id or no name", i)
		case !d.Object.Valid():
			return fmt.Sprintf("data[%d] has the object %q, want \"segment\"", i, d.Object)
		case ids[d.ID]:
			return fmt.Sprintf("the segment %s appears twice", d.ID)
		}
		ids[d.ID] = true
	}
	return ""
}
