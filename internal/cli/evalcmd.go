package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	authcmd "github.com/iamgate/iamgate/internal/command"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// now is the request time when --time is not given; tests replace it.
var now = time.Now

const evalUsage = `Usage: iamgate eval --api ARN --request "VERB /stage/path" [flags]
       iamgate eval --method-arn ARN [flags]
       iamgate eval --template TEMPLATE --request "VERB /stage/path" [flags]
       iamgate eval [flags] -- PROGRAM [ARG...]

Predicts API Gateway's answer to one request: status, body, headers,
gateway response, the decision and which layer made it, with the statements
behind it and a trace of the authorization flow.

The authorization type (--auth) defaults to CUSTOM when an authorizer
response, error, program (after --) or token is given, AWS_IAM when a
caller is given, NONE otherwise. A TOKEN or Cognito authorizer's token is
taken as present and valid unless it is given (--token, or its header with
--header) or its --identity-source is; --token '' (or only spaces) means
the header is missing or empty. FILE may be - for standard input.

With --template (a CloudFormation template, cdk.out or .serverless folder,
as "iamgate routes" reads them), the request is routed to the template's
method: its authorization type, its authorizer's type, identity sources, TTL
and token validation expression, and the API's resource policy come from the
template, and --auth, --authorizer-type, --identity-source, --authorizer-ttl,
--token-validation and --resource-policy given explicitly replace them. A
request no method serves gets API Gateway's 403 Missing Authentication Token.
The API's ARN is --api, or the template's with --region, --account and
--api-id: a part the template leaves unknown is refused, by its symbol.

With -- PROGRAM [ARG...], the Lambda authorizer is that program, run as a
suite's command authorizer is: when the request reaches the authorizer,
iamgate writes the event API Gateway would send (see "iamgate event") to its
standard input and reads its response from its standard output; a non-zero
exit raises an error whose message is the errorMessage of Lambda's error
object, or the text, on standard output (exactly Unauthorized gives 401,
anything else 500), as does a timeout (--authorizer-timeout, default 10s).
Its standard error is shown with the answer. For example:

  iamgate eval --api ARN --request "GET /prod/orders/42" --token "Bearer alice" \
    -- node examples/node/run.mjs examples/node/authorizer.mjs

Exit codes: 0 the request was evaluated (whatever the answer), 1 --expect
was not met, 2 usage or input error.

Flags:
`

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// optionalString is a string flag that knows whether it was given.
type optionalString struct {
	value string
	set   bool
}

func (o *optionalString) String() string     { return o.value }
func (o *optionalString) Set(s string) error { o.value, o.set = s, true; return nil }

type evalFlags struct {
	api, request, methodARN             string
	auth                                string
	resourcePolicy, authorizerResponse  string
	authorizerError                     optionalString
	authorizerType                      optionalString
	requestContext                      multiFlag
	token                               optionalString
	tokenValidation                     string
	identitySources                     multiFlag
	ttl                                 optionalString
	headers, query, stageVars           multiFlag
	apiKeys                             multiFlag
	caller                              string
	identityPolicies                    multiFlag
	orgID                               string
	principalTags                       multiFlag
	sourceIP, vpce, vpc, userAgent, ref string
	requestTime                         string
	contextKeys                         multiFlag
	messages, format, expect            string
	// resource is the method's resource template, for the event.
	resource string
	// command is the authorizer program and its arguments, after "--";
	// timeout is how long it may run.
	command    []string
	timeout    optionalString
	inheritEnv multiFlag
	// maxDocument is the largest document file read.
	maxDocument sizeFlag
	// template reads the API from a template (eval only); tmpl is what
	// it says about the request's method, once read.
	template evalTemplateFlags
	tmpl     *templateMethod
}

