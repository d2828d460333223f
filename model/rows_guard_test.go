package model_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// A loaded dataset's rows are packed, not in Dataset.Usage: code that
// ranges over .Usage directly sees none of them and prices nothing. Only
// the collectors and the sample generator, which build plain rows, and
// Rows itself may; every other reader goes through Dataset.Rows.
func TestRowsAreReadThroughRows(t *testing.T) {
	builders := []string{"collect/", "fixtures/", "model/rows.go"}
	root := ".."
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for _, b := range builders {
			if strings.HasPrefix(filepath.ToSlash(rel), b) {
				return nil
			}
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if r, ok := n.(*ast.RangeStmt); ok && r.Value != nil { // for _, u := range d.Usage
				if s, ok := r.X.(*ast.SelectorExpr); ok && s.Sel.Name == "Usage" {
					t.Errorf("%s: ranges over .Usage: read the rows with Rows()", fset.Position(r.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
