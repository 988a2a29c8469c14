package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/voucherify-go/segments"
)

// upstreamSpecPath is Voucherify's current spec of the segments API, vendored
// unchanged in the repository (contract/upstream/source.yaml says from where).
// It is the only published description of list, so the SDK's list requests
// are checked against it, not against our own openapi.yaml.
const upstreamSpecPath = "../../contract/upstream/segments.json"

// upstreamListServer answers list from a fixed set of segments, as Voucherify
// documents it: limit (default 10), order by created_at, deepObject filters
// combined by junction, ids. It first validates each request against the
// upstream spec, refusing with a 400 (and recording) any request it does not
// allow, and checks each of its answers against the spec too.
type upstreamListServer struct {
	*httptest.Server
	t        *testing.T
	router   routers.Router
	segments []segments.Segment
	mu       sync.Mutex
	refused  []string
	requests int
}

func newUpstreamListServer(t *testing.T, segs []segments.Segment) *upstreamListServer {
	t.Helper()
	router, err := legacy.NewRouter(loadSpec(t, upstreamSpecPath))
	if err != nil {
		t.Fatal(err)
	}
	s := &upstreamListServer{t: t, router: router, segments: segs}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *upstreamListServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	route, params, err := s.router.FindRoute(r)
	if err == nil && route.Operation.OperationID != "list-segment" {
		err = fmt.Errorf("this server answers list only, not %s", route.Operation.OperationID)
	}
	if err == nil {
		err = openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
				if in.SecuritySchemeName != "X-Voucherify-OAuth" && r.Header.Get("X-App-Id") == "app" && r.Header.Get("X-App-Token") == "key" {
					return nil
				}
				return fmt.Errorf("%s: bad credentials", in.SecuritySchemeName)
			}},
		})
	}
	var page []segments.Segment
	var total int
	if err == nil {
		page, total, err = s.list(r.URL.Query())
	}
	if err != nil {
		s.mu.Lock()
		s.refused = append(s.refused, fmt.Sprintf("%s %s: %v", r.Method, r.URL, err))
		s.mu.Unlock()
		w.WriteHeader(http.StatusBadRequest)
		return
	}

	out, err := json.Marshal(map[string]any{"object": "list", "data_ref": "data", "data": page, "total": total})
	if err != nil {
		s.t.Error(err)
	}
	w.Header().Set("Content-Type", "application/json")
	check := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 http.StatusOK, Header: w.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	check.SetBodyBytes(out)
	if err := openapi3filter.ValidateResponse(r.Context(), check); err != nil {
		s.t.Errorf("the upstream spec refuses the server's own list answer: %v", err)
	}
	_, _ = w.Write(out)
}

// filterKey splits filters[field][conditions][$op] and filters[field][conditions][$op][i].
var filterKey = regexp.MustCompile(`^filters\[([a-z_]+)\]\[conditions\]\[(\$[a-z_]+)\](?:\[(\d+)\])?$`)