func runEval(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f evalFlags
	defineEvalFlags(fs, &f)
	fs.Usage = func() {
		io.WriteString(fs.Output(), evalUsage)
		printFlags(fs)
	}
	if code, stop, err := parseFlags(e, fs, args); stop {
		if err != nil && wantsJSON(args) {
			writeErrorJSON(e.stdout, usageError{err})
		}
		return code
	}
	var err error
	fail := func(err error) int {
		e.errorf("eval: %v", err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(e.stderr, "Run \"iamgate help eval\" for usage.")
		}
		if f.format == "json" {
			writeErrorJSON(e.stdout, err)
		}
		return ExitUsage
	}
	if f.template.path != "" {
		if f.tmpl, err = applyTemplate(&f); err != nil {
			return fail(err)
		}
	} else if err := noTemplateFlags(fs); err != nil {
		return fail(err)
	}
	a, err := parseEvalCommandArgs(fs, &f, args)
	if err != nil {
		return fail(err)
	}
	for _, n := range a.notes {
		e.errorf("%s: %s", "eval", n)
	}
	p, err := prepareEval(e, a)
	if err != nil {
		return fail(err)
	}
	var inv *authorizerRun
	if len(a.program) > 0 {
		if inv, err = runAuthorizer(ctx, p, a); err != nil {
			return fail(err)
		}
		if inv.Cancelled {
			return fail(fmt.Errorf("interrupted: the authorizer %s was stopped", inv.command))
		}
	}
	ans := p.gateway.Explain(&p.call, apigw.ExplainOptions{Messages: p.style})
	if f.tmpl != nil && f.tmpl.noMethod {
		ans = f.tmpl.api.NoSuchMethod(&p.call, apigw.ExplainOptions{Messages: p.style})
	}
	if ans.NeedsAuthorizer {
		err := usagef("the request reaches the Lambda authorizer: give what it returned with --authorizer-response FILE, or the error it raised with --authorizer-error TEXT")
		e.errorf("eval: %v", err)
		if a.format == "json" {
			writeErrorJSON(e.stdout, err)
		}
		return ExitUsage
	}
	if msg, ok := authcmd.ErrorObject(p.sources[displayName(a.authorizerResponse)]); ok && a.authorizerResponse != "" && !p.call.Authorizer.Usable() {
		// A runner's output for a raised error, piped in as a response.
		ans.Advice = append(ans.Advice, apigw.Advice{Layer: ans.DecidedBy, Text: fmt.Sprintf("this output is Lambda's error object: if the authorizer raised that error rather than returning it, give it with --authorizer-error %q (API Gateway answers a raised error, not this object), or run the authorizer itself after --", msg)})
	}
	return writeEvalAnswer(e, a, p, &ans, inv)
}

// writeEvalAnswer renders the answer (text or JSON, with the authorizer
// program's run when there is one) and compares it with --expect.
func writeEvalAnswer(e *env, a *evalArgs, p *prepared, ans *apigw.Answer, inv *authorizerRun) int {
	var exp *apigw.ExpectJSON
	if a.expect != "" {
		exp = check(a.expect, *ans)
	}
	switch a.format {
	case "json":
		out := ans.JSON()
		out.Expect = exp
		if inv != nil {
			var err error
			if out.Invocation, err = inv.json(); err != nil {
				e.errorf("eval: %v", err)
				return ExitUsage
			}
		}
		if err := writeJSON(e.stdout, out); err != nil {
			e.errorf("eval: %v", err)
			return ExitUsage
		}
	default:
		if inv != nil {
			io.WriteString(e.stdout, inv.text())
		}
		ans.WriteText(e.stdout, sourcesOf(p))
	}
	if exp != nil && !exp.Met {
		e.errorf("eval: expectation not met: want %s, got %s", exp.Want, exp.Got)
		return ExitFailed
	}
	return ExitOK
}

