package segments_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

func TestListSendsTheContractsQuery(t *testing.T) {
	var got url.Values
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.Query()
		answer(http.StatusOK, fixture(t, "list-segments.response-200.json"))(w, r)
	}))
	c := newTestClient(t, srv.URL)
	after := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.FixedZone("CET", 3600))
	page, err := c.List(context.Background(), segments.ListParams{
		Limit:        25,
		Order:        segments.OrderOldestFirst,
		Name:         "VIP",
		Types:        []segments.Type{segments.TypeStatic, segments.TypePassive},
		IDs:          []string{"seg_1", "seg 2&x"},
		CreatedAfter: after,
		Where:        []segments.ListCondition{{Field: "id", Operator: "$starts_with", Value: "seg_"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"limit":                                   {"25"},
		"order":                                   {"created_at"},
		"filters[name][conditions][$is]":          {"VIP"},
		"filters[type][conditions][$in][0]":       {"static"},
		"filters[type][conditions][$in][1]":       {"passive"},
		"filters[created_at][conditions][$after]": {"2026-01-02T02:04:05.006Z"},
		"filters[id][conditions][$starts_with]":   {"seg_"},
		"ids":                                     {"seg_1", "seg 2&x"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("query\n got %v\nwant %v", got, want)
	}
	if page.Total != 99 || len(page.Segments) != 4 || page.Segments[0].ID != "seg_5ix74s3gM3N7" || page.Segments[3].Name != "Sign up customers" {
		t.Errorf("page = %+v", page)
	}
	if page.Segments[0].Filter["junction"] != "and" || page.Segments[0].UpdatedAt != nil {
		t.Errorf("first segment = %+v", page.Segments[0])
	}
}

func TestListWithoutParamsSendsNoQuery(t *testing.T) {
	var raw string
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		answer(http.StatusOK, []byte(`{"object":"list","data_ref":"data","data":[],"total":0}`))(w, r)
	}))
	page, err := newTestClient(t, srv.URL).List(context.Background(), segments.ListParams{})
	if err != nil || raw != "" || page.Total != 0 || len(page.Segments) != 0 {
		t.Errorf("List() = %+v, %v; query %q, want none", page, err, raw)
	}
}

func TestListRefusesBadParamsWithoutSending(t *testing.T) {
	cases := map[string]segments.ListParams{
		"limit 101":              {Limit: 101},
		"negative limit":         {Limit: -1},
		"unknown order":          {Order: "name"},
		"unknown type":           {Types: []segments.Type{"dynamic"}},
		"empty ID":               {IDs: []string{"seg_1", " "}},
		"ID not UTF-8":           {IDs: []string{"seg_\xff"}},
		"name not UTF-8":         {Name: "VIP\xfe"},
		"after not before":       {CreatedAfter: time.Unix(20, 0), CreatedBefore: time.Unix(10, 0)},
		"undocumented field":     {Where: []segments.ListCondition{{Field: "customers", Operator: "$is", Value: "x"}}},
		"undocumented operator":  {Where: []segments.ListCondition{{Field: "name", Operator: "$like", Value: "x"}}},
		"operator without $":     {Where: []segments.ListCondition{{Field: "name", Operator: "is", Value: "x"}}},
		"junction as a field":    {Where: []segments.ListCondition{{Field: "junction", Operator: "$is", Value: "or"}}},
		"wrong value type":       {Where: []segments.ListCondition{{Field: "name", Operator: "$in", Value: "VIP"}}},
		"date that is not one":   {Where: []segments.ListCondition{{Field: "created_at", Operator: "$before", Value: "yesterday"}}},
		"set twice":              {Name: "VIP", Where: []segments.ListCondition{{Field: "name", Operator: "$is", Value: "VIP"}}},
		"value not UTF-8":        {Where: []segments.ListCondition{{Field: "name", Operator: "$in", Value: []string{"a\xff"}}}},
		"type value not encoded": {Where: []segments.ListCondition{{Field: "type", Operator: "$is", Value: func() {}}}},
	}
	srv := contracttest.NewServer(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		t.Errorf("the server received %s", r.URL)
	}))
	c := newTestClient(t, srv.URL)
	for name, p := range cases {
		_, err := c.List(context.Background(), p)
		var ve *segments.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, segments.ErrInvalidParams) {
			t.Errorf("%s: err = %v, want a *ValidationError", name, err)
		}
		for _, err := range c.All(context.Background(), p) {
			if !errors.As(err, &ve) {
				t.Errorf("%s: All: err = %v, want a *ValidationError", name, err)
			}
		}
	}
	for _, w := range []segments.ListCondition{{Field: "created_at", Operator: "$before", Value: time.Now()}, {Field: "created_at", Operator: "$after", Value: time.Now()}, {Field: "id", Operator: "$not_in", Value: []string{"a"}}} {
		for _, err := range c.All(context.Background(), segments.ListParams{Where: []segments.ListCondition{w}}) {
			if !errors.Is(err, segments.ErrInvalidParams) {
				t.Errorf("All with Where %s %s: err = %v, want ErrInvalidParams (it pages with it)", w.Field, w.Operator, err)
			}
		}
	}
}

