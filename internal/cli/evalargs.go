package cli

import (
	"flag"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/cite"
	authcmd "github.com/iamgate/iamgate/internal/command"
	"github.com/iamgate/iamgate/internal/httpfield"
	"github.com/iamgate/iamgate/internal/rfc3339"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// evalArgs is what the flags of eval (and event) say, typed and checked,
// before any file is read: parseEvalArgs makes it from the flags alone
// (parseEvalCommandArgs adds eval's authorizer program after --,
// parseEventArgs event's fixed choices), and prepareEval turns it into
// library calls.
type evalArgs struct {
	format string
	style  apigw.MessageStyle
	expect string
	// method is the request's method ARN.
	method arn.MethodARN
	// auth is the method's authorization; authorizer its authorizer, for
	// CUSTOM and COGNITO_USER_POOLS.
	auth       apigw.AuthType
	authorizer *apigw.Authorizer
	// request is the request for the request builder, without the IAM
	// caller's identity policies (files).
	request apigw.Request
	// The files to read: the resource policy, the caller's identity
	// policies, the authorizer's response ("" when not given).
	resourcePolicy   string
	identityPolicies []string
	// templatePolicy is the resource policy --template gives, when
	// --resource-policy does not replace it.
	templatePolicy     *policy.Document
	authorizerResponse string
	// notes are what the request line may have meant otherwise, for
	// stderr: a first segment that does not look like a stage, a path
	// that is a route's template.
	notes []string
	// authorizerError is the error the authorizer raised, when given.
	authorizerError *string
	// maxDocument is the largest document file read (0: the default).
	maxDocument int64
	// resource is the method's resource template, for the event ("": the
	// request's path).
	resource string
	// program is the authorizer's program and its arguments, given after
	// "--" (eval only); timeout is how long it may run, and inheritEnv
	// the variables of iamgate's environment it gets.
	program    []string
	timeout    time.Duration
	inheritEnv []string
	// apiKeyRequired, apiKeySource and responses are the template's: the
	// method requires an API key, where the API reads it, and the API's
	// gateway responses.
	apiKeyRequired bool
	apiKeySource   apigw.APIKeySource
	responses      []apigw.GatewayResponse
}

// parseEvalCommandArgs makes eval's arguments: the flags, parsed into f
// by fs from args, and the authorizer's program after "--". It reads no
// file.
func parseEvalCommandArgs(fs *flag.FlagSet, f *evalFlags, args []string) (*evalArgs, error) {
	if n := fs.NArg(); n > 0 {
		// What follows "--" is the authorizer's program.
		if args[len(args)-n-1] != "--" {
			return nil, usagef("unexpected argument %q: eval takes flags only (quote the request: --request \"GET /prod/pets\"; an authorizer program comes after --)", fs.Arg(0))
		}
		f.command = fs.Args()
	} else if len(args) > 0 && args[len(args)-1] == "--" {
		return nil, usagef("-- is followed by no program: give the authorizer's program and its arguments after it")
	}
	if f.resource != "" && len(f.command) == 0 {
		return nil, usagef("--resource shapes the event an authorizer program reads: it goes with a program after --")
	}
	a, err := parseEvalArgs(f)
	if err != nil {
		return nil, err
	}
	if len(a.program) == 0 {
		return a, nil
	}
	if err := checkInheritEnv(a.inheritEnv); err != nil {
		return nil, err
	}
	a.timeout = authcmd.DefaultTimeout
	if f.timeout.set {
		d, err := authcmd.ParseTimeout(f.timeout.value)
		if err != nil {
			return nil, usagef("--authorizer-timeout: %v", err)
		}
		a.timeout = d
	}
	return a, nil
}

// parseEventArgs makes event's arguments from its flags, parsed into f by
// fs: those of eval that describe the request, for a method whose
// authorization is CUSTOM. It reads no file.
func parseEventArgs(fs *flag.FlagSet, f *evalFlags) (*evalArgs, error) {
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q: event takes flags only (quote the request: --request \"GET /prod/pets\")", fs.Arg(0))
	}
	f.auth, f.messages, f.format = "CUSTOM", "current", "text"
	return parseEvalArgs(f)
}

