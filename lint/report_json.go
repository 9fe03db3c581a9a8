package lint

import (
	"io"

	"github.com/iamgate/iamgate/internal/cite"
)

// lintJSON is the JSON report (schemaVersion 1). Fields may be added; none is removed or changes meaning without a
// new schemaVersion.
type lintJSON struct {
	SchemaVersion int `json:"schemaVersion"`
	// FailOn is --fail-on; Failed says whether a finding is at or above
	// it (the exit code is then 1, unless an input error makes it 2).
	FailOn string `json:"failOn"`
	Failed bool   `json:"failed"`
	// Files are the documents and suites linted, in order.
	Files []string `json:"files"`
	// Errors are the input errors: paths that could not be read and
	// suites that do not load.
	Errors []lintErrorJSON `json:"errors"`
	Counts lintCountsJSON  `json:"counts"`
	// Findings are the first 100 findings of each file; FindingsOmitted
	// counts the others (Counts counts every finding).
	Findings        []lintFindingJSON `json:"findings"`
	FindingsOmitted int               `json:"findingsOmitted,omitempty"`
	// Rules are the rules that fired, in code order.
	Rules []lintRuleJSON `json:"rules"`
	// References are the citation keys the findings listed use, each with
	// its page, in the order docs/references.md lists them.
	References []lintRefJSON `json:"references"`
	// Notes say what lint did not check (Report.Notes); absent when
	// there are none.
	Notes []lintNoteJSON `json:"notes,omitempty"`
}

// lintNoteJSON is a note: the file it is about and what it says.
type lintNoteJSON struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

// lintRefJSON is a citation key and the page it stands for.
type lintRefJSON struct {
	Key string `json:"key"`
	URL string `json:"url"`
}

// refsJSON returns refs in their JSON form, [] for none.
func refsJSON(refs []cite.Ref) []lintRefJSON {
	out := make([]lintRefJSON, 0, len(refs))
	for _, r := range refs {
		out = append(out, lintRefJSON{Key: r.Key, URL: r.URL})
	}
	return out
}

type lintErrorJSON struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

type lintCountsJSON struct {
	Total           int `json:"total"`
	Error           int `json:"error"`
	SecurityWarning int `json:"security-warning"`
	Warning         int `json:"warning"`
	Suggestion      int `json:"suggestion"`
}

// lintFindingJSON is one finding; line and column are 0 when the finding
// is about the whole file, path is "" when it is about no JSON value.
type lintFindingJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Path     string `json:"path"`
}

type lintRuleJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Severity  string `json:"severity"`
	Summary   string `json:"summary"`
	Reference string `json:"reference"`
	Count     int    `json:"count"`
	// References are the keys of Reference with their pages.
	References []lintRefJSON `json:"references"`
}

// JSONReporter writes the report of "iamgate lint --format json"
// (schemaVersion 1): the files, input errors, counts by severity, the
// findings listed and the rules that fired. Fields may be added; none is
// removed or changes meaning without a new schemaVersion.
type JSONReporter struct{}

// Report writes r as JSON to w.
func (JSONReporter) Report(w io.Writer, rep *Report) error {
	if w == nil {
		return errNoWriter
	}
	rep = orEmpty(rep)
	out := lintJSON{
		SchemaVersion: 1,
		FailOn:        "none",
		Failed:        rep.Failed(),
		Files:         append([]string{}, rep.Files...),
		Errors:        []lintErrorJSON{},
		Counts: lintCountsJSON{Total: len(rep.Findings), Error: rep.Count(Error), SecurityWarning: rep.Count(SecurityWarning),
			Warning: rep.Count(Warning), Suggestion: rep.Count(Suggestion)},
		Findings: []lintFindingJSON{},
		Rules:    []lintRuleJSON{},
	}
	if rep.FailOn != 0 {
		out.FailOn = rep.FailOn.String()
	}
	for _, p := range rep.Problems {
		msg := p.Message
		if p.Detail != "" {
			msg += "\n" + p.Detail
		}
		out.Errors = append(out.Errors, lintErrorJSON{File: p.File, Message: msg})
	}
	fired := map[string]int{}
	for _, f := range rep.Findings {
		fired[f.Rule.Code]++
	}
	shown, omitted := rep.listed()
	for _, n := range omitted {
		out.FindingsOmitted += n
	}
	for _, f := range shown {
		out.Findings = append(out.Findings, lintFindingJSON{
			Code: f.Rule.Code, Name: f.Rule.Name, Severity: f.Rule.Severity.String(), Message: f.Message,
			File: f.File, Line: f.Pos.Line, Column: f.Pos.Column, Path: f.Path,
		})
	}
	for _, r := range Rules {
		if fired[r.Code] > 0 {
			out.Rules = append(out.Rules, lintRuleJSON{r.Code, r.Name, r.Severity.String(), r.Summary, r.Reference, fired[r.Code], refsJSON(cite.Find(r.Reference))})
		}
	}
	out.References = refsJSON(citedBy(shown))
	for _, n := range rep.Notes {
		out.Notes = append(out.Notes, lintNoteJSON(n))
	}
	return writeJSON(w, out)
}
