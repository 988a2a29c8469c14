package sandbox

import (
	"strings"
	"testing"
)

func TestMatchTemplate(t *testing.T) {
	tests := []struct {
		template, path string
		params         int
		ok             bool
	}{
		{"/v1/segments", "/v1/segments", 0, true},
		{"/v1/segments", "/v1/segments/", 0, false},
		{"/v1/segments/{segmentId}", "/v1/segments/seg_1", 1, true},
		{"/v1/segments/{segmentId}", "/v1/segments/", 0, false},
		{"/v1/segments/{segmentId}", "/v1/segments", 0, false},
		{"/v1/segments/{segmentId}", "/v1/segments/a/b", 0, false},
		{"/v1/segments/{segmentId}", "/v2/segments/a", 0, false},
		{"/v1/{a}/{b}", "/v1/x/y", 2, true},
	}
	for _, tt := range tests {
		params, ok := matchTemplate(tt.template, strings.Split(tt.path, "/"))
		if params != tt.params || ok != tt.ok {
			t.Errorf("matchTemplate(%q, %q) = %d, %v; want %d, %v", tt.template, tt.path, params, ok, tt.params, tt.ok)
		}
	}
}
