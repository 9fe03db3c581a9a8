package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/suite"
)

const lintUsage = `Usage: iamgate lint [flags] PATH...

Finds the mistakes in policy documents that cause 401, 403 and 500 answers,
before they are deployed. Each finding has a stable code (IG100...), a
severity (error, security-warning, warning, suggestion), a message that says
how to fix it, and file:line:column with the JSON path.

PATH is one of:
  - a policy document (JSON): a resource policy, an identity policy or a
    Lambda authorizer's whole output, told apart as "iamgate validate" does
    (a "policyDocument" or "principalId" member: authorizer output; a
    Principal or an execute-api:/ resource: resource policy; else identity
    policy), or as --kind says;
  - "-" for a document on standard input (at most once);
  - a suite file (NAME.iamgate.yaml, .yml or .json): its resource policy,
    authorizer outputs and callers' identity policies are linted with what
    the suite says about the API (its ARN, each route's authorization, the
    authorizers' cache TTLs);
  - a template, named on the command line: a CloudFormation template
    (JSON or YAML, SAM source, Serverless output), a cdk.out or
    .serverless folder, an OpenAPI document, or terraform show -json, as
    "iamgate routes" reads them. Each API's resource policy is linted with
    what the template says (its endpoint type, each method's
    authorization, its ARN when the template decides it), and each
    authorizer's settings (IG220), with positions in the template.
    --parameter, --region, --account and --partition give the values the
    template does not decide. The reader's errors (a fact of the API it
    could not read) are input errors; its warnings are notes. A folder
    walk does not look for templates;
  - a folder, walked for suite files and for *.json files (up to 1 MiB)
    that hold an API Gateway document: a Lambda authorizer's output (a
    policyDocument or principalId member), or a policy that names
    execute-api (an action, an ARN or the execute-api:/ shorthand) in a
    JSON object with a Statement member, or in text that does not parse
    but mentions "Statement". Other JSON files (package.json, policies of
    other services such as bucket or trust policies) are skipped, as are
    folders named .*, _*, node_modules and testdata. A file named on the
    command line is always linted.

--api, --auth, --authorizer-ttl, --endpoint-type and --route tell the
checks about the API the documents belong to; without them, checks that
need a fact stay silent. They apply to documents, not to suites or
templates (each gives its own), and are a usage error when every PATH is
a suite or a template.

Output (--format): text, one line per finding
  FILE:LINE:COL: SEVERITY CODE: MESSAGE (at /JSON/path)
followed by the source line with a caret under the column, and a summary
line; json (schemaVersion 1); or sarif (SARIF 2.1.0, for GitHub code
scanning: upload it with github/codeql-action/upload-sarif). With -o FILE
the report goes to FILE and the text report to standard output (for
--format text, only its summary line); FILE may not be an input.

A suite reads the files it names only inside its own folder tree (and the
tree of the folder it was found in), links followed: --allow-path adds a
folder. Only regular files are read, each at most its size limit.

Exit codes: 0 no finding at or above --fail-on, 1 a finding at or above
--fail-on, 2 usage or input error (a file that cannot be read, a suite that
does not load, a template with facts that could not be read, no document
found; the other paths are still linted). A
document that does not parse is a finding (IG100), not an input error.

Every check is listed with its code in docs/lint.md, section "Rules".

Flags:
`

// lintFlags are the flags of "iamgate lint".
type lintFlags struct {
	kind                kindFlag
	api                 string
	auth                multiFlag
	ttl                 optionalString
	endpointType        string
	routes              multiFlag
	ignore              multiFlag
	format, failOn, out string
	load                loadFlags
	template            templateFlags
}

