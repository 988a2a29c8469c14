package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// result is what one run of the command gave.
type result struct {
	code           int
	stdout, stderr string
}

// mapEnv returns a getenv reading env only, never the test process's own
// environment.
func mapEnv(env map[string]string) func(string) string {
	return func(key string) string { return env[key] }
}

// runWith runs the command in-process with args, the environment env and stdin.
func runWith(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &stdout, &stderr, mapEnv(env))
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// runAPI runs a command that calls the API: segments.NewClient reads its
// environment from the process, so env is set there for the test (which must
// not be parallel) and every variable it lacks is emptied.
func runAPI(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	for _, key := range []string{segments.EnvAPIURL, segments.EnvAppID, segments.EnvSecretKey} {
		t.Setenv(key, env[key])
	}
	return runWith(t, env, stdin, args...)
}

// sandboxEnv is the environment that points the command at srv.
func sandboxEnv(srv *segmentstest.Server) map[string]string {
	return map[string]string{
		"VOUCHERIFY_API_URL":    srv.URL,
		"VOUCHERIFY_APP_ID":     srv.AppID,
		"VOUCHERIFY_SECRET_KEY": srv.SecretKey,
	}
}

// writeFile writes content to a new file in the test's directory and returns
// its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings of stdout
		stderr   []string // substrings of stderr
		noStdout bool
	}{
		{name: "no command", args: nil, code: 2, stderr: []string{"Usage: segments <command>", "create", "demo"}, noStdout: true},
		{name: "unknown command", args: []string{"nope"}, code: 2, stderr: []string{`unknown command "nope"`, "Usage: segments <command>"}, noStdout: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: everyCommandUsage()},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: everyCommandUsage()},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: everyCommandUsage()},
		{name: "help create", args: []string{"help", "create"}, code: 0, stdout: []string{"Usage: segments create --name NAME --type static --customers-file FILE", "-customers-file FILE", "-filter JSON"}},
		{name: "help unknown", args: []string{"help", "nope"}, code: 2, stderr: []string{`unknown command "nope"`}, noStdout: true},
		{name: "create -h", args: []string{"create", "-h"}, code: 0, stdout: []string{"Usage: segments create", "-name NAME"}},
		{name: "get -h", args: []string{"get", "-h"}, code: 0, stdout: []string{"Usage: segments get ID"}},
		{name: "unknown flag", args: []string{"get", "--bogus", "seg_1"}, code: 2, stderr: []string{"flag provided but not defined: -bogus", "Usage: segments get ID"}, noStdout: true},
		{name: "get without ID", args: []string{"get"}, code: 2, stderr: []string{"segments get: missing the segment ID"}, noStdout: true},
		{name: "get two IDs", args: []string{"get", "seg_1", "seg_2"}, code: 2, stderr: []string{`unexpected argument "seg_2"`}, noStdout: true},
		{name: "delete without ID", args: []string{"delete"}, code: 2, stderr: []string{"segments delete: missing the segment ID"}, noStdout: true},
		{name: "demo with argument", args: []string{"demo", "extra"}, code: 2, stderr: []string{`unexpected argument "extra"`}, noStdout: true},
		{name: "version with argument", args: []string{"version", "extra"}, code: 2, stderr: []string{`segments version: unexpected argument "extra"`}, noStdout: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runWith(t, nil, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if tt.noStdout && r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
		})
	}
}

// everyCommandUsage is what "segments help" must show: the usage line and
// flags of every command, and the environment.
func everyCommandUsage() []string {
	want := []string{"VOUCHERIFY_APP_ID", "VOUCHERIFY_SECRET_KEY", "VOUCHERIFY_API_URL", "Exit status"}
	for _, c := range commands() {
		for _, s := range c.synopsis {
			want = append(want, "segments "+s)
		}
	}
	return append(want, "-customers-file", "-filter", "-dry-run", "-addr")
}

