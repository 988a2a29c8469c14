package sandbox

import (
	"encoding/json"
	"testing"
)

func TestHasTrailingData(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{`{"a":1}`, false},
		{" \n{\"a\":[1,{\"b\":\"}]\"}]}\r\n\t ", false},
		{`{"a":"\"}"}`, false},
		{`{"a":"\\"}`, false},
		{`[1,2]`, false},
		{`{}{}`, true},
		{`{"a":1} x`, true},
		{`{"a":1}}`, true},
		{`[] 1`, true},
		{`{"a":"\\"} ,`, true},
		{`{"a":1`, false}, // unterminated: left to the decoder
		{`1 2`, false},    // not an object: left to the schema
		{``, false},
		{`   `, false},
	}
	for _, tt := range tests {
		if got := hasTrailingData([]byte(tt.body)); got != tt.want {
			t.Errorf("hasTrailingData(%q) = %v, want %v", tt.body, got, tt.want)
		}
		if tt.want && json.Valid([]byte(tt.body)) {
			t.Errorf("%q: reported trailing data in valid JSON", tt.body)
		}
	}
}

// FuzzHasTrailingData checks the property the handler relies on: valid JSON is never
// reported as having trailing data.
func FuzzHasTrailingData(f *testing.F) {
	for _, s := range []string{`{"a":"\"}"}`, `[{"b":[]}]`, `{} x`, `{"a":"\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if json.Valid(body) && hasTrailingData(body) {
			t.Errorf("valid JSON %q reported as having trailing data", body)
		}
	})
}
