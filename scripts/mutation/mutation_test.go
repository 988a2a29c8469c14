package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const sample = `package p

func f(n int) string {
	switch {
	case n > 10:
		return "big"
	case n > 0 && n < 3:
		return "small"
	}
	if n > 0 {
		n--
	}
	return ""
}

func g(n int) bool {
	switch {
	case n > 1:
		return true
	}
	return false
}

type t struct{}

func (*t) m(a, b int) bool { return a < b || a < b }
`

func writeModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "p/p.go": sample} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The case conditions of a switch the tests reached get a block; those of a
// switch they did not reach stay uncovered.
func TestCoverCases(t *testing.T) {
	dir := writeModule(t)
	profile := filepath.Join(dir, "cover.out")
	// f's body ran, g's did not.
	text := "mode: set\nexample.com/m/p/p.go:3.24,4.9 1 1\nexample.com/m/p/p.go:17.22,18.9 1 0\n"
	if err := os.WriteFile(profile, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := coverCases(profile, dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	want := text + "example.com/m/p/p.go:5.2,5.14 0 1\nexample.com/m/p/p.go:7.2,7.22 0 1\n"
	if string(got) != want {
		t.Errorf("profile:\n%s\nwant:\n%s", got, want)
	}
}

// A mutant's key names its declaration, mutator and expression; equal keys in
// one declaration are numbered in the order of the source.
func TestSetKeys(t *testing.T) {
	dir := writeModule(t)
	ms := []mutant{
		{File: "p/p.go", Line: 26, Column: 48, Type: "CONDITIONALS_BOUNDARY"},
		{File: "p/p.go", Line: 26, Column: 39, Type: "CONDITIONALS_BOUNDARY"},
		{File: "p/p.go", Line: 10, Column: 7, Type: "CONDITIONALS_NEGATION"},
		{File: "p/p.go", Line: 11, Column: 4, Type: "INCREMENT_DECREMENT"},
	}
	if err := setKeys(dir, ms); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range ms {
		keys = append(keys, m.Key)
	}
	want := []string{
		"p/p.go: f: CONDITIONALS_NEGATION: n > 0",
		"p/p.go: f: INCREMENT_DECREMENT: n--",
		"p/p.go: t.m: CONDITIONALS_BOUNDARY: a < b",
		"p/p.go: t.m: CONDITIONALS_BOUNDARY: a < b #2",
	}
	if !slices.Equal(keys, want) {
		t.Errorf("keys\n%s\nwant\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
}

// Every entry needs a reason; a listed mutant that the tests kill, or an entry
// that matches none, fails the report.
func TestEquivalents(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "eq.txt")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("# header\n\np/p.go: f: X: a\n")
	if _, err := readEquivalents(file); err == nil {
		t.Error("an entry without a reason was accepted")
	}
	write("# header\n\n# why\np/p.go: f: X: a\np/p.go: f: X: b\n# why not\np/p.go: f: X: c\n")
	eq, err := readEquivalents(file)
	if err != nil || len(eq) != 3 || eq[1].Reason != "why" || eq[2].Reason != "why not" {
		t.Fatalf("%+v, %v", eq, err)
	}
	results := []packageResult{{Dir: "p", Mutants: []mutant{
		{File: "p/p.go", Status: lived, Key: "p/p.go: f: X: a"},
		{File: "p/p.go", Status: killed, Key: "p/p.go: f: X: b"},
	}}}
	var out strings.Builder
	if err := report(&out, results, eq, 0, 0); err == nil || !strings.Contains(out.String(), "is KILLED, not a survivor") || !strings.Contains(out.String(), "no such mutant") {
		t.Errorf("report: %v\n%s", err, out.String())
	}
	survivor := []packageResult{{Dir: "p", Mutants: []mutant{{File: "p/p.go", Status: lived, Key: "p/p.go: f: X: d"}}}}
	if err := report(&out, survivor, nil, 90, 95); err == nil {
		t.Errorf("an efficacy of 0 %% passed")
	}
}
