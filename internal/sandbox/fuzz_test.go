package sandbox

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzServeHTTP sends arbitrary requests to the sandbox. Whatever arrives, it
// answers without panicking, never with a 500, always with an answer the
// contract allows, and it stores a segment exactly when it answers a create
// with 200.
func FuzzServeHTTP(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "official", "*.request.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no official request examples: %v", err)
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add("POST", "/v1/segments", "application/json", body, true)
		f.Add("POST", "/v1/segments", "text/plain", body, true)
		f.Add("POST", "/v1/segments", "application/json", body, false)
		f.Add("POST", "/v1/segments", "application/json", body[:len(body)/2], true)
	}
	f.Add("POST", "/v1/segments", "application/json", []byte(`{"name":"n","type":"static","customers":["c"]} trailing`), true)
	f.Add("POST", "/v1/segments", "application/json; charset=utf-8", []byte(`{"name":"n","type":"passive","filter":{"junction":"or","x":{"conditions":{"$is":1}}}}`), true)
	f.Add("GET", "/v1/segments/seg_Mv5w1b2FIEbiCCO5ioT8TfI2", "", []byte(nil), true)
	f.Add("DELETE", "/v1/segments/..%2F..%2Fx", "", []byte(nil), true)
	f.Add("PUT", "/v1/segments/seg_1", "application/json", []byte(`{}`), true)
	f.Add("GET", "/v1/segments", "", []byte(nil), true)
	f.Add("GET", "/v1/segments?filters[id]&filters[id][]", "", []byte(nil), true)
	f.Add("GET", "/v1/segments?filters[id][conditions]=a&filters[id][conditions][$is]=b", "", []byte(nil), true)
	f.Add("GET", "/v1/segments?limit=3&order=created_at&filters[junction]=or&filters[name][conditions][$in][0]=a&filters[created_at][conditions][$before]=2030-01-01T00:00:00Z", "", []byte(nil), true)
	f.Add("GET", "/v1/segments?filters[id][conditions][$not_in]=a&filters[id][conditions][$not_in]=b&ids=x", "", []byte(nil), true)
	f.Add("GET", "/v1/segments?filters[created_at][conditions][$more_than]=99999999999999999999", "", []byte(nil), true)
	f.Add("GET", "/v2/other", "", []byte(nil), false)

	srv, err := New(Config{AppID: testAppID, SecretKey: testSecret, MaxBodyBytes: 64 << 10})
	if err != nil {
		f.Fatal(err)
	}
	checker := newResponseChecker(f)
	f.Fuzz(func(t *testing.T, method, path, contentType string, body []byte, auth bool) {
		if !strings.HasPrefix(path, "/") {
			return
		}
		req, err := http.NewRequest(method, "http://sandbox.test"+path, bytes.NewReader(body))
		if err != nil {
			return // not a request net/http would deliver
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if auth {
			req.Header.Set("X-App-Id", testAppID)
			req.Header.Set("X-App-Token", testSecret)
		}
		before := srv.Len()
		rec := httptest.NewRecorder()
		checker.validating(t, srv).ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s answered %d: %s", method, path, rec.Code, rec.Body)
		}
		created := srv.Len() - before
		if want := rec.Code == http.StatusOK && method == http.MethodPost; created != 0 && !want || want && created != 1 {
			t.Fatalf("%s %s answered %d but stored %d segments", method, path, rec.Code, created)
		}
		if rec.Code == http.StatusNoContent {
			srv.Reset() // keep the store small; deletes are exercised all the same
		}
	})
}