func defineLintFlags(fs *flag.FlagSet, f *lintFlags) {
	f.kind = kindFlag{auto: true}
	fs.Var(&f.kind, "kind", "document `KIND`: auto, resource, identity, authorizer or generic")
	fs.StringVar(&f.api, "api", "", "the API's `ARN` (arn:aws:execute-api:REGION:ACCOUNT:API_ID): resources are compared with it")
	fs.Var(&f.auth, "auth", "the authorization types of the API's methods, comma-separated (`LIST` of NONE, CUSTOM, AWS_IAM, COGNITO_USER_POOLS); repeatable")
	fs.Var(&f.ttl, "authorizer-ttl", "the Lambda authorizer's result cache TTL in `SECONDS`, 0 to 3600 (default 300, as AWS)")
	fs.StringVar(&f.endpointType, "endpoint-type", "", "the API's endpoint `TYPE`: REGIONAL, EDGE or PRIVATE (default: PRIVATE when a resource policy names aws:SourceVpce or aws:SourceVpc)")
	fs.Var(&f.routes, "route", "a method of the API, `ROUTE` \"VERB /path/template\" such as \"GET /orders/{id}\" or \"ANY /{proxy+}\"; repeatable")
	fs.StringVar(&f.format, "format", "text", "report `FORMAT`: text, json or sarif")
	fs.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding has this `SEVERITY` or a higher one: error, security-warning, warning, suggestion or none")
	fs.StringVar(&f.out, "o", "", "write the report to `FILE`")
	fs.Var(&f.ignore, "ignore", "leave out the findings of a rule, by `CODE` (such as IG210); comma-separated or repeatable")
	f.load.register(fs)
	defineTemplateFlags(fs, &f.template, "")
}

func runLint(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f lintFlags
	defineLintFlags(fs, &f)
	fs.Usage = func() {
		io.WriteString(fs.Output(), lintUsage)
		printFlags(fs)
	}
	paths, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	usageErr := func(err error) int {
		e.errorf("lint: %v", err)
		fmt.Fprintln(e.stderr, "Run \"iamgate help lint\" for usage.")
		return ExitUsage
	}
	a, err := parseLintArgs(fs, &f, paths)
	if err != nil {
		return usageErr(err)
	}
	rep := &lint.Report{Sources: map[string][]byte{}, FailOn: a.failOn}
	targets, inputs, err := lintTargets(e, a, rep)
	if err != nil {
		return usageErr(err)
	}
	// Suites first: the documents they name are linted with their
	// context, and a folder walk does not lint them again without it.
	covered := map[string]bool{}
	for _, t := range targets {
		if t.Suite {
			for _, file := range lintSuite(rep, t, a.load) {
				covered[filepath.Clean(file)] = true
				inputs = append(inputs, file)
			}
		}
	}
	for _, t := range targets {
		if t.Template {
			inputs = append(inputs, lintTemplate(rep, t, a.template)...)
		}
	}
	for _, t := range targets {
		if t.Suite || t.Template || t.Root != "" && covered[filepath.Clean(t.Name)] {
			continue
		}
		src, err := readInput(e, t.Name, a.load.maxDocument.n)
		if err != nil {
			rep.Problems = append(rep.Problems, lint.InputProblem{File: t.Name, Message: pathErrorText(withSizeHint(err, "--max-document-size"))})
			continue
		}
		rep.AddFile(t.Name, src, a.file)
	}
	rep.Tidy(a.ignore...)
	if err := writeLintReport(e, a, rep, inputs); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			return usageErr(ue.error)
		}
		e.errorf("lint: %v", err)
		return ExitUsage
	}
	return lintExit(e, rep)
}

// lintTargets walks the paths with lint.Walk: what to lint, the inputs
// an -o FILE may not be, and the paths that could not be read, as the
// report's problems. An error is a usage error: nothing to lint, or flags
// that apply to no path.
func lintTargets(e *env, a *lintArgs, rep *lint.Report) ([]lint.Target, []string, error) {
	targets, problems := lint.Walk(a.paths, func(name string, why error) {
		e.errorf("lint: skipped %s", pathErrorText(withSizeHint(why, "--max-document-size")))
	})
	for _, p := range problems {
		rep.Problems = append(rep.Problems, lint.InputProblem{File: p.Path, Message: pathErrorText(withSizeHint(p.Err, "--max-document-size"))})
	}
	if len(targets) == 0 && len(problems) == 0 {
		return nil, nil, fmt.Errorf("no policy documents or suite files under %s", strings.Join(a.paths, ", "))
	}
	if len(a.docFlags) > 0 && len(targets) > 0 && !slices.ContainsFunc(targets, func(t lint.Target) bool { return !t.Suite && !t.Template }) {
		return nil, nil, fmt.Errorf("%s: every path is a suite or a template, and each gives its own API, routes and authorizers; the flags about the API apply to policy documents only", strings.Join(a.docFlags, ", "))
	}
	inputs := slices.Clone(a.paths)
	for _, t := range targets {
		inputs = append(inputs, t.Name)
	}
	if err := checkOutput(a.out, inputs); err != nil {
		return nil, nil, err
	}
	return targets, inputs, nil
}

