package sandbox

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// routeTestDoc is a contract with literal and parameter segments side by side, so that
// the more specific template must win.
const routeTestDoc = `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
  "/v1/segments": {"get": {"responses": {"200": {"description": "ok"}}}, "post": {"responses": {"200": {"description": "ok"}}}},
  "/v1/segments/{segmentId}": {"get": {"responses": {"200": {"description": "ok"}}}, "delete": {"responses": {"200": {"description": "ok"}}}},
  "/v1/segments/export": {"post": {"responses": {"200": {"description": "ok"}}}},
  "/v1/{a}/{b}/items": {"put": {"responses": {"200": {"description": "ok"}}}}
}}`

func TestRouteTable(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(routeTestDoc))
	if err != nil {
		t.Fatal(err)
	}
	table := newRouteTable(doc)
	tests := []struct {
		method, path string
		wantStatus   int // 0 when a route is found
		wantRoute    string
		wantParams   map[string]string
		wantAllow    string
	}{
		{method: "GET", path: "/v1/segments", wantRoute: "/v1/segments"},
		{method: "POST", path: "/v1/segments", wantRoute: "/v1/segments"},
		{method: "GET", path: "/v1/segments/seg_1", wantRoute: "/v1/segments/{segmentId}", wantParams: map[string]string{"segmentId": "seg_1"}},
		{method: "DELETE", path: "/v1/segments/seg_1", wantRoute: "/v1/segments/{segmentId}", wantParams: map[string]string{"segmentId": "seg_1"}},
		{method: "POST", path: "/v1/segments/export", wantRoute: "/v1/segments/export"},
		{method: "GET", path: "/v1/segments/export", wantStatus: 405, wantAllow: "POST"},
		{method: "PUT", path: "/v1/x/y/items", wantRoute: "/v1/{a}/{b}/items", wantParams: map[string]string{"a": "x", "b": "y"}},
		{method: "PUT", path: "/v1/segments", wantStatus: 405, wantAllow: "GET, POST"},
		{method: "POST", path: "/v1/segments/seg_1", wantStatus: 405, wantAllow: "GET, DELETE"},
		{method: "GET", path: "/v1/segments/", wantStatus: 404},
		{method: "GET", path: "/v1/segments/a/b", wantStatus: 404},
		{method: "GET", path: "/v1/segments//", wantStatus: 404},
		{method: "GET", path: "/v1//x/items", wantStatus: 404},
		{method: "GET", path: "/v2/segments", wantStatus: 404},
		{method: "GET", path: "v1/segments", wantStatus: 404},
		{method: "GET", path: "", wantStatus: 404},
		{method: "GET", path: "/", wantStatus: 404},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, "/", nil)
		r.URL.Path = tt.path
		route, params, apiErr := table.route(r)
		switch {
		case tt.wantStatus != 0:
			if apiErr == nil || apiErr.Code != tt.wantStatus {
				t.Errorf("%s %q: error %v, want status %d", tt.method, tt.path, apiErr, tt.wantStatus)
			}
			if got := table.allowHeaderOf(tt.path); got != tt.wantAllow {
				t.Errorf("%s %q: Allow %q, want %q", tt.method, tt.path, got, tt.wantAllow)
			}
		case apiErr != nil:
			t.Errorf("%s %q: %v", tt.method, tt.path, apiErr)
		default:
			if route.Path != tt.wantRoute || route.Method != tt.method || route.Operation != doc.Paths.Value(tt.wantRoute).GetOperation(tt.method) {
				t.Errorf("%s %q: route %s %s, want %s", tt.method, tt.path, route.Method, route.Path, tt.wantRoute)
			}
			if got := params.asMap(); !maps.Equal(got, tt.wantParams) {
				t.Errorf("%s %q: params %v, want %v", tt.method, tt.path, params, tt.wantParams)
			}
		}
	}
}

// TestRouteTableAgreesWithKinRouter holds the route table to kin-openapi's legacy router
// on the embedded contract: wherever that router finds a route, the table finds the
// same operation with the same parameters, except where the router is lax (laxKinMatch).
func TestRouteTableAgreesWithKinRouter(t *testing.T) {
	sh, err := sharedContract()
	if err != nil {
		t.Fatal(err)
	}
	kin, err := legacy.NewRouter(sh.doc, openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/v1/segments", "/v1/segments/seg_1", "/v1/segments/seg%2F1", "/v1/segments/a%20b",
		"/v1/segments/", "/v1/segments/a/b", "/v1/segment", "/v1", "/", "/v1/segments/seg_1/", "/v1/segments/ü"}
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions}
	found := 0
	for _, path := range paths {
		for _, method := range methods {
			r := httptest.NewRequestWithContext(context.Background(), method, path, nil)
			kinRoute, kinParams, kinErr := kin.FindRoute(r)
			route, params, apiErr := sh.routes.route(r)
			if kinErr != nil || laxKinMatch(path, kinParams) {
				continue
			}
			found++
			if apiErr != nil {
				t.Errorf("%s %s: kin-openapi finds %s, the table answers %d", method, path, kinRoute.Path, apiErr.Code)
				continue
			}
			if route.Operation != kinRoute.Operation || route.Path != kinRoute.Path || route.Method != kinRoute.Method {
				t.Errorf("%s %s: the table finds %s %s, kin-openapi %s %s", method, path, route.Method, route.Path, kinRoute.Method, kinRoute.Path)
			}
			if got := params.asMap(); !maps.Equal(got, kinParams) {
				t.Errorf("%s %s: the table's parameters %v, kin-openapi's %v", method, path, params, kinParams)
			}
		}
	}
	if found < 5 {
		t.Fatalf("kin-openapi found only %d routes: the comparison compares nothing", found)
	}
}

// laxKinMatch reports the routes that kin-openapi's legacy router finds and the sandbox
// answers 404 (TestErrorAnswers): a path with a trailing slash, and a parameter matching
// nothing (DELETE /v1/segments finds the route of /v1/segments/{segmentId}).
func laxKinMatch(path string, kinParams map[string]string) bool {
	return (path != "/" && strings.HasSuffix(path, "/")) || slices.Contains(slices.Collect(maps.Values(kinParams)), "")
}
