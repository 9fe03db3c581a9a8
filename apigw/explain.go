package apigw

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// ExplainOptions say how to word an Answer.
type ExplainOptions struct {
	// Messages chooses the 403 wording (D5); the zero value is
	// the current wording.
	Messages MessageStyle
}

// Answer is API Gateway's answer to a call with its explanation: what the
// client receives, which layer decided and why, and a trace of the flow in
// the spirit of API Gateway's execution log.
type Answer struct {
	Outcome
	// MethodARN is the request's method ARN, unmasked.
	MethodARN string
	// Message is the error message; HasMessage is false when the body
	// carries null (authorizer 500s) or the call was let through.
	Message    string
	HasMessage bool
	// Body is the response body exactly as API Gateway sends it; "" when
	// the call was let through (the integration answers).
	Body string
	// Headers are the response headers iamgate can predict.
	Headers []Header
	// Reasons are the statements behind the decision: for an allow or an
	// explicit deny, those that applied with the deciding effect; for an
	// implicit deny, every statement of every policy the flow read, each
	// saying whether and why it applied.
	Reasons []LayerReason
	// Policies has the full evaluation of every policy the flow read.
	Policies []LayerResult
	// AuthorizerProblems says why the authorizer's output was unusable.
	AuthorizerProblems policy.ErrorList
	// Trace lists the flow's steps in order. Steps of OriginExecutionLog
	// reproduce lines API Gateway's execution log is known to write; the
	// others are iamgate's own explanation.
	Trace Trace
	// Custom says how the API's gateway-response override shaped the
	// status, headers and body; nil when they are API Gateway's defaults.
	Custom *CustomResponse
	// Advice says what to change when the answer is a denial or a failure,
	// or when an allow hides a common mistake. It may be empty.
	Advice []Advice

	// Auth is the method's authorization type (AuthNone for a request
	// the API has no method for).
	Auth AuthType
	// Context is the condition context the policies were evaluated with;
	// nil when the call had none.
	Context *eval.Context
	// NoIdentityPolicies is true when the call gave no identity policies
	// for its caller (Call.IdentityPolicies is nil): an AWS_IAM caller's
	// identity side is then only the account root's own allowance.
	NoIdentityPolicies bool
}

// Advice is one thing to change, as Answer.Advice lists it. Like a Step,
// it is plain data: the list marker renderers put before it is not
// stored.
type Advice struct {
	// Layer is the part of API Gateway's authorization the advice is
	// about: the layer that decided, or the one whose policy it names.
	Layer Layer
	// Source is the policy statement the advice is about; nil when it is
	// not about one statement.
	Source *Source
	// Text is the advice, one or more sentences.
	Text string
}

// String returns the advice's text.
func (a Advice) String() string { return a.Text }

// LayerReason is a statement's part in the decision, with the layer of the
// policy it belongs to.
type LayerReason struct {
	Layer Layer
	eval.Reason
}

// LayerResult is the full evaluation of one layer's policies.
type LayerResult struct {
	Layer Layer
	eval.Result
}

type reasonSource uint8

const (
	sourceResource reasonSource = iota
	sourceAuthorizer
	sourceIdentity
)

func (s reasonSource) layer() Layer {
	switch s {
	case sourceAuthorizer:
		return LayerAuthorizer
	case sourceIdentity:
		return LayerIdentityPolicy
	}
	return LayerResourcePolicy
}

// explainer records the flow's steps for Explain.
type explainer struct {
	trace      Trace
	results    [3]*eval.Result
	authorizer *AuthorizerResult
	// deciding are the trace's steps that name a deciding statement.
	deciding []decidingStep
}

// decidingStep is a step of the trace that names a statement deciding its
// layer, with the statement's reasons.
type decidingStep struct {
	step   int
	prefix string
	reason LayerReason
}

// shortenReasons names, without their reasons, the deciding statements
// the answer's reasons list: each reason is then told once, under why.
func (x *explainer) shortenReasons(rs []LayerReason) {
	for _, d := range x.deciding {
		for _, r := range rs {
			if r.Layer == d.reason.Layer && r.Document == d.reason.Document && r.Statement == d.reason.Statement {
				x.trace[d.step].Text = d.prefix + strings.TrimSuffix(reasonHeading(d.reason, false), ":") + " (see the reasons)"
				break
			}
		}
	}
}

// step records iamgate's own explanation of a step about layer l.
func (x *explainer) step(l Layer, s string) { x.trace = append(x.trace, Step{Layer: l, Text: s}) }

