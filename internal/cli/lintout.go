package cli

import (
	"fmt"
	"io"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// writeLintText writes the report for people: each finding as
// FILE:LINE:COL: SEVERITY CODE: MESSAGE (at PATH), with its source line and
// a caret under the column when the text is at hand, then the summary. A
// file's findings past the first policy.MaxDetail are counted in a line
// "FILE: and N more findings".
func writeLintText(w io.Writer, rep *lintReport) {
	var b strings.Builder
	shown, omitted := rep.listed()
	for i, f := range shown {
		b.WriteString(terminalSafe(f.String()))
		b.WriteByte('\n')
		if f.Pos.Column >= 1 {
			if line, col, ok := rep.lines(f.File).At(f.Pos.Line, f.Pos.Column); ok {
				fmt.Fprintf(&b, "\t%s\n\t%s^\n", terminalSafe(line), caret.Indent(line, col))
			}
		}
		if n := omitted[f.File]; n > 0 && (i == len(shown)-1 || shown[i+1].File != f.File) {
			b.WriteString(terminalSafe(f.File) + ": " + caret.More(n, "finding"))
		}
	}
	b.WriteString(rep.summary())
	b.WriteByte('\n')
	io.WriteString(w, b.String())
}

// listed returns the findings a report lists, the first policy.MaxDetail
// of each file (rep.findings are sorted by file), and how many of each
// file's are left out.
func (r *lintReport) listed() ([]lint.Finding, map[string]int) {
	shown, omitted, n := r.findings, map[string]int{}, 0
	for i, f := range r.findings {
		if i > 0 && r.findings[i-1].File != f.File {
			n = 0
		}
		if n++; n > policy.MaxDetail {
			if len(omitted) == 0 {
				shown = slices.Clone(r.findings[:i])
			}
			omitted[f.File]++
		} else if len(omitted) > 0 {
			shown = append(shown, f)
		}
	}
	return shown, omitted
}

// lines returns the line index of file's text, made on first use; the
// index of an empty text when the text is not at hand.
func (r *lintReport) lines(file string) *caret.Lines {
	if r.index == nil {
		r.index = map[string]*caret.Lines{}
	}
	l := r.index[file]
	if l == nil {
		l = caret.NewLines(r.sources[file])
		r.index[file] = l
	}
	return l
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

// lintJSON is the report of "iamgate lint --format json" (schemaVersion
// 1). Fields may be added; none is removed or changes meaning without a
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
}

func writeLintJSON(w io.Writer, rep *lintReport) error {
	n := rep.counts()
	out := lintJSON{
		SchemaVersion: 1,
		FailOn:        "none",
		Failed:        rep.failed(),
		Files:         append([]string{}, rep.files...),
		Errors:        []lintErrorJSON{},
		Counts: lintCountsJSON{Total: len(rep.findings), Error: n[lint.Error], SecurityWarning: n[lint.SecurityWarning],
			Warning: n[lint.Warning], Suggestion: n[lint.Suggestion]},
		Findings: []lintFindingJSON{},
		Rules:    []lintRuleJSON{},
	}
	if rep.failOn != 0 {
		out.FailOn = rep.failOn.String()
	}
	for _, p := range rep.problems {
		msg := p.message
		if p.detail != "" {
			msg += "\n" + p.detail
		}
		out.Errors = append(out.Errors, lintErrorJSON{File: p.file, Message: msg})
	}
	fired := map[string]int{}
	for _, f := range rep.findings {
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
	for _, r := range lint.Rules {
		if fired[r.Code] > 0 {
			out.Rules = append(out.Rules, lintRuleJSON{r.Code, r.Name, r.Severity.String(), r.Summary, r.Reference, fired[r.Code]})
		}
	}
	return writeJSON(w, out)
}

// SARIF 2.1.0: the subset iamgate writes. The property names are those of
// the OASIS schema (sarif-schema-2.1.0.json); lint_test.go checks every
// object against the schema's list of names and required properties.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifInfoURI and sarifHelpURI are absolute, as the schema requires
	// (format "uri").
	sarifInfoURI = "https://github.com/iamgate/iamgate"
	sarifHelpURI = "https://github.com/iamgate/iamgate#iamgate-lint"
	// sarifSecuritySeverity is the GitHub code scanning score of a
	// security warning: 7.0 to 8.9 shows as "high". Every such rule
	// lets in callers the author meant to keep out.
	sarifSecuritySeverity = "7.5"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	ColumnKind  string            `json:"columnKind"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifText           `json:"help"`
	HelpURI              string              `json:"helpUri"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

// sarifText is a message or a multiformatMessageString: both have text.
type sarifText struct {
	Text string `json:"text"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

// sarifRuleProperties is the rule's property bag, with the names GitHub
// code scanning reads: tags, precision, problem.severity (other rules)
// and security-severity (security rules, tagged "security").
type sarifRuleProperties struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
	ProblemSeverity  string   `json:"problem.severity,omitempty"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID     string                `json:"ruleId"`
	RuleIndex  int                   `json:"ruleIndex"`
	Level      string                `json:"level"`
	Message    sarifText             `json:"message"`
	Locations  []sarifLocation       `json:"locations"`
	Properties sarifResultProperties `json:"properties"`
}

// sarifResultProperties keeps what SARIF has no place for: iamgate's own
// severity (security-warning is level "warning") and the JSON Pointer of
// the offending value.
type sarifResultProperties struct {
	Severity string `json:"severity"`
	Path     string `json:"path,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string     `json:"uri"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// sarifLevel maps a severity to a SARIF level. A security warning is
// "warning", not "error": error is kept for documents AWS rejects or that
// make API Gateway answer 500; GitHub ranks security results by their
// rule's security-severity instead.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Suggestion:
		return "note"
	}
	return "warning"
}

// sarifRuleFor describes a rule for SARIF consumers.
func sarifRuleFor(r lint.Rule) sarifRule {
	props := sarifRuleProperties{Precision: "high"}
	switch r.Severity {
	case lint.SecurityWarning:
		props.Tags = []string{"security", "api-gateway"}
		props.SecuritySeverity = sarifSecuritySeverity
	case lint.Suggestion:
		props.Tags = []string{"maintainability", "api-gateway"}
		props.ProblemSeverity = "recommendation"
	case lint.Error:
		props.Tags = []string{"correctness", "api-gateway"}
		props.ProblemSeverity = "error"
	default:
		props.Tags = []string{"correctness", "api-gateway"}
		props.ProblemSeverity = "warning"
	}
	full := r.Summary
	if r.Reference != "" {
		full += " Source: " + r.Reference + "."
	}
	return sarifRule{
		ID:                   r.Code,
		Name:                 r.Name,
		ShortDescription:     sarifText{r.Summary},
		FullDescription:      sarifText{full},
		Help:                 sarifText{fmt.Sprintf("%s %s: %s Each finding's message says how to fix it. Severity: %s. Every rule is listed in iamgate's README, section \"iamgate lint\".", r.Code, r.Name, r.Summary, r.Severity)},
		HelpURI:              sarifHelpURI,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties:           props,
	}
}

func writeLintSARIF(w io.Writer, rep *lintReport) error {
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "iamgate", InformationURI: sarifInfoURI, Version: toolVersion(), Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(rep.problems) == 0}},
		ColumnKind:  "utf16CodeUnits",
		Results:     []sarifResult{},
	}
	index := map[string]int{}
	for i, r := range lint.Rules {
		index[r.Code] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(r))
	}
	for _, p := range rep.problems {
		n := sarifNotification{Level: "error", Message: sarifText{p.message}}
		if p.detail != "" {
			n.Message.Text += "\n" + p.detail
		}
		if p.file != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(p.file)}}}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, n)
	}
	shown, omitted := rep.listed()
	for _, file := range slices.Sorted(maps.Keys(omitted)) {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, sarifNotification{
			Level:     "note",
			Message:   sarifText{fmt.Sprintf("%s: %d more finding%s not listed: a report lists the first %d findings of each file", file, omitted[file], plural(omitted[file]), policy.MaxDetail)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(file)}}},
		})
	}
	for _, f := range shown {
		i, ok := index[f.Rule.Code]
		if !ok {
			// A rule missing from lint.Rules cannot be referenced by
			// index: add it, so that ruleIndex stays consistent.
			i = len(run.Tool.Driver.Rules)
			index[f.Rule.Code] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(f.Rule))
		}
		res := sarifResult{
			RuleID:     f.Rule.Code,
			RuleIndex:  i,
			Level:      sarifLevel(f.Rule.Severity),
			Message:    sarifText{f.Message},
			Locations:  []sarifLocation{},
			Properties: sarifResultProperties{Severity: f.Rule.Severity.String(), Path: f.Path},
		}
		if f.File != "" {
			loc := sarifPhysicalLocation{ArtifactLocation: artifactLocation(f.File)}
			// A finding about the whole file points at its first line,
			// where the document starts: GitHub shows results with a
			// region only.
			loc.Region = &sarifRegion{StartLine: 1}
			if f.Pos.IsValid() {
				loc.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: utf16Column(rep.lines(f.File), f.Pos)}
			}
			res.Locations = append(res.Locations, sarifLocation{PhysicalLocation: loc})
		}
		run.Results = append(run.Results, res)
	}
	out := sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
	return writeJSON(w, out)
}

