package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/caret"
)

// unknownKeys is a policy whose one statement has n unknown elements, all
// on one line when oneLine, else one a line.
func unknownKeys(n int, oneLine bool) []byte {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"`)
	for i := range n {
		if oneLine {
			fmt.Fprintf(&b, `,"k%d":1`, i)
		} else {
			fmt.Fprintf(&b, ",\n  \"k%d\": 1", i)
		}
	}
	b.WriteString("}]}")
	return []byte(b.String())
}

// Detail shows the first MaxDetail problems and counts the others.
func TestErrorListDetailCap(t *testing.T) {
	for _, tt := range []struct {
		n    int
		more string
	}{
		{n: MaxDetail},
		{n: MaxDetail + 1, more: "and 1 more error\n"},
		{n: 2_345, more: "and 2245 more errors\n"},
	} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			src := unknownKeys(tt.n, false)
			_, err := Parse(src, ParseOptions{File: "p.json"})
			if l := AsList(err); len(l) != tt.n {
				t.Fatalf("%d errors, want %d", len(l), tt.n)
			}
			got := AsList(err).Detail(src)
			if n := strings.Count(got, "p.json:"); n != MaxDetail {
				t.Errorf("%d problems shown, want %d", n, MaxDetail)
			}
			if n := strings.Count(got, "^\n"); n != MaxDetail {
				t.Errorf("%d carets, want %d", n, MaxDetail)
			}
			last := got[strings.LastIndex(strings.TrimSuffix(got, "\n"), "\n")+1:]
			if tt.more == "" && strings.Contains(got, "more error") || tt.more != "" && last != tt.more {
				t.Errorf("last line %q, want %q", last, tt.more)
			}
			if !strings.Contains(got, `"k99"`) || strings.Contains(got, `"k100"`) {
				t.Errorf("not the first %d problems:\n%s", MaxDetail, got)
			}
		})
	}
}

// FuzzDetail checks the error renderer against the plain functions it
// replaces: each problem it shows is followed by the window of the line
// caret.SourceLine finds and a caret at its column, never more than MaxDetail
// problems are shown, and no text or position makes it panic.
func FuzzDetail(f *testing.F) {
	f.Add([]byte("{\n\t\"a\": 1\n}"), 2, 3, 1, 1)
	f.Add([]byte("x\r\ny\rz"), 2, 1, 3, 9)
	f.Add([]byte(strings.Repeat("é", 300)+"\n"), 1, 300, 1, 0)
	f.Add([]byte(""), 1, 1, 0, -5)
	f.Add([]byte("a\n"), 2, 1, 150, 1)
	f.Fuzz(func(t *testing.T, src []byte, line, col, n, step int) {
		n = min(max(n, 0), 3*MaxDetail)
		var l ErrorList
		for i := range n {
			l = append(l, &Error{File: "f", Pos: Pos{Line: line + i*step, Column: col + i}, Msg: "m"})
		}
		got := l.Detail(src)
		want := naiveDetail(l, src)
		if got != want {
			t.Fatalf("Detail:\n%q\nwant:\n%q", got, want)
		}
	})
}

// naiveDetail is Detail written the plain way: a rescan of the text for
// each problem.
func naiveDetail(l ErrorList, src []byte) string {
	var b strings.Builder
	for i, e := range l {
		if i == MaxDetail {
			b.WriteString(caret.More(len(l)-i, "error"))
			break
		}
		b.WriteString(e.Error() + "\n")
		if line, ok := caret.SourceLine(src, e.Pos.Line, e.Pos.Column); ok {
			line, col := caret.Window(line, e.Pos.Column)
			fmt.Fprintf(&b, "\t%s\n\t%s^\n", line, caret.Indent(line, col))
		}
	}
	return b.String()
}

// 100,000 problems on the one line of a megabyte: parsed and shown (the
// first MaxDetail of them) in well under a second, where rescanning the
// line for each problem took minutes.
func BenchmarkErrorList100k(b *testing.B) {
	src := unknownKeys(100_000, true)
	for b.Loop() {
		_, err := Parse(src, ParseOptions{File: "p.json"})
		l := AsList(err)
		if len(l) != 100_000 {
			b.Fatal(len(l))
		}
		_ = l.Detail(src)
	}
}

// BenchmarkDetail100k is Detail alone, for the same list.
func BenchmarkDetail100k(b *testing.B) {
	src := unknownKeys(100_000, false)
	_, err := Parse(src, ParseOptions{File: "p.json"})
	l := AsList(err)
	for b.Loop() {
		_ = l.Detail(src)
	}
}
