package sandbox

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestErrorAnswers covers every error status the sandbox gives for bad input, and the
// order of the checks. Each answer is also checked against the contract.
func TestErrorAnswers(t *testing.T) {
	static := []byte(`{"name":"n","type":"static","customers":["cust_1"]}`)
	big := append(append([]byte(`{"name":"n","type":"static","customers":["`), bytes.Repeat([]byte("x"), 2000)...), `"]}`...)

	tests := []struct {
		name        string
		method      string
		path        string
		body        []byte
		header      map[string]string // "" deletes the header
		chunked     bool              // unknown Content-Length
		wantStatus  int
		wantKey     string
		wantDetails string // substring
		wantAllow   string
	}{
		// 400: the body does not match the schema.
		{name: "missing name", method: "POST", path: "/v1/segments", body: []byte(`{"type":"static","customers":[]}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload should have required property 'name'"},
		{name: "empty name", method: "POST", path: "/v1/segments", body: []byte(`{"name":"","type":"static"}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "/name"},
		{name: "missing type", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n"}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload should have required property 'type'"},
		{name: "unknown type", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"dynamic"}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload at /type: must be one of auto-update, passive, static"},
		{name: "type not a string", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":1}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload at /type: must be one of"},
		{name: "static with a filter", method: "POST", path: "/v1/segments",
			body:       []byte(`{"name":"n","type":"static","customers":[],"filter":{"junction":"and"}}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: `"filter"`},
		{name: "auto-update without filter", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"auto-update"}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload should have required property 'filter'"},
		{name: "auto-update with customers", method: "POST", path: "/v1/segments",
			body:       []byte(`{"name":"n","type":"auto-update","filter":{"junction":"and"},"customers":["c"]}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: `"customers"`},
		{name: "uppercase junction", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"passive","filter":{"junction":"AND"}}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "/filter/junction"},
		{name: "filter without junction", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"passive","filter":{}}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload at /filter should have required property 'junction'"},
		{name: "condition without operator", method: "POST", path: "/v1/segments",
			body:       []byte(`{"name":"n","type":"passive","filter":{"junction":"and","metadata.x":{"conditions":{}}}}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "/filter/metadata.x/conditions"},
		{name: "customer not a string", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"static","customers":[1]}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "/customers/0"},
		{name: "customers not an array", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"static","customers":"c"}`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "/customers"},
		{name: "body is an array", method: "POST", path: "/v1/segments", body: []byte(`[]`),
			wantStatus: 400, wantKey: "invalid_payload"},
		{name: "body is null", method: "POST", path: "/v1/segments", body: []byte(`null`),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload: must not be null"},
		{name: "not JSON", method: "POST", path: "/v1/segments", body: []byte(`{"name":`),
			wantStatus: 400, wantDetails: "Invalid request payload JSON format"},
		{name: "trailing data", method: "POST", path: "/v1/segments", body: []byte(`{"name":"n","type":"static"} {}`),
			wantStatus: 400, wantDetails: "Invalid request payload JSON format"},
		{name: "empty body", method: "POST", path: "/v1/segments", body: []byte{},
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "Payload is required"},
		{name: "empty body without content type", method: "POST", path: "/v1/segments", body: []byte{},
			header: map[string]string{"Content-Type": ""}, wantStatus: 400, wantKey: "invalid_payload"},
		{name: "over the cap", method: "POST", path: "/v1/segments", body: staticBody(20001),
			wantStatus: 400, wantKey: "invalid_payload", wantDetails: "at most 20000 customers"},

		// 401: missing or wrong credentials, checked before anything about the body.
		{name: "no credentials", method: "GET", path: "/v1/segments/seg_x",
			header: map[string]string{"X-App-Id": "", "X-App-Token": ""}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "no token", method: "GET", path: "/v1/segments/seg_x",
			header: map[string]string{"X-App-Token": ""}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "wrong app id", method: "POST", path: "/v1/segments", body: static,
			header: map[string]string{"X-App-Id": "c70a6f00-cf91-4756-9df5-47628850002c"}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "wrong token", method: "DELETE", path: "/v1/segments/seg_x",
			header: map[string]string{"X-App-Token": testSecret + "x"}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "keys swapped", method: "GET", path: "/v1/segments/seg_x",
			header: map[string]string{"X-App-Id": testSecret, "X-App-Token": testAppID}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "OAuth is not supported", method: "GET", path: "/v1/segments/seg_x",
			header: map[string]string{"X-App-Id": "", "X-App-Token": "", "Authorization": "Bearer abc"}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "401 before 415", method: "POST", path: "/v1/segments", body: static,
			header: map[string]string{"X-App-Token": "", "Content-Type": "text/plain"}, wantStatus: 401, wantKey: "unauthorized"},
		{name: "401 before 400", method: "POST", path: "/v1/segments", body: []byte(`{`),
			header: map[string]string{"X-App-Token": "wrong"}, wantStatus: 401, wantKey: "unauthorized"},

		// 404: unknown segment or path.
		{name: "unknown segment", method: "GET", path: "/v1/segments/seg_DNAOhUtJffvX0f57ajLMFBY",
			wantStatus: 404, wantKey: "not_found", wantDetails: "Cannot find segment with id seg_DNAOhUtJffvX0f57ajLMFBY"},
		{name: "delete unknown segment", method: "DELETE", path: "/v1/segments/seg_DNAOhUtJffvX0f57ajLMFBY",
			wantStatus: 404, wantKey: "not_found", wantDetails: "Cannot find segment with id seg_DNAOhUtJffvX0f57ajLMFBY"},
		{name: "percent-encoded id", method: "GET", path: "/v1/segments/seg%20x",
			wantStatus: 404, wantKey: "not_found", wantDetails: "Cannot find segment with id seg x"},
		{name: "unknown path", method: "GET", path: "/v1/customers", wantStatus: 404, wantKey: "not_found"},
		{name: "unknown version", method: "POST", path: "/v2/segments", body: static, wantStatus: 404, wantKey: "not_found"},
		{name: "nested path", method: "GET", path: "/v1/segments/seg_x/customers", wantStatus: 404, wantKey: "not_found"},
		{name: "encoded slash", method: "GET", path: "/v1/segments/a%2Fb", wantStatus: 404, wantKey: "not_found"},
		{name: "trailing slash on a segment", method: "GET", path: "/v1/segments/seg_x/", wantStatus: 404, wantKey: "not_found"},
		{name: "unknown path without credentials", method: "GET", path: "/nope",
			header: map[string]string{"X-App-Id": ""}, wantStatus: 404, wantKey: "not_found"},

		// 405: a method the path does not support.
		{name: "PUT on the collection", method: "PUT", path: "/v1/segments", body: static, wantStatus: 405,
			wantDetails: "PUT is not supported by this endpoint. Did you mean GET or POST?", wantAllow: "GET, POST"},
		{name: "DELETE on the collection", method: "DELETE", path: "/v1/segments", wantStatus: 405,
			wantDetails: "Did you mean GET or POST?", wantAllow: "GET, POST"},
		{name: "PATCH on a segment", method: "PATCH", path: "/v1/segments/seg_x", body: static, wantStatus: 405,
			wantDetails: "PATCH is not supported by this endpoint. Did you mean GET or DELETE?", wantAllow: "GET, DELETE"},
		{name: "POST on a segment", method: "POST", path: "/v1/segments/seg_x", body: static, wantStatus: 405, wantAllow: "GET, DELETE"},

		// 413: a body over Config.MaxBodyBytes (1024 in this test), in the framework shape.
		{name: "too large", method: "POST", path: "/v1/segments", body: big, wantStatus: 413,
			wantDetails: "Payload content length greater than maximum allowed: 1024"},
		{name: "too large, chunked", method: "POST", path: "/v1/segments", body: big, chunked: true,
			wantStatus: 413, wantDetails: "Payload content length greater than maximum allowed: 1024"},
		{name: "too large, no content type", method: "POST", path: "/v1/segments", body: big,
			header: map[string]string{"Content-Type": ""}, wantStatus: 413, wantDetails: "maximum allowed"},

		// 415: a body that is not JSON.
		{name: "text/plain", method: "POST", path: "/v1/segments", body: static,
			header: map[string]string{"Content-Type": "text/plain"}, wantStatus: 415, wantKey: "unsupported_media_type"},
		{name: "form", method: "POST", path: "/v1/segments", body: []byte("name=n&type=static"),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, wantStatus: 415, wantKey: "unsupported_media_type"},
		{name: "no content type", method: "POST", path: "/v1/segments", body: static,
			header: map[string]string{"Content-Type": ""}, wantStatus: 415, wantKey: "unsupported_media_type"},
		{name: "415 before 413", method: "POST", path: "/v1/segments", body: big,
			header: map[string]string{"Content-Type": "text/csv"}, wantStatus: 415, wantKey: "unsupported_media_type"},

		// Accepted variations.
		{name: "JSON with charset", method: "POST", path: "/v1/segments", body: static,
			header: map[string]string{"Content-Type": "Application/JSON; charset=utf-8"}, wantStatus: 200},
		{name: "content type ignored on get", method: "GET", path: "/v1/segments/seg_x",
			header: map[string]string{"Content-Type": "text/plain"}, wantStatus: 404, wantKey: "not_found"},
		{name: "JS SDK headers", method: "POST", path: "/v1/segments", body: static,
			header: map[string]string{"X-Voucherify-Channel": "Node.js-v20.1.0-SDK-v2.9.0", "X-Voucherify-API-Version": "v2018-08-01",
				"Accept": "application/json, text/plain, */*", "User-Agent": "axios/1.7.5"}, wantStatus: 200},
	}
	ts := newTestServer(t, Config{MaxBodyBytes: 1024})
	// The cap row needs a body over 1024 bytes: a second sandbox with the default limit.
	roomy := newTestServer(t, Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request(tt.method, tt.path, tt.body)
			for k, v := range tt.header {
				if v == "" {
					req.Header.Del(k)
				} else {
					req.Header.Set(k, v)
				}
			}
			if tt.chunked {
				req.ContentLength = -1
			}
			srv := ts
			if len(tt.body) > 100_000 {
				srv = roomy
			}
			rec := srv.do(req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantStatus < 400 {
				return
			}
			e := decodeError(t, rec.Body.Bytes())
			if e.Key != tt.wantKey {
				t.Errorf("key %q, want %q", e.Key, tt.wantKey)
			}
			if tt.wantKey == "" && tt.wantStatus != 405 {
				// The framework shape: the checker saw statusCode and error; the text is in message.
				e.Details = e.Message
			}
			if !strings.Contains(e.Details, tt.wantDetails) {
				t.Errorf("details %q, want it to contain %q", e.Details, tt.wantDetails)
			}
			if tt.wantStatus == 404 && e.Message != "Resource not found" {
				t.Errorf("message %q", e.Message)
			}
			if got := rec.Header().Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
			if strings.Contains(rec.Body.String(), "cust_00000") {
				t.Errorf("the error echoes the payload: %.200s", rec.Body)
			}
		})
	}
}

// TestErrorShapesMatchOfficialExamples checks that the sandbox's error objects have
// every field of the official examples.
func TestErrorShapesMatchOfficialExamples(t *testing.T) {
	ts := newTestServer(t, Config{})
	noCreds := request(http.MethodGet, "/v1/segments/seg_x", nil)
	noCreds.Header.Del("X-App-Token")
	tests := []struct {
		fixture string
		req     *http.Request
	}{
		{"get-segment.error-404-not-found.json", request(http.MethodGet, "/v1/segments/seg_Mv5w1b2FIEbiCCO5ioT8TfI", nil)},
		{"delete-segment.error-404-not-found.json", request(http.MethodDelete, "/v1/segments/seg_DNAOhUtJffvX0f57ajLMFBY", nil)},
		{"error-400-invalid-payload.from-create-category.json", request(http.MethodPost, "/v1/segments", []byte(`{"type":"static"}`))},
		{"error-401-unauthorized.from-get-export.json", noCreds},
		{"error-405-method-not-allowed.from-docs.json", request(http.MethodPut, "/v1/segments", []byte(`{}`))},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			want := decodeObject(t, fixture(t, tt.fixture))
			rec := ts.do(tt.req)
			got := decodeObject(t, rec.Body.Bytes())
			for k := range want {
				if _, ok := got[k]; !ok {
					t.Errorf("field %q missing: %s", k, rec.Body)
				}
			}
			for _, k := range []string{"code", "key", "message"} {
				if k == "details" || k == "request_id" {
					continue
				}
				if w, ok := want[k]; ok && k != "details" && got[k] != w {
					t.Errorf("%s = %v, want %v", k, got[k], w)
				}
			}
		})
	}
}
