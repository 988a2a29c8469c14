package sandbox

import (
	"go/build"
	"slices"
	"testing"
)

// TestMeetsClientOnlyInTheContract guards the architecture: the sandbox and the Go
// client meet only in the contract, so the sandbox imports neither the client nor the
// generated client package, not even in its tests.
func TestMeetsClientOnlyInTheContract(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{"github.com/voucherify-go/segments", "github.com/voucherify-go/segments/api"}
	for _, imports := range [][]string{pkg.Imports, pkg.TestImports, pkg.XTestImports} {
		for _, f := range forbidden {
			if slices.Contains(imports, f) {
				t.Errorf("internal/sandbox imports %s", f)
			}
		}
	}
}
