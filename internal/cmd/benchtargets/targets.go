package main

import (
	"fmt"
	"math"
)

// A result is one target measured.
type result struct {
	what  string
	ratio float64
	max   float64
	met   bool
	note  string
}

// String describes the check on one line.
func (c result) String() string {
	if c.note != "" {
		return fmt.Sprintf("%-72s %s", c.what, c.note)
	}
	verdict := "met"
	if !c.met {
		verdict = "NOT met"
	}
	return fmt.Sprintf("%-72s %6.3f (target <= %.2f): %s", c.what, c.ratio, c.max, verdict)
}

// ratio compares the medians of two benchmarks in one unit: num/den ≤ max.
func (r results) ratio(what, num, den, unit string, maxRatio float64) result {
	n, ok1 := r.median(num, unit)
	d, ok2 := r.median(den, unit)
	if !ok1 || !ok2 || d == 0 {
		return result{what: what, max: maxRatio, note: "MISSING: no results for " + num + " or " + den}
	}
	q := n / d
	return result{what: what, ratio: q, max: maxRatio, met: q <= maxRatio}
}

// bodyRatio compares the bytes allocated per op of name with the size of its request
// body, found as its bytes per second times its seconds per op (b.SetBytes).
func (r results) bodyRatio(what, name string, maxRatio float64) result {
	alloc, ok1 := r.median(name, "B/op")
	bps, ok2 := r.median(name, "B/s")
	sec, ok3 := r.median(name, "sec/op")
	if !ok1 || !ok2 || !ok3 {
		return result{what: what, max: maxRatio, note: "MISSING: no B/op or B/s for " + name}
	}
	body := math.Round(bps * sec)
	q := alloc / body
	return result{what: what + fmt.Sprintf(" (body ~%.0f B)", body), ratio: q, max: maxRatio, met: q <= maxRatio}
}

// check measures the targets of issue 5 on r: the SDK against the hand-written baseline
// (root package, every transport), and the sandbox's validated create against a plain
// decode of the same body.
func check(r results) []result {
	var out []result
	for _, tr := range []string{"inproc", "loopback"} {
		for _, b := range []string{"Get", "CreateStatic20000"} {
			sdk := b + "/transport=" + tr + "/client=sdk"
			base := b + "/transport=" + tr + "/client=baseline"
			out = append(out,
				r.ratio(sdk+" time/op vs baseline", sdk, base, "sec/op", 1.05),
				r.ratio(sdk+" allocs/op vs baseline", sdk, base, "allocs/op", 1.25))
		}
		sdk := "CreateStatic20000/transport=" + tr + "/client=sdk"
		out = append(out, r.bodyRatio(sdk+" B/op vs body", sdk, 2))
	}
	out = append(out, r.ratio("Static20000 sandbox time/op vs plain decode",
		"Static20000/handler=sandbox", "Static20000/handler=decode", "sec/op", 2))
	return out
}
