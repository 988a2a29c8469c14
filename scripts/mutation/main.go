// Command mutation is the helper of scripts/mutation.sh (make mutation), which
// runs gremlins over the packages where the SDK decides what happened to a
// request. It does two things gremlins v0.6.0 does not:
//
//	mutation cover PROFILE
//
// completes the coverage profile gremlins takes from go test -cover with the
// conditions of the switch statements the tests reached (see coverCases), and
//
//	mutation report [-efficacy 90] [-coverage 95] [-equivalent FILE] DIR=RESULT.json...
//
// reads gremlins' results (its -o output, for the package in DIR), leaves out
// the mutants listed in the equivalent file, prints each package's figures and
// survivors, and fails when a package is under a threshold or the file lists a
// mutant that is not a survivor.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mutation:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("want a command: cover PROFILE, or report [flags] DIR=RESULT.json (one or more)")
	}
	switch args[0] {
	case "cover":
		if len(args) != 2 {
			return errors.New("usage: mutation cover PROFILE")
		}
		root, err := os.Getwd()
		if err != nil {
			return err
		}
		return coverCases(args[1], root)
	case "report":
		fs := flag.NewFlagSet("report", flag.ContinueOnError)
		efficacy := fs.Float64("efficacy", 90, "least test efficacy of a package, in percent")
		coverage := fs.Float64("coverage", 95, "least mutant coverage of a package, in percent")
		equivalent := fs.String("equivalent", "mutation-equivalent.txt", "the mutants not counted, with their reasons")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		var results []packageResult
		for _, a := range fs.Args() {
			dir, file, ok := strings.Cut(a, "=")
			if !ok {
				return fmt.Errorf("%q: want DIR=RESULT.json", a)
			}
			r, err := readResult(dir, file)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		eq, err := readEquivalents(*equivalent)
		if err != nil {
			return err
		}
		return report(os.Stdout, results, eq, *efficacy, *coverage)
	}
	return fmt.Errorf("unknown command %q", args[0])
}
