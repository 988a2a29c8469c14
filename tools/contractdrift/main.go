// Command contractdrift compares Voucherify's own descriptions of the API
// (the files listed in contract/upstream/source.yaml: segments.json, oauth.json
// and an extract of customers.json) with ours (openapi.yaml), operation by
// operation and schema by schema, and fails on any difference that is neither
// implemented nor listed as deliberate in contract/upstream/deliberate.yaml.
//
//	go run ./contractdrift -source ../contract/upstream/source.yaml \
//	    -ours ../openapi.yaml -deliberate ../contract/upstream/deliberate.yaml
//
// The upstream files are compared as one: "upstream" is every statement that
// any of them makes, each file read on its own (so the components of one, such
// as its Error schema, never stand for another's). A statement of ours is only
// ours when no upstream file makes it: the segment operations are not drift
// against oauth.json, but an operation that no upstream file has is.
//
// `make contract-drift` runs it (scripts/contract-drift.sh); docs/contract.md
// says how to read the report. Exit status: 0 in step, 1 drift, 2 a file could
// not be read.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contractdrift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var upstreamPaths fileList
	fs.Var(&upstreamPaths, "upstream", "a Voucherify spec file to compare without a source record (with -source \"\" only; repeatable)")
	sourcePath := fs.String("source", "contract/upstream/source.yaml", "the record of the upstream files (beside it): where each comes from and its SHA-256")
	oursPath := fs.String("ours", "openapi.yaml", "our contract")
	deliberatePath := fs.String("deliberate", "contract/upstream/deliberate.yaml", "the deliberate differences")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		_, _ = fmt.Fprintf(stderr, "contract-drift: %v\n", err)
		return 2
	}

	var files []upstreamFile
	switch {
	case *sourcePath != "" && len(upstreamPaths) > 0:
		return fail(fmt.Errorf("-upstream is for files without a record: give -source \"\" with it"))
	case *sourcePath != "":
		var err error
		if files, err = checkSources(*sourcePath); err != nil {
			return fail(err)
		}
	case len(upstreamPaths) == 0:
		return fail(fmt.Errorf("no upstream file: give -source or -upstream"))
	default:
		for _, path := range upstreamPaths {
			files = append(files, upstreamFile{Path: path, Name: filepath.Base(path), Origin: "(source not checked)"})
		}
	}
	named := make([]namedFacts, 0, len(files))
	for _, f := range files {
		doc, err := load(f.Path)
		if err != nil {
			return fail(err)
		}
		named = append(named, namedFacts{name: f.Name, facts: collect(doc)})
	}
	ours, err := load(*oursPath)
	if err != nil {
		return fail(err)
	}
	list, err := loadDeliberate(*deliberatePath)
	if err != nil {
		return fail(err)
	}

	up, from := merge(named)
	our := collect(ours)
	upOnly, ourOnly := onlyIn(up, our), onlyIn(our, up)
	for i := range upOnly {
		upOnly[i].From = strings.Join(from[upOnly[i].Item], ", ")
	}
	stale := append(explain(upOnly, sideUpstream, list), explain(ourOnly, sideOurs, list)...)

	p := func(format string, a ...any) { _, _ = fmt.Fprintf(stdout, format, a...) }
	p("contract-drift: Voucherify's spec (%d file(s)) against ours\n", len(files))
	for i, f := range files {
		p("  upstream %s: %s, %d statements\n", f.Path, f.Origin, len(named[i].facts))
	}
	p("  against %s, deliberate differences in %s\n", *oursPath, *deliberatePath)
	p("  %d statements upstream (in any file), %d ours, %d in both\n", len(up), len(our), common(up, our))
	unexplained := report(p, "Upstream has, openapi.yaml does not", upOnly)
	unexplained += report(p, "openapi.yaml has, upstream does not", ourOnly)
	p("\n== Why: the deliberate differences (%s)\n", *deliberatePath)
	for i, d := range list {
		p("  %2d. only %s: %s\n", i+1, d.Only, d.Reason)
	}

	if unexplained == 0 && len(stale) == 0 {
		p("\ncontract-drift: OK: every difference is listed as deliberate in %s\n", *deliberatePath)
		return 0
	}
	p("\n")
	if unexplained > 0 {
		p("contract-drift: FAIL: %d difference(s) neither implemented in %s nor listed in %s:\n", unexplained, *oursPath, *deliberatePath)
		for _, side := range []struct {
			name  string
			diffs []difference
		}{{sideUpstream, upOnly}, {sideOurs, ourOnly}} {
			for _, d := range side.diffs {
				if d.Entry == 0 {
					p("  only %s: %s\n", side.name, d.Item)
				}
			}
		}
		p("  Implement each in %s, or, if it is deliberate, add it to %s with a one-line reason.\n", *oursPath, *deliberatePath)
	}
	if len(stale) > 0 {
		p("contract-drift: FAIL: %d pattern(s) in %s match no difference any more; remove them:\n", len(stale), *deliberatePath)
		for _, s := range stale {
			p("  %s\n", s)
		}
	}
	return 1
}

// report prints one side's differences and returns how many are unexplained.
func report(p func(string, ...any), title string, diffs []difference) int {
	p("\n== %s (%d)\n", title, len(diffs))
	unexplained := 0
	for _, d := range diffs {
		mark := fmt.Sprintf("deliberate %d", d.Entry)
		if d.Entry == 0 {
			mark = "NEW"
			unexplained++
		}
		details := ""
		if d.Details > 0 {
			details = fmt.Sprintf(" (and %d statements under it)", d.Details)
		}
		if d.From != "" {
			details += " in " + d.From
		}
		p("  [%s] %s%s\n", mark, d.Item, details)
	}
	return unexplained
}

func common(a, b facts) int {
	n := 0
	for key := range a {
		if _, ok := b[key]; ok {
			n++
		}
	}
	return n
}

// fileList is a flag that may be given several times.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, " ") }

func (l *fileList) Set(path string) error {
	*l = append(*l, path)
	return nil
}

// load reads an OpenAPI 3.0 document, JSON or YAML, resolving its references.
func load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("%s is not a valid OpenAPI document: %w", path, err)
	}
	return doc, nil
}
