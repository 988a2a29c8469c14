package segments_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

// officialFilter returns the "filter" of an official example body.
func officialFilter(t *testing.T, name string) []byte {
	t.Helper()
	var body struct{ Filter json.RawMessage }
	if err := json.Unmarshal(fixture(t, name), &body); err != nil || len(body.Filter) == 0 {
		t.Fatalf("%s: no filter (%v)", name, err)
	}
	return body.Filter
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", v, err)
	}
	return b
}

// createFiltered sends an auto-update segment with filter f through the
// contract server and returns what the server received.
func createFiltered(t *testing.T, f segments.Filter) ([]contracttest.Request, error) {
	t.Helper()
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "create-auto-update-segment.response-200.json")))
	_, err := newTestClient(t, srv.URL).Create(context.Background(), segments.CreateParams{Name: "Customers in a new Dynamic Segment", Type: segments.TypeAutoUpdate, Filter: f})
	return srv.Requests(), err
}

func TestBuilderReproducesOfficialFilters(t *testing.T) {
	t.Run("create-auto-update-segment, through Create", func(t *testing.T) {
		reqs, err := createFiltered(t, segments.And(segments.Field("created_at").After("2021-12-01T00:00:00.000Z")))
		if err != nil || len(reqs) != 1 {
			t.Fatalf("Create: %v, %d requests", err, len(reqs))
		}
		if want := fixture(t, "create-auto-update-segment.request.json"); !jsonEqual(t, reqs[0].Body, want) {
			t.Errorf("sent %s\nwant the official example %s", reqs[0].Body, want)
		}
	})
	t.Run("created_at after a time.Time", func(t *testing.T) {
		f := segments.And(segments.Field("created_at").After(time.Date(2021, 12, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600))))
		if want := officialFilter(t, "create-auto-update-segment.request.json"); !jsonEqual(t, mustJSON(t, f), want) {
			t.Errorf("got %s, want %s", mustJSON(t, f), want)
		}
	})
	t.Run("get-segment response: Tiers 2 points", func(t *testing.T) {
		f := segments.And(segments.Field("loyalty_points.campaigns.Tiers 2.points").MoreThanEqual(41))
		if want := officialFilter(t, "get-segment.response-200.json"); !jsonEqual(t, mustJSON(t, f), want) {
			t.Errorf("got %s, want %s", mustJSON(t, f), want)
		}
	})

	// The birthday example writes "$is" with a scalar, "Poland", where the
	// builder's Is writes an array. The example is reproduced exactly with
	// OpValue, the builder's escape hatch for single values; Is gives the array
	// form, the rest being equal; and the hand-written example itself passes
	// ValidateFilter (and TestCreateSendsOfficialExampleBodies sends it).
	const birthday = "create-auto-update-segment-birthday-next-month.request.json"
	want := officialFilter(t, birthday)
	for name, nextMonth := range map[string]segments.Condition{
		"NextMonth":              segments.Field("birthdate").NextMonth(),
		`Op("$next_month",true)`: segments.Field("birthdate").Op("$next_month", true),
	} {
		t.Run("birthday next month, exactly, with OpValue and "+name, func(t *testing.T) {
			f := segments.And(
				nextMonth,
				segments.Field("address.country").OpValue("$is", "Poland"),
				segments.Field("metadata.club_level").In("Gold", "Silver"),
			)
			if !jsonEqual(t, mustJSON(t, f), want) {
				t.Errorf("got %s, want %s", mustJSON(t, f), want)
			}
			reqs, err := createFiltered(t, f)
			if err != nil || !jsonEqual(t, reqs[0].Body, fixture(t, birthday)) {
				t.Errorf("Create: %v; sent %s", err, reqs[0].Body)
			}
		})
	}
	t.Run("birthday next month, array form with Is", func(t *testing.T) {
		f := segments.And(
			segments.Field("birthdate").NextMonth(),
			segments.Field("address.country").Is("Poland"),
			segments.Field("metadata.club_level").In([]string{"Gold", "Silver"}),
		)
		arrayForm := strings.Replace(string(want), `"Poland"`, `["Poland"]`, 1)
		if !jsonEqual(t, mustJSON(t, f), []byte(arrayForm)) {
			t.Errorf("got %s, want %s", mustJSON(t, f), arrayForm)
		}
		if reqs, err := createFiltered(t, f); err != nil || len(reqs) != 1 {
			t.Errorf("Create: %v, %d requests", err, len(reqs))
		}
	})
	t.Run("birthday next month, hand-written scalar passes the checker", func(t *testing.T) {
		var f segments.Filter
		if err := json.Unmarshal(want, &f); err != nil {
			t.Fatal(err)
		}
		if err := segments.ValidateFilter(f); err != nil {
			t.Errorf("ValidateFilter(official example) = %v", err)
		}
	})
}

