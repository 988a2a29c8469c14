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

// fakeServer answers like a checking server, unless lax: then it takes any body.
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
// requests and checks what it is sent.
func TestPreflight(t *testing.T) {
	creds := newCredentials()
	body, body20001 := staticBody(20000), staticBody(20001)
	ctx := context.Background()

	good := fakeServer(t, creds, false)
	if err := preflight(ctx, "good", scenarios(good.URL, "seg_1", creds, body), body20001); err != nil {
		t.Errorf("a checking server: %v", err)
	}
	lax := fakeServer(t, creds, true)
	err := preflight(ctx, "lax", scenarios(lax.URL, "seg_1", creds, body), body20001)
	if err == nil || !strings.Contains(err.Error(), "20,001") {
		t.Errorf("a server that takes 20,001 customers: %v", err)
	}
	other := credentials{appID: "x", secretKey: "y"}
	err = preflight(ctx, "wrong keys", scenarios(good.URL, "seg_1", other, body), body20001)
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Errorf("wrong credentials: %v", err)
	}
	if id, err := createSegment(ctx, good.URL, creds); err != nil || id != "seg_1" {
		t.Errorf("createSegment = %q, %v", id, err)
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/v1", "http://[::1]:1/"} {
		if err := checkLoopback(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1/", "https://127.0.0.1/", "http://example.com/", "://"} {
		if err := checkLoopback(u); err == nil {
			t.Errorf("%s: accepted", u)
		}
	}
}

// TestAttack runs vegeta against a loopback server and counts a non-200 as an error.
func TestAttack(t *testing.T) {
	creds := newCredentials()
	srv := fakeServer(t, creds, false)
	sc := scenarios(srv.URL, "seg_1", creds, staticBody(2))
	r, err := attack(context.Background(), sc[0].target, 2, 100_000_000, nil)
	if err != nil || r.requests == 0 || r.errors != 0 || r.perSecond <= 0 {
		t.Errorf("attack = %+v, %v", r, err)
	}
	bad := sc[0].target
	bad.Header = nil
	r, err = attack(context.Background(), bad, 2, 50_000_000, nil)
	if err != nil || r.errors == 0 || r.errors != r.requests || !strings.Contains(r.firstError, "401") {
		t.Errorf("attack without credentials = %+v, %v", r, err)
	}
}
