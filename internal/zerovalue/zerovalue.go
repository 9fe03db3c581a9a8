// Package zerovalue checks, for the packages' tests, that the exported
// functions and methods of a package do not panic on zero values: each is
// called with zero arguments, a pointer to a struct being a pointer to the
// zero struct and then nil, each method on a pointer to the zero value of
// its type. Exported lists what a package's source exports, so that a test
// can check that its table leaves nothing out.
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
// an error of t, under name. A pointer to a struct is a pointer to the zero
// struct, and then nil unless nonNil.
func Func(t testing.TB, name string, fn any, nonNil bool) {
	t.Helper()
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		t.Fatalf("%s: %T is not a function", name, fn)
	}
	if p := call(v, false); p != "" {
		t.Errorf("%s panics on zero values: %s", name, p)
	}
	if !nonNil {
		if p := call(v, true); p != "" {
			t.Errorf("%s panics on nil pointers: %s (check them, or say in its doc that they must not be nil and list it in NonNil)", name, p)
		}
	}
}

// Methods calls every exported method of *T, where v is a T or a *T,
// on a pointer to the zero T, as Func calls a function; nonNil holds the
// methods ("T.Method") not to call with nil pointers. It returns the names
// of the methods it called.
func Methods(t testing.TB, v any, nonNil map[string]bool) []string {
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
		if p := call(reflect.New(typ).Method(i), false); p != "" {
			t.Errorf("(&%s{}).%s panics on zero values: %s", typ.Name(), m.Name, p)
		}
		if nonNil[name] {
			continue
		}
		if p := call(reflect.New(typ).Method(i), true); p != "" {
			t.Errorf("(&%s{}).%s panics on nil pointers: %s (check them, or say in its doc that they must not be nil and list it in NonNil)", typ.Name(), m.Name, p)
		}
	}
	return called
}

// call calls fn with zero arguments, nil pointers when nilPointers, and
// returns what it panicked with, "" when it did not.
func call(fn reflect.Value, nilPointers bool) (panicked string) {
	ft := fn.Type()
	n := ft.NumIn()
	if ft.IsVariadic() {
		n-- // no variadic arguments
	}
	args := make([]reflect.Value, n)
	for i := range n {
		args[i] = Zero(ft.In(i))
		if nilPointers && ft.In(i).Kind() == reflect.Pointer {
			args[i] = reflect.Zero(ft.In(i))
		}
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

// Table is what a package's test walks.
type Table struct {
	// Funcs are the package's functions by name. A nil entry is one not
	// called, because its doc says it panics (MustParse and the like):
	// say why beside it.
	Funcs map[string]any
	// Types are a value of each exported type; every exported method of
	// each is called.
	Types []any
	// NonNil names the functions and methods ("Type.Method") whose doc
	// says their pointer arguments must not be nil: they are called with
	// pointers to zero values only.
	NonNil []string
}

// Check is the whole walk for the package whose tests run it (in its
// folder): it calls every function and method of the table and reports
// any function or method the package exports that the table leaves out.
func Check(t *testing.T, tab Table) {
	t.Helper()
	nonNil := map[string]bool{}
	for _, name := range tab.NonNil {
		nonNil[name] = true
	}
	covered := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(tab.Funcs)) {
		if fn := tab.Funcs[name]; fn != nil {
			Func(t, name, fn, nonNil[name])
		}
		covered[name] = true
	}
	for _, v := range tab.Types {
		for _, m := range Methods(t, v, nonNil) {
			covered[m] = true
		}
	}
	for _, name := range Exported(t, ".") {
		if !covered[name] {
			t.Errorf("%s is not walked: add it to the test's table", name)
		}
	}
	for _, name := range tab.NonNil {
		if !covered[name] {
			t.Errorf("NonNil names %s, which the table does not walk", name)
		}
	}
}