// log records a line API Gateway's execution log writes about the
// authorizer.
func (x *explainer) log(s string) {
	x.trace = append(x.trace, Step{Origin: OriginExecutionLog, Layer: LayerAuthorizer, Text: s})
}

func (x *explainer) evaluate(s *eval.PolicySet, req *eval.Request, src reasonSource, prefix string) eval.Decision {
	if s == nil {
		x.step(src.layer(), prefix+"no policy: neither allows nor denies")
		return eval.ImplicitDeny
	}
	r := s.Evaluate(req)
	x.results[src] = &r
	l := src.layer()
	what := [...]string{sourceResource: "resource policy", sourceAuthorizer: "authorizer policy", sourceIdentity: "identity policies"}[src]
	switch r.Decision {
	case eval.ImplicitDeny:
		x.step(l, fmt.Sprintf("%sno statement of the %s applies to %s: neither allow nor deny", prefix, what, req.Resource))
	default:
		for _, d := range r.Deciding() {
			x.deciding = append(x.deciding, decidingStep{step: len(x.trace), prefix: prefix, reason: LayerReason{Layer: l, Reason: d}})
			x.trace = append(x.trace, Step{Layer: l, Source: sourceOf(&d), Text: prefix + d.String()})
		}
		x.step(l, fmt.Sprintf("%sthe %s decides %s", prefix, what, r.Decision))
	}
	return r.Decision
}

func (x *explainer) authorizerResult(a *AuthorizerResult) {
	x.authorizer = a
	if p := a.SetupProblem(); p != "" {
		x.step(LayerAuthorizerFailure, "the authorizer program never ran its handler (see the advice): API Gateway gets no answer from the handler")
	}
	if msg, failed := a.Err(); failed {
		x.step(LayerAuthorizer, fmt.Sprintf("the authorizer raised the error %q", msg))
		return
	}
	if a.unshown {
		x.step(LayerAuthorizer, "the authorizer's output is not JSON text; iamgate does not show its content")
	} else {
		x.log("Authorizer result body before parsing: " + oneLine(a.Raw()))
	}
	if !a.Usable() {
		for _, p := range a.problems {
			x.step(LayerAuthorizerFailure, "invalid authorizer output: "+p.Error())
		}
		return
	}
	if pid := a.response.PrincipalID; pid != nil && pid.Value != "" {
		x.log("Using valid authorizer policy for principal: " + maskPrincipal(pid.Value))
		x.log("Successfully completed authorizer execution")
		return
	}
	// AWS's log lines for an empty or missing principalId are not known.
	x.step(LayerAuthorizer, "the output is usable although its principalId is empty or missing: an empty one was seen accepted in an execution log, and a captured AWS response applied a policy returned without one (D9, REPORT-LOIGE)")
}

// cachedResult explains a result taken from the authorizer cache. AWS's
// execution-log lines for a cache hit are not known, so every line is
// iamgate's own.
func (x *explainer) cachedResult(g *Gateway, c *Call) {
	x.authorizer = c.Authorizer
	e := c.Cached
	timing := ""
	if t, ok := c.Context.Get("aws:EpochTime"); ok && len(t) == 1 {
		if now, err := strconv.ParseInt(t[0], 10, 64); err == nil {
			timing = fmt.Sprintf(" (stored %d s before this request, %d s left)", now-e.Stored.Unix(), e.Expires.Unix()-now)
		}
	}
	x.step(LayerAuthorizer, fmt.Sprintf("authorizer cache hit: the Lambda authorizer is not invoked; API Gateway uses the result %s%s as it is (KC-CACHE, D16)", e, timing))
	if e.MethodARN != c.Method {
		x.step(LayerAuthorizer, fmt.Sprintf("the cached policy was returned for methodArn %s, not for this request's %s: API Gateway reuses it for every method of the stage (KC-CACHE)", e.MethodARN, c.Method))
	}
}

// maskPrincipal masks a principal id the way the execution log does:
// four asterisks and the last six characters (LA-CALL).
func maskPrincipal(p string) string {
	r := []rune(p)
	if len(r) > 6 {
		r = r[len(r)-6:]
	}
	return "****" + string(r)
}

