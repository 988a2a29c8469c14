package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

func TestGetDeleteAndTheNotFoundAfter(t *testing.T) {
	srv := segmentstest.NewServer(t)
	env := sandboxEnv(srv)
	created := runAPI(t, env, "cust_1\ncust_2\n", "create", "--name", "two", "--type", "static", "--customers-file", "-")
	if created.code != 0 {
		t.Fatalf("create: exit code %d; stderr:\n%s", created.code, created.stderr)
	}
	id := decodeSegment(t, created.stdout).ID

	got := runAPI(t, env, "", "get", id)
	if got.code != 0 {
		t.Fatalf("get: exit code %d; stderr:\n%s", got.code, got.stderr)
	}
	if seg := decodeSegment(t, got.stdout); seg.ID != id || seg.Name != "two" || seg.Type != segments.TypeStatic {
		t.Errorf("get printed %+v", seg)
	}
	if got.stderr != "" {
		t.Errorf("get wrote to stderr: %q", got.stderr)
	}

	del := runAPI(t, env, "", "delete", id)
	if del.code != 0 {
		t.Fatalf("delete: exit code %d; stderr:\n%s", del.code, del.stderr)
	}
	if want := "{\n  \"id\": \"" + id + "\",\n  \"object\": \"segment\",\n  \"deleted\": true\n}\n"; del.stdout != want {
		t.Errorf("delete printed %q, want %q", del.stdout, want)
	}
	if srv.Len() != 0 {
		t.Errorf("%d segments left", srv.Len())
	}

	for _, args := range [][]string{{"get", id}, {"delete", id}} {
		r := runAPI(t, env, "", args...)
		if r.code != 1 {
			t.Errorf("%s after delete: exit code %d, want 1", args[0], r.code)
		}
		// The SDK's message, once, after the command's prefix.
		first, rest, _ := strings.Cut(r.stderr, "\n")
		for _, want := range []string{
			"segments " + args[0] + ": " + args[0] + "-segment: 404 Not Found: not_found: ",
			"Cannot find segment with id " + id,
			"(request_id v-",
		} {
			if !strings.Contains(first, want) {
				t.Errorf("%s after delete: stderr lacks %q:\n%s", args[0], want, r.stderr)
			}
		}
		if rest != "" || r.stdout != "" {
			t.Errorf("%s after delete: more than one line of stderr %q, or stdout %q", args[0], r.stderr, r.stdout)
		}
	}
}

// TestGetPrintsTheAnswerAsItCame serves Voucherify's official example of a
// get-segment answer, unchanged: the command prints exactly its JSON,
// indented, with the fields the SDK's types do not know (initial_sync_status)
// and the timestamps as written.
func TestGetPrintsTheAnswerAsItCame(t *testing.T) {
	official, err := os.ReadFile(filepath.Join("..", "..", "testdata", "official", "get-segment.response-200.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A later field, and a time that Go's encoding would shorten.
	body := bytes.Replace(official, []byte(`"object"`), []byte(`"updated_at": "2026-04-30T10:00:00.100Z", "object"`), 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(ts.Close)
	r := runAPI(t, map[string]string{"VOUCHERIFY_API_URL": ts.URL, "VOUCHERIFY_APP_ID": "app", "VOUCHERIFY_SECRET_KEY": "key"}, "", "get", "seg_Mv5w1b2FIEbiCCO5ioT8TfI2")
	var want bytes.Buffer
	if err := json.Indent(&want, body, "", "  "); err != nil {
		t.Fatal(err)
	}
	want.WriteByte('\n')
	if r.code != 0 || r.stdout != want.String() {
		t.Errorf("exit code %d, stdout:\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, want.String(), r.stderr)
	}
	for _, s := range []string{`"initial_sync_status": "DONE"`, `"updated_at": "2026-04-30T10:00:00.100Z"`} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %s", s)
		}
	}
}

func TestAPIErrorsAreReported(t *testing.T) {
	srv := segmentstest.NewServer(t)

	wrongKey := sandboxEnv(srv)
	wrongKey["VOUCHERIFY_SECRET_KEY"] = "not-the-key"
	r := runAPI(t, wrongKey, "", "get", "seg_1")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "segments get: get-segment: 401 Unauthorized") ||
		!strings.Contains(r.stderr, "\n  check VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY (Project Settings, Application Keys), and that VOUCHERIFY_API_URL is your project's cluster: https://api.voucherify.io (the default), https://us1.api.voucherify.io or https://as1.api.voucherify.io\n") {
		t.Errorf("wrong key: exit code %d, stderr:\n%s", r.code, r.stderr)
	}

	// A proxy's HTML page is shown quoted and cut short; retries are counted.
	srv.InjectProxyFaults(502, 3)
	r = runAPI(t, sandboxEnv(srv), "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "502 Bad Gateway") || !strings.Contains(r.stderr, `  body: "<`) ||
		!strings.Contains(r.stderr, "after 3 attempts") {
		t.Errorf("proxy 502: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestInvalidSegmentIDIsAUsageError(t *testing.T) {
	srv := segmentstest.NewServer(t)
	r := runAPI(t, sandboxEnv(srv), "", "get", "..")
	if r.code != 2 || !strings.HasPrefix(r.stderr, `segments get: invalid segmentID: ".." is not an ID`) {
		t.Errorf("exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestNetworkErrorExitsOne(t *testing.T) {
	srv := segmentstest.NewServer(t)
	env := sandboxEnv(srv)
	srv.Close()
	r := runAPI(t, env, "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "segments get: ") || !strings.Contains(r.stderr, "connect") {
		t.Errorf("exit code %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestCancelledContext(t *testing.T) {
	srv := segmentstest.NewServer(t)
	for _, key := range []string{segments.EnvAPIURL, segments.EnvAppID, segments.EnvSecretKey} {
		t.Setenv(key, sandboxEnv(srv)[key])
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var stdout, stderr strings.Builder
	code := run(ctx, []string{"get", "seg_1"}, strings.NewReader(""), &stdout, &stderr, mapEnv(nil))
	if code != 1 || !strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("exit code %d, stderr:\n%s", code, stderr.String())
	}
}
