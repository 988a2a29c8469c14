package main

import (
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDemo(t *testing.T) {
	t.Parallel()
	start := time.Now()
	// The real process's environment must not matter: the demo uses its own
	// sandbox and credentials.
	env := map[string]string{"VOUCHERIFY_API_URL": "https://api.voucherify.io", "VOUCHERIFY_APP_ID": "x"}
	r := runWith(t, env, "", "demo")
	if r.code != 0 {
		t.Fatalf("exit code %d; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the demo took %v", elapsed)
	}
	for _, want := range []string{
		"exactly 20000 customers",
		"the sandbox stored it with 20000 customers",
		"20001 customers",
		"refused by the client before sending anything",
		sdkRefusal(t, 20001),
		"requests the sandbox received for it: 0",
		`"metadata.club_level":{"conditions":{"$in":["Gold","Silver"]}}`,
		"type auto-update",
		"get-segment: 404 Not Found: not_found: Resource not found",
		"(request_id v-",
		"errors.Is(err, segments.ErrNotFound): true",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr: %q", r.stderr)
	}
}

func TestDemoStateInTheSandbox(t *testing.T) {
	t.Parallel()
	srv, hs, c, err := startDemoSandbox(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hs.Close() })
	var out bytes.Buffer
	if err := narrate(t.Context(), &out, c, srv); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	// Left: the static segment; the auto-update one was deleted.
	segs := srv.Segments()
	if len(segs) != 1 || len(segs[0].Customers) != 20000 {
		t.Errorf("the sandbox holds %d segments", len(segs))
	}
	// create, create, get, delete, get: the refused create sent nothing.
	if n := len(srv.Requests()); n != 5 {
		t.Errorf("%d requests, want 5: %v", n, srv.Requests())
	}
}

// TestBinaryLinksNoTestingPackages: the CLI starts its sandboxes directly, not through
// segmentstest, so that the binary carries neither testing nor net/http/httptest.
func TestBinaryLinksNoTestingPackages(t *testing.T) {
	t.Parallel()
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/voucherify-go/segments/internal/sandbox") {
		t.Fatalf("go list -deps lists no sandbox: %q", deps)
	}
	for _, pkg := range []string{"testing", "net/http/httptest", "github.com/voucherify-go/segments/segmentstest"} {
		if slices.Contains(deps, pkg) {
			t.Errorf("the segments command links %s", pkg)
		}
	}
}
