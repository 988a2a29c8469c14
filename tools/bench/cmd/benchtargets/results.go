package main

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// results holds every value of every benchmark, by name (without the -GOMAXPROCS
// suffix) and tidied unit ("sec/op", "B/op", "allocs/op", "B/s", custom units as
// reported).
type results map[string]map[string][]float64

// read reads `go test -bench` output with benchfmt; lines that are not results are
// skipped, a malformed result line is an error.
func read(r io.Reader, file string) (results, error) {
	res := results{}
	br := benchfmt.NewReader(r, file)
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			base, parts := rec.Name.Parts()
			name := bytes.TrimPrefix(bytes.Clone(base), []byte("Benchmark"))
			for _, p := range parts {
				if p[0] == '/' {
					name = append(name, p...)
				}
			}
			m := res[string(name)]
			if m == nil {
				m = map[string][]float64{}
				res[string(name)] = m
			}
			for _, v := range rec.Values {
				m[v.Unit] = append(m[v.Unit], v.Value)
			}
		}
	}
	return res, br.Err()
}

// summary returns the median of the values of name in unit, with benchmath's 95%
// confidence interval, and whether there are any.
func (r results) summary(name, unit string) (benchmath.Summary, bool) {
	v := r[name][unit]
	if len(v) == 0 {
		return benchmath.Summary{}, false
	}
	s := benchmath.NewSample(v, &benchmath.DefaultThresholds)
	return benchmath.AssumeNothing.Summary(s, 0.95), true
}

// median returns the median of the values of name in unit.
func (r results) median(name, unit string) (float64, bool) {
	s, ok := r.summary(name, unit)
	return s.Center, ok
}

// describe formats the median of name in unit with its confidence interval.
func (r results) describe(name, unit string) string {
	s, ok := r.summary(name, unit)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.4g %s %s (n=%d)", s.Center, unit, s.PctRangeString(), len(r[name][unit]))
}
