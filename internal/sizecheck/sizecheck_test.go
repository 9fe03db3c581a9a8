package sizecheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The check finds a long file and a long function, and names each.
func TestProblems(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", longSource(), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"p.go has 17 lines, over 15: split it by concern",
		"p.go:6: long has 12 lines, over 5: extract helpers that each do one thing",
	}
	if diff := cmp.Diff(want, Problems(fset, []*ast.File{f}, 15, 5)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got := Problems(fset, []*ast.File{f}, 17, 12); len(got) != 0 {
		t.Errorf("at the limits: %q, want none", got)
	}
}

// Parse reads the folder's non-test files only, named by their base name.
func TestParse(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"p.go":      longSource(),
		"p_test.go": "package p\n\nfunc broken( {\n",
		"notes.txt": "not Go",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fset, files, err := Parse(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || fset.File(files[0].FileStart).Name() != "p.go" {
		t.Fatalf("parsed %d files, want p.go alone", len(files))
	}
	if err := os.WriteFile(filepath.Join(dir, "q.go"), []byte("package p\n\nfunc broken( {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Parse(dir); err == nil {
		t.Error("a file that does not parse: no error")
	}
}

// Check fails a folder with a function over the limit, and one with no Go
// file at all.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("package p\n\nfunc long() {\n")
	for range MaxFuncLines {
		b.WriteString("\t_ = 1\n")
	}
	b.WriteString("}\n")
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{TB: t}
	Check(rec, dir)
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "long has 82 lines") {
		t.Errorf("errors %q, want one about long", rec.errors)
	}
	rec = &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(rec, t.TempDir())
	}()
	<-done
	if !rec.fatal {
		t.Error("an empty folder: the check did not fail")
	}
}

// recorder keeps what Check reports instead of failing the test.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper()           {}
func (r *recorder) Error(args ...any) { r.errors = append(r.errors, args[0].(string)) }
func (r *recorder) Fatal(args ...any) { r.fatal = true; runtime.Goexit() }
func (r *recorder) Fatalf(string, ...any) {
	r.fatal = true
	runtime.Goexit()
}

// longSource is a 17-line file whose function long has 12 lines.
func longSource() string {
	var b strings.Builder
	b.WriteString("package p\n\nfunc short() {\n}\n\nfunc (x *T) long() {\n")
	for range 10 {
		b.WriteString("\t_ = 1\n")
	}
	b.WriteString("}\n")
	return b.String()
}
