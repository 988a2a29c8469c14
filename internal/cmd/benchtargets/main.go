// Command benchtargets checks `go test -bench` output against the performance targets
// of BENCHMARKS.md and prints each median ratio with its verdict; `make bench` runs it on
// bench/latest.txt. It exits 1 when a target is missed or its benchmarks are missing.
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
	ok, err := run(f, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtargets:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

// run reads benchmark results from r and writes the target checks to w; ok is false
// when one is not met.
func run(r io.Reader, w io.Writer) (ok bool, err error) {
	results, err := parse(r)
	if err != nil {
		return false, err
	}
	ok = true
	for _, c := range check(results) {
		fmt.Fprintln(w, c)
		ok = ok && c.met
	}
	return ok, nil
}
