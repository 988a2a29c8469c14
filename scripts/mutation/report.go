package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"text/tabwriter"
)

// gremlins' statuses, as its -o output writes them.
const (
	killed     = "KILLED"
	lived      = "LIVED"
	notCovered = "NOT COVERED"
	timedOut   = "TIMED OUT"
	notViable  = "NOT VIABLE"
)

// packageResult is gremlins' result for the package in Dir.
type packageResult struct {
	Dir     string
	Mutants []mutant
}

// readResult reads gremlins' -o output for the package in dir (from the
// module root) and keys its mutants.
func readResult(dir, file string) (packageResult, error) {
	b, err := os.ReadFile(file) //nolint:gosec // gremlins' output, named by the script
	if err != nil {
		return packageResult{}, err
	}
	var out struct {
		Files []struct {
			Name      string `json:"file_name"`
			Mutations []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"mutations"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return packageResult{}, fmt.Errorf("%s: %w", file, err)
	}
	r := packageResult{Dir: dir}
	for _, f := range out.Files {
		for _, m := range f.Mutations {
			r.Mutants = append(r.Mutants, mutant{File: path.Join(dir, f.Name), Line: m.Line, Column: m.Column, Type: m.Type, Status: m.Status})
		}
	}
	return r, setKeys(".", r.Mutants)
}

// figures are a package's counts, the equivalent mutants aside.
type figures struct {
	killed, lived, notCovered, timedOut, notViable, equivalent int
}

// efficacy is gremlins' test efficacy: killed over killed and lived.
func (f figures) efficacy() float64 { return percent(f.killed, f.killed+f.lived) }

// coverage is gremlins' mutant coverage: killed and lived over those and the
// mutants no test reaches.
func (f figures) coverage() float64 {
	return percent(f.killed+f.lived, f.killed+f.lived+f.notCovered)
}

func percent(n, of int) float64 {
	if of == 0 {
		return 100
	}
	return 100 * float64(n) / float64(of)
}

// report prints each package's figures and the mutants that count against it,
// and fails when one is under a threshold or an entry of eq is not a survivor
// of a package reported.
func report(w io.Writer, results []packageResult, eq []equivalent, minEfficacy, minCoverage float64) error {
	byKey := map[string]equivalent{}
	for _, e := range eq {
		byKey[e.Key] = e
	}
	matched := map[string]bool{}
	var problems, survivors, slow []string
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "package\tkilled\tlived\tnot covered\ttimed out\tnot viable\tequivalent\tefficacy\tcoverage\t")
	for _, r := range results {
		var f figures
		for _, m := range r.Mutants {
			if e, listed := byKey[m.Key]; listed {
				matched[m.Key] = true
				if m.Status == lived || m.Status == notCovered {
					f.equivalent++
					continue
				}
				problems = append(problems, fmt.Sprintf("mutation-equivalent.txt:%d: the mutant is %s, not a survivor: drop the entry\n\t%s", e.Line, m.Status, m.Key))
			}
			switch m.Status {
			case killed:
				f.killed++
			case lived:
				f.lived++
			case notCovered:
				f.notCovered++
			case timedOut:
				f.timedOut++
			case notViable:
				f.notViable++
			}
			line := fmt.Sprintf("%-11s %s:%d:%d\n\t%s", m.Status, m.File, m.Line, m.Column, m.Key)
			switch m.Status {
			case lived, notCovered:
				survivors = append(survivors, line)
			case timedOut:
				slow = append(slow, line)
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f %%\t%.1f %%\t\n", r.Dir, f.killed, f.lived, f.notCovered, f.timedOut, f.notViable, f.equivalent, f.efficacy(), f.coverage())
		if f.efficacy() < minEfficacy || f.coverage() < minCoverage {
			problems = append(problems, fmt.Sprintf("%s: efficacy %.1f %% (at least %.0f %%), coverage %.1f %% (at least %.0f %%)", r.Dir, f.efficacy(), minEfficacy, f.coverage(), minCoverage))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range eq {
		if !matched[e.Key] && reported(results, e.Key) {
			problems = append(problems, fmt.Sprintf("mutation-equivalent.txt:%d: no such mutant (the code changed?): update or drop the entry\n\t%s", e.Line, e.Key))
		}
	}
	if len(slow) > 0 {
		fmt.Fprintln(w, "\nTimed out (the tests hung, as a mutant may make them, or took longer than the timeout; not counted):")
		for _, s := range slow {
			fmt.Fprintln(w, s)
		}
	}
	if len(survivors) > 0 {
		fmt.Fprintln(w, "\nSurvivors: kill each with a test of what a user relies on, or list its key in mutation-equivalent.txt with the reason it cannot change behaviour:")
		for _, s := range survivors {
			fmt.Fprintln(w, s)
		}
	}
	if len(problems) > 0 {
		fmt.Fprintln(w)
		for _, p := range problems {
			fmt.Fprintln(w, "FAIL", p)
		}
		return fmt.Errorf("%d problems", len(problems))
	}
	fmt.Fprintf(w, "\nmutation: every package at %.0f %% efficacy and %.0f %% coverage or more\n", minEfficacy, minCoverage)
	return nil
}

// reported reports whether key is of a file of a package in results.
func reported(results []packageResult, key string) bool {
	file, _, _ := strings.Cut(key, ": ")
	for _, r := range results {
		if path.Dir(file) == r.Dir {
			return true
		}
	}
	return false
}
