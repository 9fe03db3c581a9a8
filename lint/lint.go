// Package lint finds the mistakes in API Gateway policy documents that
// cause 401s, 403s and 500s, before they are deployed: grammar and type
// problems (in the spirit of IAM Access Analyzer's policy checks,
// AA-CHECKS), and API Gateway's own traps (AUTHFLOW, LA-OUTPUT, KC-CACHE
// and the decisions of docs/fidelity.md): an
// authorizer policy for one method ARN behind the authorizer cache, an
// Allow-only IP list in front of a Lambda authorizer, AWS principals on
// methods that are not AWS_IAM, resources that cannot match the API.
//
// Every finding has a stable code (Rules), a severity, a message that says
// what is wrong and how to fix it, and the file, line, column and JSON path
// of the offending text. The checks read parsed documents; they never
// evaluate requests. A nil document, response, suite or template has no
// findings.
//
// Template lints the APIs iac.Load read from a template (CloudFormation,
// SAM, cdk.out, Serverless output, OpenAPI, terraform show -json): each
// resource policy with the API's endpoint type and methods, and each
// authorizer's settings, at the template's lines and columns.
//
// A Report gathers the findings of many files, and a Reporter writes it:
// TextReporter for people, JSONReporter for scripts, SARIFReporter for
// code scanning; NewReporter picks one by the name "iamgate lint
// --format" takes. A new format is one more Reporter.
package lint

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

// Severity is how much a finding matters. The order is meaningful: a
// larger Severity is more severe.
type Severity uint8

const (
	// Suggestion: the document works, but could be simpler or clearer.
	Suggestion Severity = iota + 1
	// Warning: the document probably does not do what its author meant.
	Warning
	// SecurityWarning: the document lets in callers its author probably
	// meant to keep out.
	SecurityWarning
	// Error: API Gateway rejects the document, answers 500, or a
	// statement can never take effect as written.
	Error
)

var severityNames = [...]string{"", "suggestion", "warning", "security-warning", "error"}

// String returns "suggestion", "warning", "security-warning" or "error".
func (s Severity) String() string {
	if int(s) < len(severityNames) && s > 0 {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText returns the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity's name.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n != "" && n == s {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("lint: unknown severity %q: expected error, security-warning, warning or suggestion", s)
}

// Rule is one check: its stable code, a short name, its severity and what
// it looks for.
type Rule struct {
	// Code is the stable identifier, such as "IG210".
	Code string
	// Name is a short kebab-case name, such as "cached-method-arn-policy".
	Name string
	// Severity is the severity of the rule's findings.
	Severity Severity
	// Summary says in one sentence what the rule finds.
	Summary string
	// Reference names the facts the rule rests on, by citation keys that
	// docs/references.md lists with their pages (such as "KC-CACHE" or
	// "D16"), each with the part of the page it relies on in parentheses.
	Reference string
}

// Finding is one problem found in a document.
type Finding struct {
	Rule Rule
	// Message says what is wrong and how to fix it.
	Message string
	// File, Pos and Path locate the offending text; Path is a JSON
	// Pointer ("/Statement/0/Condition/IpAddress/aws:SourceIp").
	File string
	Pos  policy.Pos
	Path string
}

// String formats the finding as "file:line:col: severity CODE: message
// (at /path)", the form of policy.Error.
func (f Finding) String() string {
	e := policy.Error{File: f.File, Pos: f.Pos, Path: f.Path, Msg: fmt.Sprintf("%s %s: %s", f.Rule.Severity, f.Rule.Code, f.Message)}
	return e.Error()
}

// Config is what the checks know about the API the documents belong to.
// Its zero value knows nothing: checks that need a fact they are not given
// stay silent rather than guess.
type Config struct {
	// API is the API's ARN parts; the zero API skips the checks that
	// compare resources with the API.
	API arn.API
	// Auth lists the authorization types the API's methods use, such as
	// "CUSTOM" (Lambda authorizer), "AWS_IAM", "NONE",
	// "COGNITO_USER_POOLS"; empty means unknown.
	Auth []string
	// CacheTTL is the Lambda authorizer's result TTL; the zero TTL is
	// AWS's default, 300 s. Checks of authorizer outputs use it.
	CacheTTL apigw.TTL
	// Private is true for a PRIVATE API (called through VPC endpoints),
	// false for a public one, nil when unknown: a resource policy that
	// names aws:SourceVpce or aws:SourceVpc is then taken as private.
	Private *bool
	// Routes are the API's methods as "VERB /path/template" (ANY and
	// {param}, {proxy+} allowed), for checking what an authorizer policy
	// covers; empty means unknown.
	Routes []string
	// SampleMethod is set when an authorizer's output was written with
	// the method ARN of a sample request filled in ({{methodArn}} in a
	// suite), so that messages do not present it as a fixed method.
	SampleMethod bool
}

func (c Config) uses(auth string) bool {
	for _, a := range c.Auth {
		if a == auth {
			return true
		}
	}
	return false
}

// ttl returns the authorizer cache TTL, AWS's 300 s when unset.
func (c Config) ttl() int {
	return c.CacheTTL.Seconds()
}

// finder collects findings for one document.
type finder struct {
	file string
	out  []Finding
}

func (f *finder) add(code string, pos policy.Pos, path, format string, args ...any) {
	r, ok := RuleFor(code)
	if !ok {
		panic("lint: unknown rule " + code)
	}
	f.out = append(f.out, Finding{Rule: r, Message: clip(fmt.Sprintf(format, args...)), File: f.file, Pos: pos, Path: path})
}

// Sort orders findings by file, position, then code.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		return a.Rule.Code < b.Rule.Code
	})
}

// AtLeast returns the findings of severity s or higher.
func AtLeast(fs []Finding, s Severity) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule.Severity >= s {
			out = append(out, f)
		}
	}
	return out
}

// maxMessage bounds a message: a finding about a huge value (a 50 MB
// Resource) must not make a report of the same size.
const maxMessage = 2000

// clip shortens a message longer than maxMessage, keeping its start and
// its end (which says how to fix it).
func clip(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	head, tail := s[:maxMessage/2], s[len(s)-maxMessage/2:]
	for len(head) > 0 && !utf8.RuneStart(s[len(head)]) {
		head = head[:len(head)-1]
	}
	for len(tail) > 0 && !utf8.RuneStart(tail[0]) {
		tail = tail[1:]
	}
	return fmt.Sprintf("%s [... %d bytes left out ...] %s", head, len(s)-len(head)-len(tail), tail)
}
