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
