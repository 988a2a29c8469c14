package loadgen

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	for _, tt := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {99, 99}, {100, 100}, {1, 1}, {0.1, 1}} {
		if got := Percentile(d, tt.p); got != tt.want {
			t.Errorf("Percentile(1..100, %v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := Percentile(nil, 50); got != 0 {
		t.Errorf("Percentile(nil) = %v", got)
	}
	if got := Percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("Percentile([7], 99) = %v", got)
	}
}

func TestSummarize(t *testing.T) {
	s := Summarize(Result{Requests: 4, Errors: 1, Elapsed: 2 * time.Second, Latencies: []time.Duration{4, 1, 3, 2}})
	if s.PerSecond != 2 || s.P50 != 2 || s.P99 != 4 || s.Requests != 4 || s.Errors != 1 || s.Runs != 1 {
		t.Errorf("Summarize = %+v", s)
	}
	// Three runs: the median rate, the pooled latencies.
	s = Summarize(
		Result{Requests: 10, Elapsed: time.Second, Latencies: []time.Duration{1, 1}},
		Result{Requests: 1, Elapsed: time.Second, Latencies: []time.Duration{9}},
		Result{Requests: 4, Errors: 2, Elapsed: time.Second, Latencies: []time.Duration{2}},
	)
	if s.PerSecond != 4 || s.Requests != 15 || s.Errors != 2 || s.P50 != 1 || s.P99 != 9 || s.Runs != 3 {
		t.Errorf("Summarize of three runs = %+v", s)
	}
	if m := median([]float64{3, 1, 2, 10}); m != 2.5 {
		t.Errorf("median = %v", m)
	}
}
