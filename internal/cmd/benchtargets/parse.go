package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// results holds every value of every benchmark, by name (without the -GOMAXPROCS
// suffix) and unit ("sec/op", "B/op", "allocs/op", "B/s").
type results map[string]map[string][]float64

// procsSuffix is the -N that `go test` appends to a benchmark's name.
var procsSuffix = regexp.MustCompile(`-\d+$`)

// parse reads `go test -bench` output; every line that is not a benchmark result is
// skipped. Times are converted to seconds and MB/s to B/s, as benchstat does.
func parse(r io.Reader) (results, error) {
	res := results{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // not a result line
		}
		name := procsSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		if res[name] == nil {
			res[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%q: value %q: %w", sc.Text(), f[i], err)
			}
			unit := f[i+1]
			switch unit {
			case "ns/op":
				v, unit = v/1e9, "sec/op"
			case "MB/s":
				v, unit = v*1e6, "B/s"
			}
			res[name][unit] = append(res[name][unit], v)
		}
	}
	return res, sc.Err()
}

// median returns the median of the values of name in unit, and whether there are any.
func (r results) median(name, unit string) (float64, bool) {
	v := slices.Clone(r[name][unit])
	if len(v) == 0 {
		return 0, false
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2], true
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2, true
}
