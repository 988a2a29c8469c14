package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// tally is what was measured: by scenario and server, the runs and the latencies of all
// their requests; by server, the readiness of every start.
type tally struct {
	runs      map[[2]string][]run
	latencies map[[2]string]*vegeta.Metrics
	ready     map[string][]time.Duration
}

func newTally() *tally {
	return &tally{runs: map[[2]string][]run{}, latencies: map[[2]string]*vegeta.Metrics{}, ready: map[string][]time.Duration{}}
}

// A target is a bound on a ratio: num/den ≥ min, or ≤ max when max > 0; with neither, the
// ratio is only reported.
type target struct {
	what     string
	num, den float64
	min, max float64
}

func (t target) met() bool {
	if t.reported() {
		return true
	}
	if t.den == 0 || t.num == 0 {
		return false
	}
	q := t.num / t.den
	if t.max > 0 {
		return q <= t.max
	}
	return q >= t.min
}

// reported reports whether t is a figure to report rather than a target.
func (t target) reported() bool { return t.min == 0 && t.max == 0 }

func (t target) String() string {
	q := 0.0
	if t.den != 0 {
		q = t.num / t.den
	}
	if t.reported() {
		return fmt.Sprintf("%-58s %6.2fx (reported, not a target)", t.what, q)
	}
	verdict := "met"
	if !t.met() {
		verdict = "NOT met"
	}
	bound := fmt.Sprintf(">= %gx", t.min)
	if t.max > 0 {
		bound = fmt.Sprintf("<= %gx", t.max)
	}
	return fmt.Sprintf("%-58s %6.2fx (target %s): %s", t.what, q, bound, verdict)
}

// bareKinName names the bare server linked with kin-openapi in the readiness table.
const bareKinName = "bare+kin"

// readyTarget is the readiness the sandbox must reach on this machine (median).
const readyTarget = 25 * time.Millisecond

