package main

import "testing"

func TestGCPercentFor(t *testing.T) {
	env := func(gogc string) func(string) string {
		return func(k string) string {
			if k == "GOGC" {
				return gogc
			}
			return ""
		}
	}
	tests := []struct {
		args    []string
		gogc    string
		percent int
		set     bool
	}{
		{[]string{"serve", "--addr", "127.0.0.1:0"}, "", serveGCPercent, true},
		{[]string{"serve"}, "100", 0, false}, // the environment's choice stands
		{[]string{"serve"}, "off", 0, false},
		{[]string{"get", "seg_1"}, "", 0, false}, // a client command keeps Go's default
		{[]string{"help", "serve"}, "", 0, false},
		{nil, "", 0, false},
	}
	for _, tt := range tests {
		percent, set := gcPercentFor(tt.args, env(tt.gogc))
		if percent != tt.percent || set != tt.set {
			t.Errorf("gcPercentFor(%q, GOGC=%q) = %d, %v; want %d, %v", tt.args, tt.gogc, percent, set, tt.percent, tt.set)
		}
	}
}
