package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

func TestGetDeleteAndTheNotFoundAfter(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	env := sandboxEnv(srv)
	created := runWith(t, env, "cust_1\ncust_2\n", "create", "--name", "two", "--type", "static", "--customers-file", "-")
	if created.code != 0 {
		t.Fatalf("create: exit code %d; stderr:\n%s", created.code, created.stderr)
	}
	id := decodeSegment(t, created.stdout).ID

	got := runWith(t, env, "", "get", id)
	if got.code != 0 {
		t.Fatalf("get: exit code %d; stderr:\n%s", got.code, got.stderr)
	}
	if seg := decodeSegment(t, got.stdout); seg.ID != id || seg.Name != "two" || seg.Type != segments.TypeStatic {
		t.Errorf("get printed %+v", seg)
	}
	if got.stderr != "" {
		t.Errorf("get wrote to stderr: %q", got.stderr)
	}

	del := runWith(t, env, "", "delete", id)
	if del.code != 0 {
		t.Fatalf("delete: exit code %d; stderr:\n%s", del.code, del.stderr)
	}
	var confirmation map[string]any
	if err := json.Unmarshal([]byte(del.stdout), &confirmation); err != nil ||
		confirmation["id"] != id || confirmation["deleted"] != true || confirmation["object"] != "segment" {
		t.Errorf("delete printed %q (%v)", del.stdout, err)
	}
	if srv.Len() != 0 {
		t.Errorf("%d segments left", srv.Len())
	}

	for _, args := range [][]string{{"get", id}, {"delete", id}} {
		r := runWith(t, env, "", args...)
		if r.code != 1 {
			t.Errorf("%s after delete: exit code %d, want 1", args[0], r.code)
		}
		for _, want := range []string{
			"segments " + args[0] + ": " + args[0] + "-segment: 404 Not Found\n",
			"key:         not_found\n",
			"message:     ",
			"details:     ",
			"resource:    segment " + id + "\n",
			"request_id:  ",
		} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s after delete: stderr lacks %q:\n%s", args[0], want, r.stderr)
			}
		}
		if r.stdout != "" {
			t.Errorf("%s after delete: stdout %q", args[0], r.stdout)
		}
	}
}

func TestAPIErrorsAreReported(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)

	wrongKey := sandboxEnv(srv)
	wrongKey["VOUCHERIFY_SECRET_KEY"] = "not-the-key"
	r := runWith(t, wrongKey, "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "401 Unauthorized") || !strings.Contains(r.stderr, "request_id:") {
		t.Errorf("wrong key: exit code %d, stderr:\n%s", r.code, r.stderr)
	}

	// A proxy's HTML page is shown quoted and cut short; retries are counted.
	srv.InjectProxyFaults(502, 3)
	r = runWith(t, sandboxEnv(srv), "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "502 Bad Gateway") || !strings.Contains(r.stderr, `body:        "<`) ||
		!strings.Contains(r.stderr, "attempts:    3") {
		t.Errorf("proxy 502: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestNetworkErrorExitsOne(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	env := sandboxEnv(srv)
	srv.Close()
	r := runWith(t, env, "", "get", "seg_1")
	if r.code != 1 || !strings.Contains(r.stderr, "segments get: ") || !strings.Contains(r.stderr, "connect") {
		t.Errorf("exit code %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var stdout, stderr strings.Builder
	code := run(ctx, []string{"get", "seg_1"}, strings.NewReader(""), &stdout, &stderr, mapEnv(sandboxEnv(srv)))
	if code != 1 || !strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("exit code %d, stderr:\n%s", code, stderr.String())
	}
}
