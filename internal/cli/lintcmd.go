package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/jsontree"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/internal/typo"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
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
need a fact stay silent. They apply to documents, not to suites (a suite
gives its own), and are a usage error when every PATH is a suite.

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
does not load, no document found; the other paths are still linted). A
document that does not parse is a finding (IG100), not an input error.

Every check is listed with its code in the README, section "iamgate lint".

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
}

// lintTarget is one thing to lint: a document or a suite.
type lintTarget struct {
	name  string
	suite bool
	// walked is true for a document found by walking a folder (rather
	// than named): it is skipped when a suite of the run already linted
	// it with the suite's context.
	walked bool
	// root is the folder given on the command line a walked file was
	// found in: a suite may read its files.
	root string
}

func runLint(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	f := lintFlags{kind: kindFlag{auto: true}}
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
	fs.Usage = func() {
		io.WriteString(fs.Output(), lintUsage)
		fs.PrintDefaults()
	}
	paths, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	usageErr := func(format string, args ...any) int {
		e.errorf("lint: "+format, args...)
		fmt.Fprintln(e.stderr, "Run \"iamgate help lint\" for usage.")
		return ExitUsage
	}
	reporter, err := lint.NewReporter(f.format, lint.ReporterOptions{ToolVersion: toolVersion()})
	if err != nil {
		return usageErr("--format: %q is not text, json or sarif", f.format)
	}
	rep := &lint.Report{Sources: map[string][]byte{}}
	if f.failOn != "none" {
		s, err := lint.ParseSeverity(f.failOn)
		if err != nil {
			return usageErr("--fail-on: %q is not error, security-warning, warning, suggestion or none", f.failOn)
		}
		rep.FailOn = s
	}
	ignored := map[string]bool{}
	for _, list := range f.ignore {
		for _, code := range strings.Split(list, ",") {
			code = strings.TrimSpace(code)
			if _, ok := lint.RuleFor(code); !ok {
				return usageErr("--ignore: %q is not a rule code (see the README's table, IG100 to IG506)", code)
			}
			ignored[code] = true
		}
	}
	cfg, err := lintConfig(&f)
	if err != nil {
		return usageErr("%v", err)
	}
	if err := f.load.check(); err != nil {
		return usageErr("%v", err)
	}
	var docFlags []string
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "kind", "api", "auth", "authorizer-ttl", "endpoint-type", "route":
			docFlags = append(docFlags, "--"+fl.Name)
		}
	})
	if len(paths) == 0 {
		return usageErr("no paths given: name policy documents, suite files or folders (\"-\" for standard input)")
	}
	if n := slicesCount(paths, "-"); n > 1 {
		return usageErr("\"-\" (standard input) is given %d times: it can be read once", n)
	}

	targets, problems := lintTargets(paths, func(name string, why error) {
		e.errorf("lint: skipped %s", pathErrorText(withSizeHint(why, "--max-document-size")))
	})
	rep.Problems = problems
	if len(targets) == 0 && len(problems) == 0 {
		return usageErr("no policy documents or suite files under %s", strings.Join(paths, ", "))
	}
	if len(docFlags) > 0 && len(targets) > 0 && !slices.ContainsFunc(targets, func(t lintTarget) bool { return !t.suite }) {
		return usageErr("%s: every path is a suite, and a suite gives its own API, routes and authorizers; the flags about the API apply to policy documents only", strings.Join(docFlags, ", "))
	}

	// Suites first: the documents they name are linted with their
	// context, and a folder walk does not lint them again without it.
	inputs := slices.Clone(paths)
	for _, t := range targets {
		inputs = append(inputs, t.name)
	}
	if err := checkOutput(f.out, inputs); err != nil {
		return usageErr("%v", err)
	}
	covered := map[string]bool{}
	for _, t := range targets {
		if t.suite {
			for _, file := range lintSuite(rep, t, f.load) {
				covered[filepath.Clean(file)] = true
				inputs = append(inputs, file)
			}
		}
	}
	for _, t := range targets {
		if t.suite || t.walked && covered[filepath.Clean(t.name)] {
			continue
		}
		src, err := readInput(e, t.name, f.load.maxDocument.n)
		if err != nil {
			rep.Problems = append(rep.Problems, lint.InputProblem{File: t.name, Message: pathErrorText(withSizeHint(err, "--max-document-size"))})
			continue
		}
		if err := safeio.CheckJSON(t.name, src); err != nil {
			// A finding that quotes none of its bytes.
			rule, _ := lint.RuleFor("IG100")
			rep.Files = append(rep.Files, t.name)
			rep.Findings = append(rep.Findings, lint.Finding{Rule: rule, File: t.name, Message: strings.TrimPrefix(err.Error(), t.name+" is ")})
			continue
		}
		kind := f.kind.kind
		if f.kind.auto {
			kind, _ = policy.DetectKind(src)
		}
		rep.Files = append(rep.Files, t.name)
		rep.Sources[t.name] = src
		rep.Findings = append(rep.Findings, lint.Source(src, t.name, kind, cfg)...)
	}
	rep.Findings = uniqueFindings(rep.Findings)
	if len(ignored) > 0 {
		kept := rep.Findings[:0]
		for _, fi := range rep.Findings {
			if !ignored[fi.Rule.Code] {
				kept = append(kept, fi)
			}
		}
		rep.Findings = kept
	}
	lint.Sort(rep.Findings)

	var report bytes.Buffer
	if err := reporter.Report(&report, rep); err != nil {
		e.errorf("lint: %v", err)
		return ExitUsage
	}
	if f.out != "" {
		if err := checkOutput(f.out, inputs); err != nil {
			return usageErr("%v", err)
		}
		if err := writeReport(f.out, report.Bytes()); err != nil {
			e.errorf("lint: -o: %v", pathErrorText(err))
			return ExitUsage
		}
		if f.format == "text" {
			fmt.Fprintln(e.stdout, rep.Summary())
		} else {
			lint.TextReporter{}.Report(e.stdout, rep)
		}
	} else {
		e.stdout.Write(report.Bytes())
	}
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