// defineRequestFlags defines the flags that describe a request and the
// API's authorization, shared by eval and event.
func defineRequestFlags(fs *flag.FlagSet, f *evalFlags) {
	f.authorizerType.value = "TOKEN"
	fs.StringVar(&f.api, "api", "", "the API's ARN: arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID")
	fs.StringVar(&f.request, "request", "", `the request: "VERB /stage/path", with the concrete path ("GET /prod/pets/42")`)
	fs.StringVar(&f.methodARN, "method-arn", "", "the request's method ARN, instead of --api and --request")
	fs.StringVar(&f.resourcePolicy, "resource-policy", "", "the API's resource policy (JSON `FILE`)")
	fs.Var(&f.authorizerType, "authorizer-type", "the Lambda authorizer's `TYPE`: TOKEN or REQUEST")
	fs.Var(&f.token, "token", "the TOKEN or Cognito authorizer's token (`VALUE`; '' for missing or empty)")
	fs.StringVar(&f.tokenValidation, "token-validation", "", "the validation expression (RE2 `REGEX`, matched as a whole) of a TOKEN authorizer, against the token, or of a Cognito authorizer, against the token's aud claim")
	fs.Var(&f.identitySources, "identity-source", "an identity source (`EXPR` such as method.request.header.Auth or method.request.querystring.key); repeatable")
	fs.Var(&f.ttl, "authorizer-ttl", "the authorizer cache TTL in `SECONDS` (0 to 3600; default 300, or 0 for a REQUEST authorizer without identity sources)")
	fs.Var(&f.headers, "header", "a request header `NAME=VALUE`; repeatable")
	fs.Var(&f.query, "query", "a query string parameter `NAME=VALUE`; repeatable")
	fs.Var(&f.stageVars, "stage-variable", "a stage variable `NAME=VALUE`; repeatable")
	fs.Var(&f.requestContext, "request-context", "a $context variable `NAME=VALUE` for context.NAME identity sources (identity.sourceIp, identity.userAgent, stage and httpMethod are filled in); repeatable")
	fs.StringVar(&f.sourceIP, "source-ip", "", "the caller's `IP` address (aws:SourceIp, or aws:VpcSourceIp with --vpce)")
	fs.StringVar(&f.vpce, "vpce", "", "the VPC endpoint `ID` a private API call came through (aws:SourceVpce)")
	fs.StringVar(&f.vpc, "vpc", "", "the VPC `ID` of a private API call (aws:SourceVpc; needs --vpce)")
	fs.StringVar(&f.userAgent, "user-agent", "", "the User-Agent header (aws:UserAgent)")
	fs.StringVar(&f.ref, "referer", "", "the Referer header (aws:Referer)")
	fs.StringVar(&f.requestTime, "time", "", "the request time, `RFC3339` (aws:CurrentTime, aws:EpochTime; default now)")
	fs.Var(&f.contextKeys, "context", "an extra condition key `KEY=VALUE` (repeat a key for several values)")
	fs.StringVar(&f.resource, "resource", "", "the method's resource `TEMPLATE`, such as /orders/{id} or /{proxy+}: event.resource and the path parameters of a REQUEST authorizer's event (default: the request's path)")
}

// defineEvalFlags defines eval's flags: the request's, and those about
// the answer (the authorizer's result, the IAM caller, the output).
func defineEvalFlags(fs *flag.FlagSet, f *evalFlags) {
	defineRequestFlags(fs, f)
	defineEvalTemplateFlags(fs, &f.template)
	fs.Var(&f.apiKeys, "api-key", "an API `KEY` the stage accepts: a method that requires an API key lets the request through only with one of them (in x-api-key, or from the authorizer); repeatable")
	fs.StringVar(&f.auth, "auth", "", "the method's authorization type: NONE, CUSTOM, AWS_IAM or COGNITO_USER_POOLS")
	fs.StringVar(&f.authorizerResponse, "authorizer-response", "", "what the Lambda authorizer returned (JSON `FILE`)")
	fs.Var(&f.maxDocument, "max-document-size", "the largest document file read (`SIZE` such as 4MiB; default 1MiB)")
	fs.Var(&f.authorizerError, "authorizer-error", "the error the Lambda authorizer raised (`TEXT`; exactly Unauthorized gives 401)")
	fs.Var(&f.timeout, "authorizer-timeout", "how long the authorizer program after -- may run (`DURATION`, such as 10s; at most 15m)")
	fs.Var(&f.inheritEnv, "inherit-env", inheritEnvUsage)
	fs.StringVar(&f.caller, "caller", "", "the IAM caller of an AWS_IAM method (user, root, assumed-role session or federated user `ARN`)")
	fs.Var(&f.identityPolicies, "identity-policy", "an identity-based policy of the caller (JSON `FILE`); repeatable")
	fs.StringVar(&f.orgID, "principal-org-id", "", "the IAM caller's organization `ID` (aws:PrincipalOrgID)")
	fs.Var(&f.principalTags, "principal-tag", "a tag of the IAM caller `KEY=VALUE` (aws:PrincipalTag/KEY); repeatable")
	fs.StringVar(&f.messages, "messages", "current", "403 message wording: current or legacy")
	fs.StringVar(&f.format, "format", "text", "output format: text or json")
	fs.StringVar(&f.expect, "expect", "", "exit 1 unless the answer is `WANT`: allow, deny (a 401 or 403 refusal), explicit-deny, implicit-deny or a status such as 401")
}

// usageError is a mistake in the flags, as opposed to unreadable input.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// prepared is everything eval compiled from the flags.
type prepared struct {
	gateway *apigw.Gateway
	call    apigw.Call
	event   apigw.EventOptions
	style   apigw.MessageStyle
	sources map[string][]byte // file contents, for error carets
	// maxDocument is the largest document file read (0: the default).
	maxDocument int64
}

