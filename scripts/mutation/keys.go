package main

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// mutant is one of gremlins' mutants.
type mutant struct {
	File         string // from the module root, slash-separated
	Line, Column int
	Type         string // gremlins' mutator, such as CONDITIONALS_BOUNDARY
	Status       string // gremlins' status, such as LIVED or NOT COVERED
	// Key names the mutant in mutation-equivalent.txt by what it changes
	// rather than where: "file: declaration: MUTATOR: expression", the
	// expression being the one whose operator is mutated, so that an entry
	// survives edits elsewhere in the file. Two equal keys in one declaration
	// are told apart by " #2", " #3" after the second and third.
	Key string
}

// setKeys sets the Key of every mutant, reading the files from root.
func setKeys(root string, ms []mutant) error {
	// Numbered in the order of the source, not of gremlins' workers.
	slices.SortFunc(ms, func(a, b mutant) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Type, b.Type))
	})
	files := map[string]*parsedFile{}
	seen := map[string]int{}
	for i := range ms {
		m := &ms[i]
		pf, ok := files[m.File]
		if !ok {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(m.File)), nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			pf = &parsedFile{fset: fset, file: f}
			files[m.File] = pf
		}
		decl, expr := pf.describe(m.Line, m.Column)
		key := fmt.Sprintf("%s: %s: %s: %s", m.File, decl, m.Type, expr)
		seen[key]++
		if n := seen[key]; n > 1 {
			key += fmt.Sprintf(" #%d", n)
		}
		m.Key = key
	}
	return nil
}

type parsedFile struct {
	fset *token.FileSet
	file *ast.File
}

// describe names the top-level declaration holding line:col and prints the
// expression (or statement) whose operator is there.
func (pf *parsedFile) describe(line, col int) (decl, expr string) {
	decl, expr = "-", fmt.Sprintf("line %d column %d", line, col)
	at := func(p token.Pos) bool {
		pos := pf.fset.Position(p)
		return pos.Line == line && pos.Column == col
	}
	for _, d := range pf.file.Decls {
		from, to := pf.fset.Position(d.Pos()), pf.fset.Position(d.End())
		if line < from.Line || line > to.Line {
			continue
		}
		decl = pf.declName(d, line)
		ast.Inspect(d, func(n ast.Node) bool {
			var op token.Pos
			switch n := n.(type) {
			case *ast.BinaryExpr:
				op = n.OpPos
			case *ast.UnaryExpr:
				op = n.OpPos
			case *ast.IncDecStmt:
				op = n.TokPos
			case *ast.AssignStmt:
				op = n.TokPos
			case *ast.BranchStmt:
				op = n.TokPos
			default:
				return true
			}
			if at(op) {
				expr = pf.print(n)
				return false
			}
			return true
		})
	}
	return decl, expr
}

// print returns n as gofmt writes it, on one line.
func (pf *parsedFile) print(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, pf.fset, n); err != nil {
		return fmt.Sprintf("%T", n)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// declName names the top-level declaration d, which holds line: Func,
// Type.Method, or the first name of its const, var or type spec holding line.
func (pf *parsedFile) declName(d ast.Decl, line int) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil || len(d.Recv.List) == 0 {
			return d.Name.Name
		}
		t := d.Recv.List[0].Type
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		switch x := t.(type) {
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		}
		if id, ok := t.(*ast.Ident); ok {
			return id.Name + "." + d.Name.Name
		}
		return d.Name.Name
	case *ast.GenDecl:
		for _, s := range d.Specs {
			if line < pf.fset.Position(s.Pos()).Line || line > pf.fset.Position(s.End()).Line {
				continue
			}
			switch s := s.(type) {
			case *ast.ValueSpec:
				return d.Tok.String() + " " + s.Names[0].Name
			case *ast.TypeSpec:
				return "type " + s.Name.Name
			}
		}
	}
	return "-"
}
