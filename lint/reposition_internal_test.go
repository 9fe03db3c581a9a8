package lint

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// naiveRepositioned is the plain way to map a position in the filled text
// back: walk its line from the start, a byte or a placeholder at a time.
func naiveRepositioned(src []byte, fill int, p policy.Pos) policy.Pos {
	if !p.IsValid() {
		return p
	}
	start, ok := caret.LineStart(src, p.Line)
	if !ok {
		return p
	}
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src) - start
	}
	lineText := src[start : start+end]
	ph := []byte(suite.MethodARNPlaceholder)
	want := p.Column - 1
	orig, filled := 0, 0
	for filled < want && orig < len(lineText) {
		if bytes.HasPrefix(lineText[orig:], ph) {
			if want < filled+fill {
				break
			}
			orig, filled = orig+len(ph), filled+fill
			continue
		}
		orig++
		filled++
	}
	return policy.Pos{Offset: start + orig, Line: p.Line, Column: orig + 1}
}

// The repositioner, which finds lines and placeholders once, maps every
// position as the walk of its line does.
func TestRepositioner(t *testing.T) {
	ph := suite.MethodARNPlaceholder
	texts := []string{
		`{"Resource": "` + ph + `"}`,
		ph + ph + "x" + ph + "\n" + "ab" + ph + "\n\n" + ph,
		"no placeholder\nat all",
		"{{methodArn}" + ph + "}}" + ph,
	}
	for _, fill := range []int{len(ph), len(ph) + 1, 60} {
		for _, text := range texts {
			src := []byte(text)
			r := newRepositioner(src, fill)
			for line := 0; line <= strings.Count(text, "\n")+2; line++ {
				for col := -1; col < len(text)+4*fill; col++ {
					p := policy.Pos{Line: line, Column: col}
					if got, want := r.repositioned(p), naiveRepositioned(src, fill, p); got != want {
						t.Fatalf("fill %d, %q at %d:%d: %+v, want %+v", fill, text, line, col, got, want)
					}
				}
			}
		}
	}
}

// 100,000 positions on one line of a megabyte: a binary search each, not
// a walk of the line (which took minutes).
func BenchmarkRepositioner(b *testing.B) {
	src := []byte(strings.Repeat(`"`+suite.MethodARNPlaceholder+`",`, 1<<20/16))
	for b.Loop() {
		r := newRepositioner(src, 60)
		for i := range 100_000 {
			r.repositioned(policy.Pos{Line: 1, Column: 1 + i*10})
		}
	}
}
