package main

import (
	"strings"
	"testing"
	"time"
)

// TestReport checks the ratios and verdicts of the report, and that a missed target
// fails only with -check.
func TestReport(t *testing.T) {
	tl := newTally()
	tl.runs[[2]string{scenarioGet, "sandbox"}] = []run{{perSecond: 950, requests: 950, serverCPU: 95 * time.Millisecond}}
	tl.runs[[2]string{scenarioGet, "bare"}] = []run{{perSecond: 1000, requests: 1000, serverCPU: 80 * time.Millisecond}}
	tl.runs[[2]string{scenarioPost, "sandbox"}] = []run{{perSecond: 80, requests: 80}}
	tl.runs[[2]string{scenarioPost, "bare"}] = []run{{perSecond: 100, requests: 100}}
	tl.ready["sandbox"] = []time.Duration{10 * time.Millisecond, 30 * time.Millisecond, 90 * time.Millisecond}
	tl.ready["bare"] = []time.Duration{6 * time.Millisecond}
	tl.ready[bareKinName] = []time.Duration{9 * time.Millisecond}
	var out strings.Builder
	b := &bench{o: options{check: true}, tally: tl}
	err := b.report(&out, []string{"sandbox", "bare"})
	if err == nil || !strings.Contains(err.Error(), "1 targets not met") {
		t.Errorf("report: %v", err)
	}
	for _, want := range []string{
		"GET: sandbox/bare throughput (median by round)              0.95x (reported, not a target)",
		"GET: sandbox/bare throughput by round: 0.95; ratio of the medians 0.95x",
		"GET: sandbox/bare server CPU a request by round: 1.25; median 1.25x",
		"100.0µs", "80.0µs",
		"POST-20000: sandbox/bare throughput (median by round)       0.80x (reported, not a target)",
		"readiness: sandbox/bare median                               5.00x (reported, not a target)",
		"readiness: sandbox median/25.000ms                           1.20x (target <= 1x): NOT met",
		"30.000ms",
		"readiness: bare+kin/bare median 1.50x: the floor of a server that links kin-openapi; sandbox/bare+kin 3.33x",
	} {
		// Column widths aside.
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	b.o.check = false
	if err := b.report(&strings.Builder{}, []string{"sandbox", "bare"}); err != nil {
		t.Errorf("report with -check=false: %v", err)
	}
	tl.runs[[2]string{scenarioGet, "bare"}] = []run{{perSecond: 1000, requests: 1000, errors: 1}}
	if err := b.report(&strings.Builder{}, []string{"sandbox", "bare"}); err == nil || !strings.Contains(err.Error(), "1 requests failed") {
		t.Errorf("report with a failed request: %v", err)
	}
}

// TestPairedRatio checks that the throughput ratio pairs the runs of a round, so that a
// slow round of both servers does not move it.
func TestPairedRatio(t *testing.T) {
	tl := newTally()
	tl.runs[[2]string{scenarioGet, "sandbox"}] = []run{{perSecond: 90}, {perSecond: 9}, {perSecond: 100}}
	tl.runs[[2]string{scenarioGet, "bare"}] = []run{{perSecond: 100}, {perSecond: 10}, {perSecond: 50}}
	if q := tl.pairedRatio(scenarioGet, "sandbox", "bare"); q != 0.9 {
		t.Errorf("paired ratio %v, want 0.9 (rounds 0.9, 0.9, 2)", q)
	}
}
