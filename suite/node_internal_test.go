package suite

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/iamgate/iamgate/policy"
)

func TestJoinSurrogates(t *testing.T) {
	for in, want := range map[string]string{
		`"\ud83d\ude00"`:         `"\U0001f600"`,
		`"a\uD83D\uDE00b\u00e9"`: `"a\U0001f600b\u00e9"`,
		`"\\ud83d\ude00"`:        `"\\ud83d\ude00"`, // an escaped backslash, then text
		`"\ud83d"`:               `"\ud83d"`,        // a lone half stays for the reader to reject
		`"\u0041\u0042"`:         `"\u0041\u0042"`,
	} {
		if got := string(joinSurrogates([]byte(in))); got != want {
			t.Errorf("joinSurrogates(%s) = %s, want %s", in, got, want)
		}
	}
}

// posAt turns a column in characters into a byte offset through marks
// every markEvery characters: it gives what walking the line from its
// start gives, on ASCII, multi-byte and invalid text, at and past the
// line's end.
func TestPosAtMarks(t *testing.T) {
	src := []byte("ab\n" + strings.Repeat("é語x\xff", 100) + "\r\n\nend")
	d := newDecoder("f", src)
	naive := func(line, column int) policy.Pos {
		if line < 1 || line > len(d.lines) {
			return policy.Pos{}
		}
		start := d.lines[line-1]
		off := start
		for col := 1; col < column && off < len(src) && src[off] != '\n'; col++ {
			_, size := utf8.DecodeRune(src[off:])
			off += size
		}
		return policy.Pos{Offset: off, Line: line, Column: off - start + 1}
	}
	for line := 0; line <= 5; line++ {
		for col := -1; col < 420; col++ {
			if got, want := d.posAt(line, col), naive(line, col); got != want {
				t.Fatalf("posAt(%d, %d) = %+v, want %+v", line, col, got, want)
			}
		}
	}
}

// Positions on one long line cost a few characters' walk each, not a walk
// from the line's start: 100,000 of them on a line of a million
// characters took minutes.
func TestPosAtLongLine(t *testing.T) {
	src := []byte(strings.Repeat("k: 1, ", 1_000_000/6))
	d := newDecoder("f", src)
	start := time.Now()
	for col := 1; col < len(src); col += 10 {
		if p := d.posAt(1, col); p.Offset != col-1 {
			t.Fatalf("column %d at offset %d", col, p.Offset)
		}
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("100,000 positions took %v", el)
	}
}