// parseEvalArgs checks the flags and types their values. It reads no file.
func parseEvalArgs(f *evalFlags) (*evalArgs, error) {
	a := &evalArgs{format: f.format, expect: f.expect, resourcePolicy: f.resourcePolicy,
		identityPolicies: f.identityPolicies, authorizerResponse: f.authorizerResponse,
		maxDocument: f.maxDocument.n, resource: f.resource, program: f.command, inheritEnv: f.inheritEnv}
	switch f.format {
	case "text", "json":
	default:
		return nil, usagef("--format: %q is not text or json%s", f.format, didYouMean("--format", f.format, "text", "json"))
	}
	style, err := apigw.ParseMessageStyle(f.messages)
	if err != nil {
		return nil, usagef("--messages: %q is not current or legacy%s", f.messages, didYouMean("--messages", f.messages, "current", "legacy"))
	}
	a.style = style
	if f.expect != "" {
		if _, err := suite.ParseExpectation(f.expect); err != nil {
			return nil, usagef("--expect: %v%s", err, didYouMean("--expect", f.expect, "allow", "deny", "explicit-deny", "implicit-deny"))
		}
	}
	if err := checkStdin(f); err != nil {
		return nil, err
	}
	query, err := a.parseMethod(f)
	if err != nil {
		return nil, err
	}
	if err := a.parseAuth(f); err != nil {
		return nil, err
	}
	if f.tmpl != nil {
		a.templatePolicy = f.tmpl.policy
		if a.resource == "" {
			a.resource = f.tmpl.resource
		}
		a.notes = append(a.notes, f.tmpl.notes...)
		a.apiKeyRequired, a.apiKeySource, a.responses = f.tmpl.apiKeyRequired, f.tmpl.apiKeySource, f.tmpl.responses
	}
	if len(f.apiKeys) > 0 && !a.apiKeyRequired {
		a.notes = append(a.notes, "--api-key: the method does not require an API key (only a template's method can), so the key changes nothing")
	}
	if f.vpce != "" && f.resourcePolicy == "" && a.templatePolicy == nil {
		// A private API cannot be deployed without a resource policy, and
		// every call fails until one is attached.
		return nil, usagef("--vpce makes this a call to a private API, which always has a resource policy: give it with --resource-policy")
	}
	if err := a.parseRequest(f, query); err != nil {
		return nil, err
	}
	if f.authorizerError.set {
		a.authorizerError = &f.authorizerError.value
	}
	return a, nil
}

// parseMethod reads the method ARN from --method-arn, or --api and
// --request; it returns the request line's query parameters, which are the
// request's as --query's are.
func (a *evalArgs) parseMethod(f *evalFlags) ([]string, error) {
	switch {
	case f.methodARN != "" && (f.api != "" || f.request != ""):
		return nil, usagef("--method-arn replaces --api and --request: give one or the other")
	case f.methodARN != "":
		m, err := arn.ParseMethodARN(f.methodARN)
		if err != nil {
			return nil, usagef("--method-arn: %v", trimArn(err))
		}
		if err := arn.CheckRESTMethod(m.Verb); err != nil {
			return nil, usagef("--method-arn: %v", trimArn(err))
		}
		a.method = m
		return f.query, nil
	case f.api == "" || f.request == "":
		return nil, usagef("give --api and --request (or --method-arn)")
	}
	api, err := arn.ParseAPI(f.api)
	if err != nil {
		return nil, usagef("--api: %v%s", trimArn(err), apiHint(f.api))
	}
	m, err := api.Method(f.request)
	if err != nil {
		return nil, usagef("--request: %v%s", trimArn(err), requestHint(f.request))
	}
	if err := arn.CheckRESTMethod(m.Verb); err != nil {
		return nil, usagef("--request: %v", trimArn(err))
	}
	a.method = m
	for _, n := range []string{stageNote(m), templateHint(m.Path)} {
		if n != "" {
			a.notes = append(a.notes, n)
		}
	}
	vals, err := arn.RequestQuery(f.request)
	if err != nil {
		return nil, usagef("--request: %v", trimArn(err))
	}
	query := append([]string(nil), f.query...)
	for k, vs := range vals {
		if k == "" {
			return nil, usagef("--request: the query string of %q has a parameter without a name", f.request)
		}
		for _, v := range vs {
			query = append(query, k+"="+v)
		}
	}
	return query, nil
}