func TestBuilderJSON(t *testing.T) {
	when := time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.UTC)
	cases := []struct {
		name string
		f    segments.Filter
		want string
	}{
		{"Is", segments.And(segments.Field("a").Is("x")), `{"junction":"and","a":{"conditions":{"$is":["x"]}}}`},
		{"IsNot", segments.And(segments.Field("a").IsNot("x")), `{"junction":"and","a":{"conditions":{"$is_not":["x"]}}}`},
		{"In", segments.And(segments.Field("a").In("x", "y")), `{"junction":"and","a":{"conditions":{"$in":["x","y"]}}}`},
		{"In a slice", segments.And(segments.Field("a").In([]int{1, 2}, 3)), `{"junction":"and","a":{"conditions":{"$in":[1,2,3]}}}`},
		{"NotIn", segments.And(segments.Field("a").NotIn("x")), `{"junction":"and","a":{"conditions":{"$not_in":["x"]}}}`},
		{"After", segments.And(segments.Field("a").After(when)), `{"junction":"and","a":{"conditions":{"$after":["2024-05-01T10:00:00.123Z"]}}}`},
		{"Before", segments.And(segments.Field("a").Before("2024-01-01T00:00:00.000Z")), `{"junction":"and","a":{"conditions":{"$before":["2024-01-01T00:00:00.000Z"]}}}`},
		{"MoreThan", segments.And(segments.Field("a").MoreThan(1.5)), `{"junction":"and","a":{"conditions":{"$more_than":[1.5]}}}`},
		{"MoreThanEqual", segments.And(segments.Field("a").MoreThanEqual(2)), `{"junction":"and","a":{"conditions":{"$more_than_equal":[2]}}}`},
		{"LessThan", segments.And(segments.Field("a").LessThan(json.Number("3"))), `{"junction":"and","a":{"conditions":{"$less_than":[3]}}}`},
		{"LessThanEqual", segments.And(segments.Field("a").LessThanEqual(uint8(4))), `{"junction":"and","a":{"conditions":{"$less_than_equal":[4]}}}`},
		{"NextMonth", segments.And(segments.Field("a").NextMonth()), `{"junction":"and","a":{"conditions":{"$next_month":[true]}}}`},
		{"Op", segments.And(segments.Field("a").Op("$starts_with", "VIP", &when)), `{"junction":"and","a":{"conditions":{"$starts_with":["VIP","2024-05-01T10:00:00.123Z"]}}}`},
		{"Op without values", segments.And(segments.Field("a").Op("$is_unknown")), `{"junction":"and","a":{"conditions":{"$is_unknown":[]}}}`},
		{"OpValue", segments.And(segments.Field("a").OpValue("$is", "x")), `{"junction":"and","a":{"conditions":{"$is":"x"}}}`},
		{"Or", segments.Or(segments.Field("a").Is(nil), segments.Field("b").Is(true)), `{"junction":"or","a":{"conditions":{"$is":[null]}},"b":{"conditions":{"$is":[true]}}}`},
		{"one field, two operators, merged", segments.And(segments.Field("p").MoreThan(10), segments.Field("q").Is("x"), segments.Field("p").LessThan(100)),
			`{"junction":"and","p":{"conditions":{"$more_than":[10],"$less_than":[100]}},"q":{"conditions":{"$is":["x"]}}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := mustJSON(t, tc.f); !jsonEqual(t, got, []byte(tc.want)) {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if err := segments.ValidateFilter(tc.f); err != nil {
				t.Errorf("ValidateFilter: %v", err)
			}
		})
	}
}

func TestBuilderFilterOwnsItsValues(t *testing.T) {
	levels := []any{"Gold", "Silver"}
	c := segments.Field("metadata.club_level").Op("$in", levels...)
	f1, f2 := segments.And(c), segments.Or(c)
	levels[0] = "Bronze"
	f1["metadata.club_level"].(map[string]any)["conditions"].(map[string]any)["$in"].([]any)[1] = "Iron"
	if got := string(mustJSON(t, f2)); got != `{"junction":"or","metadata.club_level":{"conditions":{"$in":["Gold","Silver"]}}}` {
		t.Errorf("a filter changed with the caller's slice or another filter: %s", got)
	}
}

func TestBuiltFilterPassesTheContract(t *testing.T) {
	f := segments.And(
		segments.Field("metadata.club_level").In("Gold", "Silver"),
		segments.Field("loyalty_points.campaigns.Tiers 2.points").MoreThanEqual(41),
		segments.Field("created_at").After("2021-12-01T00:00:00.000Z"),
		segments.Field("birthdate").Op("$next_month", true),
		segments.Field("events.payment_placed.count").MoreThan(2),
		segments.Field("events.payment_placed.count").LessThanEqual(10),
	)
	reqs, err := createFiltered(t, f) // the server fails the test on a request the contract refuses
	if err != nil || len(reqs) != 1 {
		t.Fatalf("Create: %v, %d requests", err, len(reqs))
	}
	want := `{"name":"Customers in a new Dynamic Segment","type":"auto-update","filter":{"junction":"and",
		"metadata.club_level":{"conditions":{"$in":["Gold","Silver"]}},
		"loyalty_points.campaigns.Tiers 2.points":{"conditions":{"$more_than_equal":[41]}},
		"created_at":{"conditions":{"$after":["2021-12-01T00:00:00.000Z"]}},
		"birthdate":{"conditions":{"$next_month":[true]}},
		"events.payment_placed.count":{"conditions":{"$more_than":[2],"$less_than_equal":[10]}}}}`
	if !jsonEqual(t, reqs[0].Body, []byte(want)) {
		t.Errorf("sent %s", reqs[0].Body)
	}
}

// The checker accepts what the API's format allows; each of these also passes
// the contract server's request validation.
func TestValidateFilterAcceptsHandWrittenForms(t *testing.T) {
	type conditions struct {
		Conditions map[string][]string `json:"conditions"`
	}
	cases := map[string]segments.Filter{
		"scalar value":           {"junction": "and", "address.country": map[string]any{"conditions": map[string]any{"$is": "Poland"}}},
		"nested Filter maps":     {"junction": "or", "a": segments.Filter{"conditions": segments.Filter{"$in": []string{"x"}}}},
		"typed maps":             {"junction": "and", "a": map[string]map[string][]string{"conditions": {"$in": {"x"}}}},
		"struct":                 {"junction": "and", "a": conditions{map[string][]string{"$in": {"x"}}}},
		"pointer to struct":      {"junction": "and", "a": &conditions{map[string][]string{"$in": {"x"}}}},
		"json.RawMessage":        {"junction": "and", "a": json.RawMessage(`{"conditions":{"$after":["2021-12-01T00:00:00.000Z"]}}`)},
		"extra key on the field": {"junction": "and", "a": map[string]any{"conditions": map[string]any{"$is": []int{1}}, "label": "kept"}},
		"several fields and ops": {"junction": "and", "a": map[string]any{"conditions": map[string]any{"$more_than": 1, "$less_than": []float64{9}}}, "b": map[string]any{"conditions": map[string]any{"$next_month": []bool{true}}}},
		"the shortest operator":  {"junction": "and", "a": map[string]any{"conditions": map[string]any{"$x": []int{1}}}},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			if err := segments.ValidateFilter(f); err != nil {
				t.Fatalf("ValidateFilter: %v", err)
			}
			if reqs, err := createFiltered(t, f); err != nil || len(reqs) != 1 {
				t.Errorf("Create: %v, %d requests", err, len(reqs))
			}
		})
	}
}

func TestCreateRefusesMalformedFilters(t *testing.T) {
	conds := func(ops map[string]any) map[string]any { return map[string]any{"conditions": ops} }
	ok := conds(map[string]any{"$is": []string{"x"}})
	cases := []struct {
		name    string
		f       segments.Filter
		key, op string // the offending key and operator the error must name
	}{
		// hand-written
		{"no junction", segments.Filter{"a": ok}, "junction", ""},
		{"upper-case junction", segments.Filter{"junction": "AND", "a": ok}, "junction", ""},
		{"unknown junction", segments.Filter{"junction": "xor", "a": ok}, "junction", ""},
		{"junction not a string", segments.Filter{"junction": 1, "a": ok}, "junction", ""},
		{"junction null", segments.Filter{"junction": nil, "a": ok}, "junction", ""},
		{"only a junction", segments.Filter{"junction": "and"}, "", ""},
		{"empty field path", segments.Filter{"junction": "and", "": ok}, "", ""},
		{"blank field path", segments.Filter{"junction": "and", " \t": ok}, " \t", ""},
		{"field holds a string", segments.Filter{"junction": "and", "address.country": "Poland"}, "address.country", ""},
		{"field holds null", segments.Filter{"junction": "and", "a": nil}, "a", ""},
		{"field holds an array", segments.Filter{"junction": "and", "a": []any{ok}}, "a", ""},
		{"typo: condition", segments.Filter{"junction": "and", "metadata.club_level": map[string]any{"condition": map[string]any{"$in": []string{"Gold"}}}}, "metadata.club_level", ""},
		{"conditions an array", segments.Filter{"junction": "and", "a": map[string]any{"conditions": []any{"$in"}}}, "a", ""},
		{"conditions null", segments.Filter{"junction": "and", "a": map[string]any{"conditions": nil}}, "a", ""},
		{"no operator", segments.Filter{"junction": "and", "a": conds(map[string]any{})}, "a", ""},
		{"operator without $", segments.Filter{"junction": "and", "b": ok, "a": conds(map[string]any{"$is": 1, "in": []string{"x"}})}, "a", "in"},
		{"operator $ alone", segments.Filter{"junction": "and", "a": conds(map[string]any{"$": 1})}, "a", "$"},
		{"empty operator", segments.Filter{"junction": "and", "a": conds(map[string]any{"": 1})}, "a", ""},
		{"value NaN", segments.Filter{"junction": "and", "a": conds(map[string]any{"$more_than": []float64{math.NaN()}})}, "a", "$more_than"},
		{"value a channel", segments.Filter{"junction": "and", "a": conds(map[string]any{"$is": make(chan int)})}, "a", "$is"},
		{"typed map, bad operator", segments.Filter{"junction": "or", "z": map[string]map[string][]int{"conditions": {"more_than": {1}}}}, "z", "more_than"},
		{"raw JSON, no conditions", segments.Filter{"junction": "or", "z": json.RawMessage(`{"conditions":{}}`)}, "z", ""},
		// builder mistakes
		{"And()", segments.And(), "", ""},
		{"Op name without $", segments.And(segments.Field("birthdate").Op("next_month", true)), "birthdate", "next_month"},
		{"empty Field path", segments.And(segments.Field("").Is("x")), "", ""},
		{"zero Condition", segments.Or(segments.Condition{}), "", ""},
		{"In without values", segments.And(segments.Field("metadata.club_level").In()), "metadata.club_level", "$in"},
		{"In an empty slice", segments.And(segments.Field("metadata.club_level").In([]string{})), "metadata.club_level", "$in"},
		{"Is a slice", segments.And(segments.Field("a").Is([]string{"x"})), "a", "$is"},
		{"MoreThan a map", segments.And(segments.Field("a").MoreThan(map[string]int{"x": 1})), "a", "$more_than"},
		{"field named junction", segments.And(segments.Field("b").Is(1), segments.Field("junction").Is("or")), "junction", "$is"},
		{"same operator twice", segments.And(segments.Field("a").In("x"), segments.Field("a").Is(1), segments.Field("a").Op("$in", "y")), "a", "$in"},
		{"OpValue then Op, same operator", segments.Or(segments.Field("a").OpValue("$is", "x"), segments.Field("a").Is("y")), "a", "$is"},
		{"a mistake among good conditions", segments.And(segments.Field("b").Is(1), segments.Field("a").After(struct{}{}), segments.Field("a").Before("2024-01-01")), "a", "$after"},
	}
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "create-auto-update-segment.response-200.json")))
	c := newTestClient(t, srv.URL)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, typ := range []segments.Type{segments.TypeAutoUpdate, segments.TypePassive} {
				seg, err := c.Create(context.Background(), segments.CreateParams{Name: "n", Type: typ, Filter: tc.f})
				if seg != nil {
					t.Errorf("segment = %+v, want nil", seg)
				}
				var ve *segments.ValidationError
				if !errors.As(err, &ve) || !errors.Is(err, segments.ErrInvalidParams) || ve.Field != "Filter" {
					t.Fatalf("err = %v (%T), want a *ValidationError of the Filter", err, err)
				}
				want := ""
				if tc.key != "" {
					want += "key " + strconv.Quote(tc.key) + ": "
				}
				if tc.op != "" {
					want += "operator " + strconv.Quote(tc.op) + ": "
				}
				if !strings.HasPrefix(ve.Reason, want) || (want == "" && (strings.HasPrefix(ve.Reason, "key ") || strings.HasPrefix(ve.Reason, "operator "))) {
					t.Errorf("Reason %q, want it to start with %q", ve.Reason, want)
				}
				if other := segments.ValidateFilter(tc.f); other == nil || other.Error() != err.Error() {
					t.Errorf("ValidateFilter = %v, want %v", other, err)
				}
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("server got %d requests, want none", n)
	}
}

func TestFilterErrorMessages(t *testing.T) {
	f := segments.And(segments.Field("birthdate").Op("next_month", true))
	err := segments.ValidateFilter(f)
	if want := `segments: invalid Filter: key "birthdate": operator "next_month": an operator must start with "$" followed by its name, such as "$in"`; err == nil || err.Error() != want {
		t.Errorf("ValidateFilter = %v\nwant %s", err, want)
	}
	_, err = newTestClient(t, "http://127.0.0.1:1").Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: f})
	if want := `segments: invalid Filter: key "birthdate": operator "next_month": an operator must start with "$" followed by its name, such as "$in"`; err == nil || err.Error() != want {
		t.Errorf("Create = %v\nwant %s", err, want)
	}
	_, err = newTestClient(t, "http://127.0.0.1:1").Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypePassive})
	if want := `segments: invalid Filter: a passive segment needs a Filter: it needs a "junction" ("and" or "or") and at least one field path`; err == nil || err.Error() != want {
		t.Errorf("Create without a filter = %v\nwant %s", err, want)
	}
	if err := segments.ValidateFilter(segments.Filter{"junction": "AND", "a": nil}); err == nil || !strings.Contains(err.Error(), `got "AND"`) {
		t.Errorf("upper-case junction: %v", err)
	}
	// A value that is not an object is quoted, up to 40 characters of its JSON.
	for n, want := range map[int]string{38: `got "` + strings.Repeat("x", 38) + `"`, 39: `got "` + strings.Repeat("x", 36) + `...`} {
		if err := segments.ValidateFilter(segments.Filter{"junction": "and", "a": strings.Repeat("x", n)}); err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("a string of %d characters for a field: %v, want it to end %s", n, err, want)
		}
	}
	// A value that holds itself is refused, not walked for ever.
	loop := map[string]any{}
	loop["again"] = loop
	if err := segments.ValidateFilter(segments.Filter{"junction": "and", "a": map[string]any{"conditions": map[string]any{"$in": loop}}}); err == nil || !strings.Contains(err.Error(), "cannot be encoded as JSON") {
		t.Errorf("a value holding itself: %v, want it refused as JSON cannot encode it", err)
	}
}

