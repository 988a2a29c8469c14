package main

import (
	"os"
	"regexp"
	"testing"
)

// TestKinOpenAPIIsTheSandboxs checks that the bare server built with -tags kinopenapi
// links the kin-openapi the sandbox links: the version in the bench module's go.mod is
// the one in the SDK module's (both in this repository), or its start would be the
// floor of another release.
func TestKinOpenAPIIsTheSandboxs(t *testing.T) {
	version := regexp.MustCompile(`(?m)^\s*github\.com/getkin/kin-openapi (v\S+)`)
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m := version.FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s requires no github.com/getkin/kin-openapi", path)
		}
		return string(m[1])
	}
	if bench, sdk := read("../../go.mod"), read("../../../../go.mod"); bench != sdk {
		t.Errorf("tools/bench/go.mod requires kin-openapi %s, go.mod %s: the same release, please", bench, sdk)
	}
}
