package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// listPage is the answer of list.
type listPage struct {
	Object  string `json:"object"`
	DataRef string `json:"data_ref"`
	Data    []struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Type      string `json:"type"`
		CreatedAt string `json:"created_at"`
	} `json:"data"`
	Total int `json:"total"`
}

func (ts *testServer) list(query string) listPage {
	ts.t.Helper()
	rec := ts.do(request(http.MethodGet, "/v1/segments?"+query, nil))
	if rec.Code != http.StatusOK {
		ts.t.Fatalf("list ?%s: %d %s", query, rec.Code, rec.Body)
	}
	var p listPage
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		ts.t.Fatal(err)
	}
	if p.Object != "list" || p.DataRef != "data" {
		ts.t.Errorf("list ?%s: object %q, data_ref %q", query, p.Object, p.DataRef)
	}
	return p
}

func (p listPage) names() []string {
	var out []string
	for _, s := range p.Data {
		out = append(out, s.Name)
	}
	return out
}

// TestList creates five segments a day apart, and two more in the same millisecond,
// and lists them with each parameter and operator.
func TestList(t *testing.T) {
	ts := newTestServer(t, Config{})
	start := ts.clock.Now().Truncate(time.Millisecond) // as created_at is stored
	ids := map[string]string{}
	add := func(name, body string) {
		seg := ts.create([]byte(body))
		ids[name] = seg["id"].(string)
	}
	for _, n := range []string{"a1", "a2", "b1", "b2"} {
		add(n, `{"name":"`+n+`","type":"static","customers":["c"]}`)
		ts.clock.Advance(24 * time.Hour)
	}
	add("vip", `{"name":"vip","type":"passive","filter":{"junction":"and"}}`)
	// Two in the same millisecond: ties go by order of creation.
	add("t1", `{"name":"t1","type":"auto-update","filter":{"junction":"and"}}`)
	add("t2", `{"name":"t2","type":"auto-update","filter":{"junction":"and"}}`)
	day := func(n int) string {
		return url.QueryEscape(start.Add(time.Duration(n) * 24 * time.Hour).Format(time.RFC3339Nano))
	}
	f := func(field, op string) string {
		return "filters[" + field + "][conditions][" + op + "]"
	}

	tests := []struct {
		query string
		want  []string
		total int
	}{
		{"", []string{"t2", "t1", "vip", "b2", "b1", "a2", "a1"}, 7},
		{"order=-created_at", []string{"t2", "t1", "vip", "b2", "b1", "a2", "a1"}, 7},
		{"order=created_at", []string{"a1", "a2", "b1", "b2", "vip", "t1", "t2"}, 7},
		{"limit=2", []string{"t2", "t1"}, 7},
		{"limit=2&order=created_at", []string{"a1", "a2"}, 7},
		{f("name", "$is") + "=b1", []string{"b1"}, 1},
		{f("name", "$is_not") + "=b1&limit=100", []string{"t2", "t1", "vip", "b2", "a2", "a1"}, 6},
		{f("name", "$in") + "[0]=a1&" + f("name", "$in") + "[1]=b2", []string{"b2", "a1"}, 2},
		{f("name", "$in") + "=a1&" + f("name", "$in") + "=b2", []string{"b2", "a1"}, 2},
		{f("name", "$in") + "[]=a1", []string{"a1"}, 1},
		{f("id", "$not_in") + "[0]=" + ids["t2"] + "&" + f("id", "$not_in") + "[1]=" + ids["vip"], []string{"t1", "b2", "b1", "a2", "a1"}, 5},
		{f("name", "$starts_with") + "=a", []string{"a2", "a1"}, 2},
		{f("name", "$ends_with") + "=2", []string{"t2", "b2", "a2"}, 3},
		{f("name", "$contains") + "=i", []string{"vip"}, 1},
		{f("name", "$not_contain") + "=1", []string{"t2", "vip", "b2", "a2"}, 4},
		{f("name", "$has_value") + "=", []string{"t2", "t1", "vip", "b2", "b1", "a2", "a1"}, 7},
		{f("name", "$is_unknown") + "=", nil, 0},
		{f("type", "$is") + "=static", []string{"b2", "b1", "a2", "a1"}, 4},
		{f("type", "$in") + "[0]=passive&" + f("type", "$in") + "[1]=auto-update", []string{"t2", "t1", "vip"}, 3},
		{f("type", "$not_in") + "[0]=static", []string{"t2", "t1", "vip"}, 3},
		{f("id", "$is") + "=" + ids["b1"], []string{"b1"}, 1},
		{"ids=" + ids["a1"] + "&ids=" + ids["t1"], []string{"t1", "a1"}, 2},
		// created_at: $after and $before are strict.
		{f("created_at", "$after") + "=" + day(1), []string{"t2", "t1", "vip", "b2", "b1"}, 5},
		{f("created_at", "$before") + "=" + day(1), []string{"a1"}, 1},
		{f("created_at", "$after") + "=" + day(0) + "&" + f("created_at", "$before") + "=" + day(3), []string{"b1", "a2"}, 2},
		{f("created_at", "$has_value") + "=", []string{"t2", "t1", "vip", "b2", "b1", "a2", "a1"}, 7},
		{f("created_at", "$is_unknown") + "=", nil, 0},
		// Now is day 4 on the fake clock: a1 is 4 days old, a2 3 days.
		{f("created_at", "$more_than") + "=2", []string{"b1", "a2", "a1"}, 3},
		{f("created_at", "$less_than") + "=2", []string{"t2", "t1", "vip", "b2"}, 4},
		// Junctions: and (the default) across fields, or when asked.
		{f("type", "$is") + "=static&" + f("name", "$starts_with") + "=b", []string{"b2", "b1"}, 2},
		{"filters[junction]=and&" + f("type", "$is") + "=static&" + f("name", "$starts_with") + "=b", []string{"b2", "b1"}, 2},
		{"filters[junction]=or&" + f("type", "$is") + "=passive&" + f("name", "$is") + "=a1", []string{"vip", "a1"}, 2},
		// Several operators on one field always hold together.
		{"filters[junction]=or&" + f("name", "$starts_with") + "=a&" + f("name", "$ends_with") + "=2", []string{"a2"}, 1},
		// Paging as the SDK does: before the last instant, minus the IDs seen at it.
		{"limit=1&" + f("created_at", "$before") + "=" + day(5) + "&" + f("id", "$not_in") + "[0]=" + ids["t2"], []string{"t1"}, 6},
	}
	for _, tt := range tests {
		p := ts.list(tt.query)
		if !slices.Equal(p.names(), tt.want) || p.Total != tt.total {
			t.Errorf("?%s: %v total %d, want %v total %d", tt.query, p.names(), p.Total, tt.want, tt.total)
		}
	}
}