func TestListAnswersHeldToTheContract(t *testing.T) {
	seg := `{"id":"seg_1","name":"n","created_at":"2026-01-01T00:00:00.000Z","updated_at":null,"type":"static","filter":null,"object":"segment"}`
	cases := map[string]string{
		"data missing":             `{"object":"list","data_ref":"data","total":1}`,
		"segments instead of data": `{"object":"list","data_ref":"data","segments":[` + seg + `],"total":1}`,
		"total missing":            `{"object":"list","data_ref":"data","data":[]}`,
		"a segment without id":     `{"object":"list","data_ref":"data","data":[{"name":"n","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":null,"object":"segment"}],"total":1}`,
		"keys differing in case":   `{"object":"list","data_ref":"data","data":[` + seg + `],"total":1,"Total":5}`,
		"a segment's id twice":     `{"object":"list","data_ref":"data","data":[` + strings.Replace(seg, `"name"`, `"ID":"seg_3","name"`, 1) + `],"total":1}`,
		"data not an array":        `{"object":"list","data_ref":"data","data":{},"total":1}`,
		"null":                     `null`,
		// Issue 19, case 6: answers encoding/json alone would take.
		"a duplicate key":           `{"object":"list","data_ref":"data","data":[` + strings.Replace(seg, `"id":"seg_1"`, `"id":"seg_real","id":"seg_FAKE"`, 1) + `],"total":1}`,
		"a negative total":          `{"object":"list","data_ref":"data","data":[],"total":-5}`,
		"an unknown type":           `{"object":"list","data_ref":"data","data":[` + strings.Replace(seg, `"static"`, `"bogus"`, 1) + `],"total":1}`,
		"an unknown object":         `{"object":"thing","data_ref":"data","data":[],"total":0}`,
		"an unknown segment object": `{"object":"list","data_ref":"data","data":[` + strings.Replace(seg, `"object":"segment"`, `"object":"thing"`, 1) + `],"total":1}`,
		"more items than the total": `{"object":"list","data_ref":"data","data":[` + seg + `],"total":0}`,
		"one ID twice in a page":    `{"object":"list","data_ref":"data","data":[` + seg + `,` + seg + `],"total":2}`,
		// The second segment lacks its id.
		"a later segment without id": `{"object":"list","data_ref":"data","data":[` + seg + `,{"name":"n","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":null,"object":"segment"}],"total":2}`,
	}
	// What some of them are told: the segment, by its place in the page.
	says := map[string]string{
		"a segment without id":       `data[0]: the required key "id" is missing`,
		"a later segment without id": `data[1]: the required key "id" is missing`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			srv := contracttest.NewServer(t, answer(http.StatusOK, []byte(body)), contracttest.AllowInvalidResponses())
			_, err := newTestClient(t, srv.URL).List(context.Background(), segments.ListParams{})
			var ue *segments.UnexpectedResponseError
			if !errors.Is(err, segments.ErrUnexpectedResponse) || !errors.As(err, &ue) || ue.Operation != "list-segment" {
				t.Errorf("err = %v, want an *UnexpectedResponseError", err)
			}
			if want, ok := says[name]; ok && (ue == nil || !strings.Contains(ue.Reason, want)) {
				t.Errorf("err = %v, want it to say %q", err, want)
			}
		})
	}
}

