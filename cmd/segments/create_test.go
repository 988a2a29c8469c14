package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// decodeSegment decodes what create or get printed.
func decodeSegment(t *testing.T, out string) segments.Segment {
	t.Helper()
	var seg segments.Segment
	if err := json.Unmarshal([]byte(out), &seg); err != nil {
		t.Fatalf("stdout is not a segment: %v\n%s", err, out)
	}
	if seg.ID == "" {
		t.Fatalf("stdout has no segment ID:\n%s", out)
	}
	return seg
}

func TestCreateStatic(t *testing.T) {
	t.Parallel()
	want := []string{"cust_1", "cust_2", "cust_3"}
	tests := []struct {
		name  string
		file  string // contents of --customers-file; "" to use stdin
		stdin string
	}{
		{name: "lines", file: "cust_1\n\n  cust_2  \r\n\tcust_3\n\n"},
		{name: "lines with BOM", file: "\uFEFFcust_1\ncust_2\ncust_3"},
		{name: "CSV with an id column", file: "email,id,name\n" +
			"a@example.com,cust_1,\"Smith, Anna\"\n" +
			"\n" +
			"b@example.com, cust_2 ,\"Jones \"\"JJ\"\"\"\n" +
			"c@example.com,\"cust_3\",\"multi\nline\"\n"},
		{name: "CSV with BOM and CRLF", file: "\uFEFFID\r\ncust_1\r\ncust_2\r\ncust_3\r\n"},
		{name: "stdin", stdin: "cust_1\ncust_2\ncust_3\n"},
		{name: "stdin CSV", stdin: "id,email\ncust_1,a@example.com\ncust_2,b@example.com\ncust_3,c@example.com\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := segmentstest.NewServer(t)
			file := "-"
			if tt.file != "" {
				file = writeFile(t, "customers", tt.file)
			}
			r := runWith(t, sandboxEnv(srv), tt.stdin, "create", "--name", "VIP <customers>", "--type", "static", "--customers-file", file)
			if r.code != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
			}
			seg := decodeSegment(t, r.stdout)
			if seg.Name != "VIP <customers>" || seg.Type != segments.TypeStatic || seg.Filter != nil {
				t.Errorf("printed %+v", seg)
			}
			if !strings.Contains(r.stdout, "\n  \"id\": ") || !strings.Contains(r.stdout, "VIP <customers>") {
				t.Errorf("stdout is not indented JSON with HTML left alone:\n%s", r.stdout)
			}
			stored, ok := srv.Segment(seg.ID)
			if !ok || !slices.Equal(stored.Customers, want) {
				t.Errorf("stored customers %q, want %q", stored.Customers, want)
			}
		})
	}
}

func TestCreateStaticExactlyAtTheCap(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	file := writeFile(t, "customers.txt", customerLines(segments.MaxStaticCustomers))
	r := runWith(t, sandboxEnv(srv), "", "create", "--name", "all", "--type", "static", "--customers-file", file)
	if r.code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if stored, _ := srv.Segment(decodeSegment(t, r.stdout).ID); len(stored.Customers) != segments.MaxStaticCustomers {
		t.Errorf("stored %d customers", len(stored.Customers))
	}
}

// sdkRefusal returns the SDK's own message refusing a static segment of n
// customers, which the command must show as it is. The message names the
// alternative, an auto-update segment.
func sdkRefusal(t *testing.T, n int) string {
	t.Helper()
	c, err := segments.NewClient(segments.WithCredentials("app", "key"), segments.WithBaseURL("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(t.Context(), segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: make([]string, n)})
	if !errors.Is(err, segments.ErrTooManyCustomers) || !strings.Contains(err.Error(), "auto-update") {
		t.Fatalf("the SDK's refusal of %d customers: %v; want ErrTooManyCustomers naming auto-update", n, err)
	}
	return err.Error()
}

// customerLines returns n customer IDs, one per line.
func customerLines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "cust_%05d\n", i)
	}
	return b.String()
}

func TestCreateOverTheCapIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	file := writeFile(t, "customers.txt", customerLines(segments.MaxStaticCustomers+1))
	r := runWith(t, sandboxEnv(srv), "", "create", "--name", "too many", "--type", "static", "--customers-file", file)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1", r.code)
	}
	for _, want := range []string{sdkRefusal(t, segments.MaxStaticCustomers+1), "--type auto-update --filter"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}
}

