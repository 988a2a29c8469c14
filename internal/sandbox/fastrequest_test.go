package sandbox

import (
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// TestFastRequestAgreesWithKin checks, on requests with good, wrong, missing and
// repeated keys and on odd segment IDs, that the fast path accepts only requests that
// openapi3filter.ValidateRequest accepts, and that it does accept the usual good one.
func TestFastRequestAgreesWithKin(t *testing.T) {
	c, err := newContract(map[string]string{"X-App-Id": testAppID, "X-App-Token": testSecret})
	if err != nil {
		t.Fatal(err)
	}
	type variant struct {
		name string
		mod  func(*http.Request)
	}
	variants := []variant{
		{"good", func(*http.Request) {}},
		{"no id", func(r *http.Request) { r.Header.Del("X-App-Id") }},
		{"no token", func(r *http.Request) { r.Header.Del("X-App-Token") }},
		{"wrong token", func(r *http.Request) { r.Header.Set("X-App-Token", testSecret+"x") }},
		{"empty token", func(r *http.Request) { r.Header.Set("X-App-Token", "") }},
		{"two tokens", func(r *http.Request) { r.Header.Add("X-App-Token", testSecret) }},
		{"swapped", func(r *http.Request) {
			r.Header.Set("X-App-Id", testSecret)
			r.Header.Set("X-App-Token", testAppID)
		}},
	}
	paths := []string{
		"/v1/segments/seg_Mv5w1b2FIEbiCCO5ioT8TfI2", "/v1/segments/%41", "/v1/segments/%252F", "/v1/segments/%2F",
		"/v1/segments/%C3%A9", "/v1/segments/%F0%9F%98%80", "/v1/segments/+", "/v1/segments/a;b=c",
	}
	fastGood := 0
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		for _, path := range paths {
			for _, v := range variants {
				r := request(method, path, nil)
				v.mod(r)
				route, params, apiErr := c.routes.route(r)
				if apiErr != nil {
					continue // not routed: never validated
				}
				fast := c.acceptsFast(r, route, params)
				kinErr := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
					Request: r, PathParams: params.asMap(), Route: route, Options: c.requestOptions,
				})
				if fast && kinErr != nil {
					t.Errorf("%s %s (%s): the fast path accepts what openapi3filter refuses: %v", method, path, v.name, kinErr)
				}
				if fast && v.name == "good" {
					fastGood++
				}
			}
		}
	}
	if fastGood == 0 {
		t.Error("the fast path accepted no good request: it is not used")
	}
	// The create operation has no parameters, only the keys: it has a fast path too.
	r := request(http.MethodPost, "/v1/segments", []byte(`{}`))
	route, params, apiErr := c.routes.route(r)
	if apiErr != nil || !c.acceptsFast(r, route, params) {
		t.Errorf("create: no fast path (%v)", apiErr)
	}
}