// fakeList answers list-segment over a fixed set of segments, as the contract
// describes it: created_at bounds, id $not_in, name $is, order, limit. It
// records each request's query.
type fakeList struct {
	mu        sync.Mutex
	segments  []segments.Segment
	queries   []url.Values
	ignoreNot bool // answer as a server that ignores $not_in
}

var notInKey = regexp.MustCompile(`^filters\[id\]\[conditions\]\[\$not_in\]\[\d+\]$`)

func (f *fakeList) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	excluded := map[string]bool{}
	for k, v := range q {
		if notInKey.MatchString(k) && !f.ignoreNot {
			excluded[v[0]] = true
		}
	}
	bound := func(key string) (time.Time, bool) {
		v := q.Get("filters[created_at][conditions][" + key + "]")
		t, err := time.Parse(time.RFC3339Nano, v)
		return t, err == nil
	}
	before, hasBefore := bound("$before")
	after, hasAfter := bound("$after")
	match := []segments.Segment{}
	for _, s := range f.segments {
		if excluded[s.ID] || (hasBefore && !s.CreatedAt.Before(before)) || (hasAfter && !s.CreatedAt.After(after)) {
			continue
		}
		if name := q.Get("filters[name][conditions][$is]"); name != "" && s.Name != name {
			continue
		}
		match = append(match, s)
	}
	oldest := q.Get("order") == "created_at"
	slices.SortStableFunc(match, func(a, b segments.Segment) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			if oldest {
				return c
			}
			return -c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	limit := 10
	if l, err := strconv.Atoi(q.Get("limit")); err == nil {
		limit = l
	}
	total := len(match)
	match = match[:min(limit, len(match))]
	body, _ := json.Marshal(map[string]any{"object": "list", "data_ref": "data", "data": match, "total": total})
	answer(http.StatusOK, body)(w, r)
}

// manySegments makes n segments, the first `same` of them created in one
// millisecond and the rest a millisecond apart.
func manySegments(n, same int) []segments.Segment {
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	out := make([]segments.Segment, n)
	for i := range out {
		at := base
		if i >= same {
			at = base.Add(time.Duration(i-same+1) * time.Millisecond)
		}
		out[i] = segments.Segment{ID: fmt.Sprintf("seg_%05d", i), Name: "s", CreatedAt: at, Type: segments.TypeStatic, Object: "segment"}
	}
	return out
}

func TestAllReturnsEverySegmentOnceAcrossTiedMilliseconds(t *testing.T) {
	for _, order := range []segments.ListOrder{segments.OrderNewestFirst, segments.OrderOldestFirst} {
		t.Run(string(order), func(t *testing.T) {
			f := &fakeList{segments: manySegments(730, 250)}
			srv := contracttest.NewServer(t, f)
			var got []segments.Segment
			for seg, err := range newTestClient(t, srv.URL).All(context.Background(), segments.ListParams{Order: order}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, *seg)
			}
			seen := map[string]bool{}
			for i, s := range got {
				if seen[s.ID] {
					t.Fatalf("%s returned twice", s.ID)
				}
				seen[s.ID] = true
				if i > 0 && ((order == segments.OrderOldestFirst) != !s.CreatedAt.Before(got[i-1].CreatedAt)) && !s.CreatedAt.Equal(got[i-1].CreatedAt) {
					t.Fatalf("out of order at %d: %s after %s", i, s.CreatedAt, got[i-1].CreatedAt)
				}
			}
			if len(got) != len(f.segments) {
				t.Errorf("All returned %d segments, want %d", len(got), len(f.segments))
			}
			// 730 segments in pages of 100: 8 pages, the last one short.
			if len(f.queries) != 8 {
				t.Errorf("%d requests, want 8", len(f.queries))
			}
		})
	}
}

