package cli

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/reqhint"
	"github.com/iamgate/iamgate/internal/typo"
)

// enumAliases are words users write for a value of an enumerated flag,
// by flag: other names of the same thing, in any letter case.
var enumAliases = map[string]map[string]string{
	"--auth": {
		"iam": "AWS_IAM", "sigv4": "AWS_IAM", "aws-iam": "AWS_IAM", "aws_iam": "AWS_IAM",
		"lambda": "CUSTOM", "token": "CUSTOM", "request": "CUSTOM", "authorizer": "CUSTOM",
		"cognito": "COGNITO_USER_POOLS", "cognito_user_pools": "COGNITO_USER_POOLS", "none": "NONE", "custom": "CUSTOM",
	},
	"--expect": {
		"allowed": "allow", "ok": "allow", "200": "allow", "denied": "deny", "forbidden": "deny",
		"explicit": "explicit-deny", "implicit": "implicit-deny", "explicitdeny": "explicit-deny",
		"implicitdeny": "implicit-deny", "explicit_deny": "explicit-deny", "implicit_deny": "implicit-deny",
	},
}

// didYouMean is " (did you mean X?)" for a value of an enumerated flag
// that is another name, another letter case or a typo of one of values;
// "" when none is near.
func didYouMean(flagName, value string, values ...string) string {
	if v, ok := enumAliases[flagName][strings.ToLower(value)]; ok && v != value {
		return fmt.Sprintf(" (did you mean %s?)", v)
	}
	for _, v := range values {
		if strings.EqualFold(v, value) {
			return fmt.Sprintf(" (did you mean %s? values are case-sensitive)", v)
		}
	}
	if v := typo.Closest(value, values...); v != "" {
		return fmt.Sprintf(" (did you mean %s?)", v)
	}
	return ""
}

// headerHint says how to write a header given as "Name: value".
func headerHint(flagName, kv string) string {
	name, value, ok := strings.Cut(kv, ":")
	if !ok || flagName != "--header" || strings.ContainsAny(name, " \t") || name == "" {
		return ""
	}
	return fmt.Sprintf(" (a header is NAME=VALUE: %s %s=%q)", flagName, name, strings.TrimSpace(value))
}

// callerHint says which ARN to give for an IAM role, which is never the
// caller itself: a role's session is.
func callerHint(caller string) string {
	a, err := arn.Parse(caller)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return ""
	}
	role := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	return fmt.Sprintf(": a role does not sign requests, a session of it does: give arn:%s:sts::%s:assumed-role/%s/SESSION", a.Partition, a.Account, role)
}

// apiHint says to give a method ARN with --method-arn.
func apiHint(api string) string {
	if _, err := arn.ParseMethodARN(api); err == nil {
		return " (this is a method ARN: give it with --method-arn instead of --api and --request)"
	}
	return ""
}

// requestHint says how to write a request line given with a URL.
func requestHint(request string) string {
	if line, ok := reqhint.URLLine(request); ok {
		return fmt.Sprintf(" (give the URL's path, with the stage first: --request %q)", line)
	}
	return ""
}

// templateHint is a note when a path holds a {parameter}: a route's
// template, which a client never sends.
func templateHint(path string) string {
	if !reqhint.IsTemplate(path) {
		return ""
	}
	return fmt.Sprintf("note: the path %s holds a {parameter}, which only a route's template has: a client sends a concrete path (42 for {id}), and the method ARN and policies see that", path)
}

// commonStages are stage names common enough that a request naming one
// first surely gives its stage.
var commonStages = map[string]bool{
	"prod": true, "production": true, "dev": true, "development": true, "staging": true, "stage": true,
	"test": true, "testing": true, "qa": true, "uat": true, "beta": true, "alpha": true, "live": true,
	"sandbox": true, "demo": true, "default": true, "$default": true, "main": true, "preprod": true,
	"v1": true, "v2": true, "v3": true, "api": true, "local": true, "int": true, "integration": true,
}

// stageNote is a note when the request's first segment, which API Gateway
// takes as the stage, does not look like one: a request line without its
// stage answers for a stage named after the first segment.
func stageNote(m arn.MethodARN) string {
	if commonStages[strings.ToLower(m.Stage)] {
		return ""
	}
	return fmt.Sprintf("note: %q is taken as the stage (the first segment of the path, as API Gateway reads it); if the request has no stage, put it first: --request \"%s /STAGE/%s%s\"", m.Stage, m.Verb, m.Stage, m.Path)
}
