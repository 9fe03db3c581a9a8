package apigw

import (
	"fmt"
	"github.com/iamgate/iamgate/eval"
	"strings"
)

// flow is API Gateway's authorization flow for one call. With x == nil it
// is Decide: no allocation. With an explainer it records what it did; the
// steps and their order are the same, so Explain and Decide cannot
// disagree.
func (g *Gateway) flow(c *Call, x *explainer) Outcome {
	if g == nil || !g.compiled {
		// A Gateway not made by NewGateway has no checked configuration:
		// fail closed.
		if x != nil {
			x.step(LayerConfiguration, "the gateway was not compiled with NewGateway: no configuration to authorize with")
		}
		return Outcome{Status: 500, DecidedBy: LayerConfiguration, Response: APIConfigurationError}
	}
	resource := c.methodARN()
	var o Outcome
	switch g.cfg.Auth {
	case AuthNone:
		o = g.flowNone(c, resource, x)
	case AuthCustom:
		o = g.flowCustom(c, resource, x)
	case AuthIAM:
		o = g.flowIAM(c, resource, x)
	case AuthCognito:
		o = g.flowCognito(c, resource, x)
	default:
		o = Outcome{Status: 500, DecidedBy: LayerAuthorizerFailure, Response: AuthorizerConfigurationError}
	}
	o = g.apiKeyCheck(c, o, x)
	if r := g.responses.forType(o.Response); r != nil && r.status != 0 {
		// The API's gateway response sets the status the client gets.
		o.Status = r.status
	}
	return o
}

// flowNone: the resource policy alone decides (AUTHFLOW, workflow 1,
// table 1.4). Callers of a NONE method are anonymous.
func (g *Gateway) flowNone(c *Call, resource string, x *explainer) Outcome {
	if x != nil {
		x.step(LayerNone, "authorization type NONE: only the resource policy can restrict this method (AUTHFLOW)")
	}
	rp := g.decideResource(c, resource, eval.Caller{}, x, "")
	return g.finish(eval.TableResourceOnly, eval.ImplicitDeny, rp, LayerAuthorizer, x)
}

// flowCognito follows D1: a token must be present (API Gateway
// validates the JWT, which iamgate cannot), then the resource policy, when
// attached, must allow on its own.
func (g *Gateway) flowCognito(c *Call, resource string, x *explainer) Outcome {
	if o, stop := g.identityCheck(c, x); stop {
		return o
	}
	if x != nil {
		x.step(LayerAuthorizer, "Cognito user pool token accepted (iamgate takes a present token as a valid JWT); the resource policy, when attached, must allow on its own (D1)")
	}
	rp := g.decideResource(c, resource, eval.Caller{}, x, "")
	return g.finish(eval.TableResourceOnly, eval.ImplicitDeny, rp, LayerAuthorizer, x)
}

// flowCustom is the Lambda authorizer flow (AUTHFLOW, LA-CONFIG): identity check,
// phase 1, the authorizer, then Table A.
func (g *Gateway) flowCustom(c *Call, resource string, x *explainer) Outcome {
	if o, stop := g.identityCheck(c, x); stop {
		return o
	}
	rp := g.decideResource(c, resource, eval.Caller{}, x, "phase 1: ")
	if rp == eval.ExplicitDeny {
		// AUTHFLOW: before invoking the authorizer, API Gateway looks for
		// an explicit deny in the resource policy only.
		o := Outcome{Status: 403, Decision: eval.ExplicitDeny, Decided: true, DecidedBy: LayerResourcePolicy, Response: AccessDenied, Phase1: true}
		if x != nil {
			x.step(LayerResourcePolicy, "phase 1: the resource policy explicitly denies: API Gateway rejects the request before invoking the authorizer (AUTHFLOW)")
		}
		return o
	}
	if x != nil && g.rp != nil {
		x.step(LayerResourcePolicy, "phase 1: no explicit deny in the resource policy")
	}
	if c.Method.TooLong() {
		if x != nil {
			x.step(LayerRequest, fmt.Sprintf("the method ARN is %d bytes; API Gateway passes at most %d to an authorizer and answers 414 (LA-OUTPUT)", c.Method.Len(), 1600))
		}
		return Outcome{Status: 414, DecidedBy: LayerRequest, Response: RequestURITooLong}
	}
	if x != nil {
		x.step(LayerAuthorizer, "the request reaches the Lambda authorizer (a fresh invocation gets methodArn "+resource+"; a cached result is used as it is)")
	}
	out := Outcome{AuthorizerReached: true}
	a := c.Authorizer
	if a == nil {
		if x != nil {
			x.step(LayerAuthorizer, "the Lambda authorizer must be invoked now: no result was given")
		}
		out.NeedsAuthorizer = true
		return out
	}
	out.FromCache = c.Cached != nil && c.Cached.Result == a
	if x != nil {
		if out.FromCache {
			x.cachedResult(g, c)
		} else {
			x.authorizerResult(a)
		}
	}
	if msg, failed := a.Err(); failed {
		if a.unauthorized() {
			// Only the exact error "Unauthorized" is a 401 (LA-USE).
			if x != nil {
				x.step(LayerAuthorizer, `the error is exactly "Unauthorized": API Gateway answers 401 (LA-USE)`)
			}
			out.Status, out.DecidedBy, out.Response = 401, LayerAuthorizer, Unauthorized
			return out
		}
		if x != nil {
			x.step(LayerAuthorizerFailure, fmt.Sprintf("the error is not exactly \"Unauthorized\" (%d bytes): only that error gives 401; anything else is a 500 (LA-USE, D3)", len(msg)))
		}
		out.Status, out.DecidedBy, out.Response = 500, LayerAuthorizerFailure, AuthorizerFailure
		return out
	}
	if !a.Usable() {
		if x != nil {
			x.step(LayerAuthorizerFailure, "the authorizer's output is invalid: API Gateway answers 500 AuthorizerConfigurationException (LA-OUTPUT, D3, D9, D10)")
		}
		out.Status, out.DecidedBy, out.Response = 500, LayerAuthorizerFailure, AuthorizerConfigurationError
		return out
	}
	id := g.decideAuthorizerPolicy(c, resource, a, x)
	o := g.finish(eval.TableA, id, rp, LayerAuthorizer, x)
	o.AuthorizerReached, o.FromCache = true, out.FromCache
	return o
}