// prepareEval reads the files the arguments name and builds the API, the
// gateway and the call.
func prepareEval(e *env, a *evalArgs) (*prepared, error) {
	p := &prepared{sources: map[string][]byte{}, maxDocument: a.maxDocument, style: a.style}
	api, err := p.api(e, a)
	if err != nil {
		return nil, err
	}
	req := a.request
	if !req.Info.Caller.IsAnonymous() {
		if req.IdentityPolicies, err = p.identityPolicies(e, a.identityPolicies, a.method.API); err != nil {
			return nil, err
		}
	}
	prep, err := api.Prepare(req)
	var twice *apigw.TokenTwiceError
	switch {
	case errors.As(err, &twice):
		return nil, usagef("the token is given twice, with --token and with --header %s: give one", twice.Header)
	case err != nil:
		return nil, usagef("%v", strings.TrimPrefix(err.Error(), "apigw: request: "))
	}
	p.gateway, p.event = prep.Method.Gateway(), prep.Event
	c := prep.Call
	if c.Authorizer, err = p.authorizerResult(e, a); err != nil {
		return nil, err
	}
	if err := checkKeysGiven(p.gateway, &c); err != nil {
		return nil, err
	}
	c.Prepare()
	p.call = c
	return p, nil
}

// authorizerResult is what the authorizer returned or raised, as given;
// nil when neither is.
func (p *prepared) authorizerResult(e *env, a *evalArgs) (*apigw.AuthorizerResult, error) {
	switch {
	case a.authorizerError != nil:
		return apigw.AuthorizerError(*a.authorizerError), nil
	case a.authorizerResponse == "":
		return nil, nil
	}
	src, err := readInput(e, a.authorizerResponse, p.maxDocument)
	if err != nil {
		return nil, fmt.Errorf("--authorizer-response: %w", withSizeHint(err, "--max-document-size"))
	}
	file := displayName(a.authorizerResponse)
	// Output API Gateway cannot use is an answer (500), not an input
	// error: it is reported in the answer. Output that is not JSON text
	// at all is that answer too, but none of its bytes are shown.
	if safeio.CheckJSON(file, src) != nil {
		return apigw.UnshownOutput(file), nil
	}
	if bytes.Contains(src, []byte(suite.MethodARNPlaceholder)) {
		return nil, usagef("--authorizer-response: %s holds %s, a placeholder only suites fill in (with each request's method ARN): write the method ARN itself, %s, or run the file from a suite", file, suite.MethodARNPlaceholder, a.method)
	}
	p.sources[file] = src
	return apigw.ParseAuthorizerOutput(src, file), nil
}

// authorizerName names the one authorizer of the API the flags describe.
const authorizerName = "authorizer"

// api is the API the flags describe: one authorization for every method
// (the flags name no routes), the authorizer, the resource policy.
func (p *prepared) api(e *env, a *evalArgs) (*apigw.API, error) {
	def := apigw.APIConfig{AllMethods: &apigw.MethodConfig{Auth: a.auth, APIKeyRequired: a.apiKeyRequired},
		APIKeySource: a.apiKeySource, GatewayResponses: a.responses}
	def.SetARN(a.method.API)
	if a.authorizer != nil {
		def.Authorizers = []apigw.Authorizer{*a.authorizer}
		def.AllMethods.Authorizer = a.authorizer.Name
	}
	if a.resourcePolicy != "" {
		doc, err := p.readPolicy(e, "--resource-policy", a.resourcePolicy, policy.ResourceBased)
		if err != nil {
			return nil, err
		}
		def.ResourcePolicy = doc
	} else if a.templatePolicy != nil {
		def.ResourcePolicy = a.templatePolicy
	}
	if a.authorizer != nil {
		if err := a.authorizer.Check(); err != nil {
			// Reported with the resource policy's problems, if any.
			var errs []error
			if def.ResourcePolicy != nil {
				errs = append(errs, compileErr(def.ResourcePolicy, a.method.API))
			}
			return nil, p.describe(errors.Join(append(errs, err)...))
		}
	}
	api, err := apigw.NewAPI(def)
	if err != nil {
		return nil, p.describe(err)
	}
	return api, nil
}

// compileErr is the resource policy's compile error, or nil.
func compileErr(doc *policy.Document, api arn.API) error {
	_, err := eval.Compile(eval.CompileOptions{API: api}, doc)
	return err
}

