package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// createBodies are create bodies, good and bad, for comparing the sandbox's validation
// with kin-openapi's own.
var createBodies = []string{
	`{"name":"n","type":"static","customers":["cust_1"]}`,
	`{"name":"n","type":"static"}`,
	`{"name":"n","type":"static","customers":[]}`,
	`{"name":"n","type":"passive","filter":{"junction":"or","x":{"conditions":{"$is":1e400}}}}`,
	`{"name":"n","type":"auto-update","filter":{"junction":"and","a.b":{"conditions":{"$in":["x"]}}}}`,
	`{"type":"static","customers":[]}`,
	`{"name":"","type":"static"}`,
	`{"name":"n"}`,
	`{"name":"n","type":"dynamic"}`,
	`{"name":"n","type":1}`,
	`{"name":"n","type":null}`,
	`{"name":"n","type":"static","customers":[],"filter":{"junction":"and"}}`,
	`{"name":"n","type":"auto-update"}`,
	`{"name":"n","type":"auto-update","filter":{"junction":"and"},"customers":["c"]}`,
	`{"name":"n","type":"passive","filter":{"junction":"AND"}}`,
	`{"name":"n","type":"passive","filter":{}}`,
	`{"name":"n","type":"passive","filter":{"junction":"and","metadata.x":{"conditions":{}}}}`,
	`{"name":"n","type":"passive","filter":{"junction":"and","metadata.x":"or"}}`,
	`{"name":"n","type":"passive","filter":{"junction":"and","metadata.x":3}}`,
	`{"name":"n","type":"static","customers":[1]}`,
	`{"name":"n","type":"static","customers":["a",""]}`,
	`{"name":"n","type":"static","customers":"c"}`,
	`{"name":"n","type":"static","extra":true}`,
	`{"name":7,"type":"static"}`,
	`[]`, `null`, `"x"`, `1`, `{}`,
	// The fast path of static bodies (fastschema.go): what it must leave to kin-openapi.
	`{"name":"n","type":"static","customers":[null]}`,
	`{"name":"n","type":"static","customers":null}`,
	`{"name":null,"type":"static"}`,
	`{"name":"n","type":"static","customers":["c",["d"]]}`,
	`{"name":"n","type":"static","customers":["c",{"id":"d"}]}`,
	`{"name":"n","type":"static","customers":["c"],"type":"static"}`,
	`{"name":"n","type":"static","name":""}`,
	`{"name":"\ud83d\ude00","type":"static","customers":["\u00e9","\ud800"]}`,
	`{"name":"n","type":"static","customers":[""]}`,
	`{"name":"n","type":"static","customers":[true]}`,
}

// kinCheckBody validates body the way the sandbox did before bodySchema, through
// openapi3filter.ValidateRequestBody, and returns the value or the 400's details.
func kinCheckBody(t testing.TB, route *routers.Route, body []byte) (any, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/segments", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	err := openapi3filter.ValidateRequestBody(req.Context(), &openapi3filter.RequestValidationInput{
		Request: req,
		Route:   route,
		Options: &openapi3filter.Options{
			SkipSettingDefaults:     true,
			KeepValidatedValue:      true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
		},
	}, route.Operation.RequestBody.Value)
	if err != nil {
		return nil, describe(err)
	}
	return req.Body.(interface{ ValidatedValue() any }).ValidatedValue(), ""
}

// compareWithKin fails unless the sandbox's checkBody and kin-openapi's request body
// validation agree on body: the same value, or the same 400 details.
func compareWithKin(t testing.TB, c *contract, route *routers.Route, body []byte) {
	t.Helper()
	req := request(http.MethodPost, "/v1/segments", body)
	got, apiErr := c.checkBody(req, route, body)
	want, wantDetails := kinCheckBody(t, route, body)
	gotDetails := ""
	if apiErr != nil {
		gotDetails = apiErr.Details
	}
	if gotDetails != wantDetails || !reflect.DeepEqual(got, want) {
		t.Errorf("%.300s:\nsandbox %v %q\nkin     %v %q", body, got != nil, gotDetails, want != nil, wantDetails)
	}
}

func createRoute(t testing.TB, c *contract) *routers.Route {
	t.Helper()
	route, _, apiErr := c.routes.route(request(http.MethodPost, "/v1/segments", []byte(`{}`)))
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	return route
}

// TestCheckBodyAgreesWithKin checks that validating the discriminated branch alone
// accepts and refuses exactly what kin-openapi's validation of the whole oneOf does,
// with the same details, on bad bodies of every kind, the official examples and the
// 20,000 cap.
func TestCheckBodyAgreesWithKin(t *testing.T) {
	c, err := newContract(map[string]string{"X-App-Id": testAppID, "X-App-Token": testSecret})
	if err != nil {
		t.Fatal(err)
	}
	route := createRoute(t, c)
	lastEmpty := bytes.Replace(staticBody(20000), []byte(`"cust_000000000000000000019999"`), []byte(`""`), 1)
	bodies := [][]byte{staticBody(20000), staticBody(20001), lastEmpty}
	for _, b := range createBodies {
		bodies = append(bodies, []byte(b))
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "official", "*.request.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no official request examples: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	for _, b := range bodies {
		compareWithKin(t, c, route, b)
	}
}

// TestDispatchCoversEveryMapping checks that every value of the create body's
// discriminator has its branch, so that none falls back to the slow path.
func TestDispatchCoversEveryMapping(t *testing.T) {
	c, err := newContract(map[string]string{"X-App-Id": testAppID, "X-App-Token": testSecret})
	if err != nil {
		t.Fatal(err)
	}
	route := createRoute(t, c)
	mt := route.Operation.RequestBody.Value.Content.Get("application/json")
	bs := c.bodies[mt]
	if bs == nil {
		t.Fatal("no bodySchema for the create body")
	}
	d := mt.Schema.Value.Discriminator
	if bs.property != d.PropertyName || len(bs.branches) != len(d.Mapping) {
		t.Fatalf("dispatch on %q with %d branches, want %q with %d", bs.property, len(bs.branches), d.PropertyName, len(d.Mapping))
	}
	for value := range d.Mapping {
		if bs.branch(map[string]any{d.PropertyName: value}) == nil {
			t.Errorf("no branch for %s %q", d.PropertyName, value)
		}
	}
}

// FuzzCheckBody looks for a JSON body on which the sandbox and kin-openapi's own
// request body validation disagree.
func FuzzCheckBody(f *testing.F) {
	for _, b := range createBodies {
		f.Add([]byte(b))
	}
	c, err := newContract(map[string]string{"X-App-Id": testAppID, "X-App-Token": testSecret})
	if err != nil {
		f.Fatal(err)
	}
	route := createRoute(f, c)
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			return // kin-openapi takes `{} garbage`; the sandbox refuses it, as the API does
		}
		compareWithKin(t, c, route, body)
	})
}