// list applies the query to the segments as Voucherify documents it.
func (s *upstreamListServer) list(q url.Values) ([]segments.Segment, int, error) {
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, 0, err
		}
		limit = n
	}
	junction := cmp.Or(q.Get("filters[junction]"), "and")
	type condition struct {
		field, op string
		values    []string
	}
	var conds []*condition
	byKey := map[string]*condition{}
	for key, values := range q {
		m := filterKey.FindStringSubmatch(key)
		if m == nil {
			if strings.HasPrefix(key, "filters[") && key != "filters[junction]" {
				return nil, 0, fmt.Errorf("unknown filter %s", key)
			}
			continue
		}
		c := byKey[m[1]+m[2]]
		if c == nil {
			c = &condition{field: m[1], op: m[2]}
			byKey[m[1]+m[2]] = c
			conds = append(conds, c)
		}
		c.values = append(c.values, values...)
	}
	holds := func(seg segments.Segment, c *condition) (bool, error) {
		value := map[string]string{"id": seg.ID, "name": seg.Name, "type": string(seg.Type)}[c.field]
		first := ""
		if len(c.values) > 0 {
			first = c.values[0]
		}
		if c.field == "created_at" {
			at, err := time.Parse(time.RFC3339Nano, first)
			if err != nil {
				return false, fmt.Errorf("%s %s: %w", c.field, c.op, err)
			}
			switch c.op {
			case "$after":
				return seg.CreatedAt.After(at), nil
			case "$before":
				return seg.CreatedAt.Before(at), nil
			}
			return false, fmt.Errorf("created_at %s: not served here", c.op)
		}
		switch c.op {
		case "$in":
			return slices.Contains(c.values, value), nil
		case "$not_in":
			return !slices.Contains(c.values, value), nil
		case "$is":
			return value == first, nil
		case "$is_not":
			return value != first, nil
		case "$starts_with":
			return strings.HasPrefix(value, first), nil
		case "$ends_with":
			return strings.HasSuffix(value, first), nil
		case "$contains":
			return strings.Contains(value, first), nil
		case "$not_contain":
			return !strings.Contains(value, first), nil
		}
		return false, fmt.Errorf("%s %s: not served here", c.field, c.op)
	}

	var match []segments.Segment
	for _, seg := range s.segments {
		if ids := q["ids"]; len(ids) > 0 && !slices.Contains(ids, seg.ID) {
			continue
		}
		in := junction == "and" || len(conds) == 0
		for _, c := range conds {
			ok, err := holds(seg, c)
			if err != nil {
				return nil, 0, err
			}
			if junction == "and" {
				in = in && ok
			} else {
				in = in || ok
			}
		}
		if in {
			match = append(match, seg)
		}
	}
	newestFirst := q.Get("order") != "created_at"
	slices.SortStableFunc(match, func(a, b segments.Segment) int {
		if newestFirst {
			a, b = b, a
		}
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return match[:min(limit, len(match))], len(match), nil
}

func (s *upstreamListServer) requestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *upstreamListServer) refusals() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.refused)
}

// seedSegments makes n segments of the three types, a millisecond apart,
// except that every tenth group of 20 shares one millisecond: paging by
// created_at must neither skip nor repeat those.
func seedSegments(n int) []segments.Segment {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	types := []segments.Type{segments.TypeStatic, segments.TypeAutoUpdate, segments.TypePassive}
	out := make([]segments.Segment, n)
	for i := range out {
		at := start.Add(time.Duration(i) * time.Millisecond)
		if i/20%10 == 3 {
			at = start.Add(time.Duration(i/20*20) * time.Millisecond)
		}
		out[i] = segments.Segment{
			ID:        fmt.Sprintf("seg_%024d", i),
			Name:      fmt.Sprintf("segment %d", i),
			CreatedAt: at,
			Type:      types[i%3],
			Object:    "segment",
		}
	}
	return out
}

func listClient(t *testing.T, url string) *segments.Client {
	t.Helper()
	t.Setenv(segments.EnvAppID, "app")
	t.Setenv(segments.EnvSecretKey, "key")
	t.Setenv(segments.EnvAPIURL, url)
	client, err := segments.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func ids(segs []segments.Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.ID
	}
	return out
}

