package segments_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestListCustomerSegments: a customer in two static segments gets both, newest first;
// a customer in none gets none.
func TestListCustomerSegments(t *testing.T) {
	srv := segmentstest.NewServer(t)
	ctx := context.Background()
	create := func(name string, customers ...string) *segments.Segment {
		seg, err := srv.Client.Create(ctx, segments.CreateParams{Name: name, Type: segments.TypeStatic, Customers: customers})
		if err != nil {
			t.Fatal(err)
		}
		return seg
	}
	first := create("First", "cust_a", "cust_b")
	create("Other", "cust_b")
	second := create("Second", "cust_c", "cust_a")
	got, err := srv.Client.ListCustomerSegments(ctx, "cust_a")
	want := []segments.SegmentRef{{ID: second.ID, Name: "Second"}, {ID: first.ID, Name: "First"}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("cust_a: %v, %v; want %v", got, err, want)
	}
	if got, err := srv.Client.ListCustomerSegments(ctx, "cust_none"); err != nil || len(got) != 0 || got == nil {
		t.Errorf("a customer in no segment: %#v, %v; want an empty list", got, err)
	}
	// Sent as one escaped path segment: the server sees one customer ID.
	if _, err := srv.Client.ListCustomerSegments(ctx, "../segments?x#y"); err != nil {
		t.Errorf("an ID with path characters: %v", err)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Path != "/v1/customers/..%2Fsegments%3Fx%23y/segments" {
		t.Errorf("path %q", last.Path)
	}
	for _, id := range []string{"", " ", ".", "..", "cust_\xff"} {
		var ve *segments.ValidationError
		if _, err := srv.Client.ListCustomerSegments(ctx, id); !errors.As(err, &ve) || ve.Field != "customerID" {
			t.Errorf("%q: %v, want a *ValidationError of customerID", id, err)
		}
	}
}

// TestListCustomerSegmentsHoldsTheAnswerToTheContract: an answer with fewer segments than
// its total (the operation has no pages), one ID twice, an unknown object or a key twice
// is an *UnexpectedResponseError.
func TestListCustomerSegmentsHoldsTheAnswerToTheContract(t *testing.T) {
	ref := `{"id":"seg_1","name":"n","object":"segment"}`
	cases := map[string]string{
		"fewer than the total": `{"object":"list","data_ref":"data","data":[` + ref + `],"total":2}`,
		"one ID twice":         `{"object":"list","data_ref":"data","data":[` + ref + `,` + ref + `],"total":2}`,
		"an unknown object":    `{"object":"list","data_ref":"data","data":[` + strings.Replace(ref, `"segment"`, `"thing"`, 1) + `],"total":1}`,
		"a key twice":          `{"object":"list","data_ref":"data","data":[` + ref + `],"total":1,"total":0}`,
		"no name":              `{"object":"list","data_ref":"data","data":[{"id":"seg_1","object":"segment"}],"total":1}`,
		"data missing":         `{"object":"list","data_ref":"data","total":0}`,
	}
	for name, body := range cases {
		srv := contracttest.NewServer(t, answer(http.StatusOK, []byte(body)), contracttest.AllowInvalidResponses())
		_, err := newTestClient(t, srv.URL).ListCustomerSegments(context.Background(), "cust_1")
		var ue *segments.UnexpectedResponseError
		if !errors.As(err, &ue) || ue.Operation != "list-customer-segments" {
			t.Errorf("%s: %v, want an *UnexpectedResponseError", name, err)
		}
	}
}

// TestOAuthAgainstTheSandbox: a client with WithOAuth works against the sandbox with one
// token; a revoked token is renewed once and the call succeeds; the secret key travels on
// the token requests only; a scope that does not cover an operation is ErrUnauthorized.
func TestOAuthAgainstTheSandbox(t *testing.T) {
	srv := segmentstest.NewServer(t)
	ctx := context.Background()
	c, err := srv.NewClient(segments.WithOAuth("segments", "customers"))
	if err != nil {
		t.Fatal(err)
	}
	seg, err := c.Create(ctx, segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	if err != nil {
		t.Fatal(err)
	}
	if refs, err := c.ListCustomerSegments(ctx, "cust_1"); err != nil || len(refs) != 1 || refs[0].ID != seg.ID {
		t.Fatalf("ListCustomerSegments: %v, %v", refs, err)
	}
	srv.RevokeTokens()
	if _, err := c.Get(ctx, seg.ID); err != nil {
		t.Fatalf("Get after the token was revoked: %v", err)
	}
	tokens, refused := 0, 0
	for _, r := range srv.Requests() {
		isToken := r.Path == "/v1/oauth/token"
		if isToken {
			tokens++
		}
		if r.Status == http.StatusUnauthorized {
			refused++
		}
		if (r.Header.Get("X-App-Token") != "") != isToken {
			t.Errorf("%s %s: X-App-Token %q", r.Method, r.Path, r.Header.Get("X-App-Token"))
		}
		if !isToken && r.Header.Get("Authorization") == "" { // the log shows it redacted
			t.Errorf("%s %s carries no bearer token", r.Method, r.Path)
		}
	}
	if tokens != 2 || refused != 1 {
		t.Errorf("%d token requests and %d refusals, want 2 and 1: one token, renewed once after the revocation", tokens, refused)
	}

	narrow, err := srv.NewClient(segments.WithOAuth("segments"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := narrow.ListCustomerSegments(ctx, "cust_1"); !errors.Is(err, segments.ErrUnauthorized) {
		t.Errorf("a token without the customers scope: %v, want ErrUnauthorized", err)
	}
	unknown, err := srv.NewClient(segments.WithOAuth("vouchers"))
	if err != nil {
		t.Fatal(err)
	}
	var apiErr *segments.APIError
	if _, err := unknown.Get(ctx, seg.ID); !errors.As(err, &apiErr) || apiErr.Key != "invalid_scope" || apiErr.Operation != "generate-oauth-token" {
		t.Errorf("a scope the sandbox does not know: %v, want the token request's invalid_scope", err)
	}
}