// lintConfig turns the flags about the API into what the checks know.
func lintConfig(f *lintFlags) (lint.Config, error) {
	var cfg lint.Config
	if f.api != "" {
		api, err := arn.ParseAPI(f.api)
		if err != nil {
			return cfg, fmt.Errorf("--api: %v", strings.TrimPrefix(err.Error(), "arn: "))
		}
		cfg.API = api
	}
	authTypes := []string{"NONE", "CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"}
	for _, list := range f.auth {
		for _, a := range strings.Split(list, ",") {
			a = strings.TrimSpace(a)
			if !slices.Contains(authTypes, a) {
				msg := fmt.Sprintf("--auth: %q is not NONE, CUSTOM, AWS_IAM or COGNITO_USER_POOLS", a)
				if s := typo.Closest(a, authTypes...); s != "" {
					msg += fmt.Sprintf(" (did you mean %s?)", s)
				}
				return cfg, fmt.Errorf("%s", msg)
			}
			if !slices.Contains(cfg.Auth, a) {
				cfg.Auth = append(cfg.Auth, a)
			}
		}
	}
	if f.ttl.set {
		n, err := strconv.Atoi(f.ttl.value)
		if err != nil || n < 0 || n > 3600 {
			return cfg, fmt.Errorf("--authorizer-ttl: %q is not a number of seconds from 0 to 3600 (0 turns the cache off)", f.ttl.value)
		}
		cfg.CacheTTL = apigw.TTLSeconds(n)
	}
	switch f.endpointType {
	case "":
	case "PRIVATE":
		cfg.Private = ptr(true)
	case "REGIONAL", "EDGE":
		cfg.Private = ptr(false)
	default:
		msg := fmt.Sprintf("--endpoint-type: %q is not REGIONAL, EDGE or PRIVATE", f.endpointType)
		if s := typo.Closest(f.endpointType, "REGIONAL", "EDGE", "PRIVATE"); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return cfg, fmt.Errorf("%s", msg)
	}
	for _, r := range f.routes {
		route, err := checkRoute(r)
		if err != nil {
			return cfg, fmt.Errorf("--route: %v", err)
		}
		if !slices.Contains(cfg.Routes, route) {
			cfg.Routes = append(cfg.Routes, route)
		}
	}
	return cfg, nil
}

func ptr[T any](v T) *T { return &v }

// checkRoute checks a route as suites write them, "VERB /path/template",
// and returns it with single spacing.
func checkRoute(s string) (string, error) {
	verb, path, ok := strings.Cut(strings.TrimSpace(s), " ")
	path = strings.TrimSpace(path)
	if !ok || !strings.HasPrefix(path, "/") {
		return "", fmt.Errorf("%q is not \"VERB /path\", such as \"GET /orders/{id}\" or \"ANY /{proxy+}\"", s)
	}
	if !arn.IsRESTMethod(verb) && verb != "ANY" {
		return "", fmt.Errorf("%q: %q is not GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY", s, verb)
	}
	if path != "/" {
		segs := strings.Split(path[1:], "/")
		for i, seg := range segs {
			greedy := strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}") && len(seg) > 3
			param := strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && len(seg) > 2
			switch {
			case seg == "":
				return "", fmt.Errorf("%q has an empty path segment", s)
			case greedy && i != len(segs)-1:
				return "", fmt.Errorf("%q: the greedy parameter %s must be the last segment", s, seg)
			case !param && strings.ContainsAny(seg, "{}"):
				return "", fmt.Errorf("%q: segment %q mixes text and a {parameter}; path parameters are whole segments", s, seg)
			}
		}
	}
	return verb + " " + path, nil
}