// flowIAM is the AWS_IAM flow (AUTHFLOW, workflow 3): a signature is
// required; then the caller's identity policies and the resource policy,
// Table A in the API's account and Table B across accounts.
func (g *Gateway) flowIAM(c *Call, resource string, x *explainer) Outcome {
	if c.Caller.IsAnonymous() {
		if x != nil {
			x.step(LayerIdentityCheck, "AWS_IAM method and the request is not signed: API Gateway answers 403 Missing Authentication Token (KC-403)")
		}
		return Outcome{Status: 403, DecidedBy: LayerIdentityCheck, Response: MissingAuthenticationToken}
	}
	var id eval.Decision
	if c.Caller.IsRoot() {
		id = eval.Allow
		if x != nil {
			x.step(LayerIdentityPolicy, fmt.Sprintf("identity: %s is an account root user, which IAM policies do not restrict in its own account: the identity side allows", c.Caller.ARN()))
		}
	} else {
		id = g.decideSet(c.IdentityPolicies, c.request(resource, c.Caller), x, sourceIdentity, "identity: ")
	}
	rp := g.decideResource(c, resource, c.Caller, x, "")
	table := eval.TableA
	if c.Caller.Account() != g.cfg.API.Account {
		table = eval.TableB
	}
	if x != nil {
		if table == eval.TableA {
			x.step(LayerNone, fmt.Sprintf("the caller's account %s owns the API: Table A, either side allowing is enough", c.Caller.Account()))
		} else {
			x.step(LayerNone, fmt.Sprintf("the caller's account %s is not the API's account %s: Table B, both sides must allow", c.Caller.Account(), g.cfg.API.Account))
		}
	}
	return g.finish(table, id, rp, LayerIdentityPolicy, x)
}