// A filter the builder refused cannot be encoded, so it cannot reach the API
// by another path either; printing it shows the mistake.
func TestRefusedBuiltFilterDoesNotEncode(t *testing.T) {
	f := segments.And(segments.Field("a").In("x"), segments.Field("a").In("y"))
	_, err := json.Marshal(f)
	var ve *segments.ValidationError
	if !errors.As(err, &ve) || !strings.HasPrefix(ve.Reason, `key "a": operator "$in": `) {
		t.Errorf("json.Marshal = %v, want the builder's *ValidationError", err)
	}
	if s := fmtFilter(f); !strings.Contains(s, "given twice") {
		t.Errorf("printed filter %s does not show the mistake", s)
	}
}

func fmtFilter(f segments.Filter) string {
	var b strings.Builder
	for k, v := range f {
		if s, ok := v.(interface{ String() string }); ok {
			b.WriteString(k + "=" + s.String() + " ")
		}
	}
	return b.String()
}

// Neither the builder nor the checker panics, whatever they are given, and a
// filter the checker accepts always encodes.
func FuzzFilter(f *testing.F) {
	f.Add([]byte(`{"junction":"and","a":{"conditions":{"$in":["x"]}}}`), "a", "$in", "x")
	f.Add([]byte(`{"junction":"or","":{"conditions":{"":null}}}`), "", "", "")
	f.Add([]byte(`{"a":[1],"junction":{"x":1}}`), "junction", "in", "Tiers 2")
	f.Add(fixture(f, "get-segment.response-200.json"), "loyalty_points.campaigns.Tiers 2.points", "$more_than_equal", "41")
	f.Fuzz(func(t *testing.T, raw []byte, path, op, value string) {
		var hand segments.Filter
		_ = json.Unmarshal(raw, &hand)
		built := segments.Or(
			segments.Field(path).Op(op, value),
			segments.Field(path).In(value, []string{value}),
			segments.Field(value).OpValue(op, path),
			segments.Field(op).Is(value),
		)
		for _, flt := range []segments.Filter{hand, built, nil} {
			if segments.ValidateFilter(flt) == nil {
				if _, err := json.Marshal(flt); err != nil {
					t.Errorf("accepted %v, which does not encode: %v", flt, err)
				}
			}
		}
	})
}
