package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/segmentstest"
)

// listServer answers every request with Voucherify's official example of a
// list-segment answer, unchanged, and records the queries it received.
type listServer struct {
	*httptest.Server
	body    []byte
	mu      sync.Mutex
	queries []url.Values
}

func newListServer(t *testing.T) *listServer {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "testdata", "official", "list-segments.response-200.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := &listServer{body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.queries = append(s.queries, r.URL.Query())
		s.mu.Unlock()
		if r.Method != http.MethodGet || r.URL.Path != "/v1/segments" {
			http.Error(w, "unexpected request", http.StatusTeapot)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		s.mu.Lock()
		body := s.body
		s.mu.Unlock()
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *listServer) env() map[string]string {
	return map[string]string{"VOUCHERIFY_API_URL": s.URL, "VOUCHERIFY_APP_ID": "app", "VOUCHERIFY_SECRET_KEY": "key"}
}

func (s *listServer) received() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries
}

// officialLines returns the segments of the official example, each as compact
// JSON on its own line, and its total.
func (s *listServer) officialLines(t *testing.T) (string, int) {
	t.Helper()
	var page struct {
		Data  []json.RawMessage `json:"data"`
		Total int               `json:"total"`
	}
	if err := json.Unmarshal(s.body, &page); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, raw := range page.Data {
		var line bytes.Buffer
		if err := json.Compact(&line, raw); err != nil {
			t.Fatal(err)
		}
		b.Write(line.Bytes())
		b.WriteByte('\n')
	}
	return b.String(), page.Total
}

func TestListPrintsJSONLinesAsTheyCame(t *testing.T) {
	srv := newListServer(t)
	want, total := srv.officialLines(t)
	r := runAPI(t, srv.env(), "", "list", "--name", "Reviewers", "--type", "auto-update,passive", "--limit", "5")
	if r.code != 0 || r.stdout != want {
		t.Fatalf("exit code %d, stdout:\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, want, r.stderr)
	}
	if !strings.Contains(r.stdout, `"updated_at":null`) {
		t.Errorf("stdout lost updated_at: %s", r.stdout)
	}
	if wantErr := "segments list: " + strconv.Itoa(strings.Count(want, "\n")) + " of " + strconv.Itoa(total) + " segments"; !strings.HasPrefix(r.stderr, wantErr) {
		t.Errorf("stderr %q, want %q", r.stderr, wantErr)
	}
	q := srv.received()
	if len(q) != 1 {
		t.Fatalf("%d requests, want 1", len(q))
	}
	if q[0].Get("limit") != "5" || !strings.Contains(q[0].Encode(), "Reviewers") || !strings.Contains(q[0].Encode(), "auto-update") || !strings.Contains(q[0].Encode(), "passive") {
		t.Errorf("query %v lacks the limit, name or types", q[0])
	}
}

func TestListTable(t *testing.T) {
	srv := newListServer(t)
	r := runAPI(t, srv.env(), "", "list", "--table")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) < 2 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "TYPE") || !strings.Contains(lines[0], "CREATED_AT") {
		t.Fatalf("exit code %d, stdout:\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if got := strings.Fields(lines[1]); strings.Join(got, " ") != "seg_5ix74s3gM3N7 auto-update 2023-08-03T10:37:49.285Z Customers with placed order" {
		t.Errorf("first row %q", lines[1])
	}
	if len(lines) != 5 {
		t.Errorf("%d lines, want a header and 4 rows", len(lines))
	}
}

func TestListAll(t *testing.T) {
	srv := newListServer(t)
	want, total := srv.officialLines(t)
	// The official example counts 99 segments in a last page of 4: a server
	// that ends early, which --all reports after printing what came.
	r := runAPI(t, srv.env(), "", "list", "--all")
	if r.code != 1 || r.stdout != want || !strings.Contains(r.stderr, "ended the list early") {
		t.Fatalf("a page of 4 that counts %d: exit code %d, stdout:\n%s\nstderr: %s", total, r.code, r.stdout, r.stderr)
	}
	srv.mu.Lock()
	srv.body = bytes.Replace(srv.body, []byte(`"total": `+strconv.Itoa(total)), []byte(`"total": 4`), 1)
	srv.mu.Unlock()
	srv.queries = nil
	r = runAPI(t, srv.env(), "", "list", "--all")
	n := strings.Count(want, "\n")
	if r.code != 0 || r.stdout != want || r.stderr != "segments list: "+strconv.Itoa(n)+" segments\n" {
		t.Fatalf("exit code %d, stdout:\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	// A page shorter than the page size (100) is the last.
	if q := srv.received(); len(q) != 1 || q[0].Get("limit") != "100" {
		t.Errorf("queries %v, want one with limit 100", q)
	}
}

func TestListRefusesBadParamsBeforeSending(t *testing.T) {
	srv := newListServer(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--limit", "101"}, "segments list: invalid Limit: 101 is not between 1 and 100"},
		{[]string{"list", "--all", "--limit", "-1"}, "segments list: invalid Limit: -1"},
		{[]string{"list", "--type", "dynamic"}, `segments list: invalid Types: unknown type "dynamic"`},
		{[]string{"list", "extra"}, `segments list: unexpected argument "extra"`},
	} {
		r := runAPI(t, srv.env(), "", tt.args...)
		if r.code != 2 || !strings.HasPrefix(r.stderr, tt.want) || !strings.Contains(r.stderr, "Usage: segments list") || r.stdout != "" {
			t.Errorf("%q: exit code %d, stdout %q, stderr:\n%s", tt.args, r.code, r.stdout, r.stderr)
		}
	}
	if q := srv.received(); len(q) != 0 {
		t.Errorf("the server received %v", q)
	}
}

// TestListAllAgainstTheSandbox lists the sandbox's 250 segments, under three
// names, with --all in pages of 100: each is printed once. Then one page of
// one name, with the total.
func TestListAllAgainstTheSandbox(t *testing.T) {
	srv := segmentstest.NewServer(t)
	created := map[string]bool{}
	for i := range 250 {
		seg, err := srv.Client.Create(t.Context(), segments.CreateParams{Name: "list " + strconv.Itoa(i%3), Type: segments.TypeStatic, Customers: []string{"cust_1"}})
		if err != nil {
			t.Fatal(err)
		}
		created[seg.ID] = true
	}
	r := runAPI(t, sandboxEnv(srv), "", "list", "--all", "--limit", "100")
	if r.code != 0 || r.stderr != "segments list: 250 segments\n" {
		t.Fatalf("exit code %d, stderr %q", r.code, r.stderr)
	}
	for line := range strings.Lines(r.stdout) {
		var seg struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &seg); err != nil || !created[seg.ID] {
			t.Fatalf("line %q: %v, or not a segment created once", line, err)
		}
		delete(created, seg.ID)
	}
	if len(created) != 0 {
		t.Errorf("%d segments not listed", len(created))
	}

	r = runAPI(t, sandboxEnv(srv), "", "list", "--name", "list 1", "--limit", "10")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 10 || r.stderr != "segments list: 10 of 83 segments (--all for every one)\n" {
		t.Errorf("one page by name: exit code %d, %d lines, stderr %q", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
}
