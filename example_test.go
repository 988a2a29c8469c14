package segments_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/voucherify-go/segments"
)

// exampleAPI stands in for api.voucherify.io so that the examples run offline:
// it knows one segment, seg_example, and answers like the real API.
func exampleAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/segments", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"id":"seg_example","name":"VIP customers","created_at":"2024-05-01T10:00:00.000Z","type":"static","filter":null,"object":"segment"}`)
	})
	mux.HandleFunc("GET /v1/segments/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.PathValue("id") != "seg_example" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = fmt.Fprintf(w, `{"code":404,"key":"not_found","message":"Resource not found","details":"Cannot find segment with id %s","request_id":"v-0b4d7a37a105797650","resource_id":"%[1]s","resource_type":"segment"}`, r.PathValue("id"))
			return
		}
		_, _ = fmt.Fprint(w, `{"id":"seg_example","name":"VIP customers","created_at":"2024-05-01T10:00:00.000Z","updated_at":null,"type":"static","filter":null,"object":"segment"}`)
	})
	mux.HandleFunc("DELETE /v1/segments/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	// Two segments, newest first, one page whatever the params.
	mux.HandleFunc("GET /v1/segments", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Rate-Limit-Limit", "100")
		w.Header().Set("X-Rate-Limit-Remaining", "97")
		_, _ = fmt.Fprint(w, `{"object":"list","data_ref":"data","total":2,"data":[`+
			`{"id":"seg_vip2","name":"VIP 2026","created_at":"2026-01-02T10:00:00.000Z","updated_at":null,"type":"static","filter":null,"object":"segment"},`+
			`{"id":"seg_vip1","name":"VIP 2025","created_at":"2025-01-02T10:00:00.000Z","updated_at":null,"type":"static","filter":null,"object":"segment"}]}`)
	})
	mux.HandleFunc("GET /v1/customers/{id}/segments", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"object":"list","data_ref":"data","total":2,"data":[`+
			`{"id":"seg_vip2","name":"VIP 2026","object":"segment"},{"id":"seg_vip1","name":"VIP 2025","object":"segment"}]}`)
	})
	return httptest.NewServer(mux)
}

func ExampleNewClient() {
	// In production, the credentials come from the project's Application Keys;
	// without WithCredentials, NewClient reads VOUCHERIFY_APP_ID and
	// VOUCHERIFY_SECRET_KEY.
	client, err := segments.NewClient(
		segments.WithCredentials("app_id", "secret_key"),
		segments.WithBaseURL(segments.BaseURLUnitedStates),
		segments.WithTimeout(10*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())
	fmt.Println(client) // the secret key is never printed
	// Output:
	// https://us1.api.voucherify.io
	// segments.Client{BaseURL: https://us1.api.voucherify.io, AppID: app_id, SecretKey: [redacted]}
}

func ExampleClient_Create() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	seg, err := client.Create(context.Background(), segments.CreateParams{
		Name:      "VIP customers",
		Type:      segments.TypeStatic,
		Customers: []string{"cust_iajsExT2QB4sGWzABY85WRqV", "cust_sehkNIi8Uq2qQuRqSr7xn4Zi"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(seg.ID, seg.Type, seg.CreatedAt.Format(time.RFC3339))
	// Output: seg_example static 2024-05-01T10:00:00Z
}

func ExampleClient_Create_autoUpdate() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	// More than 20,000 customers: select them with a filter on customer data.
	_, err = client.Create(context.Background(), segments.CreateParams{
		Name: "Gold and Silver club",
		Type: segments.TypeAutoUpdate,
		Filter: segments.Filter{
			"junction": "and",
			"metadata.club_level": map[string]any{
				"conditions": map[string]any{"$in": []string{"Gold", "Silver"}},
			},
		},
	})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleClient_Create_tooManyCustomers() {
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"))
	if err != nil {
		log.Fatal(err)
	}
	customers := make([]string, segments.MaxStaticCustomers+1)
	for i := range customers {
		customers[i] = fmt.Sprintf("cust_%d", i)
	}

	// Refused before anything is sent.
	_, err = client.Create(context.Background(), segments.CreateParams{Name: "Everyone", Type: segments.TypeStatic, Customers: customers})
	fmt.Println(errors.Is(err, segments.ErrTooManyCustomers))
	fmt.Println(err)
	// Output:
	// true
	// segments: invalid Customers: a static segment holds at most 20000 customers, got 20001; for a bigger group create an auto-update (or passive) segment with a Filter on customer data, such as metadata
}

func ExampleClient_Get() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	seg, err := client.Get(context.Background(), "seg_example")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(seg.Name, seg.Type, seg.UpdatedAt == nil, seg.Filter == nil)
	// Output: VIP customers static true true
}

func ExampleClient_ListCustomerSegments() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	refs, err := client.ListCustomerSegments(context.Background(), "cust_iajsExT2QB4sGWzABY85WRqV")
	if err != nil {
		log.Fatal(err)
	}
	for _, ref := range refs {
		fmt.Println(ref.ID, ref.Name)
	}
	// Output:
	// seg_vip2 VIP 2026
	// seg_vip1 VIP 2025
}

func ExampleClient_Delete() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	if err := client.Delete(context.Background(), "seg_example"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted")
	// Output: deleted
}

func ExampleClient_List() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	page, err := client.List(context.Background(), segments.ListParams{
		Limit: 10,
		Types: []segments.Type{segments.TypeStatic},
		Where: []segments.ListCondition{{Field: "name", Operator: "$starts_with", Value: "VIP"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, seg := range page.Segments {
		fmt.Println(seg.ID, seg.Name)
	}
	fmt.Println("total:", page.Total)
	if rl, ok := client.RateLimit(); ok {
		fmt.Println("requests left:", rl.Remaining, "of", rl.Limit)
	}
	// Output:
	// seg_vip2 VIP 2026
	// seg_vip1 VIP 2025
	// total: 2
	// requests left: 97 of 100
}

func ExampleClient_All() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	// Every segment, page after page; break to stop early.
	for seg, err := range client.All(context.Background(), segments.ListParams{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(seg.ID, seg.CreatedAt.Year())
	}
	// Output:
	// seg_vip2 2026
	// seg_vip1 2025
}

// A create that fails without saying whether the segment was stored lists the
// segments of its name and type made since it began; it never picks one.
func ExampleCreateUncertainError() {
	err := error(&segments.CreateUncertainError{Name: "VIP", Type: segments.TypeStatic, Cause: errors.New("connection reset")})
	var uncertain *segments.CreateUncertainError
	if errors.As(err, &uncertain) {
		fmt.Println(errors.Is(err, segments.ErrCreateUncertain), len(uncertain.Candidates))
		fmt.Println(err)
	}
	// Output:
	// true 0
	// segments: create-segment: outcome unknown: connection reset; no static segment named "VIP" was found since the call started; list the segments by name before creating it again
}

func ExampleAPIError() {
	api := exampleAPI()
	defer api.Close()
	client, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Get(context.Background(), "seg_missing")
	switch {
	case errors.Is(err, segments.ErrNotFound):
		var apiErr *segments.APIError
		errors.As(err, &apiErr)
		fmt.Println("not found:", apiErr.ResourceID, "request", apiErr.RequestID)
	case errors.Is(err, segments.ErrRateLimited):
		fmt.Println("slow down")
	case errors.Is(err, segments.ErrUnauthorized):
		fmt.Println("check the keys and the cluster")
	case err != nil:
		fmt.Println("other error:", err)
	}
	fmt.Println(err)
	// Output:
	// not found: seg_missing request v-0b4d7a37a105797650
	// segments: get-segment: 404 Not Found: not_found: Resource not found: Cannot find segment with id seg_missing (request_id v-0b4d7a37a105797650)
}