func TestMissingCredentials(t *testing.T) {
	srv := segmentstest.NewServer(t)
	for _, env := range []map[string]string{
		nil,
		{"VOUCHERIFY_API_URL": srv.URL, "VOUCHERIFY_APP_ID": srv.AppID},
		{"VOUCHERIFY_API_URL": srv.URL, "VOUCHERIFY_SECRET_KEY": srv.SecretKey},
		{"VOUCHERIFY_API_URL": srv.URL, "VOUCHERIFY_APP_ID": " ", "VOUCHERIFY_SECRET_KEY": " "},
	} {
		r := runAPI(t, env, "", "get", "seg_1")
		if r.code != 1 || r.stdout != "" ||
			r.stderr != "segments get: no credentials: set VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY to the application ID and secret key of your project (Project Settings, Application Keys)\n" {
			t.Errorf("env %v: exit code %d, stdout %q, stderr %q", env, r.code, r.stdout, r.stderr)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the sandbox without credentials", n)
	}
}

func TestInsecureAPIURLIsRefused(t *testing.T) {
	env := map[string]string{
		"VOUCHERIFY_API_URL":    "http://api.example.com",
		"VOUCHERIFY_APP_ID":     "app",
		"VOUCHERIFY_SECRET_KEY": "secret-key-value",
	}
	r := runAPI(t, env, "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "unencrypted") || !strings.Contains(r.stderr, "\n  check VOUCHERIFY_API_URL\n") {
		t.Errorf("exit code %d, stderr %q", r.code, r.stderr)
	}
}

// TestOnePrefixPerMessage checks that no message repeats the command's prefix
// or carries the SDK's own after it.
func TestOnePrefixPerMessage(t *testing.T) {
	srv := segmentstest.NewServer(t)
	env := sandboxEnv(srv)
	for _, args := range [][]string{
		{"create", "--name", "", "--type", "auto-update", "--filter", `{"junction": "and", "a": {"conditions": {"$is": ["b"]}}}`},
		{"create", "--name", "n", "--type", "auto-update", "--filter", `{"junction": "AND", "a": {"conditions": {"$is": ["b"]}}}`},
		{"create", "--name", "n", "--type", "static", "--customers-file", writeFile(t, "big", customerLines(segments.MaxStaticCustomers+1))},
		{"create", "--name", "n", "--type", "static", "--customers-file", writeFile(t, "semi", "cust_1;a@x\n")},
		{"get", "."},
		{"get", "seg_missing"},
	} {
		r := runAPI(t, env, "", args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code == 0 || strings.Count(first, "segments") != 1 || !strings.HasPrefix(first, "segments "+args[0]+": ") {
			t.Errorf("%q: exit code %d, first line of stderr %q: want one prefix", args, r.code, first)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := runWith(t, nil, "", "version")
	want := "SDK:      github.com/voucherify-go/segments " + segments.Version + "\n"
	if r.code != 0 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "contract: openapi.yaml ") {
		t.Errorf("exit code %d, stdout %q, want %q and the contract version", r.code, r.stdout, want)
	}
	contract := strings.Fields(r.stdout[strings.Index(r.stdout, "contract: "):])[2]
	if contract != segments.Version {
		t.Errorf("contract version %q, SDK version %q: openapi.yaml's info.version is the SDK's", contract, segments.Version)
	}
}

func TestAPIURLEndingInV1IsRefused(t *testing.T) {
	srv := segmentstest.NewServer(t)
	env := sandboxEnv(srv)
	env["VOUCHERIFY_API_URL"] = srv.URL + "/v1"
	r := runAPI(t, env, "", "get", "seg_1")
	first, rest, _ := strings.Cut(r.stderr, "\n")
	if r.code != 1 || !strings.HasPrefix(first, "segments get: ") || !strings.Contains(first, "/v1") ||
		strings.Count(r.stderr, "drop the /v1") != 1 || rest != "  check VOUCHERIFY_API_URL\n" {
		t.Errorf("exit code %d, stderr %q: want the SDK's refusal, once, and where to fix it", r.code, r.stderr)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
