package cli

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/typo"
	"github.com/iamgate/iamgate/lint"
)

// lintArgs is what the flags and paths of lint say, typed and checked:
// parseLintArgs makes it, and runLint turns it into lint.Walk, the
// report's AddSuite and AddFile, and a lint.Reporter.
type lintArgs struct {
	// format names the report's lint.Reporter; failOn is the severity
	// that fails the run (0: none does).
	format string
	failOn lint.Severity
	// ignore are the rule codes whose findings are left out.
	ignore []string
	// file is how a document is linted: its kind, and what the flags say
	// about the API.
	file lint.FileOptions
	// docFlags are the flags about the API given, as --NAME: they apply
	// to documents, not suites.
	docFlags []string
	// out is the file the report goes to ("": standard output).
	out  string
	load loadFlags
	// template says what a template cannot say about itself.
	template templateFlags
	// paths are the documents, suites and folders to lint.
	paths []string
}

// parseLintArgs checks the flags of fs (lint's, into f) and the paths,
// and types their values. It reads no file; it checks that each
// --allow-path is a folder.
func parseLintArgs(fs *flag.FlagSet, f *lintFlags, paths []string) (*lintArgs, error) {
	a := &lintArgs{format: f.format, out: f.out, load: f.load, paths: paths, template: f.template,
		file: lint.FileOptions{Kind: f.kind.kind, DetectKind: f.kind.auto}}
	if _, err := lint.NewReporter(f.format, lint.ReporterOptions{}); err != nil {
		return nil, fmt.Errorf("--format: %q is not text, json or sarif", f.format)
	}
	if f.failOn != "none" {
		s, err := lint.ParseSeverity(f.failOn)
		if err != nil {
			return nil, fmt.Errorf("--fail-on: %q is not error, security-warning, warning, suggestion or none", f.failOn)
		}
		a.failOn = s
	}
	for _, list := range f.ignore {
		for _, code := range strings.Split(list, ",") {
			code = strings.TrimSpace(code)
			if _, ok := lint.RuleFor(code); !ok {
				return nil, fmt.Errorf("--ignore: %q is not a rule code (the rules are listed in docs/lint.md, IG100 to IG506)", code)
			}
			if !slices.Contains(a.ignore, code) {
				a.ignore = append(a.ignore, code)
			}
		}
	}
	cfg, err := lintConfig(f)
	if err != nil {
		return nil, err
	}
	a.file.Config = cfg
	if err := f.load.check(); err != nil {
		return nil, err
	}
	if _, err := f.template.options(); err != nil {
		return nil, err
	}
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "kind", "api", "auth", "authorizer-ttl", "endpoint-type", "route":
			a.docFlags = append(a.docFlags, "--"+fl.Name)
		}
	})
	if len(paths) == 0 {
		return nil, fmt.Errorf("no paths given: name policy documents, suite files or folders (\"-\" for standard input)")
	}
	if n := slicesCount(paths, "-"); n > 1 {
		return nil, fmt.Errorf("\"-\" (standard input) is given %d times: it can be read once", n)
	}
	return a, nil
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