// parseAuth reads the method's authorization type, defaulting it from the
// other flags, and its authorizer.
func (a *evalArgs) parseAuth(f *evalFlags) error {
	hasAuthorizer := f.authorizerResponse != "" || f.authorizerError.set || len(f.command) > 0
	name := f.auth
	if name == "" {
		switch {
		case (hasAuthorizer || f.token.set) && f.caller != "":
			return usagef("an authorizer (response, error or token) and an IAM caller are both given: say which authorization the method uses with --auth")
		case hasAuthorizer || f.token.set:
			name = "CUSTOM"
		case f.caller != "":
			name = "AWS_IAM"
		default:
			name = "NONE"
		}
	}
	auth, err := apigw.ParseAuthType(name)
	if err != nil {
		return usagef("--auth: %q is not NONE, CUSTOM, AWS_IAM or COGNITO_USER_POOLS%s", name, didYouMean("--auth", name, "NONE", "CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"))
	}
	a.auth = auth
	if err := checkAuthFlags(f, auth, hasAuthorizer); err != nil {
		return err
	}
	if auth != apigw.AuthCustom && auth != apigw.AuthCognito {
		return nil
	}
	cfg, err := authorizerConfig(f, auth)
	if err != nil {
		return err
	}
	cfg.Name = authorizerName
	a.authorizer = &apigw.Authorizer{AuthorizerConfig: cfg, Cognito: auth == apigw.AuthCognito}
	return nil
}

// parseRequest reads the request's values: headers, query, stage
// variables, the token, the resource, what condition keys ask about and
// the $context values.
func (a *evalArgs) parseRequest(f *evalFlags, query []string) error {
	m := a.method
	r := apigw.Request{Verb: m.Verb, Stage: m.Stage, Path: m.Path, HeaderNames: map[string]string{}}
	var err error
	if r.Headers, err = nameValues("--header", f.headers, true); err != nil {
		return err
	}
	for _, kv := range f.headers {
		name, _, _ := strings.Cut(kv, "=")
		r.HeaderNames[http.CanonicalHeaderKey(name)] = name
	}
	q, err := nameValues("--query", query, false)
	if err != nil {
		return err
	}
	r.Query = url.Values(q)
	sv, err := nameValues("--stage-variable", f.stageVars, false)
	if err != nil {
		return err
	}
	r.StageVariables = lastValues(sv)
	if err := a.parseToken(f, &r); err != nil {
		return err
	}
	if f.resource != "" {
		// A resource that does not match the path is refused with the
		// event's other checks.
		if _, ok := apigw.PathParameters(f.resource, m.Path); ok {
			r.Resource = f.resource
		}
	}
	if r.Info, err = requestInfo(f); err != nil {
		return err
	}
	rc, err := nameValues("--request-context", f.requestContext, false)
	if err != nil {
		return err
	}
	r.RequestContext = lastValues(rc)
	r.APIKeys = f.apiKeys
	a.request = r
	return nil
}

// parseToken reads --token for a method whose authorizer reads one; with
// no token given and none of its sources named, the identity is taken as
// present and valid: the question is about the policies.
func (a *evalArgs) parseToken(f *evalFlags, r *apigw.Request) error {
	if a.authorizer == nil {
		return nil
	}
	name, ok := a.authorizer.TokenHeader()
	if !ok {
		return nil
	}
	_, sent := r.Headers[name]
	switch {
	case f.token.set:
		v, err := httpfield.Value(f.token.value)
		if err != nil && !sent {
			return usagef("--token: %v", err)
		}
		r.Token, r.HasToken = v, true
	case sent || len(f.identitySources) > 0 && !f.tmpl.filledSources():
		// The token header was sent, or its source named: it is checked
		// like any other value. A source the template gives is not the
		// user naming it: the token is then taken as valid, as without
		// a template.
	default:
		r.AssumeValidIdentity = true
	}
	return nil
}

