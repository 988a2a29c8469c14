package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/voucherify-go/segments"
)

// officialSpecFile is Voucherify's own published description of the
// endpoints, kept unchanged in the repository as a test fixture (its source:
// testdata/official/README.md).
const officialSpecFile = "../../testdata/official/segments.openapi.yaml"

// officialServer serves the official spec: it refuses with a 400 any request
// the spec does not allow, counting the refusals, and answers the others from
// the spec's own examples, checking its answers against the spec too.
type officialServer struct {
	*httptest.Server
	router  routers.Router
	mu      sync.Mutex
	store   map[string][]byte
	refused []string
	t       *testing.T
}

func newOfficialServer(t *testing.T) *officialServer {
	router, err := legacy.NewRouter(loadSpec(t, officialSpecFile))
	if err != nil {
		t.Fatal(err)
	}
	s := &officialServer{router: router, store: map[string][]byte{}, t: t}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *officialServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := s.router.FindRoute(r)
	if err == nil {
		err = openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
				// The official spec AND-s the key pair with OAuth, where the API
				// takes either: accept the key pair, the SDK's way in.
				if r.Header.Get("X-App-Id") == "app" && r.Header.Get("X-App-Token") == "key" {
					return nil
				}
				return fmt.Errorf("%s: bad credentials", in.SecuritySchemeName)
			}},
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.refused = append(s.refused, fmt.Sprintf("%s %s: %v", r.Method, r.URL.Path, err))
		w.WriteHeader(http.StatusBadRequest)
		return
	}

	op := route.Operation.OperationID
	id := params["segmentId"]
	status, out := http.StatusOK, []byte(nil)
	switch stored, ok := s.store[id]; {
	case op == "create-segment":
		example := "Static"
		if bytes.Contains(body, []byte(`"auto-update"`)) {
			example = "Dynamic"
		}
		seg := map[string]any{}
		for k, v := range route.Operation.Responses.Status(200).Value.Content.Get("application/json").Examples[example].Value.Value.(map[string]any) {
			seg[k] = v
		}
		id = "seg_" + rand.Text()[:24]
		seg["id"] = id
		out, _ = json.Marshal(seg)
		s.store[id] = out
	case !ok:
		status = http.StatusNotFound
		out = fmt.Appendf(nil, `{"code":404,"key":"not_found","message":"Resource not found","details":"Cannot find segment with id %s","resource_id":%q,"resource_type":"segment"}`, id, id)
	case op == "get-segment":
		out = stored
	default:
		delete(s.store, id)
		status = http.StatusNoContent
	}
	if len(out) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	check := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 status, Header: w.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	check.SetBodyBytes(out)
	if err := openapi3filter.ValidateResponse(r.Context(), check); err != nil {
		s.t.Errorf("the official spec refuses the server's own answer %d to %s: %v", status, op, err)
	}
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

func (s *officialServer) refusals() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.refused...)
}

func TestRoundTripAgainstTheOfficialSpec(t *testing.T) {
	srv := newOfficialServer(t)
	t.Setenv(segments.EnvAppID, "app")
	t.Setenv(segments.EnvSecretKey, "key")
	t.Setenv(segments.EnvAPIURL, srv.URL)
	client, err := segments.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	if r := srv.refusals(); len(r) != 0 {
		t.Fatalf("the official spec refused the SDK's requests: %v", r)
	}
}

func TestTheOfficialServerRejectsNonConformingRequests(t *testing.T) {
	srv := newOfficialServer(t)
	// Not the SDK: requests the official spec forbids. The server must refuse
	// them, or the round trip above would prove nothing.
	bad := []struct{ method, path, body, token string }{
		{http.MethodPost, "/v1/segments", `{"name":5,"type":"static"}`, "key"},
		{http.MethodPost, "/v1/segments", `{"name":"n","type":"static","customers":"cust_1"}`, "key"},
		{http.MethodGet, "/v1/segments/seg_1", "", "wrong"},
		{http.MethodPut, "/v1/segments/seg_1", "{}", "key"},
	}
	for _, b := range bad {
		if status := statusOf(t, b.method, srv.URL+b.path, b.body, b.token); status != http.StatusBadRequest {
			t.Errorf("%s %s %s: status %d, want 400", b.method, b.path, b.body, status)
		}
	}
	if n := len(srv.refusals()); n != len(bad) {
		t.Errorf("%d refusals, want %d", n, len(bad))
	}
}
