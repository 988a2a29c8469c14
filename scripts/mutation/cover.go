package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// coverCases adds to the coverage profile at path a block holding the
// conditions of each case clause of every switch statement the tests reached,
// for the module whose root is root. go test -cover gives those conditions no
// counter (they belong neither to the block before the switch nor to the
// clause's body), so gremlins v0.6.0 reports their mutants NOT COVERED and
// never runs them (go-gremlins/gremlins#298), although the SDK makes most of
// its decisions there. A condition that the reached switch never evaluates
// (an earlier case always matched) is then run and seen to survive, never
// hidden.
func coverCases(path, root string) error {
	profile, err := os.ReadFile(path) //nolint:gosec // the profile gremlins asked go test to write
	if err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod")) //nolint:gosec // the module's own go.mod
	if err != nil {
		return err
	}
	module := modulePath(gomod)
	if module == "" {
		return fmt.Errorf("%s: no module line", filepath.Join(root, "go.mod"))
	}
	covered, order, err := coveredBlocks(profile)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var added bytes.Buffer
	for _, name := range order {
		rel, ok := strings.CutPrefix(name, module+"/")
		if !ok {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, filepath.Join(root, rel), nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, b := range caseBlocks(fset, file, covered[name]) {
			fmt.Fprintf(&added, "%s:%s 0 1\n", name, b)
		}
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0) //nolint:gosec // as above
	if err != nil {
		return err
	}
	if _, err := f.Write(added.Bytes()); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// modulePath returns the path of the module line of a go.mod, "" without one.
func modulePath(gomod []byte) string {
	for line := range strings.Lines(string(gomod)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// span is a block of a coverage profile: from line.col to line.col.
type span struct{ l0, c0, l1, c1 int }

func (s span) String() string { return fmt.Sprintf("%d.%d,%d.%d", s.l0, s.c0, s.l1, s.c1) }

func (s span) holds(p token.Position) bool {
	after := p.Line > s.l0 || p.Line == s.l0 && p.Column >= s.c0
	before := p.Line < s.l1 || p.Line == s.l1 && p.Column <= s.c1
	return after && before
}

// coveredBlocks returns the blocks of a profile that ran, by file name, and
// the file names in the order they first appear.
func coveredBlocks(profile []byte) (map[string][]span, []string, error) {
	covered := map[string][]span{}
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(profile))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") || line == "" {
			continue
		}
		// name:l0.c0,l1.c1 statements count
		colon := strings.LastIndexByte(line, ':')
		fields := strings.Fields(line[colon+1:])
		if colon < 0 || len(fields) != 3 {
			return nil, nil, fmt.Errorf("unexpected line %q", line)
		}
		name := line[:colon]
		var s span
		if _, err := fmt.Sscanf(fields[0], "%d.%d,%d.%d", &s.l0, &s.c0, &s.l1, &s.c1); err != nil {
			return nil, nil, fmt.Errorf("line %q: %w", line, err)
		}
		if _, seen := covered[name]; !seen {
			order = append(order, name)
			covered[name] = nil
		}
		count, err := strconv.Atoi(fields[2])
		if err != nil {
			return nil, nil, fmt.Errorf("line %q: %w", line, err)
		}
		if count > 0 {
			covered[name] = append(covered[name], s)
		}
	}
	return covered, order, sc.Err()
}

// caseBlocks returns the spans of the case conditions of the switch
// statements of file whose switch keyword lies in a covered block.
func caseBlocks(fset *token.FileSet, file *ast.File, covered []span) []span {
	reached := func(p token.Pos) bool {
		pos := fset.Position(p)
		for _, s := range covered {
			if s.holds(pos) {
				return true
			}
		}
		return false
	}
	var out []span
	ast.Inspect(file, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || !reached(sw.Switch) {
			return true
		}
		for _, stmt := range sw.Body.List {
			if cc, ok := stmt.(*ast.CaseClause); ok && len(cc.List) > 0 {
				from, to := fset.Position(cc.Case), fset.Position(cc.Colon)
				out = append(out, span{from.Line, from.Column, to.Line, to.Column + 1})
			}
		}
		return true
	})
	return out
}
