package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Two upstream files, each with its own Error schema of another shape, and
// ours, which has the operations of both.
const (
	thingsSpec = `{"openapi": "3.0.1", "info": {"title": "things", "version": "1"}, "paths": {"/v1/things": {"get": {
  "responses": {"404": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}},
  "components": {"schemas": {"Error": {"type": "object", "required": ["code"], "properties": {"code": {"type": "integer"}}}}}}`
	tokensSpec = `{"openapi": "3.0.1", "info": {"title": "tokens", "version": "1"}, "paths": {"/v1/tokens": {"post": {
  "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}},
    "400": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}},
  "components": {"schemas": {
    "Answer": {"type": "object", "allOf": [{"$ref": "#/components/schemas/Token"}], "required": ["token"]},
    "Token": {"type": "object", "properties": {"token": {"type": "string"}}},
    "Error": {"type": "object", "required": ["key"], "properties": {"key": {"type": "string"}}}}}}`
	bothOurs = `openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /v1/things:
    get:
      responses:
        '404':
          description: no
          content:
            application/json:
              schema: {type: object, required: [code], properties: {code: {type: integer}}}
  /v1/tokens:
    post:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, required: [token], properties: {token: {type: string}}}
        '400':
          description: no
          content:
            application/json:
              schema: {type: object, required: [key], properties: {key: {type: string}}}
`
)

// TestRunComparesSeveralUpstreamFilesAsOne: an operation of ours is drift only
// when no upstream file has it, and each file's Error stays its own.
func TestRunComparesSeveralUpstreamFilesAsOne(t *testing.T) {
	dir, write := tempFiles(t)
	things, tokens := write("things.json", thingsSpec), write("tokens.json", tokensSpec)
	empty := write("empty.yaml", "")
	run3 := func(ours string, upstream ...string) (int, string) {
		args := []string{"-source", "", "-ours", ours, "-deliberate", empty}
		for _, u := range upstream {
			args = append(args, "-upstream", u)
		}
		var out, errs bytes.Buffer
		code := run(args, &out, &errs)
		return code, out.String() + errs.String()
	}

	// Both files: every operation of ours is upstream's; neither file's Error
	// shape is asked of the other's operation. The allOf answer's required
	// field is declared (in its allOf), not a defect.
	if code, out := run3(write("ours.yaml", bothOurs), things, tokens); code != 0 {
		t.Errorf("both files: exit %d, want 0:\n%s", code, out)
	}

	// Without tokens.json, the token operation is only ours.
	code, out := run3(filepath.Join(dir, "ours.yaml"), things)
	if code != 1 || !strings.Contains(out, "  only ours: POST /v1/tokens\n") {
		t.Errorf("things.json alone: exit %d, want 1 and only ours: POST /v1/tokens:\n%s", code, out)
	}
	if strings.Contains(out, "only ours: GET /v1/things") {
		t.Errorf("things.json alone: GET /v1/things reported, which things.json has:\n%s", out)
	}

	// A field of tokens.json's Error is drift on the token answer only, named
	// with its file.
	withHint := write("tokens-hint.json", strings.Replace(tokensSpec, `"key": {"type": "string"}`, `"key": {"type": "string"}, "hint": {"type": "string"}`, 1))
	code, out = run3(filepath.Join(dir, "ours.yaml"), things, withHint)
	if code != 1 || !strings.Contains(out, "[NEW] POST /v1/tokens response 400 application/json hint (and 1 statements under it) in tokens-hint.json\n") {
		t.Errorf("a field of tokens.json's Error: exit %d, want 1 naming it and its file:\n%s", code, out)
	}
	if strings.Contains(out, "/v1/things response 404 application/json hint") {
		t.Errorf("tokens.json's Error leaked into things.json's operation:\n%s", out)
	}
}

func TestCheckSources(t *testing.T) {
	entry := func(file, content string) string {
		sum := sha256.Sum256([]byte(content))
		return fmt.Sprintf("  - file: %s\n    repository: r\n    path: p/%s\n    commit: c\n    date: d\n    sha256: %s\n", file, file, hex.EncodeToString(sum[:]))
	}
	cases := []struct {
		name    string
		files   map[string]string // beside the record
		record  string
		wantErr string // "" for none
	}{
		{"two files", map[string]string{"a.json": "{}", "b.json": "[]"}, "files:\n" + entry("a.json", "{}") + entry("b.json", "[]"), ""},
		{"an edited file", map[string]string{"a.json": "{ }"}, "files:\n" + entry("a.json", "{}"), "must be Voucherify's file unchanged"},
		{"a file not listed", map[string]string{"a.json": "{}", "b.json": "[]"}, "files:\n" + entry("a.json", "{}"), "b.json is not listed in"},
		{"a file listed twice", map[string]string{"a.json": "{}"}, "files:\n" + entry("a.json", "{}") + entry("a.json", "{}"), "listed twice"},
		{"a file elsewhere", map[string]string{"a.json": "{}"}, "files:\n" + entry("../a.json", "{}"), "name a file beside"},
		{"a missing field", map[string]string{"a.json": "{}"}, "files:\n" + strings.Replace(entry("a.json", "{}"), "    commit: c\n", "", 1), "all required"},
		{"no file", nil, "files: []\n", "no upstream file"},
		{"the former one-file record", map[string]string{"a.json": "{}"}, "repository: r\npath: p\n", "field repository not found"},
	}
	for _, c := range cases {
		dir, write := tempFiles(t)
		for name, content := range c.files {
			write(name, content)
		}
		files, err := checkSources(write("source.yaml", c.record))
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr == "" && (len(files) != 2 || files[1].Name != "b.json" || files[1].Path != filepath.Join(dir, "b.json")):
			t.Errorf("%s: files %+v, want a.json and b.json beside the record", c.name, files)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantErr)
		}
	}
}