// lastValues keeps each name's last value.
func lastValues(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = v[len(v)-1]
	}
	return out
}

// checkStdin allows standard input for one file at most.
func checkStdin(f *evalFlags) error {
	n := 0
	for _, v := range append([]string{f.resourcePolicy, f.authorizerResponse}, f.identityPolicies...) {
		if v == "-" {
			n++
		}
	}
	if n > 1 {
		return usagef("only one FILE can be - (standard input)")
	}
	return nil
}

// checkAuthFlags rejects flags that do not apply to the authorization type:
// silently ignoring them would answer a different question.
func checkAuthFlags(f *evalFlags, auth apigw.AuthType, hasAuthorizer bool) error {
	custom := auth == apigw.AuthCustom
	switch {
	case f.authorizerResponse != "" && f.authorizerError.set:
		return usagef("give --authorizer-response or --authorizer-error, not both")
	case len(f.command) > 0 && (f.authorizerResponse != "" || f.authorizerError.set):
		return usagef("the authorizer's program after -- gives its answer: --authorizer-response and --authorizer-error do not go with it")
	case f.timeout.set && len(f.command) == 0:
		return usagef("--authorizer-timeout is for an authorizer program, given after --")
	case len(f.inheritEnv) > 0 && len(f.command) == 0:
		return usagef("--inherit-env is for an authorizer program, given after --")
	case hasAuthorizer && !custom:
		return usagef("an authorizer result applies to CUSTOM (Lambda authorizer) methods, not %s", auth)
	case f.caller != "" && auth != apigw.AuthIAM:
		return usagef("--caller applies to AWS_IAM methods; callers of %s methods are anonymous", auth)
	case len(f.identityPolicies) > 0 && f.caller == "":
		return usagef("--identity-policy needs --caller: identity policies belong to an IAM caller")
	case (f.orgID != "" || len(f.principalTags) > 0) && f.caller == "":
		return usagef("--principal-org-id and --principal-tag describe an IAM caller: give --caller")
	case f.authorizerType.set && !custom:
		return usagef("--authorizer-type describes a Lambda authorizer: it needs --auth CUSTOM")
	case f.authorizerType.value != "TOKEN" && f.authorizerType.value != "REQUEST":
		return usagef("--authorizer-type: %q is not TOKEN or REQUEST%s", f.authorizerType.value, didYouMean("--authorizer-type", f.authorizerType.value, "TOKEN", "REQUEST"))
	case f.token.set && !custom && auth != apigw.AuthCognito:
		return usagef("--token needs --auth CUSTOM (a TOKEN authorizer) or COGNITO_USER_POOLS, not %s", auth)
	case f.token.set && f.authorizerType.value != "TOKEN":
		return usagef("--token is for TOKEN authorizers; a REQUEST authorizer reads the --header, --query, --stage-variable and --request-context values its --identity-source names")
	case f.tokenValidation != "" && !(custom && f.authorizerType.value == "TOKEN" || auth == apigw.AuthCognito):
		return usagef("--token-validation applies to TOKEN authorizers (matched against the token) and Cognito authorizers (matched against its aud claim) only (%s)", cite.Inline("API-AUTHORIZER"))
	case len(f.identitySources) > 0 && !(custom || auth == apigw.AuthCognito):
		return usagef("--identity-source describes an authorizer: it needs --auth CUSTOM or COGNITO_USER_POOLS, not %s", auth)
	case f.ttl.set && !(custom || auth == apigw.AuthCognito):
		return usagef("--authorizer-ttl describes an authorizer: it needs --auth CUSTOM or COGNITO_USER_POOLS, not %s", auth)
	}
	return nil
}

