package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

const validateUsage = `Usage: iamgate validate [flags] FILE...

Parses and compiles each policy document and reports every problem at once,
with file:line:column, the JSON path and the offending line. FILE may be "-"
for standard input; flags may also come after the files. A file holding a
Lambda authorizer's whole response (with a "policyDocument" or
"principalId" member) is checked as an authorizer policy.

Exit codes: 0 every document is valid, 1 some document is invalid,
2 usage error or unreadable file (the other files are still checked).

Flags:
`

// placeholderAPI stands in for the API when none is given, so that the
// resource-policy shorthand "execute-api:/..." can still be checked.
var placeholderAPI = arn.API{Partition: "aws", Region: "us-east-1", Account: "000000000000", ID: "placeholder"}

type kindFlag struct {
	kind policy.Kind
	auto bool
}

func (k *kindFlag) String() string {
	if k.auto {
		return "auto"
	}
	return kindNames[k.kind]
}

var kindNames = map[policy.Kind]string{
	policy.ResourceBased: "resource",
	policy.IdentityBased: "identity",
	policy.Authorizer:    "authorizer",
	policy.Generic:       "generic",
}

func (k *kindFlag) Set(s string) error {
	if s == "auto" {
		*k = kindFlag{auto: true}
		return nil
	}
	for kind, name := range kindNames {
		if name == s {
			*k = kindFlag{kind: kind}
			return nil
		}
	}
	return fmt.Errorf("unknown kind %q: expected auto, resource, identity, authorizer or generic", s)
}

type validateResult struct {
	File       string          `json:"file"`
	Valid      bool            `json:"valid"`
	Kind       string          `json:"kind"`
	Version    string          `json:"version,omitempty"`
	Statements int             `json:"statements"`
	Errors     []validateError `json:"errors"`
	// ErrorsOmitted counts the errors past the first 100, which are not
	// listed.
	ErrorsOmitted int `json:"errorsOmitted,omitempty"`
}

type validateError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

func defineValidateFlags(fs *flag.FlagSet, f *validateFlags) {
	f.kind = kindFlag{auto: true}
	fs.Var(&f.kind, "kind", "document kind: auto, resource, identity, authorizer or generic")
	fs.StringVar(&f.api, "api", "", "the API's ARN (arn:aws:execute-api:REGION:ACCOUNT:API_ID), to expand the execute-api:/ shorthand")
	fs.StringVar(&f.format, "format", "text", "output format: text or json")
	fs.Var(&f.maxSize, "max-document-size", "the largest document read (`SIZE` such as 4MiB; default 1MiB)")
}

func runValidate(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f validateFlags
	defineValidateFlags(fs, &f)
	fs.Usage = func() {
		io.WriteString(fs.Output(), validateUsage)
		printFlags(fs)
	}
	files, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	a, err := parseValidateArgs(&f, files)
	if err != nil {
		e.errorf("validate: %v", err)
		if errors.Is(err, errNoFiles) {
			fs.Usage()
		}
		return ExitUsage
	}
	results := []validateResult{}
	invalid, unreadable := false, false
	for _, name := range a.files {
		src, err := readInput(e, name, a.maxSize)
		if err != nil {
			// Report it and go on: the other files still get checked.
			e.errorf("validate: %v", withSizeHint(err, "--max-document-size"))
			unreadable = true
			continue
		}
		r, detail := validateOne(displayName(name), src, a.options, a.format == "text")
		invalid = invalid || !r.Valid
		results = append(results, r)
		if a.format == "text" {
			writeValidateText(e.stdout, r, detail)
		}
	}
	if a.format == "json" {
		out := struct {
			SchemaVersion int              `json:"schemaVersion"`
			Valid         bool             `json:"valid"`
			Files         []validateResult `json:"files"`
		}{1, !invalid && !unreadable, results}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			e.errorf("validate: %v", err)
			return ExitUsage
		}
	}
	switch {
	case unreadable:
		return ExitUsage
	case invalid:
		return ExitFailed
	}
	return ExitOK
}

// writeValidateText writes one file's result for people: a line, and for
// an invalid document every error with its source line and caret.
func writeValidateText(w io.Writer, r validateResult, detail string) {
	if r.Valid {
		fmt.Fprintf(w, "%s: valid %s, %d statement%s%s\n", r.File, r.Kind, r.Statements, plural(r.Statements), versionNote(r.Version))
		return
	}
	n := len(r.Errors) + r.ErrorsOmitted
	fmt.Fprintf(w, "%s: invalid %s, %d error%s:\n%s", r.File, r.Kind, n, plural(n), detail)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func versionNote(v string) string {
	if v == "" {
		return " (no Version: policy variables are literal text)"
	}
	return " (Version " + v + ")"
}

// validateOne validates one document (eval.Validate) and gives its
// result: the first policy.MaxDetail errors; detail is the text report of
// as many, with source lines and carets, made only when withDetail.
func validateOne(name string, src []byte, o eval.ValidateOptions, withDetail bool) (validateResult, string) {
	o.File = name
	v := eval.Validate(src, o)
	r := validateResult{File: name, Kind: v.Kind.String(), Valid: v.Valid(), Errors: []validateError{}}
	if v.Document != nil {
		r.Version = v.Document.Version.String()
		r.Statements = len(v.Document.Statements)
	}
	for _, pe := range v.Errors[:min(len(v.Errors), policy.MaxDetail)] {
		r.Errors = append(r.Errors, validateError{Line: pe.Pos.Line, Column: pe.Pos.Column, Path: pe.Path, Message: pe.Msg})
	}
	r.ErrorsOmitted = len(v.Errors) - len(r.Errors)
	switch {
	case v.Unshown:
		// Not a JSON document: none of its bytes are shown.
		return r, indent(v.Errors.Detail(nil))
	case r.Valid || !withDetail:
		return r, ""
	}
	return r, indent(v.Errors.Detail(src))
}

func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString("  ")
			b.WriteString(l)
		}
	}
	return b.String()
}
