package main

import (
	"os"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and parentheses; utime 250 and stime 50 ticks.
	stat := "4242 (seg (x) y) S 1 4242 4242 0 -1 4194560 1200 0 0 0 250 50 0 0 20 0 7 0 100 0 0"
	if d, ok := parseStatCPU([]byte(stat)); !ok || d != 3*time.Second {
		t.Errorf("parseStatCPU = %v, %v; want 3s", d, ok)
	}
	for _, bad := range []string{"", "4242 (x) S 1 2", "4242 x S 1 4242 4242 0 -1 4194560 1200 0 0 0 250 50", "4242 (x) S 1 4242 4242 0 -1 4194560 1200 0 0 0 u 50 0"} {
		if _, ok := parseStatCPU([]byte(bad)); ok {
			t.Errorf("parseStatCPU(%q) ok", bad)
		}
	}
	// The count follows this process's work.
	before, ok := processCPU(os.Getpid())
	if !ok {
		t.Fatal("processCPU of this process")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		after, _ := processCPU(os.Getpid())
		if after > before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("5 s of spinning left the CPU time at %v", after)
		}
	}
}