func (x *explainer) table(o Outcome) {
	if o.Table == eval.TableResourceOnly {
		if !o.Row.ResourceAttached {
			x.step(LayerNone, fmt.Sprintf("no resource policy attached: the result is %s (AUTHFLOW)", o.Decision))
			return
		}
		x.step(LayerNone, fmt.Sprintf("resource policy %s gives %s (AUTHFLOW)", cell(o.Row.Resource), o.Decision))
		return
	}
	source := "AUTHFLOW"
	if o.Table == eval.TableB {
		source = "AUTHFLOW, IAM-XACCOUNT"
	}
	x.step(LayerNone, fmt.Sprintf("Table %s: identity side %s, resource policy %s gives %s (%s)", o.Table, cell(o.Row.Identity), cell(o.Row.Resource), o.Decision, source))
}

// cell names a decision as the outcome tables do.
func cell(d eval.Decision) string {
	switch d {
	case eval.Allow:
		return "Allow"
	case eval.ExplicitDeny:
		return "Deny"
	}
	return "Neither"
}

// Explain predicts API Gateway's answer to the call, with the message,
// body, headers and an explanation. Its Outcome always equals Decide's.
func (g *Gateway) Explain(c *Call, opts ExplainOptions) Answer {
	x := &explainer{}
	o := g.flow(c, x)
	a := Answer{Outcome: o, MethodARN: c.Method.String(), Context: c.Context, NoIdentityPolicies: c.IdentityPolicies == nil}
	if g != nil {
		a.Auth = g.cfg.Auth
	}
	if o.NeedsAuthorizer {
		a.Trace = x.trace
		return a
	}
	a.Message, a.HasMessage = message(o, c, opts.Messages)
	a.Body = body(o, a.Message, a.HasMessage)
	a.Headers = headers(o)
	if g != nil {
		g.responses.apply(&a, c, x)
	}
	if x.authorizer != nil {
		a.AuthorizerProblems = x.authorizer.problems
	}
	for src, r := range x.results {
		if r != nil {
			a.Policies = append(a.Policies, LayerResult{Layer: reasonSource(src).layer(), Result: *r})
		}
	}
	a.Reasons = reasons(o, x)
	x.shortenReasons(a.Reasons)
	if o.Response == NoGatewayResponse {
		x.step(o.DecidedBy, "authorization passed: API Gateway goes on to the integration (200 here means \"not stopped by authorization\")")
	} else {
		x.step(o.DecidedBy, fmt.Sprintf("API Gateway answers %d (gateway response %s)", o.Status, o.Response))
	}
	a.Trace = x.trace
	a.Advice = g.advice(c, o, x)
	return a
}

// reasons picks the statements behind the decision.
func reasons(o Outcome, x *explainer) []LayerReason {
	if !o.Decided {
		return nil
	}
	var out []LayerReason
	want := policy.Allow
	if o.Decision == eval.ExplicitDeny {
		want = policy.Deny
	}
	for src, r := range x.results {
		if r == nil {
			continue
		}
		layer := reasonSource(src).layer()
		if o.Decision == eval.ImplicitDeny {
			// Nothing allowed enough: every statement of every policy
			// read says why (in Table A both sides were silent).
			for _, s := range r.Statements {
				out = append(out, LayerReason{Layer: layer, Reason: s})
			}
			continue
		}
		for _, s := range r.Statements {
			if s.Applies && s.Effect == want {
				out = append(out, LayerReason{Layer: layer, Reason: s})
			}
		}
	}
	return out
}

