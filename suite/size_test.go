package suite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The largest a non-test file and a function of the package may grow:
// past them, split the file by concern or extract a helper that does one
// thing.
const (
	maxFileLines = 600
	maxFuncLines = 80
)

// No file of the package is over maxFileLines and no function over
// maxFuncLines, so that the loader's split by concern does not rot.
func TestSizes(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("no Go files found: the test must run in the package's folder")
	}
	for _, p := range sizeProblems(fset, files, maxFileLines, maxFuncLines) {
		t.Error(p)
	}
}

// The check itself finds a long file and a long function, and names each.
func TestSizeProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("package p\n\nfunc short() {\n}\n\nfunc (x *T) long() {\n")
	for range 10 {
		b.WriteString("\t_ = 1\n")
	}
	b.WriteString("}\n")
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", b.String(), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"p.go has 17 lines, over 15: split it by concern",
		"p.go:6: long has 12 lines, over 5: extract helpers that each do one thing",
	}
	if diff := cmp.Diff(want, sizeProblems(fset, []*ast.File{f}, 15, 5)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got := sizeProblems(fset, []*ast.File{f}, 17, 12); len(got) != 0 {
		t.Errorf("at the limits: %q, want none", got)
	}
}

// sizeProblems names each file over maxFile lines and each function
// (from func to its closing brace) over maxFunc lines.
func sizeProblems(fset *token.FileSet, files []*ast.File, maxFile, maxFunc int) []string {
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
