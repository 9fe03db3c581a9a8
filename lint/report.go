package lint

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/policy"
)

// Report is what linting a set of paths gave, as a Reporter writes it:
// the files linted, their findings, the text of each file (for the source
// line and caret under a finding, and SARIF's columns), and the paths
// that could not be linted. A report lists the first policy.MaxDetail
// findings of each file; its counts and summary count them all.
type Report struct {
	// Files are the documents and suites linted, in order.
	Files []string
	// Findings are sorted by file (see Sort).
	Findings []Finding
	// Sources holds the text of a file by name; a file without text has
	// no source line or caret under its findings.
	Sources map[string][]byte
	// Problems are the input errors: paths that could not be read and
	// suites that do not load.
	Problems []InputProblem
	// FailOn is the severity at or above which a finding fails the
	// report; 0 never fails.
	FailOn Severity
	// Notes say what lint did not check, such as the output of a suite's
	// authorizer that is a command. They are not findings: they neither
	// count nor fail the report.
	Notes []Note
}

// Note is something a report says beyond its findings: what lint could not
// check in a file, and why.
type Note struct {
	// File is the file the note is about.
	File string
	// Message says it, on one line.
	Message string
}

// InputProblem is a path that could not be linted: a file that cannot be
// read or a suite that does not load.
type InputProblem struct {
	// File is the path; it may be empty.
	File string
	// Message says what went wrong, on one line.
	Message string
	// Detail is every problem with its source line and caret, or "".
	Detail string
}

// Reporter writes a Report in one format. TextReporter, JSONReporter and
// SARIFReporter are the formats of "iamgate lint"; NewReporter picks one
// by name. A nil report is an empty one; a nil writer is an error.
type Reporter interface {
	Report(w io.Writer, r *Report) error
}

// errNoWriter is the error of a Reporter given a nil writer.
var errNoWriter = errors.New("lint: a report needs a writer")

// orEmpty returns r, or an empty report for nil.
func orEmpty(r *Report) *Report {
	if r == nil {
		return &Report{}
	}
	return r
}

// ReporterOptions are what NewReporter passes to the reporter it makes.
type ReporterOptions struct {
	// ToolVersion is the tool's version, for SARIF's tool.driver.version.
	ToolVersion string
}

// Formats are the names NewReporter knows, in the order help lists them.
var Formats = []string{"text", "json", "sarif"}

// NewReporter returns the reporter of a format named in Formats, and an
// error for any other name.
func NewReporter(format string, o ReporterOptions) (Reporter, error) {
	switch format {
	case "text":
		return TextReporter{}, nil
	case "json":
		return JSONReporter{}, nil
	case "sarif":
		return SARIFReporter{ToolVersion: o.ToolVersion}, nil
	}
	return nil, fmt.Errorf("lint: %q is not text, json or sarif", format)
}

// Count returns how many findings of the report have severity s.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Rule.Severity == s {
			n++
		}
	}
	return n
}

// Failed reports whether a finding is at or above FailOn.
func (r *Report) Failed() bool {
	return r.FailOn != 0 && len(AtLeast(r.Findings, r.FailOn)) > 0
}

// Summary is the text report's last line: "3 findings: 1 error, 1
// warning, 1 suggestion", or "no findings", how many paths could not be
// linted and how many notes say what was not checked, if any (a clean
// summary must not hide them).
func (r *Report) Summary() string {
	s := r.findingsSummary()
	if n := len(r.Problems); n > 0 {
		s += fmt.Sprintf("; %d path%s could not be linted (see the error%s)", n, plural(n), plural(n))
	}
	if n := len(r.Notes); n > 0 {
		s += fmt.Sprintf("; %d note%s on what was not checked (see above)", n, plural(n))
	}
	return s
}

func (r *Report) findingsSummary() string {
	if len(r.Findings) == 0 {
		return "no findings"
	}
	var parts []string
	for s := Error; s >= Suggestion; s-- {
		if n := r.Count(s); n > 0 {
			name := s.String()
			if n > 1 {
				name += "s"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, name))
		}
	}
	return fmt.Sprintf("%d finding%s: %s", len(r.Findings), plural(len(r.Findings)), strings.Join(parts, ", "))
}

// listed returns the findings a report lists, the first policy.MaxDetail
// of each file (the findings are sorted by file), and how many of each
// file's are left out.
func (r *Report) listed() ([]Finding, map[string]int) {
	shown, omitted, n := r.Findings, map[string]int{}, 0
	for i, f := range r.Findings {
		if i > 0 && r.Findings[i-1].File != f.File {
			n = 0
		}
		if n++; n > policy.MaxDetail {
			if len(omitted) == 0 {
				shown = slices.Clone(r.Findings[:i])
			}
			omitted[f.File]++
		} else if len(omitted) > 0 {
			shown = append(shown, f)
		}
	}
	return shown, omitted
}

// sourceLines indexes the report's texts on first use, for one report.
type sourceLines struct {
	sources map[string][]byte
	index   map[string]*caret.Lines
}

// of returns the line index of file's text; the index of an empty text
// when the text is not at hand.
func (s *sourceLines) of(file string) *caret.Lines {
	if s.index == nil {
		s.index = map[string]*caret.Lines{}
	}
	l := s.index[file]
	if l == nil {
		l = caret.NewLines(s.sources[file])
		s.index[file] = l
	}
	return l
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// writeJSON writes v as indented JSON, with <, > and & as they are (the
// reports quote policies and messages, not HTML).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