// advice says what to change. Each line cites the key of docs/references.md it rests on.
func (g *Gateway) advice(c *Call, o Outcome, x *explainer) []Advice {
	var out []Advice
	add := func(l Layer, about *eval.Reason, format string, args ...any) {
		a := Advice{Layer: l, Text: fmt.Sprintf(format, args...)}
		if about != nil {
			a.Source = sourceOf(about)
		}
		out = append(out, a)
	}
	stage := c.Method.API.ARN().String() + "/" + c.Method.Stage + "/*/*"
	g.decisionAdvice(c, o, x, add)
	if r := x.results[sourceAuthorizer]; r != nil && o.DecidedBy == LayerAuthorizer && o.Decision == eval.ImplicitDeny {
		// The trap: every Allow names one concrete other method of this
		// stage, as a policy built from event.methodArn does.
		trap, allows := true, 0
		for _, st := range r.Statements {
			if st.Effect != policy.Allow || st.Resource.Not || st.Action.Not {
				continue
			}
			if !st.Action.Matched {
				add(LayerAuthorizer, &st, "statement %d of the authorizer's policy has Action %s, which is not execute-api:Invoke, the action of every API Gateway request", st.Statement, quoteList(st.Action.Values))
				trap = false
				continue
			}
			if st.Resource.Matched {
				// Action and Resource match: a condition failed.
				trap = false
				for _, cr := range st.Conditions {
					if !cr.Satisfied {
						add(LayerAuthorizer, &st, "statement %d of the authorizer's policy covers this method ARN, but its condition %s does not hold: %s", st.Statement, cr.Operator, cr.Why)
					}
				}
				continue
			}
			for _, v := range st.Resource.Values {
				why, otherMethod := diagnoseResource(v, c.Method)
				add(LayerAuthorizer, &st, "statement %d of the authorizer's policy allows %q: %s", st.Statement, v, why)
				trap = trap && otherMethod
				allows++
			}
		}
		if o.FromCache && c.Cached.MethodARN != c.Method {
			src := ""
			if c.Cached.Source != "" {
				src = " by " + c.Cached.Source
			}
			add(LayerAuthorizer, nil, "this denial comes from the authorizer cache: the policy was returned%s for methodArn %s and API Gateway reuses it, without invoking the authorizer, for every route of the stage until it expires at %s (TTL %d s). Return a policy covering every route the caller may use (for example %s), or set the TTL to 0; then flush the stage's authorizer cache (aws apigateway flush-stage-authorizers-cache), since entries already stored keep denying until they expire (KC-403-LA, KC-CACHE, API-FLUSH)",
				src, c.Cached.MethodARN, c.Cached.Expires.UTC().Format(time.RFC3339), g.cfg.Authorizer.ttl(), stage)
		} else if trap && allows > 0 && g.cfg.Authorizer.ttl() > 0 {
			add(LayerAuthorizer, nil, "with caching on (TTL %d s) API Gateway reuses one authorizer result for every route of the stage: a policy naming only the method ARN of the request that invoked the authorizer denies the others with this 403 until the entry expires. Return a policy covering every route the caller may use (for example %s), or set the TTL to 0 (KC-CACHE)", g.cfg.Authorizer.ttl(), stage)
		}
	}
	if r := x.results[sourceResource]; r != nil && c.Caller.IsAnonymous() {
		for _, st := range r.Statements {
			if st.Effect == policy.Allow && !st.Principal.Matched && st.Principal.Element == "Principal" {
				add(LayerResourcePolicy, &st, "statement %d of the resource policy names AWS principals; callers of a %s method are anonymous and never match them, so iamgate reads it as neither allowing nor denying (D2). AWS documents that an API whose resource policy names AWS principals fails for every method that is not AWS_IAM, with \"User: anonymous is not authorized\" (RP-CREATE): use \"Principal\": \"*\" with conditions, or make the method AWS_IAM", st.Statement, g.cfg.Auth)
				break
			}
		}
	}
	if r := x.results[sourceResource]; r != nil && g.cfg.Auth == AuthCustom && o.Decision == eval.Allow && o.Row.Resource == eval.ImplicitDeny {
		for _, s := range r.Statements {
			if s.Effect == policy.Allow && !s.Applies && len(s.Conditions) > 0 {
				add(LayerResourcePolicy, &s, "the resource policy's statement %d allows only some callers (its condition does not hold here), yet the authorizer's Allow lets this one through: with a Lambda authorizer only an explicit Deny in the resource policy blocks callers (AUTHFLOW phase 1)", s.Statement)
				break
			}
		}
	}
	if o.Table == eval.TableA && o.Decision == eval.Allow && o.Row.Identity == eval.ImplicitDeny && g.cfg.Auth == AuthCustom {
		add(o.DecidedBy, nil, "the authorizer's policy does not allow this method ARN, yet the call goes through because the resource policy allows it (Table A: Neither | Allow gives Allow). If the authorizer should decide, keep Allow statements for \"Principal\": \"*\" out of the resource policy and restrict callers with explicit Deny statements")
	}
	if o.Table == eval.TableB && o.Decision == eval.ImplicitDeny {
		add(o.DecidedBy, nil, "a caller from another account needs an Allow in both its identity policies and the resource policy (Table B)")
	}
	return out
}

