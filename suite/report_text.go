package suite

import (
	"fmt"
	"io"
	"strings"

	"github.com/iamgate/iamgate/internal/safetext"
)

// TextReporter writes the report for people: each failure as FILE:LINE:
// NAME: want X, got Y, with its explanation; a line per suite; and last
// the summary, "N passed, N failed". With Verbose, every request is
// listed, with what the authorizer cache did.
type TextReporter struct {
	// Verbose lists every request, not only failures.
	Verbose bool
}

// Report writes r as text to w.
func (t TextReporter) Report(w io.Writer, r *Report) error {
	if w == nil {
		return errNoWriter
	}
	r = orEmpty(r)
	var b strings.Builder
	for i := range r.Files {
		t.writeFile(&b, &r.Files[i])
	}
	for i := range r.Files {
		writeFileLine(&b, &r.Files[i])
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFile writes a suite's load error, or its failures (every request
// with Verbose).
func (t TextReporter) writeFile(b *strings.Builder, f *FileReport) {
	if f.Err != nil {
		fmt.Fprintf(b, "%s: the suite does not load:\n", f.File)
		if se, ok := AsError(f.Err); ok {
			b.WriteString(safetext.Indent(safetext.Clean(se.Detail()), "    "))
		} else {
			fmt.Fprintf(b, "    %s\n", strings.TrimPrefix(f.Err.Error(), "suite: "))
		}
		b.WriteByte('\n')
		return
	}
	if t.Verbose && len(f.Results) > 0 {
		fmt.Fprintf(b, "=== %s (%s)\n", f.File, f.suiteName())
	}
	for i := range f.Results {
		r := &f.Results[i]
		if t.Verbose {
			for _, n := range r.Notes {
				fmt.Fprintf(b, "%s:%s (sequence %q)\n", f.File, strings.TrimPrefix(n, "line "), r.Sequence.Name)
			}
		}
		switch {
		case r.Skipped:
			if t.Verbose {
				fmt.Fprintf(b, "%s: %s: skipped: %s\n", location(f, r), safetext.Clean(caseName(r)), safetext.Clean(r.SkipReason))
			}
		case !r.Passed:
			fmt.Fprintf(b, "%s: %s: want %s, got %s\n", location(f, r), safetext.Clean(caseName(r)), safetext.Clean(r.Case.Expect.String()), safetext.Clean(r.Got))
			b.WriteString(safetext.Indent(explanation(f, r), "    "))
			b.WriteByte('\n')
		case t.Verbose:
			fmt.Fprintf(b, "%s: %s: ok, %s\n", location(f, r), safetext.Clean(caseName(r)), safetext.Clean(r.Got))
			if n := authorizerNote(r); n != "" {
				fmt.Fprintf(b, "    authorizer: %s\n", n)
			}
			if out := r.Invocation.Output(); out != "" {
				b.WriteString(safetext.Indent(out, "      "))
			}
		}
	}
}

// writeFileLine writes a suite's line in the totals: ok, FAIL, skip, none
// (no case ran), stop (interrupted) or ERROR (does not load).
func writeFileLine(b *strings.Builder, f *FileReport) {
	passed, failed, skipped := f.counts()
	switch {
	case f.Err != nil:
		fmt.Fprintf(b, "ERROR %s: does not load\n", f.File)
	case f.Interrupted:
		fmt.Fprintf(b, "stop  %s: interrupted after %d passed, %d failed\n", f.File, passed, failed)
	case failed > 0:
		fmt.Fprintf(b, "FAIL  %s: %d passed, %d failed%s\n", f.File, passed, failed, skippedText(skipped))
	case passed == 0 && skipped > 0:
		fmt.Fprintf(b, "skip  %s: %d skipped\n", f.File, skipped)
	case passed == 0:
		fmt.Fprintf(b, "none  %s: no case matches --run\n", f.File)
	default:
		fmt.Fprintf(b, "ok    %s: %d passed%s\n", f.File, passed, skippedText(skipped))
	}
	for _, reason := range f.SkipReasons() {
		fmt.Fprintf(b, "      skipped: %s\n", safetext.Clean(reason))
	}
}