// identityPolicies reads and compiles the IAM caller's identity policies;
// nil when none is given.
func (p *prepared) identityPolicies(e *env, names []string, api arn.API) (*eval.PolicySet, error) {
	var docs []*policy.Document
	for _, name := range names {
		doc, err := p.readPolicy(e, "--identity-policy", name, policy.IdentityBased)
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil, nil
	}
	set, err := eval.Compile(eval.CompileOptions{API: api}, docs...)
	if err != nil {
		return nil, p.describe(err)
	}
	return set, nil
}

// checkKeysGiven refuses to answer a question that depends on a condition
// key AWS always sets for the call when its value was not given: the
// caller's address (aws:SourceIp for a public call, aws:VpcSourceIp
// through a VPC endpoint; D17), and an IAM caller's keys that its ARN does
// not tell (eval.Caller.UnknownKeys). Evaluating with the key missing
// would answer a request that cannot happen.
func checkKeysGiven(g *apigw.Gateway, c *apigw.Call) error {
	u, found := g.Unset(c)
	a := u.Read
	switch {
	case !found:
		return nil
	case u.Kind == apigw.UnsetAddress:
		return usagef("%s:%d:%d: statement %d reads %s, which API Gateway always sets for this call: give the caller's address with --source-ip", a.Document.File, a.Pos.Line, a.Pos.Column, a.Statement.Index, a.Key)
	case u.Kind == apigw.UnsetCallerKey:
		return usagef("%s:%d:%d: statement %d reads %s, which AWS sets for every request of %s but which its ARN does not tell: give its value with --context %s=VALUE", a.Document.File, a.Pos.Line, a.Pos.Column, a.Statement.Index, a.Key, c.Caller, a.Key)
	}
	return usagef("the identity source context.identity.sourceIp is the caller's address: give it with --source-ip")
}

// readPolicy reads and parses a policy file; its errors keep the source
// for carets.
func (p *prepared) readPolicy(e *env, flagName, name string, kind policy.Kind) (*policy.Document, error) {
	src, err := readDocument(e, name, p.maxDocument)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, withSizeHint(err, "--max-document-size"))
	}
	file := displayName(name)
	p.sources[file] = src
	doc, err := policy.Parse(src, policy.ParseOptions{File: file, Kind: kind})
	if err != nil {
		return nil, p.describe(err)
	}
	return doc, nil
}

// displayName is how a FILE argument appears in messages.
func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// describe renders policy errors with file:line:col, JSON path and a
// caret. Errors that are not about a document are about the flags.
func (p *prepared) describe(err error) error {
	var b strings.Builder
	var other []string
	documents := false
	for _, e := range unjoin(err) {
		list := policy.AsList(e)
		if list == nil {
			msg := strings.TrimPrefix(strings.TrimPrefix(e.Error(), "eval: "), "apigw: ")
			msg = strings.Replace(msg, "authorizer: token validation expression", "--token-validation: expression", 1)
			msg = strings.Replace(msg, "authorizer: TTL", "--authorizer-ttl:", 1)
			other = append(other, msg)
			b.WriteString(msg)
			b.WriteByte('\n')
			continue
		}
		documents = true
		byFile := map[string]policy.ErrorList{}
		var order []string
		for _, pe := range list {
			if _, ok := byFile[pe.File]; !ok {
				order = append(order, pe.File)
			}
			byFile[pe.File] = append(byFile[pe.File], pe)
		}
		for _, f := range order {
			b.WriteString(byFile[f].Detail(p.sources[f]))
		}
	}
	if !documents {
		return usagef("%s", strings.TrimRight(b.String(), "\n"))
	}
	var all policy.ErrorList
	for _, e := range unjoin(err) {
		all = append(all, policy.AsList(e)...)
	}
	return &inputError{text: "invalid input:\n" + indent(strings.TrimRight(b.String(), "\n")+"\n"), problems: all, other: other}
}

// inputError is a document iamgate cannot use, with every problem, and any
// other mistake found with it.
type inputError struct {
	text     string
	problems policy.ErrorList
	other    []string
}

func (e *inputError) Error() string { return e.text }

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// wantsJSON reports whether the arguments ask for --format json, for
// errors found before the flags are parsed.
func wantsJSON(args []string) bool {
	for i, a := range args {
		switch a {
		case "--format=json", "-format=json":
			return true
		case "--format", "-format":
			if i+1 < len(args) && args[i+1] == "json" {
				return true
			}
		}
	}
	return false
}
