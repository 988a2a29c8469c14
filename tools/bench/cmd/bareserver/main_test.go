package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func body(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprint("cust_", i))
	}
	return `{"name":"n","type":"static","customers":[` + strings.Join(ids, ",") + `]}`
}

// TestServer checks that the floor refuses what the sandbox refuses (wrong credentials,
// 20,001 customers) and answers a create and a get.
func TestServer(t *testing.T) {
	s := &server{appID: "a", secretKey: "k", byID: map[string]*segment{}}
	do := func(method, path, b string, creds bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(b))
		if creds {
			r.Header.Set("X-App-Id", "a")
			r.Header.Set("X-App-Token", "k")
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	if w := do(http.MethodPost, "/v1/segments", body(2), false); w.Code != http.StatusUnauthorized {
		t.Errorf("without credentials: %d", w.Code)
	}
	if w := do(http.MethodPost, "/v1/segments", body(20001), true); w.Code != http.StatusBadRequest {
		t.Errorf("20,001 customers: %d", w.Code)
	}
	w := do(http.MethodPost, "/v1/segments", body(20000), true)
	var seg struct{ ID, Object string }
	if err := json.Unmarshal(w.Body.Bytes(), &seg); w.Code != http.StatusOK || err != nil || seg.Object != "segment" {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	if w := do(http.MethodGet, "/v1/segments/"+seg.ID, "", true); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), seg.ID) {
		t.Errorf("get: %d %s", w.Code, w.Body)
	}
	if w := do(http.MethodGet, "/v1/segments/seg_none", "", true); w.Code != http.StatusNotFound {
		t.Errorf("get of nothing: %d", w.Code)
	}
}
