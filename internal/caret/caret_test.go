package caret_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/caret"
)

func TestWindow(t *testing.T) {
	long := strings.Repeat("a", 100_000) + "X" + strings.Repeat("b", 100_000)
	for _, tt := range []struct {
		name string
		line string
		col  int
		// want is the character the column is on in the cut line ("" past
		// its end); cutStart and cutEnd say where "..." is expected.
		want             string
		cutStart, cutEnd bool
	}{
		{name: "short", line: "short", col: 3, want: "o"},
		{name: "exactly MaxLine", line: strings.Repeat("a", caret.MaxLine-1) + "X", col: caret.MaxLine, want: "X"},
		{name: "middle", line: long, col: 100_001, want: "X", cutStart: true, cutEnd: true},
		{name: "start", line: "X" + long, col: 1, want: "X", cutEnd: true},
		{name: "end", line: long + "Z", col: len(long) + 1, want: "Z", cutStart: true},
		{name: "past the end", line: long, col: len(long) + 1, want: "", cutStart: true},
		{name: "multi-byte", line: strings.Repeat("é", 50_000) + "X" + strings.Repeat("語", 50_000), col: 100_001, want: "X", cutStart: true, cutEnd: true},
		{name: "not UTF-8", line: strings.Repeat("\x80", 100_000) + "X" + strings.Repeat("\x80", 100_000), col: 100_001, want: "X", cutStart: true, cutEnd: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, col := caret.Window(tt.line, tt.col)
			if len(tt.line) <= caret.MaxLine && (got != tt.line || col != tt.col) {
				t.Errorf("a line of %d bytes changed: %q, column %d", len(tt.line), got, col)
			}
			if n := len(got); n > caret.MaxLine+2*len("...")+2*3 {
				t.Errorf("%d bytes: %q", n, got)
			}
			if col < 1 || col > len(got)+1 {
				t.Fatalf("column %d outside %q", col, got)
			}
			if at := got[col-1:]; !strings.HasPrefix(at, tt.want) || (tt.want == "" && at != "") {
				t.Errorf("column %d is at %.10q, want %q", col, at, tt.want)
			}
			if strings.HasPrefix(got, "...") != tt.cutStart || strings.HasSuffix(got, "...") != tt.cutEnd {
				t.Errorf("cuts: %.20q ... %.20q, want cut at the start %v, at the end %v", got, got[max(0, len(got)-20):], tt.cutStart, tt.cutEnd)
			}
			if strings.ToValidUTF8(tt.line, "") == tt.line && strings.ToValidUTF8(got, "") != got {
				t.Errorf("cut inside a character: %q", got)
			}
		})
	}
}

func TestLines(t *testing.T) {
	src := []byte("one\r\ntwo\n\nlast\rhidden")
	l := caret.NewLines(src)
	for _, tt := range []struct {
		n     int
		want  string
		start int
		ok    bool
	}{
		{n: 0}, {n: -1},
		{n: 1, want: "one", start: 0, ok: true},
		{n: 2, want: "two", start: 5, ok: true},
		{n: 3, want: "", start: 9, ok: true},
		{n: 4, want: "last", start: 10, ok: true},
		{n: 5},
	} {
		line, ok := l.Line(tt.n)
		start, sok := l.Start(tt.n)
		if string(line) != tt.want || ok != tt.ok || sok != tt.ok || ok && start != tt.start {
			t.Errorf("line %d: %q %v, start %d %v; want %q %v, start %d", tt.n, line, ok, start, sok, tt.want, tt.ok, tt.start)
		}
	}
	for _, src := range [][]byte{nil, {}} {
		if line, ok := caret.NewLines(src).Line(1); !ok || len(line) != 0 {
			t.Errorf("%q: line 1 is %q %v, want an empty line", src, line, ok)
		}
	}
	if line, ok := caret.NewLines([]byte("a\n")).Line(2); !ok || len(line) != 0 {
		t.Errorf("the line after a final newline is %q %v, want an empty line", line, ok)
	}
	var zero caret.Lines
	if _, ok := zero.Line(2); ok {
		t.Error("the zero Lines has a line 2")
	}
}

func TestLinesAt(t *testing.T) {
	l := caret.NewLines([]byte("short\n" + strings.Repeat("a", 1000) + "X"))
	if s, col, ok := l.At(1, 3); !ok || s != "short" || col != 3 {
		t.Errorf("At(1, 3) = %q, %d, %v", s, col, ok)
	}
	if s, col, ok := l.At(1, 6); !ok || s != "short" || col != 6 {
		t.Errorf("just past the end: %q, %d, %v", s, col, ok)
	}
	if _, _, ok := l.At(1, 7); ok {
		t.Error("a column past the line's end is found")
	}
	if s, col, ok := l.At(2, 1001); !ok || s[col-1] != 'X' || len(s) > caret.MaxLine+6 {
		t.Errorf("a long line: %q, %d, %v", s, col, ok)
	}
}

func TestMore(t *testing.T) {
	if got := caret.More(1, "error"); got != "and 1 more error\n" {
		t.Errorf("got %q", got)
	}
	if got := caret.More(99_900, "finding"); got != "and 99900 more findings\n" {
		t.Errorf("got %q", got)
	}
}

// Window on the bytes of a line gives what it gives on the same line as a
// string.
func TestWindowBytes(t *testing.T) {
	line := strings.Repeat("é", 500) + "X" + strings.Repeat("b", 500)
	for _, col := range []int{1, 2, 500, 1001, 1002, len(line), len(line) + 1} {
		s, c := caret.Window(line, col)
		b, bc := caret.Window([]byte(line), col)
		if s != b || c != bc {
			t.Errorf("column %d: string %q %d, bytes %q %d", col, s, c, b, bc)
		}
	}
}

// The lines of a text are indexed once: finding the line of each of
// 100,000 problems on one line of a megabyte costs about as much as one
// pass over it, not one pass per problem (which takes minutes).
func BenchmarkLinesAt(b *testing.B) {
	src := []byte(strings.Repeat(`"k":1,`, 1<<20/6))
	for b.Loop() {
		l := caret.NewLines(src)
		for col := 1; col < len(src); col += len(src) / 100_000 {
			if _, _, ok := l.At(1, col); !ok {
				b.Fatal(col)
			}
		}
	}
}

// LineStart and SourceLine, the plain rescans, agree with the index.
func TestLineStartAndSourceLine(t *testing.T) {
	src := []byte("one\r\ntwo\n\nlast\rhidden")
	l := caret.NewLines(src)
	for n := -1; n <= 6; n++ {
		start, ok := caret.LineStart(src, n)
		wantStart, wantOK := l.Start(n)
		if start != wantStart || ok != wantOK {
			t.Errorf("LineStart(%d) = %d, %v; the index says %d, %v", n, start, ok, wantStart, wantOK)
		}
		for _, col := range []int{0, 1, 4, 5, 12} {
			line, ok := caret.SourceLine(src, n, col)
			want, _, wantOK := l.At(n, max(col, 1))
			if line != want || ok != wantOK {
				t.Errorf("SourceLine(%d, %d) = %q, %v; the index says %q, %v", n, col, line, ok, want, wantOK)
			}
		}
	}
	if _, ok := caret.SourceLine(nil, 1, 1); ok {
		t.Error("SourceLine found a line in no text")
	}
}
