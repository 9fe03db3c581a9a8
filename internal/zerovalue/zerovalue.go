// Package zerovalue checks, for the packages' tests, that the exported
// functions and methods of a package do not panic on zero values: each is
// called with zero arguments (a pointer to a struct gets a pointer to the
// zero struct), each method on a pointer to the zero value of its type.
// Exported lists what a package's source exports, so that a test can check
// that its table leaves nothing out.
package zerovalue

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Func calls fn (a function) with zero arguments and reports a panic as
// an error of t, under name.
func Func(t testing.TB, name string, fn any) {
	t.Helper()
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		t.Fatalf("%s: %T is not a function", name, fn)
	}
	if p := call(v); p != "" {
		t.Errorf("%s panics on zero values: %s", name, p)
	}
}

// Methods calls every exported method of *T, where v is a T or a *T,
// on a pointer to the zero T, and reports each panic. It returns the
// names of the methods it called, as "T.Method".
func Methods(t testing.TB, v any) []string {
	t.Helper()
	typ := reflect.TypeOf(v)
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	ptr := reflect.PointerTo(typ)
	var called []string
	for i := range ptr.NumMethod() {
		m := ptr.Method(i)
		name := typ.Name() + "." + m.Name
		called = append(called, name)
		recv := reflect.New(typ)
		if p := call(recv.Method(i)); p != "" {
			t.Errorf("(&%s{}).%s panics on zero values: %s", typ.Name(), m.Name, p)
		}
	}
	return called
}

// call calls fn with zero arguments and returns what it panicked with, ""
// when it did not.
func call(fn reflect.Value) (panicked string) {
	ft := fn.Type()
	n := ft.NumIn()
	if ft.IsVariadic() {
		n-- // no variadic arguments
	}
	args := make([]reflect.Value, n)
	for i := range n {
		args[i] = Zero(ft.In(i))
	}
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprint(r)
			if panicked == "" {
				panicked = "(empty panic)"
			}
		}
	}()
	fn.Call(args)
	return ""
}

// Zero is the zero argument of type t: a pointer to the zero struct for a
// pointer to a struct, the zero value otherwise.
func Zero(t reflect.Type) reflect.Value {
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		return reflect.New(t.Elem())
	}
	return reflect.Zero(t)
}

// Exported returns the exported functions (as "Name") and methods of
// exported types (as "Type.Name") declared in the non-test Go files of the
// package in dir, sorted.
func Exported(t testing.TB, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				out = append(out, fd.Name.Name)
				continue
			}
			recv := fd.Recv.List[0].Type
			if s, ok := recv.(*ast.StarExpr); ok {
				recv = s.X
			}
			if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
				out = append(out, id.Name+"."+fd.Name.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Check is the whole walk for the package whose tests run it (in its
// folder): it calls every function of funcs (by name) and every exported
// method of each type of types (a value of it), and reports any function
// or method the package exports that neither covers. A nil entry of funcs
// is one not called, because its doc says it panics (MustParse and the
// like): say why beside it.
func Check(t *testing.T, funcs map[string]any, types ...any) {
	t.Helper()
	covered := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(funcs)) {
		if funcs[name] != nil {
			Func(t, name, funcs[name])
		}
		covered[name] = true
	}
	for _, v := range types {
		for _, m := range Methods(t, v) {
			covered[m] = true
		}
	}
	for _, name := range Exported(t, ".") {
		if !covered[name] {
			t.Errorf("%s is not walked: add it to the test's table", name)
		}
	}
}