func TestListRoundTripAgainstTheUpstreamSpec(t *testing.T) {
	seeds := seedSegments(250)
	srv := newUpstreamListServer(t, seeds)
	client := listClient(t, srv.URL)
	ctx := context.Background()

	cases := []struct {
		name   string
		params segments.ListParams
		want   []segments.Segment // in order
		total  int
	}{
		{"first page, API defaults", segments.ListParams{}, reversed(seeds)[:10], 250},
		{"limit and oldest first", segments.ListParams{Limit: 5, Order: segments.OrderOldestFirst}, seeds[:5], 250},
		{"largest page", segments.ListParams{Limit: segments.MaxListLimit, Order: segments.OrderNewestFirst}, reversed(seeds)[:100], 250},
		{"exact name", segments.ListParams{Name: "segment 7"}, seeds[7:8], 1},
		{"types", segments.ListParams{Types: []segments.Type{segments.TypePassive}, Limit: 2, Order: segments.OrderOldestFirst}, []segments.Segment{seeds[2], seeds[5]}, 83},
		{"ids", segments.ListParams{IDs: []string{seeds[9].ID, seeds[4].ID}}, []segments.Segment{seeds[9], seeds[4]}, 2},
		{"created between", segments.ListParams{CreatedAfter: seeds[40].CreatedAt, CreatedBefore: seeds[45].CreatedAt, Order: segments.OrderOldestFirst}, seeds[41:45], 4},
		{"other documented conditions", segments.ListParams{Order: segments.OrderOldestFirst, Where: []segments.ListCondition{
			{Field: "name", Operator: "$starts_with", Value: "segment 24"},
			{Field: "id", Operator: "$not_in", Value: []string{seeds[24].ID, seeds[240].ID}},
		}}, seeds[241:250], 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := client.List(ctx, c.params)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ids(page.Segments), ids(c.want); !slices.Equal(got, want) || page.Total != c.total {
				t.Errorf("List(%+v) = %v (total %d), want %v (total %d)", c.params, got, page.Total, want, c.total)
			}
		})
	}

	t.Run("All, newest first, pages of 7", func(t *testing.T) {
		before := srv.requestCount()
		var got []segments.Segment
		for seg, err := range client.All(ctx, segments.ListParams{Limit: 7}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, *seg)
		}
		assertEverySegmentOnce(t, got, seeds, true)
		if pages := srv.requestCount() - before; pages < 250/7 {
			t.Errorf("All made %d requests for 250 segments in pages of 7", pages)
		}
	})
	t.Run("All, oldest first, one type", func(t *testing.T) {
		var want, got []segments.Segment
		for _, s := range seeds {
			if s.Type == segments.TypeStatic {
				want = append(want, s)
			}
		}
		for seg, err := range client.All(ctx, segments.ListParams{Limit: 9, Order: segments.OrderOldestFirst, Types: []segments.Type{segments.TypeStatic}}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, *seg)
		}
		assertEverySegmentOnce(t, got, want, false)
	})

	if r := srv.refusals(); len(r) != 0 {
		t.Fatalf("the upstream spec refused the SDK's list requests: %v", r)
	}
}

// assertEverySegmentOnce checks got holds each of want exactly once, in
// created_at order (the order within one millisecond is the server's).
func assertEverySegmentOnce(t *testing.T, got, want []segments.Segment, newestFirst bool) {
	t.Helper()
	seen := map[string]int{}
	for i, s := range got {
		seen[s.ID]++
		if i > 0 {
			order := got[i-1].CreatedAt.Compare(s.CreatedAt)
			if newestFirst && order < 0 || !newestFirst && order > 0 {
				t.Errorf("segment %d (%s, %s) is out of order after %s", i, s.ID, s.CreatedAt, got[i-1].CreatedAt)
			}
		}
	}
	for _, s := range want {
		if seen[s.ID] != 1 {
			t.Errorf("%s returned %d times, want once", s.ID, seen[s.ID])
		}
	}
	if len(got) != len(want) {
		t.Errorf("All returned %d segments, want %d", len(got), len(want))
	}
}

func reversed(segs []segments.Segment) []segments.Segment {
	out := slices.Clone(segs)
	slices.Reverse(out)
	return out
}

func TestTheUpstreamListServerRejectsNonConformingRequests(t *testing.T) {
	srv := newUpstreamListServer(t, seedSegments(3))
	// Not the SDK: list requests the upstream spec forbids. The server must
	// refuse them, or the round trip above would prove nothing.
	bad := []struct{ query, token string }{
		{"limit=101", "key"},
		{"limit=0", "key"},
		{"order=name", "key"},
		{"filters[type][conditions][$is]=dynamic", "key"},
		{"filters[created_at][conditions][$after]=yesterday", "key"},
		{"filters[junction]=AND", "key"},
		{"", "wrong"},
	}
	for _, b := range bad {
		if got := statusOf(t, http.MethodGet, srv.URL+"/v1/segments?"+b.query, "", b.token); got != http.StatusBadRequest {
			t.Errorf("GET /v1/segments?%s (token %s): status %d, want 400", b.query, b.token, got)
		}
	}
	if n := len(srv.refusals()); n != len(bad) {
		t.Errorf("%d refusals, want %d", n, len(bad))
	}
}