func TestCreateWithFilter(t *testing.T) {
	t.Parallel()
	const filter = `{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}},
		"loyalty_points.campaigns.Tiers 2.points": {"conditions": {"$more_than_equal": [41]}}}`
	for _, typ := range []segments.Type{segments.TypeAutoUpdate, segments.TypePassive} {
		for _, from := range []string{"inline", "file", "stdin"} {
			t.Run(string(typ)+"/"+from, func(t *testing.T) {
				t.Parallel()
				srv := segmentstest.NewServer(t)
				arg, stdin := filter, ""
				switch from {
				case "file":
					arg = "@" + writeFile(t, "filter.json", filter)
				case "stdin":
					arg, stdin = "@-", filter
				}
				r := runWith(t, sandboxEnv(srv), stdin, "create", "--name", "Gold and Silver", "--type", string(typ), "--filter", arg)
				if r.code != 0 {
					t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
				}
				seg := decodeSegment(t, r.stdout)
				if seg.Type != typ || seg.Filter["junction"] != "and" {
					t.Errorf("printed %+v", seg)
				}
				if stored, _ := srv.Segment(seg.ID); stored.Filter == nil {
					t.Errorf("stored %+v", stored)
				}
			})
		}
	}
}

func TestCreateUsageErrors(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	ids := writeFile(t, "ids", "cust_1\n")
	const filter = `{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold"]}}}`
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"--type", "static", "--customers-file", ids}, "missing --name"},
		{"blank name", []string{"--name", "  ", "--type", "static", "--customers-file", ids}, "missing --name"},
		{"no type", []string{"--name", "n", "--customers-file", ids}, "missing --type"},
		{"unknown type", []string{"--name", "n", "--type", "dynamic", "--customers-file", ids}, `unknown --type "dynamic"`},
		{"static without file", []string{"--name", "n", "--type", "static"}, "needs --customers-file"},
		{"static with filter", []string{"--name", "n", "--type", "static", "--customers-file", ids, "--filter", filter}, "--filter is for auto-update and passive"},
		{"auto-update without filter", []string{"--name", "n", "--type", "auto-update"}, "needs --filter"},
		{"passive with customers", []string{"--name", "n", "--type", "passive", "--filter", filter, "--customers-file", ids}, "--customers-file is for static"},
		{"malformed filter JSON", []string{"--name", "n", "--type", "auto-update", "--filter", `{"junction": "and",`}, "--filter: not a JSON object"},
		{"filter not an object", []string{"--name", "n", "--type", "auto-update", "--filter", `["and"]`}, "--filter: not a JSON object"},
		{"filter null", []string{"--name", "n", "--type", "auto-update", "--filter", `null`}, "--filter: not a JSON object: null"},
		{"filter with trailing data", []string{"--name", "n", "--type", "auto-update", "--filter", filter + ` {}`}, "unexpected data after the JSON object"},
		{"filter in the wrong format", []string{"--name", "n", "--type", "auto-update", "--filter", `{"junction": "AND", "x": {"conditions": {"$is": [1]}}}`}, `invalid filter: key "junction"`},
		{"extra argument", []string{"--name", "n", "--type", "static", "--customers-file", ids, "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWith(t, sandboxEnv(srv), "", append([]string{"create"}, tt.args...)...)
			if r.code != 2 {
				t.Errorf("exit code %d, want 2", r.code)
			}
			if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "Usage: segments create") {
				t.Errorf("stderr lacks %q and the usage:\n%s", tt.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
		})
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}
}

func TestCreateBadCustomersFile(t *testing.T) {
	t.Parallel()
	srv := segmentstest.NewServer(t)
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "no customer IDs"},
		{"only blank lines", "\n  \n\r\n", "no customer IDs"},
		{"CSV header only", "id,email\n", "no customer IDs"},
		{"CSV without an id column", "customer,email\ncust_1,a@example.com\n", `line 1: "customer,email" is not a customer ID`},
		{"CSV with two id columns", "id,ID\ncust_1,cust_2\n", "two id columns"},
		{"CSV with a short row", "id,email\ncust_1,a@example.com\ncust_2\n", "line 3: 1 fields, but the header has 2"},
		{"CSV with an empty id", "email,id\na@example.com,cust_1\nb@example.com,  \n", "line 3: the id column is empty"},
		{"CSV with a broken quote", "id,email\n\"cust_1,a@example.com\n", "reading the CSV"},
		{"UTF-16", "\xFF\xFEc\x00", "UTF-16"},
		{"not UTF-8", "cust_\xFF\n", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeFile(t, "customers", tt.content)
			r := runWith(t, sandboxEnv(srv), "", "create", "--name", "n", "--type", "static", "--customers-file", file)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, file) {
				t.Errorf("exit code %d, want 1 and %q naming the file in stderr:\n%s", r.code, tt.want, r.stderr)
			}
		})
	}
	r := runWith(t, sandboxEnv(srv), "", "create", "--name", "n", "--type", "static", "--customers-file", t.TempDir()+"/missing")
	if r.code != 1 || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("missing file: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}
}
