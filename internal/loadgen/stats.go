package loadgen

import (
	"math"
	"slices"
	"time"
)

// Summary is one or more runs of the same requests in figures.
type Summary struct {
	Runs, Requests, Errors int
	// PerSecond is the successful requests per second; of several runs, the median
	// run's, so that one run disturbed by another load on the machine does not count.
	PerSecond float64
	// P50 and P99 are latency percentiles over the requests of every run.
	P50, P99 time.Duration
}

// Summarize sums up runs of the same requests.
func Summarize(runs ...Result) Summary {
	s := Summary{Runs: len(runs)}
	var latencies []time.Duration
	rates := make([]float64, 0, len(runs))
	for _, r := range runs {
		s.Requests += r.Requests
		s.Errors += r.Errors
		latencies = append(latencies, r.Latencies...)
		if r.Elapsed > 0 {
			rates = append(rates, float64(r.Requests)/r.Elapsed.Seconds())
		}
	}
	s.PerSecond = median(rates)
	slices.Sort(latencies)
	s.P50 = Percentile(latencies, 50)
	s.P99 = Percentile(latencies, 99)
	return s
}

// median returns the median of v (the mean of the middle two for an even count); 0 for
// none. It sorts v.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the nearest-rank
// method; 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}