// TestListManyInOneMillisecond: 150 segments created at one instant are listed in a
// stable order, and paging through them with $not_in sees each exactly once.
func TestListManyInOneMillisecond(t *testing.T) {
	ts := newTestServer(t, Config{})
	const n = 150
	for i := range n {
		ts.create([]byte(`{"name":"s` + strconv.Itoa(i) + `","type":"static","customers":[]}`))
	}
	seen := map[string]bool{}
	var notIn []string
	for range 3 {
		q := url.Values{"limit": {"100"}}
		for i, id := range notIn {
			q.Set("filters[id][conditions][$not_in]["+strconv.Itoa(i)+"]", id)
		}
		p := ts.list(q.Encode())
		if p.Total != n-len(notIn) {
			t.Errorf("total %d, want %d", p.Total, n-len(notIn))
		}
		for _, s := range p.Data {
			if seen[s.ID] {
				t.Fatalf("%s listed twice", s.ID)
			}
			seen[s.ID] = true
			notIn = append(notIn, s.ID)
		}
	}
	if len(seen) != n {
		t.Errorf("%d segments seen, want %d", len(seen), n)
	}
	first, again := ts.list("limit=100"), ts.list("limit=100")
	if !slices.Equal(first.names(), again.names()) || first.names()[0] != "s149" {
		t.Errorf("the order of ties is not stable or not newest first: %v", first.names()[:3])
	}
}