// decisionAdvice is the advice about the layer that decided: what to send,
// how to fix the authorizer or its program, or which statement to change.
func (g *Gateway) decisionAdvice(c *Call, o Outcome, x *explainer, add func(Layer, *eval.Reason, string, ...any)) {
	switch {
	case o.DecidedBy == LayerIdentityCheck && o.Response == Unauthorized:
		if g.cfg.Auth == AuthCustom && g.cfg.Authorizer.Type == RequestAuthorizer {
			add(o.DecidedBy, nil, "send every identity source (%s) with a non-empty value. With caching off (TTL 0) iamgate skips this check (D7: AWS documents it for caching on; REPORT-SLSO-1720 says AWS checks regardless)", g.sourceList())
		} else if g.validate != nil && g.cfg.Auth == AuthCognito {
			add(o.DecidedBy, nil, "send an ID token in %s whose aud claim (the app client id) matches the validation expression `%s` as a whole: a Cognito authorizer with a validation expression answers 401 to an access token, which has no aud (API-AUTHORIZER)", g.sources[0].text, g.cfg.Authorizer.ValidationExpression)
		} else if g.validate != nil {
			add(o.DecidedBy, nil, "send a token in %s that matches the validation expression `%s` as a whole", g.sources[0].text, g.cfg.Authorizer.ValidationExpression)
		} else {
			add(o.DecidedBy, nil, "send a token in %s", g.sources[0].text)
		}
	case o.DecidedBy == LayerAPIKey:
		add(o.DecidedBy, nil, "send an API key the stage's usage plans accept: %s (D19)", g.apiKeyAdvice())
	case o.DecidedBy == LayerIdentityCheck:
		add(o.DecidedBy, nil, "sign the request with Signature Version 4: the method's authorization type is AWS_IAM (KC-403)")
	case x.authorizer.SetupProblem() != "" && (o.Response == AuthorizerFailure || o.Response == AuthorizerConfigurationError):
		add(o.DecidedBy, nil, "%s. This is a setup problem of the authorizer program or of how it is started, not an answer of its handler: there is no policy or output to fix. The prediction is the 500 API Gateway gives for a function that fails before its handler answers (LA-USE)", upperFirst(x.authorizer.SetupProblem()))
	case o.Response == AuthorizerFailure:
		add(o.DecidedBy, nil, "an authorizer that rejects a caller must fail with exactly \"Unauthorized\" to give 401; other errors give 500 (LA-USE)")
	case o.Response == AuthorizerConfigurationError:
		add(o.DecidedBy, nil, "fix the authorizer's output: it must be a JSON object with principalId (string), policyDocument (an IAM policy) and optionally context (string, number or boolean values) (LA-OUTPUT)")
	case o.Phase1:
		add(o.DecidedBy, nil, "the resource policy's explicit deny stops the request before the authorizer runs; change the Deny's condition or resource if this caller should get through (AUTHFLOW)")
	case o.DecidedBy == LayerAuthorizer && o.Response == Unauthorized:
		add(o.DecidedBy, nil, "the authorizer itself rejected the caller by raising \"Unauthorized\": check the token and the authorizer's verification of it")
	case o.Decided && o.Decision == eval.ExplicitDeny:
		for _, r := range reasons(o, x) {
			if r.Layer == o.DecidedBy {
				add(r.Layer, &r.Reason, "statement %d%s of the %s denies explicitly, and an explicit Deny beats every Allow: narrow its Resource or Condition if this call should get through", r.Statement, sidSuffix(r.Sid), layerNoun(r.Layer))
				break
			}
		}
	case o.Decided && o.Decision == eval.ImplicitDeny && o.DecidedBy == LayerIdentityPolicy && o.Table == eval.TableA:
		add(o.DecidedBy, nil, "nothing allows this call: add an Allow for execute-api:Invoke on %s to the caller's identity policies or to the resource policy (Table A: either is enough in the API's account)", c.Method)
	case o.Decided && o.Decision == eval.ImplicitDeny && o.DecidedBy == LayerResourcePolicy && o.Table == eval.TableResourceOnly:
		add(o.DecidedBy, nil, "the resource policy must allow this call on its own: add an Allow statement for execute-api:Invoke on %s with \"Principal\": \"*\" (and the conditions you need)", c.Method)
	}
}

func sidSuffix(sid string) string {
	if sid == "" {
		return ""
	}
	return fmt.Sprintf(" (Sid %q)", sid)
}

// layerNoun names a layer's policy in a sentence.
func layerNoun(l Layer) string {
	switch l {
	case LayerAuthorizer:
		return "authorizer's policy"
	case LayerIdentityPolicy:
		return "caller's identity policies"
	}
	return "resource policy"
}

// oneLine returns the authorizer's output as one line. A Lambda runtime
// serializes its result on one line (Node without spaces, Python with ", "
// and ": "), and that text is kept as is. Output with line breaks comes
// from a file written for people: valid JSON is then compacted, anything
// else has its line breaks escaped.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) == nil {
		return b.String()
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}

