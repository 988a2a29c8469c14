package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/voucherify-go/segments/internal/spec"
)

// TestLoadSpecAgreesWithGetSpec checks that the contract the sandbox loads (JSON decoded
// by encoding/json) is the document kin-openapi's own loader makes of the same bytes.
func TestLoadSpecAgreesWithGetSpec(t *testing.T) {
	got, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	want, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("loadSpec and spec.GetSpec differ:\n%s\n%s", gotJSON, wantJSON)
	}
	if len(got.Paths.Map()) == 0 || got.Components == nil || len(got.Components.Schemas) == 0 {
		t.Error("loadSpec: no paths or no schemas")
	}
	// The whole contract is valid, examples included (the sandbox skips them at start).
	if err := got.Validate(context.Background()); err != nil {
		t.Errorf("the contract is not valid: %v", err)
	}
	// The references are resolved: the create body's schema is reachable.
	op := got.Paths.Find("/v1/segments").Post
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil ||
		op.RequestBody.Value.Content.Get("application/json").Schema.Value == nil {
		t.Error("loadSpec: the create operation's body schema is not resolved")
	}
}
