package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, item string
		want          bool
	}{
		{"GET /v1/segments", "GET /v1/segments", true},
		{"GET /v1/segments", "GET /v1/segments/{segmentId}", false},
		{"* response 400", "POST /v1/segments response 400", true},
		{"* response 400", "POST /v1/segments response 4000", false},
		{"* header X-Rate-Limit-*", "GET /v1/segments response 200 header X-Rate-Limit-Type", true},
		{"* header X-Rate-Limit-*", "GET /v1/segments response 200 header Retry-After", false},
		{"*: minLength 1", "GET /v1/segments query ids[]: minLength 1", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "acb", false},
		{"ab*ba", "aba", false}, // prefix and suffix may not overlap
	}
	for _, c := range cases {
		if got := match(c.pattern, c.item); got != c.want {
			t.Errorf("match(%q, %q) = %t, want %t", c.pattern, c.item, got, c.want)
		}
	}
}

func TestOnlyInFoldsDetailsUnderTheirParent(t *testing.T) {
	a := facts{"op": "", "op field": "op", "op field: type string": "op field", "shared": "", "shared: nullable": "shared"}
	b := facts{"shared": ""}
	got := onlyIn(a, b)
	if len(got) != 2 || got[0] != (difference{Item: "op", Details: 2}) || got[1] != (difference{Item: "shared: nullable"}) {
		t.Errorf("onlyIn = %+v, want op (2 details) and shared: nullable", got)
	}
}

// TestRunNamesWhatUpstreamAdds runs the whole check on two small documents.
func TestRunNamesWhatUpstreamAdds(t *testing.T) {
	_, write := tempFiles(t)
	ours := write("ours.yaml", `openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /v1/things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties:
                  id: {type: string}
                  kind: {type: string, enum: [a, b]}
`)
	upstream := write("upstream.json", `{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/v1/things": {
  "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object",
    "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["a", "b", "c"]}, "size": {"type": "integer"}}}}}}}},
  "delete": {"responses": {"204": {"description": "gone"}}}}}}`)
	empty := write("empty.yaml", "")
	listed := write("listed.yaml", `- only: upstream
  match: ["GET /v1/things response 200 application/json kind: enum \"c\"", "* size", "DELETE /v1/things"]
  reason: listed.
- only: ours
  match: ["GET /v1/things response 200 application/json id: required"]
  reason: listed.
`)
	stale := write("stale.yaml", strings.ReplaceAll(string(must(os.ReadFile(listed))), "* size", "* colour"))

	check := func(list string, wantCode int, wantLines ...string) {
		t.Helper()
		var out, errs bytes.Buffer
		code := run([]string{"-source", "", "-upstream", upstream, "-ours", ours, "-deliberate", list}, &out, &errs)
		if code != wantCode {
			t.Errorf("%s: exit %d, want %d\n%s%s", filepath.Base(list), code, wantCode, out.String(), errs.String())
		}
		for _, line := range wantLines {
			if !strings.Contains(out.String(), line+"\n") {
				t.Errorf("%s: output lacks %q:\n%s", filepath.Base(list), line, out.String())
			}
		}
	}
	check(empty, 1,
		"  only upstream: DELETE /v1/things",
		`  only upstream: GET /v1/things response 200 application/json kind: enum "c"`,
		"  only upstream: GET /v1/things response 200 application/json size",
		"  only ours: GET /v1/things response 200 application/json id: required")
	check(listed, 0, "contract-drift: OK: every difference is listed as deliberate in "+listed)
	check(stale, 1, "  * colour", "  only upstream: GET /v1/things response 200 application/json size")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// tempFiles returns a temporary directory and a function that writes a file
// in it and returns its path.
func tempFiles(t *testing.T) (string, func(name, text string) string) {
	t.Helper()
	dir := t.TempDir()
	return dir, func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
}
