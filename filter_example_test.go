package segments_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/voucherify-go/segments"
)

// filterAPI stands in for api.voucherify.io: it answers a create with the
// segment it was sent, as the real API does, and prints the filter it got.
func filterAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Name   string          `json:"name"`
			Type   string          `json:"type"`
			Filter json.RawMessage `json:"filter"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Printf("%s %s: %s\n", r.Method, r.URL.Path, req.Filter)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "seg_example", "name": req.Name, "created_at": "2024-05-01T10:00:00.000Z",
			"type": req.Type, "filter": req.Filter, "object": "segment",
		})
	}))
}

// A group of more than 20,000 customers cannot be a static segment. As
// Voucherify's documentation recommends, select it from customer data with an
// auto-update segment: membership follows the customers' metadata.
func ExampleAnd() {
	api := filterAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	seg, err := client.Create(context.Background(), segments.CreateParams{
		Name: "Gold and Silver club, 2024 sign-ups",
		Type: segments.TypeAutoUpdate,
		Filter: segments.And(
			segments.Field("metadata.club_level").In("Gold", "Silver"),
			segments.Field("created_at").After("2024-01-01T00:00:00.000Z"),
		),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(seg.ID, seg.Type)
	// Output:
	// POST /v1/segments: {"created_at":{"conditions":{"$after":["2024-01-01T00:00:00.000Z"]}},"junction":"and","metadata.club_level":{"conditions":{"$in":["Gold","Silver"]}}}
	// seg_example auto-update
}

func ExampleOr() {
	f := segments.Or(
		segments.Field("birthdate").NextMonth(),
		segments.Field("loyalty_points.campaigns.Tiers 2.points").MoreThanEqual(41),
		// Two operators on one field share its conditions: a range.
		segments.Field("events.payment_placed.count").MoreThan(2),
		segments.Field("events.payment_placed.count").LessThanEqual(10),
	)
	b, err := json.Marshal(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// {"birthdate":{"conditions":{"$next_month":[true]}},"events.payment_placed.count":{"conditions":{"$less_than_equal":[10],"$more_than":[2]}},"junction":"or","loyalty_points.campaigns.Tiers 2.points":{"conditions":{"$more_than_equal":[41]}}}
}

func ExampleFieldRef_OpValue() {
	// The API's birthday example, exactly: "$is" with a single value, not an array.
	f := segments.And(
		segments.Field("birthdate").Op("$next_month", true),
		segments.Field("address.country").OpValue("$is", "Poland"),
		segments.Field("metadata.club_level").In("Gold", "Silver"),
	)
	b, _ := json.Marshal(f)
	fmt.Println(string(b))
	// Output:
	// {"address.country":{"conditions":{"$is":"Poland"}},"birthdate":{"conditions":{"$next_month":[true]}},"junction":"and","metadata.club_level":{"conditions":{"$in":["Gold","Silver"]}}}
}

func ExampleValidateFilter() {
	// A hand-written filter with a typo: "condition" for "conditions".
	f := segments.Filter{
		"junction": "and",
		"metadata.club_level": map[string]any{
			"condition": map[string]any{"$in": []string{"Gold", "Silver"}},
		},
	}
	err := segments.ValidateFilter(f)
	var ve *segments.ValidationError
	fmt.Println(errors.As(err, &ve) && ve.Field == "Filter", errors.Is(err, segments.ErrInvalidParams))
	fmt.Println(err)

	// Client.Create makes the same check and sends nothing.
	client, _ := segments.NewClient(segments.WithCredentials("app_id", "secret_key"))
	_, err = client.Create(context.Background(), segments.CreateParams{Name: "Club", Type: segments.TypeAutoUpdate, Filter: f})
	fmt.Println(errors.As(err, &ve) && ve.Field == "Filter", errors.Is(err, segments.ErrInvalidParams))
	// Output:
	// true true
	// segments: invalid Filter: key "metadata.club_level": has no "conditions" object
	// true true
}
