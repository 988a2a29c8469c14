package segments_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/voucherify-go/segments"
)

// exampleOAuthAPI stands in for api.voucherify.io with OAuth, so that the
// examples run offline: it issues a token to the keys app_id/secret_key and
// serves seg_example to that token only. Each answer tells what the request
// carried.
func exampleOAuthAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-App-Id") != "app_id" || r.Header.Get("X-App-Token") != "secret_key" || r.FormValue("grant_type") != "client_credentials" {
			http.Error(w, `{"code":401,"key":"unauthorized","message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		fmt.Println("token request, scope:", r.FormValue("scope"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"access_token":"token_1","client_id":"a1Bc","expires_at":1738945086,"expires_in":900,"scope":%q,"token_type":"Bearer"}`, r.FormValue("scope"))
	})
	mux.HandleFunc("GET /v1/segments/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Printf("%s %s: Authorization %q, secret key sent: %v, API version %q\n", r.Method, r.URL.Path,
			r.Header.Get("Authorization"), r.Header.Get("X-App-Token") != "", r.Header.Get("X-Voucherify-API-Version"))
		if auth := r.Header.Get("Authorization"); auth != "Bearer token_1" && r.Header.Get("X-App-Token") != "secret_key" {
			http.Error(w, `{"code":401,"key":"unauthorized","message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"id":"seg_example","name":"VIP customers","created_at":"2024-05-01T10:00:00.000Z","type":"static","filter":null,"object":"segment"}`)
	})
	return httptest.NewServer(mux)
}

func ExampleWithOAuth() {
	api := exampleOAuthAPI() // in production: no WithBaseURL, or your cluster's URL
	defer api.Close()
	client, err := segments.NewClient(
		segments.WithCredentials("app_id", "secret_key"),
		segments.WithBaseURL(api.URL),
		segments.WithOAuth("segments"),
	)
	if err != nil {
		log.Fatal(err)
	}
	// The first call gets a token; the others reuse it until a minute before
	// it expires.
	for range 2 {
		seg, err := client.Get(context.Background(), "seg_example")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(seg.ID)
	}

	// A scope that cannot be sent is refused at once.
	_, err = segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithOAuth("segments,customers"))
	fmt.Println(err)
	// Output:
	// token request, scope: segments
	// GET /v1/segments/seg_example: Authorization "Bearer token_1", secret key sent: false, API version ""
	// seg_example
	// GET /v1/segments/seg_example: Authorization "Bearer token_1", secret key sent: false, API version ""
	// seg_example
	// segments: invalid option: WithOAuth: invalid OAuth scope "segments,customers": holds a comma; give each scope as an argument of its own
}

func ExampleWithHeader() {
	api := exampleOAuthAPI()
	defer api.Close()
	client, err := segments.NewClient(
		segments.WithCredentials("app_id", "secret_key"),
		segments.WithBaseURL(api.URL),
		// Pin the API version for every request.
		segments.WithHeader("X-Voucherify-API-Version", "v2018-08-01"),
	)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Get(context.Background(), "seg_example"); err != nil {
		log.Fatal(err)
	}

	// Names the client sets, and values that would start a header of their
	// own, are refused.
	for _, h := range [][2]string{{"Authorization", "Bearer x"}, {"X-Team", "growth\r\nX-App-Token: x"}} {
		_, err := segments.NewClient(segments.WithCredentials("app_id", "secret_key"), segments.WithHeader(h[0], h[1]))
		fmt.Println(strings.TrimPrefix(err.Error(), "segments: invalid option: WithHeader: "))
	}
	// Output:
	// GET /v1/segments/seg_example: Authorization "", secret key sent: true, API version "v2018-08-01"
	// invalid header: Authorization is set by the client itself and cannot be replaced
	// invalid header: the value of X-Team holds a control character such as CR or LF (the value is not shown)
}
