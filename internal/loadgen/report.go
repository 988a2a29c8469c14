package loadgen

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Row is one run of the report: a scenario against a server.
type Row struct {
	Scenario, Server string
	Summary          Summary
}

// Target is a throughput ratio to reach: Server's requests per second on Scenario at
// least Min times Baseline's.
type Target struct {
	Scenario, Server, Baseline string
	Min                        float64
}

// WriteTable writes rows as an aligned table.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tserver\truns\trequests\terrors\treq/s (median run)\tp50\tp99\t")
	for _, r := range rows {
		s := r.Summary
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.1f\t%s\t%s\t\n",
			r.Scenario, r.Server, s.Runs, s.Requests, s.Errors, s.PerSecond, ms(s.P50), ms(s.P99))
	}
	return tw.Flush()
}

// ms formats d in milliseconds with three significant decimals at most.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}

// Check is a target measured: the ratio and whether it is met.
type Check struct {
	Target Target
	Ratio  float64
	Met    bool
}

// String describes the check on one line.
func (c Check) String() string {
	verdict := "met"
	if !c.Met {
		verdict = "NOT met"
	}
	return fmt.Sprintf("%s: %s/%s throughput %.1fx (target >= %gx): %s",
		c.Target.Scenario, c.Target.Server, c.Target.Baseline, c.Ratio, c.Target.Min, verdict)
}

// Evaluate measures each target on rows. A target whose rows are missing, or where
// either server had errors or no successful request, is not met.
func Evaluate(rows []Row, targets []Target) []Check {
	find := func(scenario, server string) (Summary, bool) {
		for _, r := range rows {
			if r.Scenario == scenario && r.Server == server {
				return r.Summary, true
			}
		}
		return Summary{}, false
	}
	checks := make([]Check, 0, len(targets))
	for _, t := range targets {
		c := Check{Target: t}
		s, ok1 := find(t.Scenario, t.Server)
		b, ok2 := find(t.Scenario, t.Baseline)
		if ok1 && ok2 && b.PerSecond > 0 {
			c.Ratio = s.PerSecond / b.PerSecond
			c.Met = c.Ratio >= t.Min && s.Errors == 0 && b.Errors == 0 && s.Requests > 0
		}
		checks = append(checks, c)
	}
	return checks
}
