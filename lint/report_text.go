package lint

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/internal/cite"
)

// TextReporter writes the report for people: each finding as
// FILE:LINE:COL: SEVERITY CODE: MESSAGE (at PATH), with its source line and
// a caret under the column when the text is at hand, then the summary. A
// file's findings past the first policy.MaxDetail are counted in a line
// "FILE: and N more findings", the references (each citation key the
// findings listed use, with its page), each note as "FILE: note: MESSAGE",
// then the summary. Control characters in the documents' text
// are shown as U+FFFD, so that a document cannot send escape sequences to
// a terminal.
type TextReporter struct{}

// Report writes r as text to w.
func (TextReporter) Report(w io.Writer, r *Report) error {
	if w == nil {
		return errNoWriter
	}
	r = orEmpty(r)
	var b strings.Builder
	lines := sourceLines{sources: r.Sources}
	shown, omitted := r.listed()
	for i, f := range shown {
		b.WriteString(terminalSafe(f.String()))
		b.WriteByte('\n')
		if f.Pos.Column >= 1 {
			if line, col, ok := lines.of(f.File).At(f.Pos.Line, f.Pos.Column); ok {
				fmt.Fprintf(&b, "\t%s\n\t%s^\n", terminalSafe(line), caret.Indent(line, col))
			}
		}
		if n := omitted[f.File]; n > 0 && (i == len(shown)-1 || shown[i+1].File != f.File) {
			b.WriteString(terminalSafe(f.File) + ": " + caret.More(n, "finding"))
		}
	}
	if refs := citedBy(shown); len(refs) > 0 {
		b.WriteString("references:\n")
		b.WriteString(cite.Text(refs))
	}
	for _, n := range r.Notes {
		b.WriteString(terminalSafe(n.File + ": note: " + n.Message))
		b.WriteByte('\n')
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// citedBy returns the citation keys the findings' messages use, each with
// its page, in the order docs/references.md lists them.
func citedBy(findings []Finding) []cite.Ref {
	msgs := make([]string, len(findings))
	for i, f := range findings {
		msgs[i] = f.Message
	}
	return cite.Find(msgs...)
}

// terminalSafe replaces control characters other than tab and newline,
// and bytes that are not UTF-8, with U+FFFD, one for one, so that a
// document's text cannot send escape sequences to a terminal and the caret
// stays under its column.
func terminalSafe(s string) string {
	unsafe := func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r < 0xa0 || r == utf8.RuneError
	}
	if !strings.ContainsFunc(s, unsafe) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafe(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}