// lintTargets finds what to lint under the paths: files as given (a suite
// by its name, anything else a document), folders walked. A path that
// cannot be read is a problem; the others are still returned. A file found
// in a folder that is not a regular file (a link to a device, a FIFO), or
// that leads outside the folder, is skipped, and skipped is told why.
func lintTargets(paths []string, skipped func(name string, why error)) ([]lintTarget, []lint.InputProblem) {
	var out []lintTarget
	var problems []lint.InputProblem
	seen := map[string]bool{}
	add := func(name string, isSuite bool, root string) {
		key := name
		if name != "-" {
			key = filepath.Clean(name)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, lintTarget{name: name, suite: isSuite, walked: root != "", root: root})
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(p, false, "")
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, lint.InputProblem{File: p, Message: pathErrorText(err)})
			continue
		}
		if !info.IsDir() {
			add(p, suite.IsSuiteFile(filepath.Base(p)), "")
			continue
		}
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, lint.InputProblem{File: name, Message: pathErrorText(err)})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			base := d.Name()
			if d.IsDir() {
				if name != p && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "node_modules" || base == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			isSuite := suite.IsSuiteFile(base)
			if !isSuite && !strings.HasSuffix(base, ".json") {
				return nil
			}
			regular, mode, err := safeio.IsRegular(name) // follows a symbolic link
			switch {
			case err != nil:
				// A dangling link: not a document; a suite's name
				// says it is meant to be read.
				if isSuite {
					skipped(name, err)
				}
				return nil
			case !regular:
				skipped(name, &safeio.NotRegularError{Path: name, Mode: mode})
				return nil
			}
			if _, err := safeio.Resolve(name, []string{p}); err != nil {
				skipped(name, err)
				return nil
			}
			if isSuite {
				add(name, true, filepath.Clean(p))
				return nil
			}
			src, err := safeio.ReadFile(name, maxWalkedFile)
			var large *safeio.TooLargeError
			switch {
			case errors.As(err, &large):
				// A data file far larger than any policy: not a
				// document.
			case err != nil:
				problems = append(problems, lint.InputProblem{File: name, Message: pathErrorText(withSizeHint(err, "--max-document-size"))})
			case safeio.CheckJSON(name, src) == nil && looksLikePolicy(src):
				add(name, false, filepath.Clean(p))
			}
			return nil
		})
		if err != nil {
			problems = append(problems, lint.InputProblem{File: p, Message: pathErrorText(err)})
		}
	}
	return out, problems
}

// maxWalkedFile is the largest .json file a folder walk reads: API
// Gateway's resource policy quota is 8,192 characters, and an authorizer's
// output is of the same order.
const maxWalkedFile = 1 << 20

// looksLikePolicy reports whether a .json file found by a folder walk is
// an API Gateway document: a Lambda authorizer's output, or a policy that
// names execute-api (an action, an ARN or the shorthand). IAM policies for
// other services (trust policies, bucket and key policies) are not
// linted as API Gateway documents.
func looksLikePolicy(src []byte) bool {
	if !bytes.Contains(src, []byte("execute-api")) && !bytes.Contains(src, []byte(`"policyDocument"`)) && !bytes.Contains(src, []byte(`"principalId"`)) {
		return false
	}
	return looksLikeDocument(src)
}

func looksLikeDocument(src []byte) bool {
	root, err := jsontree.Parse(src)
	if err != nil {
		return bytes.Contains(src, []byte(`"Statement"`)) || bytes.Contains(src, []byte(`"policyDocument"`))
	}
	if root.Kind != jsontree.Object {
		return false
	}
	for _, m := range root.Members {
		switch m.Key {
		case "Statement", "policyDocument", "principalId":
			return true
		}
	}
	return false
}

// lintSuite loads a suite and lints the documents it names.
func lintSuite(rep *lint.Report, t lintTarget, lf loadFlags) (documents []string) {
	file := t.name
	s, err := suite.Load(file, lf.options(t.root))
	if err != nil {
		p := lint.InputProblem{File: file, Message: pathErrorText(withSizeHint(err, "--max-suite-size"))}
		if se, ok := suite.AsError(err); ok {
			p.Message = fmt.Sprintf("%s: the suite does not load, %d problem%s:", file, len(se.List), plural(len(se.List)))
			p.Detail = se.Detail()
		}
		rep.Problems = append(rep.Problems, p)
		return nil
	}
	rep.Files = append(rep.Files, file)
	rep.Sources[file] = s.Source(file)
	d := s.Documents()
	if d.ResourcePolicy != nil {
		documents = append(documents, d.ResourcePolicy.File)
	}
	for _, a := range d.Authorizers {
		for _, o := range a.Outputs {
			documents = append(documents, o.File)
		}
	}
	for _, p := range d.IdentityPolicies {
		documents = append(documents, p.File)
	}
	findings := lint.Suite(s)
	for _, f := range findings {
		if _, ok := rep.Sources[f.File]; !ok {
			if src := s.Source(f.File); src != nil {
				rep.Sources[f.File] = src
			}
		}
	}
	rep.Findings = append(rep.Findings, findings...)
	return documents
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

// uniqueFindings drops repeats: a document named by a suite and also
// found on its own, or named by two suites, gives the same finding twice
// when the context does not change it.
func uniqueFindings(fs []lint.Finding) []lint.Finding {
	seen := map[string]bool{}
	out := fs[:0:0]
	for _, f := range fs {
		k := strings.Join([]string{f.Rule.Code, f.File, f.Pos.String(), f.Path, f.Message}, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
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
