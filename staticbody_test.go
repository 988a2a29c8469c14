package segments

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/voucherify-go/segments/api"
)

// marshalStatic is the reference: the generated type through encoding/json.
func marshalStatic(t testing.TB, name string, customers []string) []byte {
	t.Helper()
	want, err := json.Marshal(api.StaticSegmentCreate{Name: name, Type: api.StaticSegmentCreateTypeStatic, Customers: customers})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// TestStaticBodyMatchesMarshal checks that staticTemplate.body is json.Marshal of the generated
// type, byte for byte, whatever the IDs and the name, and that it allocates the body
// once, at its final size.
func TestStaticBodyMatchesMarshal(t *testing.T) {
	many := make([]string, 20000)
	for i := range many {
		many[i] = fmt.Sprintf("cust_%024d", i)
	}
	tests := []struct {
		name      string
		customers []string
	}{
		{"Max", many},
		{"n", nil},
		{"n", []string{}},
		{"n", []string{"c"}},
		{`<b>"VIP" & co\</b>`, []string{`a"b`, `a\b`, "<x>", "&", "\n\t\x00\x1f\x7f", "zażółć", "\xff\xfe", "\u2028\u2029", "", " "}},
		{customersMarker, []string{customersMarker, nameMarker}},
		{`"` + nameMarker + `"`, []string{customersMarker, `"` + customersMarker + `"`}},
	}
	tmpl, err := newStaticTemplate()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		got, err := tmpl.body(tt.name, tt.customers)
		if want := marshalStatic(t, tt.name, tt.customers); err != nil || got != string(want) {
			t.Errorf("body(%q, %.60q) = %.200s, %v\nwant %.200s", tt.name, tt.customers, got, err, want)
		}
	}
	if n := testing.AllocsPerRun(10, func() { _, _ = tmpl.body("Max", many) }); n != 1 {
		t.Errorf("body of 20,000 customers: %v allocations, want 1", n)
	}
}

// TestVerbatimBytes checks the table of jsonVerbatim against json.Marshal itself.
func TestVerbatimBytes(t *testing.T) {
	if len(verbatimBytes) != 256 {
		t.Fatalf("verbatimBytes has %d entries", len(verbatimBytes))
	}
	for c := range 256 {
		s := string([]byte{'a', byte(c), 'z'})
		b, err := json.Marshal(s)
		if want := err == nil && string(b) == `"`+s+`"`; jsonVerbatim(s) != want {
			t.Errorf("byte %#x: jsonVerbatim = %v, json.Marshal gives %s", c, !want, b)
		}
	}
}

// FuzzStaticBody looks for a name or IDs that staticTemplate.body encodes otherwise than
// json.Marshal.
func FuzzStaticBody(f *testing.F) {
	f.Add("Max", "cust_1,cust_2")
	f.Add(`<"&>`, "a\"b,\\,\u2028,\xff")
	f.Add(customersMarker, nameMarker)
	tmpl, err := newStaticTemplate()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, joined string) {
		customers := strings.Split(joined, ",")
		got, err := tmpl.body(name, customers)
		if want := marshalStatic(t, name, customers); err != nil || got != string(want) {
			t.Errorf("body(%q, %q) = %s, %v\nwant %s", name, customers, got, err, want)
		}
	})
}
