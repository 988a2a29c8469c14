package main

import (
	"fmt"
)

// A check is one ratio measured, against a target or as a figure.
type check struct {
	what     string
	ratio    float64
	max      float64 // 0 for a figure
	met      bool
	detail   string
	mismatch string // set when the benchmarks are missing
}

// String describes the check on one line.
func (c check) String() string {
	switch {
	case c.mismatch != "":
		return fmt.Sprintf("  %-62s MISSING: %s", c.what, c.mismatch)
	case c.max == 0:
		return fmt.Sprintf("  %-62s %6.3f   %s", c.what, c.ratio, c.detail)
	}
	verdict := "met"
	if !c.met {
		verdict = "NOT met"
	}
	return fmt.Sprintf("  %-62s %6.3f (target <= %.2f): %s   %s", c.what, c.ratio, c.max, verdict, c.detail)
}

// ratio compares the medians of two benchmarks in units numUnit and denUnit:
// num/den ≤ maxRatio (a figure when maxRatio is 0).
func (r results) ratio(what, num, numUnit, den, denUnit string, maxRatio float64) check {
	n, ok1 := r.median(num, numUnit)
	d, ok2 := r.median(den, denUnit)
	if !ok1 || !ok2 || d == 0 {
		return check{what: what, max: maxRatio, met: false, mismatch: "no " + numUnit + " of " + num + " or no " + denUnit + " of " + den}
	}
	q := n / d
	return check{what: what, ratio: q, max: maxRatio, met: maxRatio == 0 || q <= maxRatio,
		detail: r.describe(num, numUnit) + " vs " + r.describe(den, denUnit)}
}

// The benchmarks of the SDK and its baseline (bench_test.go): per operation, per
// transport, one sub-benchmark per client.
const (
	get    = "Get"
	create = "CreateStatic20000"
	// delayed is the loopback test server that answers after 5 ms: what a user feels.
	delayed = "transport=5ms"
)

func sdk(op, transport string) string      { return op + "/" + transport + "/client=sdk" }
func baseline(op, transport string) string { return op + "/" + transport + "/client=baseline" }

// targets are issue 11's: against the hand-written baseline with the server answering
// after 5 ms, time ≤ 1.03 ×, allocations ≤ 1.5 ×, and the bytes allocated by a create
// of 20,000 customers ≤ 1.5 × its request body (reported as body-B/op).
func targets(r results) []check {
	var out []check
	for _, op := range []string{get, create} {
		out = append(out,
			r.ratio(sdk(op, delayed)+" sec/op vs baseline", sdk(op, delayed), "sec/op", baseline(op, delayed), "sec/op", 1.03),
			r.ratio(sdk(op, delayed)+" allocs/op vs baseline", sdk(op, delayed), "allocs/op", baseline(op, delayed), "allocs/op", 1.5))
	}
	out = append(out, r.ratio(sdk(create, delayed)+" B/op vs request body", sdk(create, delayed), "B/op", sdk(create, delayed), "body-B/op", 1.5))
	return out
}

// figures are reported without a target: the SDK against the baseline in process and on
// loopback without delay, and the sandbox's handler against a plain decode.
func figures(r results) []check {
	var out []check
	for _, tr := range []string{"transport=inproc", "transport=loopback"} {
		for _, op := range []string{get, create} {
			for _, unit := range []string{"sec/op", "allocs/op"} {
				out = append(out, r.ratio(sdk(op, tr)+" "+unit+" vs baseline", sdk(op, tr), unit, baseline(op, tr), unit, 0))
			}
		}
	}
	out = append(out,
		r.ratio(sdk(create, "transport=inproc")+" B/op vs request body", sdk(create, "transport=inproc"), "B/op", sdk(create, "transport=inproc"), "body-B/op", 0),
		r.ratio("sandbox Static20000 sec/op vs plain decode", "Static20000/handler=sandbox", "sec/op", "Static20000/handler=decode", "sec/op", 0))
	return out
}