// diagnoseResource says why an authorizer's Resource value does not match
// the request's method ARN, and whether it names another concrete method
// of the same API and stage (the policy of another request, as an
// authorizer that echoes event.methodArn returns). Parts are compared one
// by one only up to the first that holds a wildcard or a policy variable:
// a * may span ':' and '/' (D13), so positions after it mean nothing.
func diagnoseResource(pattern string, m arn.MethodARN) (string, bool) {
	generic := fmt.Sprintf("it does not match this method ARN %s", m)
	if strings.Contains(pattern, "${") {
		return "it uses a policy variable, whose value in this request does not make it match (see the statement's reason)", false
	}
	literal := func(s string) bool { return !strings.ContainsAny(s, "*?") }
	f := strings.SplitN(pattern, ":", 6)
	fields := []struct{ name, value string }{
		{"prefix", "arn"}, {"partition", m.API.Partition}, {"service", "execute-api"}, {"region", m.API.Region}, {"account", m.API.Account},
	}
	for i, want := range fields {
		if i >= len(f) {
			return "it is not a complete execute-api ARN", false
		}
		if !literal(f[i]) {
			return generic, false
		}
		if f[i] != want.value {
			return fmt.Sprintf("its %s is %q, not %q", want.name, f[i], want.value), false
		}
	}
	if len(f) < 6 {
		return "it is not a complete execute-api ARN", false
	}
	parts := strings.SplitN(f[5], "/", 4)
	names := []string{"API id", "stage"}
	values := []string{m.API.ID, m.Stage}
	for i := 0; i < len(parts) && i < 2; i++ {
		if !literal(parts[i]) {
			return generic, false
		}
		if parts[i] != values[i] {
			return fmt.Sprintf("its %s is %q, not %q", names[i], parts[i], values[i]), false
		}
	}
	if len(parts) < 3 {
		return generic, false
	}
	if parts[2] == "ANY" {
		return "ANY is never the verb of a method ARN, which carries the verb the client used: write * instead", false
	}
	if len(parts) == 4 && strings.Contains(parts[3], "{") && strings.Contains(parts[3], "}") {
		return "it contains a route template such as {id}, which is literal text: the method ARN carries the concrete path", false
	}
	if len(parts) == 4 && literal(f[5]) {
		return fmt.Sprintf("it names another method (%s /%s), not this one (%s %s)", parts[2], parts[3], m.Verb, m.Path), true
	}
	if !literal(parts[2]) {
		return generic, false
	}
	if parts[2] != m.Verb {
		return fmt.Sprintf("its verb is %q, not %q", parts[2], m.Verb), false
	}
	if len(parts) == 4 {
		return fmt.Sprintf("its path /%s does not cover %s", parts[3], m.Path), false
	}
	return generic, false
}

// NoSuchMethod is API Gateway's answer to a request for a resource or
// method the API does not define: 403 with the message "Missing
// Authentication Token", given before any authorizer or policy is
// consulted (KC-403). Which method a request maps to is
// the caller's to work out: iamgate's suites match routes for it.
func NoSuchMethod(m arn.MethodARN, opts ExplainOptions) Answer {
	o := Outcome{Status: 403, DecidedBy: LayerRequest, Response: MissingAuthenticationToken}
	a := Answer{Outcome: o, MethodARN: m.String()}
	a.Message, a.HasMessage = message(o, &Call{Method: m}, opts.Messages)
	a.Body = body(o, a.Message, a.HasMessage)
	a.Headers = headers(o)
	a.Trace = Trace{
		{Layer: LayerRequest, Text: fmt.Sprintf("the API defines no method for %s %s: API Gateway answers 403 Missing Authentication Token before any authorization (KC-403)", m.Verb, m.Path)},
		{Layer: LayerRequest, Text: "API Gateway answers 403 (gateway response MISSING_AUTHENTICATION_TOKEN)"},
	}
	a.Advice = []Advice{{Layer: LayerRequest, Text: fmt.Sprintf("check the verb, the stage (%s) and the path: this answer means API Gateway found no such resource or method, not that a policy denied the call", m.Stage)}}
	return a
}

// quoteList quotes up to four values, and says how many more there are, as
// package eval's reasons do.
func quoteList(vs []string) string {
	const most = 4
	q := make([]string, 0, most+1)
	for i, v := range vs {
		if i == most {
			q = append(q, fmt.Sprintf("and %d more", len(vs)-most))
			break
		}
		q = append(q, strconv.Quote(v))
	}
	return strings.Join(q, ", ")
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
