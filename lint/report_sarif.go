package lint

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
	"github.com/iamgate/iamgate/internal/cite"
	"github.com/iamgate/iamgate/policy"
)

// SARIF 2.1.0: the subset iamgate writes. The property names are those of
// the OASIS schema (sarif-schema-2.1.0.json); the tests check every
// object against the schema's list of names and required properties
// (internal/sarifcheck).

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifInfoURI and sarifHelpURI are absolute, as the schema requires
	// (format "uri").
	sarifInfoURI = "https://github.com/iamgate/iamgate"
	sarifHelpURI = "https://github.com/iamgate/iamgate/blob/main/docs/lint.md#rules"
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
func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Suggestion:
		return "note"
	}
	return "warning"
}

// sarifRuleFor describes a rule for SARIF consumers.
func sarifRuleFor(r Rule) sarifRule {
	props := sarifRuleProperties{Precision: "high"}
	switch r.Severity {
	case SecurityWarning:
		props.Tags = []string{"security", "api-gateway"}
		props.SecuritySeverity = sarifSecuritySeverity
	case Suggestion:
		props.Tags = []string{"maintainability", "api-gateway"}
		props.ProblemSeverity = "recommendation"
	case Error:
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
	help, helpURI := fmt.Sprintf("%s %s: %s Each finding's message says how to fix it. Severity: %s. Every rule is listed in iamgate's docs/lint.md, section \"Rules\".", r.Code, r.Name, r.Summary, r.Severity), sarifHelpURI
	if refs := cite.Find(r.Reference); len(refs) > 0 {
		// The help lists each key; helpUri is the page of the first key
		// the rule names, its main source.
		for _, k := range cite.Tokens(r.Reference) {
			if c, ok := cite.Lookup(k); ok {
				helpURI = c.URL
				break
			}
		}
		sources := make([]string, len(refs))
		for i, c := range refs {
			sources[i] = c.Key + " " + c.URL
		}
		help += " Sources: " + strings.Join(sources, "; ") + "."
	}
	return sarifRule{
		ID:                   r.Code,
		Name:                 r.Name,
		ShortDescription:     sarifText{r.Summary},
		FullDescription:      sarifText{full},
		Help:                 sarifText{help},
		HelpURI:              helpURI,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties:           props,
	}
}

// SARIFReporter writes SARIF 2.1.0, for GitHub code scanning: every rule
// with its help, each finding as a result with its region (columns in
// UTF-16 code units, as GitHub and editors count them), and the input
// errors and the notes (Report.Notes) as tool execution notifications.
type SARIFReporter struct {
	// ToolVersion is tool.driver.version.
	ToolVersion string
}

// Report writes r as SARIF to w.
func (s SARIFReporter) Report(w io.Writer, rep *Report) error {
	if w == nil {
		return errNoWriter
	}
	rep = orEmpty(rep)
	lines := sourceLines{sources: rep.Sources}
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "iamgate", InformationURI: sarifInfoURI, Version: s.ToolVersion, Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(rep.Problems) == 0}},
		ColumnKind:  "utf16CodeUnits",
		Results:     []sarifResult{},
	}
	index := map[string]int{}
	for i, r := range Rules {
		index[r.Code] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(r))
	}
	for _, p := range rep.Problems {
		n := sarifNotification{Level: "error", Message: sarifText{p.Message}}
		if p.Detail != "" {
			n.Message.Text += "\n" + p.Detail
		}
		if p.File != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(p.File)}}}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, n)
	}
	for _, n := range rep.Notes {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, sarifNotification{
			Level:     "note",
			Message:   sarifText{n.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(n.File)}}},
		})
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
			// A rule missing from Rules cannot be referenced by
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
				loc.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: utf16Column(lines.of(f.File), f.Pos)}
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
