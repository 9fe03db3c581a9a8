// Package caret cuts a long source line to the part around a column, for
// the line and caret shown under a problem: a minified document (an
// authorizer's output of megabytes, say) is one line, and it must not be
// repeated in full under every problem.
package caret

import "unicode/utf8"

// MaxLine is how much of a source line is shown, in bytes, not counting
// the "..." that mark the cuts.
const MaxLine = 240

// Window cuts line to MaxLine bytes around the byte column col (1-based),
// marking each cut with "...", and returns the cut line and the column col
// is at in it, for the caret. A line of at most MaxLine bytes is returned
// as it is. Each cut moves out by up to three bytes to fall between two
// characters of UTF-8 text, and no further, so that a line that is not
// UTF-8 is cut all the same.
func Window(line string, col int) (string, int) {
	if len(line) <= MaxLine {
		return line, col
	}
	start := max(0, min(col-1-MaxLine/2, len(line)-MaxLine))
	for i := 0; i < utf8.UTFMax-1 && start > 0 && !utf8.RuneStart(line[start]); i++ {
		start--
	}
	end := min(len(line), start+MaxLine)
	for i := 0; i < utf8.UTFMax-1 && end < len(line) && !utf8.RuneStart(line[end]); i++ {
		end++
	}
	out, shift := line[start:end], start
	if start > 0 {
		out, shift = "..."+out, start-3
	}
	if end < len(line) {
		out += "..."
	}
	return out, col - shift
}
