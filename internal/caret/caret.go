// Package caret cuts a long source line to the part around a column, for
// the line and caret shown under a problem: a minified document (an
// authorizer's output of megabytes, say) is one line, and it must not be
// repeated in full under every problem. Its Lines index a text's line
// starts once, so that showing many problems costs one pass over the text,
// not one per problem.
package caret

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLine is how much of a source line is shown, in bytes, not counting
// the "..." that mark the cuts.
const MaxLine = 240

// Window cuts line to MaxLine bytes around the byte column col (1-based),
// marking each cut with "...", and returns the cut line and the column col
// is at in it, for the caret. A line of at most MaxLine bytes is returned
// as it is. Each cut moves out by up to three bytes to fall between two
// characters of UTF-8 text, and no further, so that a line that is not
// UTF-8 is cut all the same. Only the window is copied.
func Window[T string | []byte](line T, col int) (string, int) {
	if len(line) <= MaxLine {
		return string(line), col
	}
	start := max(0, min(col-1-MaxLine/2, len(line)-MaxLine))
	for i := 0; i < utf8.UTFMax-1 && start > 0 && !utf8.RuneStart(line[start]); i++ {
		start--
	}
	end := min(len(line), start+MaxLine)
	for i := 0; i < utf8.UTFMax-1 && end < len(line) && !utf8.RuneStart(line[end]); i++ {
		end++
	}
	out, shift := string(line[start:end]), start
	if start > 0 {
		out, shift = "..."+out, start-3
	}
	if end < len(line) {
		out += "..."
	}
	return out, col - shift
}

// Lines finds the lines of a text by number. Where each line starts and
// ends is indexed on first use, in one pass over the text; a look-up after
// that costs nothing more, however long the line. The zero Lines holds an
// empty text. A Lines is not safe for concurrent use.
type Lines struct {
	src []byte
	// spans are the offsets where lines 1, 2, ... start and end (before
	// "\n", "\r\n" or a lone "\r", which ends what is shown); nil until
	// indexed.
	spans [][2]int
}

// NewLines returns the line index of src; it indexes nothing until asked.
func NewLines(src []byte) *Lines { return &Lines{src: src} }

func (l *Lines) index() {
	if l.spans != nil {
		return
	}
	l.spans = make([][2]int, 0, 1+bytes.Count(l.src, []byte{'\n'}))
	for start := 0; ; {
		next := len(l.src)
		if j := bytes.IndexByte(l.src[start:], '\n'); j >= 0 {
			next = start + j
		}
		end := next
		if j := bytes.IndexByte(l.src[start:next], '\r'); j >= 0 {
			end = start + j
		}
		l.spans = append(l.spans, [2]int{start, end})
		if next == len(l.src) {
			return
		}
		start = next + 1
	}
}

// Start returns the offset where line n (1-based) begins, and false when
// the text has fewer lines.
func (l *Lines) Start(n int) (int, bool) {
	if n < 1 {
		return 0, false
	}
	l.index()
	if n > len(l.spans) {
		return 0, false
	}
	return l.spans[n-1][0], true
}

// Line returns the text of line n without its line ending, and false when
// the text has fewer lines. The bytes are the text's own: do not change
// them.
func (l *Lines) Line(n int) ([]byte, bool) {
	if _, ok := l.Start(n); !ok {
		return nil, false
	}
	s := l.spans[n-1]
	return l.src[s[0]:s[1]], true
}

// At returns line n cut to a window around the byte column col, with the
// column col is at in the window (see Window), and false when the text has
// no line n or the line ends before the column.
func (l *Lines) At(n, col int) (string, int, bool) {
	line, ok := l.Line(n)
	if !ok || col-1 > len(line) {
		return "", 0, false
	}
	s, c := Window(line, col)
	return s, c, true
}

// Indent is what goes before a caret put under the byte column col of
// line: tabs kept, one space per character (not per byte).
func Indent(line string, col int) string {
	var b strings.Builder
	for _, r := range line[:min(max(col-1, 0), len(line))] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// More is the line that stands for n problems left out of a list, such as
// "and 5 more errors\n"; noun is the singular, such as "error".
func More(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return "and " + strconv.Itoa(n) + " more " + noun + "\n"
}

// Len returns the length of the text in bytes.
func (l *Lines) Len() int { return len(l.src) }

// LineStart returns the offset in src where a line (1-based) begins, and
// false when src has fewer lines. Each call scans src from its start: it
// is the plain reference the tests hold Lines to; to look up many lines of
// one text, index it once with NewLines.
func LineStart(src []byte, line int) (int, bool) {
	start := 0
	for n := 1; n < line; n++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			return 0, false
		}
		start += i + 1
	}
	return start, line >= 1
}

// SourceLine returns the text of a line (1-based) without its line
// ending, and false when src does not hold it or the line ends before the
// byte column col. It goes by the line number, so that a position whose
// offset counts from elsewhere (a document written inside a larger file)
// still finds its line. Like LineStart, it scans src on each call.
func SourceLine(src []byte, line, col int) (string, bool) {
	if line < 1 || src == nil {
		return "", false
	}
	start, ok := LineStart(src, line)
	if !ok {
		return "", false
	}
	end := start
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		end++
	}
	if col-1 > end-start {
		return "", false // the column is not on this line
	}
	return string(src[start:end]), true
}
