package segments_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A change to openapi.yaml reaches the wire through go generate alone: in a
// copy of the module whose spec moves every operation to another path, the
// unchanged SDK sends all four operations there. Nothing in the root package
// builds a URL; the generated operation methods do.
func TestSpecChangeReachesTheWireThroughGoGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go generate and go test in a copy of the module")
	}
	tmp := t.TempDir()
	for _, pattern := range []string{"go.mod", "go.sum", "gen.go", "oapi-codegen.yaml", "*.go", "api/*.go", "internal/transport/*.go", "internal/spec/oapi-codegen.yaml", "tools/go.mod", "tools/go.sum"} {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", pattern, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			copyFile(t, f, filepath.Join(tmp, f))
		}
	}
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	moved := bytes.ReplaceAll(spec, []byte("\n  /v1/segments"), []byte("\n  /v1/moved/segments"))
	if bytes.Equal(moved, spec) {
		t.Fatal("openapi.yaml has no /v1/segments paths to move")
	}
	writeFile(t, filepath.Join(tmp, "openapi.yaml"), moved)
	writeFile(t, filepath.Join(tmp, "probe_test.go"), []byte(probeTest))

	run(t, tmp, "go", "generate", "./...")
	if out := run(t, tmp, "go", "test", "-count=1", "-run", "TestProbe", "-v", "."); !strings.Contains(out, "--- PASS: TestProbe") {
		t.Fatalf("the probe did not pass:\n%s", out)
	}
}

// probeTest runs in the copy: every operation must reach the moved paths.
const probeTest = `package segments_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/voucherify-go/segments"
)

func TestProbe(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodGet && r.URL.Path == "/v1/moved/segments":
			_, _ = w.Write([]byte(` + "`" + `{"object":"list","data_ref":"data","data":[],"total":0}` + "`" + `))
		default:
			_, _ = w.Write([]byte(` + "`" + `{"id":"seg_1","name":"n","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":null,"object":"segment"}` + "`" + `))
		}
	}))
	defer srv.Close()
	c, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Create(ctx, segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}}); err != nil {
		t.Error(err)
	}
	if _, err := c.Get(ctx, "seg_1"); err != nil {
		t.Error(err)
	}
	if _, err := c.List(ctx, segments.ListParams{}); err != nil {
		t.Error(err)
	}
	if err := c.Delete(ctx, "seg_1"); err != nil {
		t.Error(err)
	}
	want := "POST /v1/moved/segments,GET /v1/moved/segments/seg_1,GET /v1/moved/segments,DELETE /v1/moved/segments/seg_1"
	if got := strings.Join(paths, ","); got != want {
		t.Errorf("requests %s, want %s", got, want)
	}
}
`

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, b)
}

func writeFile(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
