package zerovalue

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// recorder is a testing.TB that records errors.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

type thing struct{ p *int }

func (t *thing) Fine(s string, n *thing, xs ...int) int {
	return len(s) + len(xs) + len(fmt.Sprint(n.p))
}
func (t *thing) Panics() int { return *t.p }

func TestWalk(t *testing.T) {
	rec := &recorder{}
	Func(rec, "fine", func(a int, b *thing, c []string, d map[string]int, e error) {
		if b != nil {
			_ = b.p
		}
	}, false)
	Func(rec, "needs a pointer", func(b *thing) { _ = b.p }, false)
	Func(rec, "documented", func(b *thing) { _ = b.p }, true)
	Func(rec, "panics", func(b *int) { _ = *b }, true)
	called := Methods(rec, thing{}, map[string]bool{"thing.Panics": true})
	if want := []string{"thing.Fine", "thing.Panics"}; !slices.Equal(called, want) {
		t.Errorf("called %q, want %q", called, want)
	}
	want := []string{
		"needs a pointer panics on nil pointers",
		"panics panics on zero values",
		"(&thing{}).Fine panics on nil pointers",
		"(&thing{}).Panics panics on zero values",
	}
	if len(rec.errors) != len(want) {
		t.Fatalf("errors %q, want %q", rec.errors, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(rec.errors[i], w) {
			t.Errorf("error %d is %q, want %q", i, rec.errors[i], w)
		}
	}
}

func TestExported(t *testing.T) {
	got := Exported(t, ".")
	if want := []string{"Check", "Exported", "Func", "Methods", "Zero"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
