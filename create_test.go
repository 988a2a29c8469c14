package segments_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

// paramsFrom decodes an official request body into CreateParams, the way a
// caller would fill them.
func paramsFrom(t *testing.T, body []byte) segments.CreateParams {
	t.Helper()
	var raw struct {
		Name      string          `json:"name"`
		Type      segments.Type   `json:"type"`
		Customers []string        `json:"customers"`
		Filter    segments.Filter `json:"filter"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	return segments.CreateParams{Name: raw.Name, Type: raw.Type, Customers: raw.Customers, Filter: raw.Filter}
}

func TestCreateSendsOfficialExampleBodies(t *testing.T) {
	cases := []struct{ request, response string }{
		{"create-static-segment.request.json", "create-static-segment.response-200.json"},
		{"create-auto-update-segment.request.json", "create-auto-update-segment.response-200.json"},
		{"create-auto-update-segment-birthday-next-month.request.json", "create-auto-update-segment.response-200.json"},
	}
	for _, tc := range cases {
		t.Run(tc.request, func(t *testing.T) {
			reqBody, respBody := fixture(t, tc.request), fixture(t, tc.response)
			srv := contracttest.NewServer(t, answer(http.StatusOK, respBody))
			c := newTestClient(t, srv.URL)

			seg, err := c.Create(context.Background(), paramsFrom(t, reqBody))
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			got := srv.Requests()
			if len(got) != 1 || got[0].Method != http.MethodPost || got[0].Path != "/v1/segments" {
				t.Fatalf("requests = %+v, want one POST /v1/segments", got)
			}
			if !jsonEqual(t, got[0].Body, reqBody) {
				t.Errorf("body sent:\n%s\nwant the official example:\n%s", got[0].Body, reqBody)
			}
			if ct := got[0].Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}

			var want struct {
				ID        string          `json:"id"`
				Name      string          `json:"name"`
				CreatedAt time.Time       `json:"created_at"`
				Type      segments.Type   `json:"type"`
				Filter    segments.Filter `json:"filter"`
			}
			if err := json.Unmarshal(respBody, &want); err != nil {
				t.Fatal(err)
			}
			if seg.ID != want.ID || seg.Name != want.Name || !seg.CreatedAt.Equal(want.CreatedAt) || seg.Type != want.Type {
				t.Errorf("segment = %+v, want %+v", seg, want)
			}
			if !reflect.DeepEqual(seg.Filter, want.Filter) {
				t.Errorf("filter = %#v, want %#v", seg.Filter, want.Filter)
			}
			if seg.UpdatedAt != nil {
				t.Errorf("UpdatedAt = %v, want nil", seg.UpdatedAt)
			}
		})
	}
}

func TestCreatePassiveSegment(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusOK, []byte(`{"id":"seg_p","name":"Club","created_at":"2024-01-02T03:04:05.678Z","updated_at":"2024-02-02T00:00:00.000Z","type":"passive","filter":{"junction":"or","metadata.club_level":{"conditions":{"$is":"Gold"}}},"object":"segment"}`)))
	c := newTestClient(t, srv.URL)
	seg, err := c.Create(context.Background(), segments.CreateParams{
		Name: "Club", Type: segments.TypePassive,
		Filter: segments.Filter{"junction": "or", "metadata.club_level": map[string]any{"conditions": map[string]any{"$is": "Gold"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if seg.Type != segments.TypePassive || seg.UpdatedAt == nil || seg.UpdatedAt.Month() != time.February {
		t.Errorf("segment = %+v", seg)
	}
	if !jsonEqual(t, srv.Requests()[0].Body, []byte(`{"name":"Club","type":"passive","filter":{"junction":"or","metadata.club_level":{"conditions":{"$is":"Gold"}}}}`)) {
		t.Errorf("body = %s", srv.Requests()[0].Body)
	}
}

func customerIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("cust_%024d", i)
	}
	return ids
}

func TestCreateStaticCapBoundary(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "create-static-segment.response-200.json")))
	c := newTestClient(t, srv.URL)

	if _, err := c.Create(context.Background(), segments.CreateParams{Name: "Max", Type: segments.TypeStatic, Customers: customerIDs(segments.MaxStaticCustomers)}); err != nil {
		t.Fatalf("20,000 customers: %v", err)
	}
	var sent struct{ Customers []string }
	if err := json.Unmarshal(srv.Requests()[0].Body, &sent); err != nil || len(sent.Customers) != 20000 {
		t.Fatalf("server got %d customers (%v), want 20000", len(sent.Customers), err)
	}

	_, err := c.Create(context.Background(), segments.CreateParams{Name: "Over", Type: segments.TypeStatic, Customers: customerIDs(segments.MaxStaticCustomers + 1)})
	if !errors.Is(err, segments.ErrTooManyCustomers) || !errors.Is(err, segments.ErrInvalidParams) {
		t.Fatalf("20,001 customers: err = %v, want ErrTooManyCustomers", err)
	}
	for _, want := range []string{"20001", "20000", "auto-update"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server got %d requests, want only the 20,000 one", n)
	}
}

func TestCreateRefusesBadParamsWithoutSending(t *testing.T) {
	filter := segments.Filter{"junction": "and", "created_at": map[string]any{"conditions": map[string]any{"$after": []string{"2021-12-01T00:00:00.000Z"}}}}
	cases := []struct {
		name  string
		p     segments.CreateParams
		field string
	}{
		{"empty name", segments.CreateParams{Type: segments.TypeStatic, Customers: []string{"c"}}, "Name"},
		{"blank name", segments.CreateParams{Name: " \t", Type: segments.TypeStatic}, "Name"},
		{"no type", segments.CreateParams{Name: "n"}, "Type"},
		{"unknown type", segments.CreateParams{Name: "n", Type: "dynamic"}, "Type"},
		{"upper-case type", segments.CreateParams{Name: "n", Type: "STATIC"}, "Type"},
		{"filter on static", segments.CreateParams{Name: "n", Type: segments.TypeStatic, Filter: filter}, "Filter"},
		{"empty customer ID", segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c1", ""}}, "Customers"},
		{"customers on auto-update", segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: filter, Customers: []string{"c"}}, "Customers"},
		{"customers on passive", segments.CreateParams{Name: "n", Type: segments.TypePassive, Filter: filter, Customers: []string{"c"}}, "Customers"},
		{"no filter on auto-update", segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate}, "Filter"},
		{"no filter on passive", segments.CreateParams{Name: "n", Type: segments.TypePassive}, "Filter"},
		{"empty filter", segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: segments.Filter{}}, "Filter"},
		{"unencodable filter", segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: segments.Filter{"junction": "and", "x": make(chan int)}}, "Filter"},
	}
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "create-static-segment.response-200.json")))
	c := newTestClient(t, srv.URL)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seg, err := c.Create(context.Background(), tc.p)
			var ve *segments.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, segments.ErrInvalidParams) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			if ve.Field != tc.field {
				t.Errorf("Field = %q, want %q (%v)", ve.Field, tc.field, err)
			}
			if seg != nil {
				t.Errorf("segment = %+v, want nil", seg)
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("server got %d requests, want none", n)
	}
}
