package segmentstest_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestTypedFilterRoundTrip sends a built filter to the sandbox, which validates
// it against openapi.yaml, and reads it back unchanged.
func TestTypedFilterRoundTrip(t *testing.T) {
	srv := segmentstest.NewServer(t)
	ctx := context.Background()
	filter := segments.And(
		segments.Field("metadata.club_level").In("Gold", "Silver"),
		segments.Field("loyalty_points.campaigns.Tiers 2.points").MoreThanEqual(41),
		segments.Field("created_at").After("2021-12-01T00:00:00.000Z"),
		segments.Field("birthdate").NextMonth(),
	)
	for _, typ := range []segments.Type{segments.TypeAutoUpdate, segments.TypePassive} {
		created, err := srv.Client.Create(ctx, segments.CreateParams{Name: "Club", Type: typ, Filter: filter})
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if created.Type != typ || !sameJSON(t, created.Filter, filter) {
			t.Errorf("%s: created %+v", typ, created)
		}
		got, err := srv.Client.Get(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, got.Filter, filter) {
			t.Errorf("%s: read back %v, sent %v", typ, got.Filter, filter)
		}
		if err := segments.ValidateFilter(got.Filter); err != nil {
			t.Errorf("a filter read back fails the checker: %v", err)
		}
		stored, _ := srv.Segment(created.ID)
		if !sameJSON(t, stored.Filter, filter) || stored.Customers != nil {
			t.Errorf("%s: stored %+v", typ, stored)
		}
	}
}

func TestMalformedFilterNeverReachesTheSandbox(t *testing.T) {
	srv := segmentstest.NewServer(t)
	for _, f := range []segments.Filter{
		segments.And(segments.Field("metadata.club_level").Op("in", "Gold")),
		{"junction": "xor", "created_at": map[string]any{"conditions": map[string]any{"$after": []string{"2021"}}}},
		{"junction": "and", "created_at": map[string]any{"$after": []string{"2021"}}},
	} {
		_, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: f})
		if !errors.Is(err, segments.ErrInvalidParams) {
			t.Errorf("%v: err = %v, want ErrInvalidParams", f, err)
		}
	}
	if n := len(srv.Requests()); n != 0 || srv.Len() != 0 {
		t.Errorf("%d requests, %d segments; want none", n, srv.Len())
	}
}

// TestOfficialExampleFilterIsAccepted sends the official birthday example,
// whose "$is" operand is a scalar, as a hand-written filter.
func TestOfficialExampleFilterIsAccepted(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "official", "create-auto-update-segment-birthday-next-month.request.json"))
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Name   string
		Filter segments.Filter
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	srv := segmentstest.NewServer(t)
	seg, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: body.Name, Type: segments.TypeAutoUpdate, Filter: body.Filter})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, seg.Filter, body.Filter) {
		t.Errorf("filter = %v, want %v", seg.Filter, body.Filter)
	}
}

func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	norm := func(v any) any {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return reflect.DeepEqual(norm(a), norm(b))
}
