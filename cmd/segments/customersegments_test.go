package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// TestCustomerSegmentsCommand prints a customer's segments as the API answered them, with
// the keys or, with --oauth, a token: then no request but the token's carries the secret
// key, and a scope that does not cover the operation is the API's 401.
func TestCustomerSegmentsCommand(t *testing.T) {
	srv := segmentstest.NewServer(t)
	seg, err := srv.Client.Create(context.Background(), segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"customer-segments", "cust_1"},
		{"customer-segments", "--oauth", "customers", "cust_1"},
		{"customer-segments", "--oauth", "segments,customers", "cust_1"},
	} {
		r := runAPI(t, sandboxEnv(srv), "", args...)
		var out struct {
			Data []struct {
				ID, Name string
			} `json:"data"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); r.code != 0 || err != nil || out.Total != 1 || out.Data[0].ID != seg.ID {
			t.Errorf("%q: exit code %d, stdout:\n%s\nstderr: %s", args, r.code, r.stdout, r.stderr)
		}
	}
	srv.Reset()
	r := runAPI(t, sandboxEnv(srv), "", "get", "--oauth", "segments", "seg_missing")
	if r.code != 1 || !strings.Contains(r.stderr, "404") {
		t.Errorf("get with a token: exit code %d, stderr: %s", r.code, r.stderr)
	}
	for _, req := range srv.Requests() {
		if (req.Header.Get("X-App-Token") != "") != (req.Path == "/v1/oauth/token") {
			t.Errorf("%s %s: X-App-Token %q; only the token request may carry it", req.Method, req.Path, req.Header.Get("X-App-Token"))
		}
	}
	r = runAPI(t, sandboxEnv(srv), "", "customer-segments", "--oauth", "segments", "cust_1")
	if r.code != 1 || !strings.Contains(r.stderr, "401") || strings.Contains(r.stderr+r.stdout, srv.SecretKey) {
		t.Errorf("a token without the customers scope: exit code %d, stderr: %s", r.code, r.stderr)
	}
	sent := len(srv.Requests())
	for _, args := range [][]string{{"customer-segments"}, {"customer-segments", "a", "b"}, {"customer-segments", ".."}, {"customer-segments", "--oauth", " , ", "c"}} {
		if r := runAPI(t, sandboxEnv(srv), "", args...); r.code != 2 {
			t.Errorf("%q: exit code %d, want 2 (usage); stderr: %s", args, r.code, r.stderr)
		}
	}
	if n := len(srv.Requests()); n != sent {
		t.Errorf("usage errors sent %d requests", n-sent)
	}
}
