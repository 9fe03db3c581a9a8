// Package sizecheck holds the packages that split their code by concern to
// their limits: no non-test file over a number of lines, no function over
// another. A package's size test calls [Check] on its own folder.
package sizecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The limits the packages that use Check hold to: past them, split the
// file by concern or extract a helper that does one thing.
const (
	MaxFileLines = 600
	MaxFuncLines = 80
)

// Check reports, as errors of t, each non-test Go file of dir over
// MaxFileLines lines and each function over MaxFuncLines. It fails when
// dir holds no Go file, so that a test run from the wrong folder does not
// pass by checking nothing.
func Check(t testing.TB, dir string) {
	t.Helper()
	fset, files, err := Parse(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s: the test must run in the package's folder", dir)
	}
	for _, p := range Problems(fset, files, MaxFileLines, MaxFuncLines) {
		t.Error(p)
	}
}

// Parse parses the non-test Go files of dir.
func Parse(dir string) (*token.FileSet, []*ast.File, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		f, err := parser.ParseFile(fset, filepath.Base(name), src, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, f)
	}
	return fset, files, nil
}

// Problems names each file over maxFile lines and each function (from func
// to its closing brace) over maxFunc lines.
func Problems(fset *token.FileSet, files []*ast.File, maxFile, maxFunc int) []string {
	var out []string
	for _, f := range files {
		tf := fset.File(f.FileStart)
		if n := tf.LineCount(); n > maxFile {
			out = append(out, fmt.Sprintf("%s has %d lines, over %d: split it by concern", tf.Name(), n, maxFile))
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			start, end := fset.Position(fd.Pos()), fset.Position(fd.End())
			if n := end.Line - start.Line + 1; n > maxFunc {
				out = append(out, fmt.Sprintf("%s:%d: %s has %d lines, over %d: extract helpers that each do one thing", tf.Name(), start.Line, fd.Name.Name, n, maxFunc))
			}
		}
	}
	return out
}
