package sandbox

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestDecodeJSONBody checks that a body is taken only when it is exactly one JSON
// value: the decoder alone would stop after the first value.
func TestDecodeJSONBody(t *testing.T) {
	tests := []struct {
		body string
		ok   bool
	}{
		{`{"a":1}`, true},
		{" \n{\"a\":[1,{\"b\":\"}]\"}]}\r\n\t ", true},
		{`{"a":"\"}"}`, true},
		{`{"a":"\\"}`, true},
		{`[1,2]`, true},
		{`1e400`, true}, // a json.Number: never out of range
		{`{}{}`, false},
		{`{"a":1} x`, false},
		{`{"a":1}}`, false},
		{`[] 1`, false},
		{`{"a":"\\"} ,`, false},
		{`{"a":1`, false},
		{`1 2`, false},
		{``, false},
		{`   `, false},
	}
	for _, tt := range tests {
		v, err := decodeJSONBody([]byte(tt.body))
		if (err == nil) != tt.ok {
			t.Errorf("decodeJSONBody(%q) = %v, %v; want ok = %v", tt.body, v, err, tt.ok)
		}
		if json.Valid([]byte(tt.body)) != tt.ok {
			t.Errorf("%q: json.Valid disagrees with the table", tt.body)
		}
	}
	v, err := decodeJSONBody([]byte(`{"n":12345678901234567890123}`))
	if n, ok := v.(map[string]any)["n"].(json.Number); err != nil || !ok || n != "12345678901234567890123" {
		t.Errorf("numbers: %#v, %v; want a json.Number", v, err)
	}
}

// FuzzDecodeJSONBody checks that decodeJSONBody takes exactly what json.Valid takes.
func FuzzDecodeJSONBody(f *testing.F) {
	for _, s := range []string{`{"a":"\"}"}`, `[{"b":[]}]`, `{} x`, `{"a":"\\"}`, `1 2`, ` "x" `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if _, err := decodeJSONBody(body); (err == nil) != json.Valid(body) {
			t.Errorf("decodeJSONBody(%q): err = %v, json.Valid = %v", body, err, json.Valid(body))
		}
	})
}

// FuzzDecodeJSONBodyNumbers checks that the two decoders of decodeJSONBody give the
// value that a json.Number decoder gives, whichever is used.
func FuzzDecodeJSONBodyNumbers(f *testing.F) {
	for _, s := range []string{`{"a":["x",{"b":[true,null]}]}`, `{"a":[1]}`, `["x",1e400]`, `{"a":"1"}`, `[[[[-0.5]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := decodeJSONBody(body)
		want, wantErr := decodeJSONNumbers(body)
		if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("decodeJSONBody(%q) = %#v, %v; the json.Number decoder gives %#v, %v", body, got, err, want, wantErr)
		}
	})
}
