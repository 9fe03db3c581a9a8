package suite

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/iamgate/iamgate/internal/safetext"
)

// TAPReporter writes TAP version 13: the plan, a test line per request
// (and per suite that does not load), with a YAML block for each failure,
// and the summary as a comment.
type TAPReporter struct {
	// Verbose adds what the authorizer cache did as a comment under each
	// request that passed.
	Verbose bool
}

// Report writes r as TAP to w.
func (t TAPReporter) Report(w io.Writer, r *Report) error {
	if w == nil {
		return errNoWriter
	}
	r = orEmpty(r)
	var b strings.Builder
	tot := r.Totals()
	fmt.Fprintf(&b, "TAP version 13\n1..%d\n", tot.Passed+tot.Failed+tot.Skipped+tot.LoadErrors)
	i := 0
	for k := range r.Files {
		f := &r.Files[k]
		if f.Err != nil {
			i++
			fmt.Fprintf(&b, "not ok %d - %s # the suite does not load\n", i, tapEscape(f.File))
			tapYAML(&b, [][2]string{{"message", f.ErrorLine()}, {"severity", "fail"}, {"detail", f.errorDetail()}})
			continue
		}
		for n := range f.Results {
			i++
			t.writeResult(&b, i, f, &f.Results[n])
		}
	}
	fmt.Fprintf(&b, "# %s\n", r.Summary())
	_, err := io.WriteString(w, b.String())
	return err
}

// writeResult writes the test line of request i, and its YAML block when
// it failed.
func (t TAPReporter) writeResult(b *strings.Builder, i int, f *FileReport, r *Result) {
	if r.Skipped {
		fmt.Fprintf(b, "ok %d - %s # SKIP %s\n", i, tapEscape(r.Name), tapEscape(r.SkipReason))
		return
	}
	if r.Passed {
		fmt.Fprintf(b, "ok %d - %s\n", i, tapEscape(r.Name))
		if t.Verbose {
			if n := authorizerNote(r); n != "" {
				fmt.Fprintf(b, "# authorizer: %s\n", n)
			}
		}
		return
	}
	fmt.Fprintf(b, "not ok %d - %s\n", i, tapEscape(r.Name))
	tapYAML(b, [][2]string{
		{"message", safetext.Clean(fmt.Sprintf("want %s, got %s", r.Case.Expect, r.Got))},
		{"severity", "fail"},
		{"at", location(f, r)},
		{"explanation", explanation(f, r)},
	})
}

// tapYAML writes a YAML block of fields: a value of many lines as a
// literal block, any other as a JSON string (which YAML reads).
func tapYAML(b *strings.Builder, fields [][2]string) {
	b.WriteString("  ---\n")
	for _, f := range fields {
		if strings.Contains(f[1], "\n") {
			fmt.Fprintf(b, "  %s: |\n%s", f[0], safetext.Indent(strings.TrimRight(f[1], "\n")+"\n", "    "))
			continue
		}
		q, _ := json.Marshal(f[1])
		fmt.Fprintf(b, "  %s: %s\n", f[0], q)
	}
	b.WriteString("  ...\n")
}

// tapEscape keeps a description on its line and away from directives.
func tapEscape(s string) string {
	s = safetext.Clean(s)
	s = strings.NewReplacer("\n", " ", "\r", " ", "#", `\#`).Replace(s)
	return s
}