// utf16Column converts a byte column to the UTF-16 code units SARIF's
// columnKind utf16CodeUnits counts (what GitHub and editors use). Without
// the source, the byte column is kept: it is the same for ASCII text.
// Lines go by p.Line, not p.Offset: the offsets of a suite's authorizer
// output written with {{methodArn}} are those of the text with the method
// ARN put in, while its lines and columns are the suite file's.
func utf16Column(lines *caret.Lines, p policy.Pos) int {
	line, ok := lines.Line(p.Line)
	if !ok || p.Column < 1 || p.Column-1 > len(line) {
		return max(p.Column, 1)
	}
	before := line[:p.Column-1]
	n := 0
	for len(before) > 0 {
		r, size := utf8.DecodeRune(before)
		before = before[size:]
		n += utf16.RuneLen(r) // an invalid byte is one replacement character
	}
	return n + 1
}

// artifactLocation names a file for SARIF: a relative URI reference with
// forward slashes, against %SRCROOT% (the folder lint ran in, normally
// the repository's root, which GitHub resolves relative paths against); a
// file outside it as an absolute file: URI; standard input as "-".
func artifactLocation(file string) sarifArtifactLocation {
	if file == "-" {
		// Standard input has no file: "-", as in the text report, with
		// no base to resolve it against.
		return sarifArtifactLocation{URI: "-", Description: &sarifText{"standard input"}}
	}
	rel := filepath.ToSlash(filepath.Clean(file))
	if filepath.IsAbs(file) || rel == ".." || strings.HasPrefix(rel, "../") {
		abs, err := filepath.Abs(file)
		if err == nil && !filepath.IsAbs(file) {
			file = abs
		}
		if r, err := relativeToWorkingDir(file); err == nil {
			rel = r
		} else {
			u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
			if !strings.HasPrefix(u.Path, "/") {
				u.Path = "/" + u.Path // a Windows drive: file:///C:/...
			}
			return sarifArtifactLocation{URI: u.String()}
		}
	}
	return sarifArtifactLocation{URI: escapeRelative(rel), URIBaseID: "%SRCROOT%"}
}

// relativeToWorkingDir returns an absolute path relative to the working
// folder, with forward slashes, when it is inside it.
func relativeToWorkingDir(abs string) (string, error) {
	wd, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return "", err
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("%s is outside %s", abs, wd)
	}
	return rel, nil
}

// escapeRelative percent-encodes each segment of a relative path, so that
// it is a relative URI reference (RFC 3986): a space becomes %20, and a
// colon in the first segment is kept from reading as a scheme by "./".
func escapeRelative(rel string) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	out := strings.Join(segs, "/")
	if first, _, _ := strings.Cut(out, "/"); strings.Contains(first, ":") {
		out = "./" + out
	}
	return out
}