// identityCheck is the 401 gate before any policy (D6): the token
// of a TOKEN or Cognito authorizer present and matching the validation
// expression (D8); for a REQUEST authorizer with caching on, every identity
// source present and non-empty (D7).
func (g *Gateway) identityCheck(c *Call, x *explainer) (Outcome, bool) {
	fail := Outcome{Status: 401, DecidedBy: LayerIdentityCheck, Response: Unauthorized}
	if c.AssumeValidIdentity {
		if x != nil {
			x.step(LayerIdentityCheck, "identity check: skipped, the identity is taken as present and valid")
		}
		return Outcome{}, false
	}
	token := g.cfg.Auth == AuthCognito || g.cfg.Authorizer.Type == TokenAuthorizer
	if token {
		src := &g.sources[0]
		v, ok := c.sourceValue(src)
		if !ok || v == "" {
			if x != nil {
				x.step(LayerIdentityCheck, fmt.Sprintf("identity check: the token source %s is missing or empty: API Gateway answers 401 without invoking the authorizer (LA-CONFIG, KC-401-LA); its execution log shows at most an \"Unauthorized request\" line for it (LA-CALL, KC-403-LA)", src.text))
			}
			return fail, true
		}
		if g.validate != nil && g.cfg.Auth == AuthCognito {
			// A Cognito authorizer matches its validation expression
			// against the token's aud claim (API-AUTHORIZER).
			if !jwtAudiences(v, g.validate) {
				if x != nil {
					x.step(LayerIdentityCheck, fmt.Sprintf("identity check: the token's aud claim does not match the validation expression %q (a Cognito authorizer matches it against aud; an access token has no aud; whole value, RE2, D8): 401 (API-AUTHORIZER)", g.cfg.Authorizer.ValidationExpression))
				}
				return fail, true
			}
		} else if g.validate != nil && !g.validate.match(v) {
			if x != nil {
				x.step(LayerIdentityCheck, fmt.Sprintf("identity check: the token does not match the validation expression %q (whole token, RE2; D8): 401 without invoking the authorizer", g.cfg.Authorizer.ValidationExpression))
			}
			return fail, true
		}
		if x != nil {
			if g.validate != nil && g.cfg.Auth == AuthCognito {
				x.step(LayerIdentityCheck, fmt.Sprintf("identity check: token present in %s, its aud claim matches %q", src.text, g.cfg.Authorizer.ValidationExpression))
			} else if g.validate != nil {
				x.step(LayerIdentityCheck, fmt.Sprintf("identity check: token present in %s and matches %q", src.text, g.cfg.Authorizer.ValidationExpression))
			} else {
				x.step(LayerIdentityCheck, fmt.Sprintf("identity check: token present in %s", src.text))
			}
		}
		return Outcome{}, false
	}
	if g.cfg.Authorizer.ttl() == 0 {
		if x != nil {
			x.step(LayerIdentityCheck, "identity check: REQUEST authorizer with caching off: API Gateway does not check the identity sources and invokes the authorizer (D7)")
		}
		return Outcome{}, false
	}
	for i := range g.sources {
		src := &g.sources[i]
		if v, ok := c.sourceValue(src); !ok || v == "" {
			if x != nil {
				x.step(LayerIdentityCheck, fmt.Sprintf("identity check: identity source %s is missing or empty; with caching on API Gateway answers 401 without invoking the authorizer (LA-CONFIG, D7)", src.text))
			}
			return fail, true
		}
	}
	if x != nil {
		x.step(LayerIdentityCheck, fmt.Sprintf("identity check: every identity source is present (%s)", g.sourceList()))
	}
	return Outcome{}, false
}

func (g *Gateway) sourceList() string {
	var b strings.Builder
	for i, s := range g.sources {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.text)
	}
	return b.String()
}

// sourceValue looks an identity source up in the call without allocating.
func (c *Call) sourceValue(s *identitySource) (string, bool) {
	switch s.kind {
	case sourceHeader:
		if v := c.Headers[s.name]; len(v) > 0 {
			return v[0], true
		}
	case sourceQuery:
		if v := c.Query[s.name]; len(v) > 0 {
			return v[0], true
		}
	case sourceStageVariable:
		v, ok := c.StageVariables[s.name]
		return v, ok
	case sourceContext:
		v, ok := c.RequestContext[s.name]
		return v, ok
	}
	return "", false
}

// decideResource evaluates the resource policy for the caller (anonymous
// for every method but AWS_IAM). Without a resource policy the answer is
// "neither".
func (g *Gateway) decideResource(c *Call, resource string, caller eval.Caller, x *explainer, prefix string) eval.Decision {
	if g.rp == nil {
		if x != nil {
			x.step(LayerResourcePolicy, "no resource policy is attached: it neither allows nor denies")
		}
		return eval.ImplicitDeny
	}
	return g.decideSet(g.rp, c.request(resource, caller), x, sourceResource, prefix)
}

// decideAuthorizerPolicy evaluates the authorizer's policy with the same
// request context as the resource policy (D11).
func (g *Gateway) decideAuthorizerPolicy(c *Call, resource string, a *AuthorizerResult, x *explainer) eval.Decision {
	return g.decideSet(a.set, c.request(resource, eval.Caller{}), x, sourceAuthorizer, "authorizer policy: ")
}

func (g *Gateway) decideSet(s *eval.PolicySet, req *eval.Request, x *explainer, src reasonSource, prefix string) eval.Decision {
	if x == nil {
		return s.Decide(req)
	}
	return x.evaluate(s, req, src, prefix)
}

// finish applies an outcome table. identityLayer is the layer the
// identity side stands for.
func (g *Gateway) finish(t eval.Table, id, rp eval.Decision, identityLayer Layer, x *explainer) Outcome {
	row := t.Cell(id, rp, g.rp != nil)
	o := Outcome{Decision: row.Result, Decided: true, Table: t, Row: row}
	switch {
	case t == eval.TableResourceOnly && g.rp == nil:
		// No resource policy: the method is public (NONE), or the
		// Cognito token was all that was needed.
		o.DecidedBy = LayerNone
		if g.cfg.Auth == AuthCognito {
			o.DecidedBy = LayerAuthorizer
		}
	case row.DecidedBy == eval.ResourceSide:
		o.DecidedBy = LayerResourcePolicy
	default:
		o.DecidedBy = identityLayer
	}
	if row.Result == eval.Allow {
		o.Status = 200
	} else {
		o.Status, o.Response = 403, AccessDenied
	}
	if x != nil {
		x.table(o)
	}
	return o
}
