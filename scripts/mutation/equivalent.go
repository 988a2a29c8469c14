package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// equivalent is an entry of mutation-equivalent.txt: a mutant that cannot
// change what the SDK does, and why.
type equivalent struct {
	Key    string
	Reason string
	Line   int
}

// readEquivalents reads the file of equivalent mutants. Its entries are the
// keys the report prints; the comment lines right above a group of entries are
// their reason, which every entry must have. A blank line ends a group.
func readEquivalents(path string) ([]equivalent, error) {
	f, err := os.Open(path) //nolint:gosec // a file of this repository, named by the script
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		out     []equivalent
		reason  []string
		entries bool // whether the group already has entries
		seen    = map[string]int{}
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			reason, entries = nil, false
		case strings.HasPrefix(line, "#"):
			if entries {
				reason, entries = nil, false
			}
			reason = append(reason, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		default:
			if len(reason) == 0 {
				return nil, fmt.Errorf("%s:%d: an entry without a reason (the comment lines right above it): %s", path, n, line)
			}
			if first, dup := seen[line]; dup {
				return nil, fmt.Errorf("%s:%d: the entry of line %d again: %s", path, n, first, line)
			}
			seen[line] = n
			entries = true
			out = append(out, equivalent{Key: line, Reason: strings.Join(reason, " "), Line: n})
		}
	}
	return out, sc.Err()
}