func TestAllStopsWhenTheCallerBreaksOrTheContextEnds(t *testing.T) {
	f := &fakeList{segments: manySegments(500, 0)}
	srv := contracttest.NewServer(t, f)
	c := newTestClient(t, srv.URL)
	n := 0
	for _, err := range c.All(context.Background(), segments.ListParams{Limit: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if len(f.queries) != 2 {
		t.Errorf("breaking after 15 of pages of 10 made %d requests, want 2", len(f.queries))
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	n = 0
	for _, err := range c.All(ctx, segments.ListParams{Limit: 10}) {
		if err != nil {
			last = err
			continue
		}
		if n++; n == 5 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) || n != 5 {
		t.Errorf("after cancelling: %d segments, last error %v; want 5 then context.Canceled", n, last)
	}
}

func TestAllRefusesAServerThatRepeatsItself(t *testing.T) {
	f := &fakeList{segments: manySegments(30, 30), ignoreNot: true}
	srv := contracttest.NewServer(t, f)
	var n int
	var last error
	for _, err := range newTestClient(t, srv.URL).All(context.Background(), segments.ListParams{Limit: 10}) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	if !errors.Is(last, segments.ErrUnexpectedResponse) || n != 10 {
		t.Errorf("%d segments, error %v; want 10 then ErrUnexpectedResponse", n, last)
	}
}

// TestListConditionsNeverWiden: a condition that the API would drop, or that
// names a field or operator in another letter case, is refused before
// anything is sent; dropped, it would match every segment (issue 19, cases 3
// and 4).
func TestListConditionsNeverWiden(t *testing.T) {
	var toDelete []string // empty: nothing to delete
	cases := map[string]segments.ListParams{
		"id $in nil":               {Where: []segments.ListCondition{{Field: "id", Operator: "$in", Value: toDelete}}},
		"id $in empty":             {Where: []segments.ListCondition{{Field: "id", Operator: "$in", Value: []string{}}}},
		"name $in empty":           {Where: []segments.ListCondition{{Field: "name", Operator: "$in", Value: []string{}}}},
		"type $in empty":           {Where: []segments.ListCondition{{Field: "type", Operator: "$in", Value: []segments.Type{}}}},
		"IDs empty, not nil":       {IDs: []string{}},
		"Types empty, not nil":     {Types: []segments.Type{}},
		"field in upper case":      {Name: "b", Where: []segments.ListCondition{{Field: "NAME", Operator: "$is", Value: "a"}}},
		"operator in upper case":   {Where: []segments.ListCondition{{Field: "name", Operator: "$IS", Value: "a"}}},
		"field in mixed case":      {Where: []segments.ListCondition{{Field: "Created_At", Operator: "$more_than", Value: 3}}},
		"$has_value with a value":  {Where: []segments.ListCondition{{Field: "name", Operator: "$has_value", Value: "x"}}},
		"negative days":            {Where: []segments.ListCondition{{Field: "created_at", Operator: "$less_than", Value: -1}}},
		"a type $is of no type":    {Where: []segments.ListCondition{{Field: "type", Operator: "$is", Value: "dynamic"}}},
		"$in on created_at":        {Where: []segments.ListCondition{{Field: "created_at", Operator: "$in", Value: []string{"x"}}}},
		"$contains on type":        {Where: []segments.ListCondition{{Field: "type", Operator: "$contains", Value: "stat"}}},
		"a zero time":              {Where: []segments.ListCondition{{Field: "created_at", Operator: "$after", Value: time.Time{}}}},
		"a condition on id in All": {Where: []segments.ListCondition{{Field: "ID", Operator: "$not_in", Value: []string{"seg_x"}}}},
	}
	srv := contracttest.NewServer(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		t.Errorf("the server received %s", r.URL)
	}))
	c := newTestClient(t, srv.URL)
	for name, p := range cases {
		var ve *segments.ValidationError
		if _, err := c.List(context.Background(), p); !errors.As(err, &ve) || !errors.Is(err, segments.ErrInvalidParams) {
			t.Errorf("%s: List: err = %v, want a *ValidationError", name, err)
		}
		n := 0
		for seg, err := range c.All(context.Background(), p) {
			n++
			if seg != nil || !errors.As(err, &ve) {
				t.Errorf("%s: All: %v, %v; want a *ValidationError and nothing else", name, seg, err)
			}
		}
		if n != 1 {
			t.Errorf("%s: All yielded %d times, want once", name, n)
		}
	}
}

// TestListConditionsOfEveryOperator sends one condition of each documented
// operator, with each kind of value, and checks the query the contract's
// checker accepts.
func TestListConditionsOfEveryOperator(t *testing.T) {
	at := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	cases := []struct {
		cond segments.ListCondition
		want url.Values
	}{
		{segments.ListCondition{Field: "id", Operator: "$in", Value: []string{"a", "b"}}, url.Values{"filters[id][conditions][$in][0]": {"a"}, "filters[id][conditions][$in][1]": {"b"}}},
		{segments.ListCondition{Field: "name", Operator: "$not_in", Value: []string{"a"}}, url.Values{"filters[name][conditions][$not_in][0]": {"a"}}},
		{segments.ListCondition{Field: "name", Operator: "$is_not", Value: "a"}, url.Values{"filters[name][conditions][$is_not]": {"a"}}},
		{segments.ListCondition{Field: "name", Operator: "$ends_with", Value: "a"}, url.Values{"filters[name][conditions][$ends_with]": {"a"}}},
		{segments.ListCondition{Field: "name", Operator: "$contains", Value: "a"}, url.Values{"filters[name][conditions][$contains]": {"a"}}},
		{segments.ListCondition{Field: "name", Operator: "$not_contain", Value: "a"}, url.Values{"filters[name][conditions][$not_contain]": {"a"}}},
		{segments.ListCondition{Field: "id", Operator: "$has_value", Value: ""}, url.Values{"filters[id][conditions][$has_value]": {""}}},
		{segments.ListCondition{Field: "id", Operator: "$is_unknown", Value: ""}, url.Values{"filters[id][conditions][$is_unknown]": {""}}},
		{segments.ListCondition{Field: "type", Operator: "$not_in", Value: []string{"passive"}}, url.Values{"filters[type][conditions][$not_in][0]": {"passive"}}},
		{segments.ListCondition{Field: "type", Operator: "$is", Value: segments.TypeStatic}, url.Values{"filters[type][conditions][$is]": {"static"}}},
		{segments.ListCondition{Field: "type", Operator: "$is_not", Value: "passive"}, url.Values{"filters[type][conditions][$is_not]": {"passive"}}},
		{segments.ListCondition{Field: "type", Operator: "$starts_with", Value: "auto"}, url.Values{"filters[type][conditions][$starts_with]": {"auto"}}},
		{segments.ListCondition{Field: "created_at", Operator: "$before", Value: "2026-05-04T05:02:01+02:00"}, url.Values{"filters[created_at][conditions][$before]": {"2026-05-04T03:02:01Z"}}},
		{segments.ListCondition{Field: "created_at", Operator: "$after", Value: at}, url.Values{"filters[created_at][conditions][$after]": {"2026-05-04T03:02:01Z"}}},
		{segments.ListCondition{Field: "created_at", Operator: "$more_than", Value: 30}, url.Values{"filters[created_at][conditions][$more_than]": {"30"}}},
		{segments.ListCondition{Field: "created_at", Operator: "$less_than", Value: 0}, url.Values{"filters[created_at][conditions][$less_than]": {"0"}}},
	}
	for _, tc := range cases {
		var got url.Values
		srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r.URL.Query()
			answer(http.StatusOK, []byte(`{"object":"list","data_ref":"data","data":[],"total":0}`))(w, r)
		}))
		if _, err := newTestClient(t, srv.URL).List(context.Background(), segments.ListParams{Where: []segments.ListCondition{tc.cond}}); err != nil {
			t.Errorf("%s %s: %v", tc.cond.Field, tc.cond.Operator, err)
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s %s: query %v, want %v", tc.cond.Field, tc.cond.Operator, got, tc.want)
		}
	}
}

