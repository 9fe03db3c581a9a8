package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/safeio"
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

func runValidate(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	kind := kindFlag{auto: true}
	fs.Var(&kind, "kind", "document kind: auto, resource, identity, authorizer or generic")
	apiFlag := fs.String("api", "", "the API's ARN (arn:aws:execute-api:REGION:ACCOUNT:API_ID), to expand the execute-api:/ shorthand")
	format := fs.String("format", "text", "output format: text or json")
	var maxSize sizeFlag
	fs.Var(&maxSize, "max-document-size", "the largest document read (`SIZE` such as 4MiB; default 1MiB)")
	fs.Usage = func() {
		io.WriteString(fs.Output(), validateUsage)
		fs.PrintDefaults()
	}
	files, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	if *format != "text" && *format != "json" {
		e.errorf("validate: unknown format %q: expected text or json", *format)
		return ExitUsage
	}
	if len(files) == 0 {
		e.errorf("validate: no files given")
		fs.Usage()
		return ExitUsage
	}
	if n := slicesCount(files, "-"); n > 1 {
		// Standard input can be read once; a second "-" would be
		// empty, or block on a terminal.
		e.errorf("validate: \"-\" (standard input) is given %d times: it can be read once", n)
		return ExitUsage
	}
	api := placeholderAPI
	if *apiFlag != "" {
		a, err := arn.ParseAPI(*apiFlag)
		if err != nil {
			e.errorf("validate: --api: %v", err)
			return ExitUsage
		}
		api = a
	}

	results := []validateResult{}
	invalid, unreadable := false, false
	for _, name := range files {
		src, err := readInput(e, name, maxSize.n)
		if err != nil {
			// Report it and go on: the other files still get checked.
			e.errorf("validate: %v", withSizeHint(err, "--max-document-size"))
			unreadable = true
			continue
		}
		r, detail := validateOne(displayName(name), src, kind, api, *format == "text")
		if !r.Valid {
			invalid = true
		}
		results = append(results, r)
		if *format == "text" {
			if r.Valid {
				fmt.Fprintf(e.stdout, "%s: valid %s, %d statement%s%s\n", r.File, r.Kind, r.Statements, plural(r.Statements), versionNote(r.Version))
			} else {
				n := len(r.Errors) + r.ErrorsOmitted
				fmt.Fprintf(e.stdout, "%s: invalid %s, %d error%s:\n%s", r.File, r.Kind, n, plural(n), detail)
			}
		}
	}
	if *format == "json" {
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

// validateOne parses and compiles one document. The result lists the
// first policy.MaxDetail errors; detail is the text report of as many,
// with source lines and carets, made only when withDetail.
func validateOne(name string, src []byte, k kindFlag, api arn.API, withDetail bool) (validateResult, string) {
	opts := policy.ParseOptions{File: name, Kind: k.kind}
	if k.auto {
		opts.Kind, opts.Root = policy.DetectKind(src)
		if opts.Kind == policy.Authorizer && opts.Root == "" {
			// An HTTP API's simple response holds no policy: validate
			// reads it as a bare document.
			opts.Kind = policy.IdentityBased
		}
	} else if k.kind == policy.Authorizer {
		_, opts.Root = policy.DetectKind(src)
	}
	r := validateResult{File: name, Kind: opts.Kind.String(), Errors: []validateError{}}
	if err := safeio.CheckJSON(name, src); err != nil {
		// Not a JSON document: none of its bytes are shown.
		pe := &policy.Error{File: name, Msg: strings.TrimPrefix(err.Error(), name+" is ")}
		r.Errors = append(r.Errors, validateError{Message: pe.Msg})
		return r, indent(policy.ErrorList{pe}.Detail(nil))
	}
	doc, err := policy.Parse(src, opts)
	if err == nil {
		r.Version = doc.Version.String()
		r.Statements = len(doc.Statements)
		_, err = eval.Compile(eval.CompileOptions{API: api}, doc)
	}
	if err == nil {
		r.Valid = true
		return r, ""
	}
	list := policy.AsList(err)
	if list == nil {
		list = policy.ErrorList{{File: name, Msg: err.Error()}}
	}
	for _, pe := range list[:min(len(list), policy.MaxDetail)] {
		r.Errors = append(r.Errors, validateError{Line: pe.Pos.Line, Column: pe.Pos.Column, Path: pe.Path, Message: pe.Msg})
	}
	r.ErrorsOmitted = len(list) - len(r.Errors)
	if !withDetail {
		return r, ""
	}
	return r, indent(list.Detail(src))
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
