package zerovalue

import (
	"fmt"
	"slices"
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
		_ = b.p // b is a pointer to a zero thing, not nil
	})
	Func(rec, "panics", func(b *int) { _ = *b })
	called := Methods(rec, thing{})
	if want := []string{"thing.Fine", "thing.Panics"}; !slices.Equal(called, want) {
		t.Errorf("called %q, want %q", called, want)
	}
	if len(rec.errors) != 2 {
		t.Fatalf("errors %q, want the panics of panics and thing.Panics", rec.errors)
	}
}

func TestExported(t *testing.T) {
	got := Exported(t, ".")
	if want := []string{"Check", "Exported", "Func", "Methods", "Zero"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
