package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestStaticBody(t *testing.T) {
	var v struct {
		Name, Type string
		Customers  []string
	}
	if err := json.Unmarshal(staticBody(20000), &v); err != nil || len(v.Customers) != 20000 || v.Type != "static" || v.Customers[19999] != "cust_000000000000000000019999" {
		t.Errorf("staticBody(20000): %v, %d customers", err, len(v.Customers))
	}
}

// fakeServer answers like a validating server, unless lax: then it takes any body.
func fakeServer(t *testing.T, creds credentials, lax bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-App-Id") != creds.appID || r.Header.Get("X-App-Token") != creds.secretKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.Method == http.MethodPost {
			var v struct{ Customers []string }
			b, _ := io.ReadAll(r.Body)
			if err := json.Unmarshal(b, &v); err != nil || len(v.Customers) > 20000 && !lax {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
		}
		_, _ = io.WriteString(w, `{"id":"seg_1"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestPreflight checks that a server is measured only when it answers the measured
// requests and validates what it is sent.
func TestPreflight(t *testing.T) {
	creds := newCredentials()
	body, body20001 := staticBody(20000), staticBody(20001)
	client := &http.Client{}

	good := fakeServer(t, creds, false)
	if err := preflight(context.Background(), client, "good", scenarios(good.URL, "seg_1", creds, body), body20001); err != nil {
		t.Errorf("a validating server: %v", err)
	}
	lax := fakeServer(t, creds, true)
	err := preflight(context.Background(), client, "lax", scenarios(lax.URL, "seg_1", creds, body), body20001)
	if err == nil || !strings.Contains(err.Error(), "20,001") {
		t.Errorf("a server that takes 20,001 customers: %v", err)
	}
	other := credentials{appID: "x", secretKey: "y"}
	err = preflight(context.Background(), client, "wrong keys", scenarios(good.URL, "seg_1", other, body), body20001)
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Errorf("wrong credentials: %v", err)
	}
	if id, err := createSegment(context.Background(), client, good.URL, creds); err != nil || id != "seg_1" {
		t.Errorf("createSegment = %q, %v", id, err)
	}
}
