package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Sides of a difference, as the deliberate list names them.
const (
	sideUpstream = "upstream" // upstream has it, openapi.yaml does not
	sideOurs     = "ours"     // openapi.yaml has it, upstream does not
)

// deliberate is one entry of contract/upstream/deliberate.yaml: differences
// on one side that we keep on purpose, and why.
type deliberate struct {
	Only   string   `yaml:"only"`
	Match  []string `yaml:"match"`
	Reason string   `yaml:"reason"`
}

// loadDeliberate reads and checks the list: every entry names its side, at
// least one pattern and a one-line reason.
func loadDeliberate(path string) ([]deliberate, error) {
	raw, err := os.ReadFile(path) //nolint:gosec // G304: the list the maintainer names
	if err != nil {
		return nil, err
	}
	var list []deliberate
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil && !errors.Is(err, io.EOF) { // an empty file is an empty list
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, d := range list {
		where := fmt.Sprintf("%s: entry %d", path, i+1)
		switch {
		case d.Only != sideUpstream && d.Only != sideOurs:
			return nil, fmt.Errorf("%s: only: %q, want %q or %q", where, d.Only, sideUpstream, sideOurs)
		case len(d.Match) == 0:
			return nil, fmt.Errorf("%s: no match patterns", where)
		case strings.TrimSpace(d.Reason) == "" || strings.Contains(strings.TrimSpace(d.Reason), "\n"):
			return nil, fmt.Errorf("%s: the reason must be one line", where)
		}
	}
	return list, nil
}

// explain marks the differences of one side that the list accounts for, and
// returns the patterns of that side that matched none: a stale entry, which
// no longer describes openapi.yaml.
func explain(diffs []difference, side string, list []deliberate) (unused []string) {
	for n, d := range list {
		if d.Only != side {
			continue
		}
		for _, pattern := range d.Match {
			used := false
			for i := range diffs {
				if match(pattern, diffs[i].Item) {
					used = true
					if diffs[i].Entry == 0 {
						diffs[i].Entry = n + 1
					}
				}
			}
			if !used {
				unused = append(unused, pattern)
			}
		}
	}
	return unused
}

// match reports whether item matches pattern, in which `*` stands for any run
// of characters (slashes and spaces included) and everything else for itself.
func match(pattern, item string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == item
	}
	if !strings.HasPrefix(item, parts[0]) {
		return false
	}
	item = item[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(item, part)
		if i < 0 {
			return false
		}
		item = item[i+len(part):]
	}
	return strings.HasSuffix(item, last)
}