// TestAllHoldsTheServerToItsWord: All ends with an error, after a bounded
// number of requests, when the server serves the same page again and again or
// ends the list before its total (issue 19, case 5).
func TestAllHoldsTheServerToItsWord(t *testing.T) {
	page := func(ids []string, total int) []byte {
		var data []string
		for i, id := range ids {
			data = append(data, fmt.Sprintf(`{"id":%q,"name":"n","created_at":"2026-01-01T00:00:%02d.000Z","type":"static","filter":null,"object":"segment"}`, id, 59-i))
		}
		return []byte(`{"object":"list","data_ref":"data","data":[` + strings.Join(data, ",") + `],"total":` + strconv.Itoa(total) + `}`)
	}
	var ids []string
	for i := range 50 {
		ids = append(ids, fmt.Sprintf("seg_%02d", i))
	}
	cases := map[string]struct {
		body     []byte
		limit    int
		returned int
	}{
		"the same page forever":   {page(ids[:2], 1000), 2, 2},
		"an end before the total": {page(ids, 120), 100, 50},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var requests atomic.Int32
			srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if requests.Add(1) > 100 {
					t.Error("more than 100 requests")
				}
				answer(http.StatusOK, tc.body)(w, r)
			}))
			returned := 0
			var last error
			for seg, err := range newTestClient(t, srv.URL).All(context.Background(), segments.ListParams{Limit: tc.limit}) {
				if err != nil {
					last = err
					continue
				}
				if last != nil {
					t.Fatalf("%s after the error", seg.ID)
				}
				returned++
			}
			var ue *segments.UnexpectedResponseError
			if !errors.As(last, &ue) || ue.Operation != "list-segment" || returned != tc.returned {
				t.Errorf("%d segments, then %v; want %d and an *UnexpectedResponseError", returned, last, tc.returned)
			}
			if n := requests.Load(); n > 2 {
				t.Errorf("%d requests, want at most 2", n)
			}
		})
	}
}

