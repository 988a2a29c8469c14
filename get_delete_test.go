package segments_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

func TestGetDecodesOfficialExample(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "get-segment.response-200.json")))
	c := newTestClient(t, srv.URL)
	seg, err := c.Get(context.Background(), "seg_Mv5w1b2FIEbiCCO5ioT8TfI2")
	if err != nil {
		t.Fatal(err)
	}
	if seg.ID != "seg_Mv5w1b2FIEbiCCO5ioT8TfI2" || seg.Name != "Tiers 2 - Senior" || seg.Type != segments.TypeAutoUpdate {
		t.Errorf("segment = %+v", seg)
	}
	if seg.CreatedAt.UnixMilli() != 1654780886656 {
		t.Errorf("CreatedAt = %v", seg.CreatedAt)
	}
	cond, _ := seg.Filter["loyalty_points.campaigns.Tiers 2.points"].(map[string]any)
	if seg.Filter["junction"] != "and" || cond == nil {
		t.Errorf("filter = %#v", seg.Filter)
	}
	if got := srv.Requests()[0]; got.Method != http.MethodGet || got.Path != "/v1/segments/seg_Mv5w1b2FIEbiCCO5ioT8TfI2" {
		t.Errorf("request = %s %s", got.Method, got.Path)
	}
}

func TestStaticSegmentFilterIsNil(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "create-static-segment.response-200.json")))
	seg, err := newTestClient(t, srv.URL).Get(context.Background(), "seg_vC8iOSCqUG02EsPzsHynLv8i")
	if err != nil {
		t.Fatal(err)
	}
	if seg.Filter != nil || seg.Type != segments.TypeStatic {
		t.Errorf("segment = %+v, want static with nil filter", seg)
	}
}

func TestSegmentIDIsOnePathSegment(t *testing.T) {
	ids := []string{"../x", "a/b", "?q", "%2e%2e", "seg x", "#frag", "..%2f", "seg_\u00e9"}
	srv := contracttest.NewServer(t, answer(http.StatusNotFound, fixture(t, "get-segment.error-404-not-found.json")))
	c := newTestClient(t, srv.URL)
	for _, id := range ids {
		if _, err := c.Get(context.Background(), id); !errors.Is(err, segments.ErrNotFound) {
			t.Errorf("Get(%q) = %v, want the server's 404", id, err)
		}
		if err := c.Delete(context.Background(), id); !errors.Is(err, segments.ErrNotFound) {
			t.Errorf("Delete(%q) = %v, want the server's 404", id, err)
		}
	}
	reqs := srv.Requests()
	if len(reqs) != 2*len(ids) {
		t.Fatalf("server got %d requests, want %d", len(reqs), 2*len(ids))
	}
	for i, r := range reqs {
		want := "/v1/segments/" + url.PathEscape(ids[i/2])
		if r.Path != want {
			t.Errorf("path = %q, want %q", r.Path, want)
		}
	}
}

func TestSegmentIDRefusedWithoutSending(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusNoContent, nil))
	c := newTestClient(t, srv.URL)
	for _, id := range []string{"", " ", ".", ".."} {
		if _, err := c.Get(context.Background(), id); !errors.Is(err, segments.ErrInvalidParams) {
			t.Errorf("Get(%q) = %v, want ErrInvalidParams", id, err)
		}
		err := c.Delete(context.Background(), id)
		var ve *segments.ValidationError
		if !errors.As(err, &ve) || ve.Field != "segmentID" {
			t.Errorf("Delete(%q) = %v, want a *ValidationError on segmentID", id, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("server got %d requests, want none", n)
	}
}

func TestDelete(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusNoContent, nil, "Content-Type", ""))
	if err := newTestClient(t, srv.URL).Delete(context.Background(), "seg_DNAOhUtJffvX0f57ajLMFBYR"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0]; got.Method != http.MethodDelete || got.Path != "/v1/segments/seg_DNAOhUtJffvX0f57ajLMFBYR" {
		t.Errorf("request = %s %s", got.Method, got.Path)
	}
}

func TestDeleteMissingSegment(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusNotFound, fixture(t, "delete-segment.error-404-not-found.json")))
	err := newTestClient(t, srv.URL).Delete(context.Background(), "seg_DNAOhUtJffvX0f57ajLMFBY")
	var apiErr *segments.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, segments.ErrNotFound) {
		t.Fatalf("err = %v, want an *APIError matching ErrNotFound", err)
	}
	if apiErr.ResourceID != "seg_DNAOhUtJffvX0f57ajLMFBY" || apiErr.ResourceType != "segment" || apiErr.RequestID != "v-0ae3bb40409027cb63" || apiErr.Operation != "delete-segment" {
		t.Errorf("APIError = %+v", apiErr)
	}
}
