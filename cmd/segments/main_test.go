package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	return append(want, "-customers-file", "-filter", "-addr")
}

func TestMissingCredentials(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	for _, env := range []map[string]string{
		nil,
		{"VOUCHERIFY_API_URL": srv.URL, "VOUCHERIFY_APP_ID": srv.AppID},
		{"VOUCHERIFY_API_URL": srv.URL, "VOUCHERIFY_SECRET_KEY": srv.SecretKey},
		{"VOUCHERIFY_API_URL": srv.URL, "VOUCHERIFY_APP_ID": " ", "VOUCHERIFY_SECRET_KEY": " "},
	} {
		r := runWith(t, env, "", "get", "seg_1")
		if r.code != 1 || !strings.Contains(r.stderr, "no credentials: set VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY") || r.stdout != "" {
			t.Errorf("env %v: exit code %d, stdout %q, stderr %q", env, r.code, r.stdout, r.stderr)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the sandbox without credentials", n)
	}
}

func TestInsecureAPIURLIsRefused(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"VOUCHERIFY_API_URL":    "http://api.example.com",
		"VOUCHERIFY_APP_ID":     "app",
		"VOUCHERIFY_SECRET_KEY": "secret-key-value",
	}
	r := runWith(t, env, "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "VOUCHERIFY_API_URL") || !strings.Contains(r.stderr, "unencrypted") {
		t.Errorf("exit code %d, stderr %q", r.code, r.stderr)
	}
}
