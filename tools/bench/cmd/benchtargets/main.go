// Command benchtargets checks `go test -bench` output against the performance targets
// of BENCHMARKS.md and prints each median ratio with its verdict; `make bench` runs it on
// bench/latest.txt. The results are read with golang.org/x/perf/benchfmt and their
// medians taken with benchmath, as benchstat does. It exits 1 when a target is missed
// or its benchmarks are missing.
//
// Usage:
//
//	benchtargets FILE
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtargets FILE (go test -bench output)")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1]) //nolint:gosec // a file the user names, read only
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtargets:", err)
		os.Exit(1)
	}
	defer func() { _ = f.Close() }()
	ok, err := run(f, os.Args[1], os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtargets:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

// run reads benchmark results from r (named file) and writes the figures and target
// checks to w; ok is false when a target is not met.
func run(r io.Reader, file string, w io.Writer) (ok bool, err error) {
	res, err := read(r, file)
	if err != nil {
		return false, err
	}
	ok = true
	fmt.Fprintln(w, "Targets (issue 11: what a user feels; medians, the server answering after 5 ms):")
	for _, c := range targets(res) {
		fmt.Fprintln(w, c)
		ok = ok && c.met
	}
	fmt.Fprintln(w, "Figures, not targets (in process, loopback without delay, sandbox handler):")
	for _, c := range figures(res) {
		fmt.Fprintln(w, c)
	}
	return ok, nil
}
