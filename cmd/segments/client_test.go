package main

import (
	"strings"
	"testing"
)

// TestAPIURLEchoedWithoutItsSecrets gives VOUCHERIFY_API_URL values the SDK
// refuses, with a secret in their user information, query or fragment: every
// command that calls the API names the URL without them.
func TestAPIURLEchoedWithoutItsSecrets(t *testing.T) {
	ids := writeFile(t, "ids", "cust_1\n")
	for _, tt := range []struct {
		url  string
		want string // the URL as printed
	}{
		{"http://127.0.0.1:8080#SECRET", `"http://127.0.0.1:8080#..."`},
		{"http://127.0.0.1:8080/?token=SECRET", `"http://127.0.0.1:8080/?..."`},
		{"http://127.0.0.1:8080/base?token=SECRET#SECRET", `"http://127.0.0.1:8080/base?...#..."`},
		{"http://user:SECRET@127.0.0.1:8080", `"http://...@127.0.0.1:8080"`},
		{"https://SECRET@api.voucherify.io", `"https://...@api.voucherify.io"`},
		{"  http://127.0.0.1:8080?SECRET  ", `"http://127.0.0.1:8080?..."`},
		{"ftp://files.example.com/x?SECRET", `"ftp://files.example.com/x?..."`},
		{"api.voucherify.io?SECRET", `"api.voucherify.io?..."`},
	} {
		env := map[string]string{"VOUCHERIFY_API_URL": tt.url, "VOUCHERIFY_APP_ID": "app", "VOUCHERIFY_SECRET_KEY": "key"}
		for _, args := range [][]string{
			{"get", "seg_1"},
			{"delete", "seg_1"},
			{"list"},
			{"create", "--name", "n", "--type", "static", "--customers-file", ids},
		} {
			r := runAPI(t, env, "", args...)
			if r.code != 1 || strings.Contains(r.stderr, "SECRET") || !strings.Contains(r.stderr, "base URL "+tt.want) ||
				!strings.Contains(r.stderr, "\n  check VOUCHERIFY_API_URL\n") {
				t.Errorf("%q, %s: exit code %d, stderr:\n%s\nwant 1, the URL as %s, no secret", tt.url, args[0], r.code, r.stderr, tt.want)
			}
		}
	}
}
