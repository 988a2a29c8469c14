package main

import (
	"strings"
	"testing"

	"github.com/voucherify-go/segments/segmentstest"
)

// TestSecretKeyNeverPrinted runs every path of the command with a known secret
// key, successes and failures alike, and looks for it in everything printed.
func TestSecretKeyNeverPrinted(t *testing.T) {
	const secret = "sk-0123456789-very-secret-value"
	srv := segmentstest.NewServer(t, segmentstest.WithCredentials("app-id-1", secret))
	env := sandboxEnv(srv)
	wrong := sandboxEnv(srv)
	wrong["VOUCHERIFY_APP_ID"] = "another-app"
	onlySecret := map[string]string{"VOUCHERIFY_SECRET_KEY": secret}
	plainHTTP := sandboxEnv(srv)
	plainHTTP["VOUCHERIFY_API_URL"] = "http://user:" + secret + "@api.example.com"
	badURL := sandboxEnv(srv)
	badURL["VOUCHERIFY_API_URL"] = "http://user:" + secret + "@api.example.com:bad-port"
	customers := writeFile(t, "customers", customerLines(20001))

	var outputs []string
	check := func(env map[string]string, stdin string, args ...string) result {
		t.Helper()
		r := runAPI(t, env, stdin, args...)
		outputs = append(outputs, r.stdout, r.stderr)
		return r
	}
	created := check(env, "cust_1\n", "create", "--name", "n", "--type", "static", "--customers-file", "-")
	id := decodeSegment(t, created.stdout).ID
	check(env, "", "create", "--name", "n", "--type", "auto-update", "--filter", `{"junction":"or","a":{"conditions":{"$is":["b"]}}}`)
	check(env, "", "create", "--name", "n", "--type", "static", "--customers-file", customers)
	check(env, "", "create", "--name", "n", "--type", "auto-update", "--filter", "{")
	check(env, "", "get", id)
	check(env, "", "create", "--name", "n", "--type", "static", "--customers-file", "-", "--dry-run")
	check(env, "", "list", "--all")
	check(env, "", "list", "--table")
	check(wrong, "", "list")
	check(env, "", "delete", id)
	check(env, "", "get", id)
	check(wrong, "", "get", id)
	check(onlySecret, "", "get", id)
	check(plainHTTP, "", "get", id)
	if r := check(badURL, "", "get", id); r.code != 1 || !strings.Contains(r.stderr, "not a URL") || !strings.Contains(r.stderr, "check VOUCHERIFY_API_URL") {
		t.Errorf("malformed URL: exit code %d, stderr %q", r.code, r.stderr)
	}
	check(env, "", "help")
	check(env, "", "create", "-h")
	check(env, "", "bogus")
	check(env, "", "demo")

	for i, out := range outputs {
		if strings.Contains(out, secret) || strings.Contains(out, "very-secret") {
			t.Errorf("output %d holds the secret key:\n%s", i, out)
		}
	}
}