// writeLintReport writes the report in the format asked, to standard
// output or to -o FILE (then with the text report, or its summary line,
// on standard output). A usageError is a mistake in -o.
func writeLintReport(e *env, a *lintArgs, rep *lint.Report, inputs []string) error {
	reporter, err := lint.NewReporter(a.format, lint.ReporterOptions{ToolVersion: toolVersion()})
	if err != nil {
		return err
	}
	var report bytes.Buffer
	if err := reporter.Report(&report, rep); err != nil {
		return err
	}
	if a.out == "" {
		e.stdout.Write(report.Bytes())
		return nil
	}
	if err := checkOutput(a.out, inputs); err != nil {
		return usageError{err}
	}
	if err := writeReport(a.out, report.Bytes()); err != nil {
		return fmt.Errorf("-o: %v", pathErrorText(err))
	}
	if a.format == "text" {
		fmt.Fprintln(e.stdout, rep.Summary())
	} else {
		lint.TextReporter{}.Report(e.stdout, rep)
	}
	return nil
}

// lintExit writes the input problems to standard error, each with its
// detail, and returns the exit code.
func lintExit(e *env, rep *lint.Report) int {
	for _, p := range rep.Problems {
		e.errorf("lint: %s", p.Message)
		if p.Detail != "" {
			for _, l := range strings.SplitAfter(strings.TrimSuffix(p.Detail, "\n"), "\n") {
				io.WriteString(e.stderr, "    "+strings.TrimSuffix(l, "\n")+"\n")
			}
		}
	}
	switch {
	case len(rep.Problems) > 0:
		return ExitUsage
	case rep.Failed():
		return ExitFailed
	}
	return ExitOK
}

// lintSuite loads a suite and adds it to the report, or adds why it does
// not load to the report's problems. It returns the documents the suite
// names.
func lintSuite(rep *lint.Report, t lint.Target, lf loadFlags) (documents []string) {
	s, err := suite.Load(t.Name, lf.options(t.Root))
	if err != nil {
		p := lint.InputProblem{File: t.Name, Message: pathErrorText(withSizeHint(err, "--max-suite-size"))}
		if se, ok := suite.AsError(err); ok {
			p.Message = fmt.Sprintf("%s: the suite does not load, %d problem%s:", t.Name, len(se.List), plural(len(se.List)))
			p.Detail = se.Detail()
		}
		rep.Problems = append(rep.Problems, p)
		return nil
	}
	return rep.AddSuite(t.Name, s)
}

// lintTemplate reads a template with iac.Load and adds its APIs to the
// report, or adds why it cannot be read to the report's problems. It
// returns the files read, which -o may not overwrite.
func lintTemplate(rep *lint.Report, t lint.Target, f templateFlags) []string {
	opts, err := f.options() // checked by parseLintArgs
	if err == nil {
		var res *iac.Result
		if res, err = iac.Load(t.Name, opts); err == nil {
			rep.AddTemplate(t.Name, res)
			return res.Files
		}
	}
	rep.Problems = append(rep.Problems, lint.InputProblem{File: t.Name, Message: pathErrorText(err)})
	return nil
}

// pathErrorText is an I/O error as "PATH: what went wrong", without the
// operation ("stat", "open") or the package prefixes.
func pathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return strings.TrimPrefix(err.Error(), "suite: ")
}

func slicesCount(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}
