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
	want := []string{"cust_1", "cust_2", "cust_3"}
	tests := []struct {
		name   string
		file   string // contents of --customers-file; "" to use stdin
		stdin  string
		report string // what stderr says was sent
	}{
		{name: "lines", file: "cust_1\n\n  cust_2  \r\n\tcust_3\n\n",
			report: "sending 3 customers (5 lines read, 0 duplicates dropped, 2 blank lines skipped)"},
		{name: "lines with BOM and duplicates", file: "\uFEFFcust_1\ncust_2\ncust_1\ncust_3",
			report: "sending 3 customers (4 lines read, 1 duplicate dropped, 0 blank lines skipped)"},
		{name: "CSV with an id column", file: "email,id,name\n" +
			"a@example.com,cust_1,\"Smith, Anna\"\n" +
			"\n" +
			"b@example.com, cust_2 ,\"Jones \"\"JJ\"\"\"\n" +
			"c@example.com,\"cust_3\",\"multi\nline\"\n",
			report: `sending 3 customers (6 lines read, column "id", 0 duplicates dropped, 1 blank line skipped)`},
		{name: "CSV with BOM and CRLF", file: "\uFEFFID\r\ncust_1\r\ncust_2\r\ncust_3\r\n",
			report: `sending 3 customers (4 lines read, column "ID", 0 duplicates dropped, 0 blank lines skipped)`},
		{name: "semicolon export", file: "Customer ID;email\ncust_1;a@x\ncust_2;b@x\ncust_2;b@x\ncust_3;c@x\n",
			report: `sending 3 customers (5 lines read, column "Customer ID", 1 duplicate dropped, 0 blank lines skipped)`},
		{name: "one column headed Customer IDs, a row of separators", file: ";;\nCustomer IDs\ncust_1\ncust_2\ncust_3\n",
			report: `sending 3 customers (5 lines read, column "Customer IDs", 0 duplicates dropped, 1 blank line skipped)`},
		{name: "stdin", stdin: "cust_1\ncust_2\ncust_3\n",
			report: "sending 3 customers (3 lines read, 0 duplicates dropped, 0 blank lines skipped)"},
		{name: "stdin TSV", stdin: "customer_id\temail\ncust_1\ta@example.com\ncust_2\tb@example.com\ncust_3\tc@example.com\n",
			report: `sending 3 customers (4 lines read, column "customer_id", 0 duplicates dropped, 0 blank lines skipped)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := segmentstest.NewServer(t)
			file := "-"
			if tt.file != "" {
				file = writeFile(t, "customers", tt.file)
			}
			r := runAPI(t, sandboxEnv(srv), tt.stdin, "create", "--name", "VIP <customers>", "--type", "static", "--customers-file", file)
			if r.code != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
			}
			if want := "segments create: " + tt.report + "\n"; r.stderr != want {
				t.Errorf("stderr %q, want %q", r.stderr, want)
			}
			seg := decodeSegment(t, r.stdout)
			if seg.Name != "VIP <customers>" || seg.Type != segments.TypeStatic || seg.Filter != nil {
				t.Errorf("printed %+v", seg)
			}
			if !strings.Contains(r.stdout, "\n  \"id\": ") || !strings.Contains(r.stdout, "VIP \\u003ccustomers\\u003e") {
				t.Errorf("stdout is not the sandbox's JSON as it came (which escapes HTML characters), indented:\n%s", r.stdout)
			}
			stored, ok := srv.Segment(seg.ID)
			if !ok || !slices.Equal(stored.Customers, want) {
				t.Errorf("stored customers %q, want %q", stored.Customers, want)
			}
		})
	}
}

func TestCreateStaticExactlyAtTheCap(t *testing.T) {
	srv := segmentstest.NewServer(t)
	file := writeFile(t, "customers.txt", customerLines(segments.MaxStaticCustomers))
	r := runAPI(t, sandboxEnv(srv), "", "create", "--name", "all", "--type", "static", "--customers-file", file)
	if r.code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if stored, _ := srv.Segment(decodeSegment(t, r.stdout).ID); len(stored.Customers) != segments.MaxStaticCustomers {
		t.Errorf("stored %d customers", len(stored.Customers))
	}
}

// sdkRefusal returns the SDK's own message refusing a static segment of n
// customers, which the command must show without the SDK's prefix. The message
// names the alternative, an auto-update segment.
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
	return strings.TrimPrefix(err.Error(), "segments: ")
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
	srv := segmentstest.NewServer(t)
	file := writeFile(t, "customers.txt", customerLines(segments.MaxStaticCustomers+1))
	r := runAPI(t, sandboxEnv(srv), "", "create", "--name", "too many", "--type", "static", "--customers-file", file)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2 (the SDK refused the parameters)", r.code)
	}
	if strings.Contains(r.stderr, "sending") {
		t.Errorf("stderr announces a create the SDK refused:\n%s", r.stderr)
	}
	for _, want := range []string{
		"segments create: " + sdkRefusal(t, segments.MaxStaticCustomers+1) + "\n",
		"--type auto-update --filter",
	} {
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
	const filter = `{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}},
		"loyalty_points.campaigns.Tiers 2.points": {"conditions": {"$more_than_equal": [41]}}}`
	for _, typ := range []segments.Type{segments.TypeAutoUpdate, segments.TypePassive} {
		for _, from := range []string{"inline", "file", "stdin"} {
			t.Run(string(typ)+"/"+from, func(t *testing.T) {
				srv := segmentstest.NewServer(t)
				arg, stdin := filter, ""
				switch from {
				case "file":
					arg = "@" + writeFile(t, "filter.json", filter)
				case "stdin":
					arg, stdin = "@-", filter
				}
				r := runAPI(t, sandboxEnv(srv), stdin, "create", "--name", "Gold and Silver", "--type", string(typ), "--filter", arg)
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
	srv := segmentstest.NewServer(t)
	ids := writeFile(t, "ids", "cust_1\n")
	const filter = `{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold"]}}}`
	tests := []struct {
		name string
		args []string
		want string // the first line of stderr
	}{
		{"no name", []string{"--type", "static", "--customers-file", ids}, "invalid Name: must not be empty"},
		{"blank name", []string{"--name", "  ", "--type", "static", "--customers-file", ids}, "invalid Name: must not be empty"},
		{"no type", []string{"--name", "n", "--customers-file", ids}, "invalid Type: must be static, auto-update or passive"},
		{"unknown type", []string{"--name", "n", "--type", "dynamic", "--customers-file", ids}, `invalid Type: unknown type "dynamic"`},
		{"static without file", []string{"--name", "n", "--type", "static"}, "a static segment needs --customers-file FILE (- for standard input)"},
		{"static with filter", []string{"--name", "n", "--type", "static", "--customers-file", ids, "--filter", filter}, "invalid Filter: a static segment takes no filter"},
		{"auto-update without filter", []string{"--name", "n", "--type", "auto-update"}, "invalid Filter: "},
		{"passive with customers", []string{"--name", "n", "--type", "passive", "--filter", filter, "--customers-file", ids}, "invalid Customers: a passive segment takes no customer list"},
		{"malformed filter JSON", []string{"--name", "n", "--type", "auto-update", "--filter", `{"junction": "and",`}, "--filter: not a JSON object"},
		{"filter not an object", []string{"--name", "n", "--type", "auto-update", "--filter", `["and"]`}, "--filter: not a JSON object"},
		{"filter null", []string{"--name", "n", "--type", "auto-update", "--filter", `null`}, "--filter: not a JSON object: null"},
		{"filter with trailing data", []string{"--name", "n", "--type", "auto-update", "--filter", filter + ` {}`}, "--filter: unexpected data after the JSON object"},
		{"filter in the wrong format", []string{"--name", "n", "--type", "auto-update", "--filter", `{"junction": "AND", "x": {"conditions": {"$is": [1]}}}`}, `invalid Filter: key "junction": must be "and" or "or"`},
		{"extra argument", []string{"--name", "n", "--type", "static", "--customers-file", ids, "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		for _, dryRun := range []bool{false, true} {
			args := append([]string{"create"}, tt.args...)
			if dryRun {
				args = append([]string{"create", "--dry-run"}, tt.args...)
			}
			r := runAPI(t, sandboxEnv(srv), "", args...)
			// The refusal comes first: nothing was announced as sent.
			if r.code != 2 || !strings.HasPrefix(r.stderr, "segments create: "+tt.want) || !strings.Contains(r.stderr, "Usage: segments create") {
				t.Errorf("%s (dry run %t): exit code %d, want 2, %q and the usage:\n%s", tt.name, dryRun, r.code, tt.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("%s: stdout %q", tt.name, r.stdout)
			}
		}
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}
}

func TestCreateBadCustomersFile(t *testing.T) {
	srv := segmentstest.NewServer(t)
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "no customer IDs in it (0 lines read)"},
		{"only blank lines", "\n  \n\r\n", "no customer IDs in it (3 lines read)"},
		{"CSV header only", "id,email\n", `no customer IDs in it (1 line read, column "id")`},
		{"semicolon export without an ID column", "cust_1;a@x\ncust_2;b@x\n", "line 1: semicolon-separated columns (cust_1, a@x), but no header names the column of customer IDs"},
		{"one column headed email", "email\na@x\n", `line 1: the only column is "email", not customer IDs`},
		{"CSV with two id columns", "id,customer_id\ncust_1,cust_2\n", "line 1: two columns could hold the customer IDs"},
		{"CSV with a short row", "id,email\ncust_1,a@example.com\ncust_2\n", "line 3: 1 fields, but the header on line 1 has 2"},
		{"CSV with an empty id", "email,id\na@example.com,cust_1\nb@example.com,  \n", `line 3: no customer ID in column "id"`},
		{"CSV with a broken quote", "id,email\n\"cust_1,a@example.com\n", "line 2: a double quote"},
		{"byte order mark in the middle", "cust_1\n\uFEFFcust_2\n", "line 2: a byte order mark (U+FEFF)"},
		{"UTF-16", "\xFF\xFEc\x00", "line 1: the file is UTF-16"},
		{"not UTF-8", "cust_\xFF\n", "line 1: not UTF-8 text"},
	}
	for _, tt := range tests {
		file := writeFile(t, "customers", tt.content)
		r := runAPI(t, sandboxEnv(srv), "", "create", "--name", "n", "--type", "static", "--customers-file", file)
		if want := "segments create: --customers-file " + file + ": " + tt.want; r.code != 1 || !strings.HasPrefix(r.stderr, want) {
			t.Errorf("%s: exit code %d, stderr %q; want 1 and %q", tt.name, r.code, r.stderr, want)
		}
	}
	r := runAPI(t, sandboxEnv(srv), "", "create", "--name", "n", "--type", "static", "--customers-file", t.TempDir()+"/missing")
	if r.code != 1 || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("missing file: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}
}

func TestCreateDryRunSendsNothing(t *testing.T) {
	srv := segmentstest.NewServer(t)
	file := writeFile(t, "vips.csv", "Customer ID;email\ncust_1;a@x\n\ncust_2;b@x\ncust_1;a@x\n")
	// No credentials: a dry run needs none.
	r := runAPI(t, map[string]string{"VOUCHERIFY_API_URL": srv.URL}, "", "create", "--dry-run", "--name", "VIP", "--type", "static", "--customers-file", file)
	if r.code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	want := `segments create: dry run: would send 2 customers (5 lines read, column "Customer ID", 1 duplicate dropped, 1 blank line skipped)` + "\n" +
		"segments create: dry run: the SDK accepts the request; nothing sent\n"
	if r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	var body struct {
		Name      string   `json:"name"`
		Type      string   `json:"type"`
		Customers []string `json:"customers"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &body); err != nil || body.Name != "VIP" || body.Type != "static" ||
		!slices.Equal(body.Customers, []string{"cust_1", "cust_2"}) || !strings.Contains(r.stdout, "\n  \"customers\": [\n") {
		t.Errorf("stdout is not the indented request body: %v\n%s", err, r.stdout)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}

	over := writeFile(t, "many", customerLines(segments.MaxStaticCustomers+1))
	r = runAPI(t, nil, "", "create", "--dry-run", "--name", "VIP", "--type", "static", "--customers-file", over)
	if r.code != 2 || strings.Contains(r.stderr, "would send") || !strings.HasPrefix(r.stderr, "segments create: invalid Customers: ") || r.stdout != "" {
		t.Errorf("over the cap: exit code %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestCreateAnnouncesOnlyWhatItSends checks that "sending N customers" (or, in
// a dry run, "would send") is printed only once the SDK accepted the request
// and a client could be made: not before a refusal.
func TestCreateAnnouncesOnlyWhatItSends(t *testing.T) {
	srv := segmentstest.NewServer(t)
	ids := writeFile(t, "ids", "cust_1\ncust_2\n")
	tooMany := writeFile(t, "many", customerLines(segments.MaxStaticCustomers+1))
	noCredentials := map[string]string{"VOUCHERIFY_API_URL": srv.URL}
	insecure := sandboxEnv(srv)
	insecure["VOUCHERIFY_API_URL"] = "http://api.example.com"
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want string // the first line of stderr
	}{
		{"empty name", sandboxEnv(srv), []string{"--name", "", "--type", "static", "--customers-file", ids}, "segments create: invalid Name: must not be empty"},
		{"empty name, dry run", sandboxEnv(srv), []string{"--dry-run", "--name", "", "--type", "static", "--customers-file", ids}, "segments create: invalid Name: must not be empty"},
		{"too many customers", sandboxEnv(srv), []string{"--name", "n", "--type", "static", "--customers-file", tooMany}, "segments create: invalid Customers: "},
		{"too many customers, dry run", sandboxEnv(srv), []string{"--dry-run", "--name", "n", "--type", "static", "--customers-file", tooMany}, "segments create: invalid Customers: "},
		{"no credentials", noCredentials, []string{"--name", "n", "--type", "static", "--customers-file", ids}, "segments create: no credentials: "},
		{"a base URL the SDK refuses", insecure, []string{"--name", "n", "--type", "static", "--customers-file", ids}, "segments create: invalid option: "},
	} {
		r := runAPI(t, tt.env, "", append([]string{"create"}, tt.args...)...)
		if r.code == 0 || !strings.HasPrefix(r.stderr, tt.want) || strings.Contains(r.stderr, "create: sending") || strings.Contains(r.stderr, "dry run: would send") {
			t.Errorf("%s: exit code %d, stderr:\n%s\nwant %q first and nothing announced as sent", tt.name, r.code, r.stderr, tt.want)
		}
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the sandbox received %v", reqs)
	}
}