// report prints the tables and checks the targets; an error when one is missed (with
// -check) or a request failed.
func (b *bench) report(out io.Writer, servers []string) error {
	t := b.tally
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tserver\truns\trequests\terrors\treq/s (median run)\tp50\tp99\tserver CPU/request\t")
	failedRequests := 0
	perSecond := map[[2]string]float64{}
	for _, sc := range []string{scenarioGet, scenarioPost} {
		for _, srv := range servers {
			key := [2]string{sc, srv}
			runs := t.runs[key]
			requests, errs := 0, 0
			var rates []float64
			var cpu time.Duration
			cpuRequests := 0
			for _, r := range runs {
				requests += r.requests
				errs += r.errors
				rates = append(rates, r.perSecond)
				if r.serverCPU > 0 {
					cpu += r.serverCPU
					cpuRequests += r.requests
				}
			}
			cpuPerRequest := "-"
			if cpuRequests > 0 {
				cpuPerRequest = us(cpu / time.Duration(cpuRequests))
			}
			failedRequests += errs
			perSecond[key] = median(rates)
			var p50, p99 time.Duration
			if m := t.latencies[key]; m != nil {
				m.Close()
				p50, p99 = m.Latencies.P50, m.Latencies.P99
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.1f\t%s\t%s\t%s\t\n", sc, srv, len(runs), requests, errs, perSecond[key], ms(p50), ms(p99), cpuPerRequest)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(out)
	fmt.Fprintln(out, "readiness: from starting the process to its first answered request")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "server\tstarts\tmedian\tmin\tmax\t")
	readyMedian := map[string]time.Duration{}
	readied := servers
	if len(t.ready[bareKinName]) > 0 {
		readied = append(slices.Clone(servers), bareKinName)
	}
	for _, srv := range readied {
		d := t.ready[srv]
		readyMedian[srv] = medianDuration(d)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", srv, len(d), ms(readyMedian[srv]), ms(extreme(d, slices.Min)), ms(extreme(d, slices.Max)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// Throughput ratios are the medians of each round's ratio: the two servers of a
	// round ran within seconds of each other, so a change of the machine's load between
	// rounds cancels out.
	fmt.Fprintln(out)
	throughput := func(sc, other string, minRatio float64) target {
		q := t.pairedRatio(sc, "sandbox", other)
		fmt.Fprintf(out, "%s: sandbox/%s throughput by round: %s; ratio of the medians %.2fx\n", sc, other,
			formatRatios(t.roundRatios(sc, "sandbox", other)), perSecond[[2]string{sc, "sandbox"}]/perSecond[[2]string{sc, other}])
		return target{what: sc + ": sandbox/" + other + " throughput (median by round)", num: q, den: 1, min: minRatio}
	}
	// The server's own CPU time a request: what validation costs, apart from the load
	// generator sharing the machine and from other tenants' bursts, which move the
	// throughput of a round by several percent (BENCHMARKS.md).
	for _, sc := range []string{scenarioGet, scenarioPost} {
		if q := t.cpuRatios(sc, "sandbox", "bare"); len(q) > 0 {
			fmt.Fprintf(out, "%s: sandbox/bare server CPU a request by round: %s; median %.2fx\n", sc, formatRatios(q), median(q))
		}
	}
	// Against the bare server the ratios are reported (issue 20): the targets are Prism's
	// throughput and the readiness.
	targets := []target{throughput(scenarioGet, "bare", 0), throughput(scenarioPost, "bare", 0)}
	if slices.Contains(servers, "prism") {
		targets = append(targets, throughput(scenarioGet, "prism", 10), throughput(scenarioPost, "prism", 5))
	}
	targets = append(targets,
		target{what: fmt.Sprintf("readiness: sandbox median/%s", ms(readyTarget)), num: float64(readyMedian["sandbox"]), den: float64(readyTarget), max: 1},
		target{what: "readiness: sandbox/bare median", num: float64(readyMedian["sandbox"]), den: float64(readyMedian["bare"])})
	if slices.Contains(servers, "prism") {
		fmt.Fprintf(out, "readiness: prism/sandbox median %.1fx\n", float64(readyMedian["prism"])/float64(readyMedian["sandbox"]))
	}
	if slices.Contains(readied, bareKinName) {
		fmt.Fprintf(out, "readiness: %s/bare median %.2fx: the floor of a server that links kin-openapi; sandbox/%s %.2fx\n", bareKinName,
			float64(readyMedian[bareKinName])/float64(readyMedian["bare"]), bareKinName, float64(readyMedian["sandbox"])/float64(readyMedian[bareKinName]))
	}
	fmt.Fprintln(out)
	missed := 0
	for _, tg := range targets {
		fmt.Fprintln(out, tg)
		if !tg.met() {
			missed++
		}
	}
	switch {
	case failedRequests > 0:
		return fmt.Errorf("%d requests failed", failedRequests)
	case missed > 0 && b.o.check:
		return fmt.Errorf("%d targets not met", missed)
	case missed > 0:
		fmt.Fprintln(out, "(targets not checked: -check=false)")
	}
	return nil
}

// ms formats d in milliseconds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}

// us formats d in microseconds.
func us(d time.Duration) string {
	return fmt.Sprintf("%.1fµs", float64(d)/float64(time.Microsecond))
}

// median returns the median of v, 0 for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// medianDuration is median for durations.
func medianDuration(d []time.Duration) time.Duration {
	f := make([]float64, len(d))
	for i, x := range d {
		f[i] = float64(x)
	}
	return time.Duration(median(f))
}

// extreme returns pick(d), 0 for none.
func extreme(d []time.Duration, pick func([]time.Duration) time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return pick(d)
}

// roundRatios returns, round by round, the throughput of server a over that of b in
// scenario sc.
func (t *tally) roundRatios(sc, a, b string) []float64 {
	ra, rb := t.runs[[2]string{sc, a}], t.runs[[2]string{sc, b}]
	var q []float64
	for i := range min(len(ra), len(rb)) {
		if rb[i].perSecond > 0 {
			q = append(q, ra[i].perSecond/rb[i].perSecond)
		}
	}
	return q
}

// cpuRatios returns, round by round, the server CPU time a request of server a over
// that of b in scenario sc, for the rounds where both are known.
func (t *tally) cpuRatios(sc, a, b string) []float64 {
	ra, rb := t.runs[[2]string{sc, a}], t.runs[[2]string{sc, b}]
	var q []float64
	for i := range min(len(ra), len(rb)) {
		if ca, cb := ra[i].cpuPerRequest(), rb[i].cpuPerRequest(); ca > 0 && cb > 0 {
			q = append(q, float64(ca)/float64(cb))
		}
	}
	return q
}

// pairedRatio is the median of roundRatios.
func (t *tally) pairedRatio(sc, a, b string) float64 {
	return median(t.roundRatios(sc, a, b))
}

func formatRatios(q []float64) string {
	parts := make([]string, len(q))
	for i, x := range q {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, " ")
}