func authorizerConfig(f *evalFlags, auth apigw.AuthType) (apigw.AuthorizerConfig, error) {
	var a apigw.AuthorizerConfig
	if auth == apigw.AuthCustom {
		t, err := apigw.ParseAuthorizerType(f.authorizerType.value)
		if err != nil {
			return a, usagef("--authorizer-type: %q is not TOKEN or REQUEST%s", f.authorizerType.value, didYouMean("--authorizer-type", f.authorizerType.value, "TOKEN", "REQUEST"))
		}
		a.Type = t
	}
	a.IdentitySources = f.identitySources
	a.ValidationExpression = f.tokenValidation
	if a.Type == apigw.RequestAuthorizer && len(a.IdentitySources) == 0 && auth == apigw.AuthCustom {
		// API Gateway requires identity sources for caching; without any,
		// the authorizer can only be configured with caching off.
		a.TTL = apigw.TTLSeconds(0)
	}
	if f.ttl.set {
		n, err := strconv.Atoi(f.ttl.value)
		if err != nil {
			return a, usagef("--authorizer-ttl: %q is not a number of seconds", f.ttl.value)
		}
		a.TTL = apigw.TTLSeconds(n)
	}
	return a, nil
}

// nameValues parses NAME=VALUE flags. Header names are checked and
// canonicalized, and header values read as a server reads them
// (httpfield.Value: "  " is an empty value).
func nameValues(flagName string, list []string, header bool) (http.Header, error) {
	out := http.Header{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usagef("%s: %q is not NAME=VALUE%s", flagName, kv, headerHint(flagName, kv))
		}
		if header {
			if err := httpfield.CheckName(k); err != nil {
				return nil, usagef("%s: %v", flagName, err)
			}
			v, err := httpfield.Value(v)
			if err != nil {
				return nil, usagef("%s: %v", flagName, err)
			}
			out.Add(k, v)
		} else {
			out[k] = append(out[k], v)
		}
	}
	return out, nil
}

// requestInfo is what the flags say about the request for condition keys.
func requestInfo(f *evalFlags) (apigw.RequestInfo, error) {
	for _, h := range [...]struct{ flag, v string }{{"--user-agent", f.userAgent}, {"--referer", f.ref}} {
		if _, err := httpfield.Value(h.v); err != nil {
			return apigw.RequestInfo{}, usagef("%s: %v", h.flag, err) // they are headers
		}
	}
	info := apigw.RequestInfo{VPCEndpoint: f.vpce, VPC: f.vpc, UserAgent: f.userAgent, Referer: f.ref, PrincipalOrgID: f.orgID}
	info.Time = now()
	if f.requestTime != "" {
		t, err := time.Parse(time.RFC3339, f.requestTime)
		if err != nil {
			return info, usagef("--time: %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", f.requestTime)
		}
		if err := rfc3339.Check(t); err != nil {
			return info, usagef("--time: %q %v", f.requestTime, err)
		}
		info.Time = t
	}
	if f.sourceIP != "" {
		ip, err := netip.ParseAddr(f.sourceIP)
		if err != nil {
			return info, usagef("--source-ip: %q is not an IP address", f.sourceIP)
		}
		info.SourceIP = ip
	}
	if f.caller != "" {
		caller, err := eval.NewCaller(f.caller)
		if err != nil {
			return info, usagef("--caller: %v%s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "eval: "), "caller "), callerHint(f.caller))
		}
		info.Caller = caller
	}
	tags, err := nameValues("--principal-tag", f.principalTags, false)
	if err != nil {
		return info, err
	}
	info.PrincipalTags = map[string]string{}
	for k, v := range tags {
		info.PrincipalTags[k] = v[len(v)-1]
	}
	extra, err := nameValues("--context", f.contextKeys, false)
	if err != nil {
		return info, err
	}
	for k := range extra {
		if !strings.Contains(k, ":") {
			return info, usagef("--context: %q is not a condition key: keys have a service prefix, such as aws:SourceIp or execute-api:viaDomainArn (for a context.NAME identity source, use --request-context)", k)
		}
	}
	info.Extra = extra
	return info, nil
}

// trimArn is an error of package arn without its package prefix, which
// the flag's name already stands for.
func trimArn(err error) string { return strings.TrimPrefix(err.Error(), "arn: ") }