// TestAllEndsWhenSegmentsAreDeletedMeanwhile: segments deleted during the walk
// make the last page shorter than the first count said; it is still the end of
// the list, not a server that ended early.
func TestAllEndsWhenSegmentsAreDeletedMeanwhile(t *testing.T) {
	f := &fakeList{segments: manySegments(150, 0)}
	var requests atomic.Int32
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 2 { // after the first page, the 20 oldest go
			f.mu.Lock()
			f.segments = f.segments[20:]
			f.mu.Unlock()
		}
		f.ServeHTTP(w, r)
	}))
	returned := 0
	for _, err := range newTestClient(t, srv.URL).All(context.Background(), segments.ListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		returned++
	}
	if returned != 130 || requests.Load() != 2 {
		t.Errorf("%d segments in %d requests, want 130 in 2", returned, requests.Load())
	}
}

// TestAllStopsAtTheFirstCount: a server that keeps finding new segments past
// the count of its first page ends the walk with an error, not a loop.
func TestAllStopsAtTheFirstCount(t *testing.T) {
	var requests atomic.Int32
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(requests.Add(1))
		var data []string
		for i := range 2 {
			k := 2*n + i
			data = append(data, fmt.Sprintf(`{"id":"seg_%d","name":"n","created_at":"2026-01-01T00:%02d:00.000Z","type":"static","filter":null,"object":"segment"}`, k, 59-k))
		}
		answer(http.StatusOK, []byte(`{"object":"list","data_ref":"data","data":[`+strings.Join(data, ",")+`],"total":3}`))(w, r)
	}))
	returned := 0
	var last error
	for _, err := range newTestClient(t, srv.URL).All(context.Background(), segments.ListParams{Limit: 2}) {
		if err != nil {
			last = err
			continue
		}
		returned++
	}
	if !errors.Is(last, segments.ErrUnexpectedResponse) || returned != 3 || requests.Load() != 2 {
		t.Errorf("%d segments in %d requests, then %v; want 3 in 2, then ErrUnexpectedResponse", returned, requests.Load(), last)
	}
}
