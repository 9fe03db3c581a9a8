package suite

import (
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// requestSpec is a request as written: a case, a step or the defaults.
type requestSpec struct {
	node field
	// fields are the keys written in the request, for positions.
	fields                                                  map[string]field
	name                                                    string
	request                                                 string
	token                                                   *string
	headers, query, stageVariables, requestContext, context map[string][]string
	// headerNames spells the headers' names as written.
	headerNames map[string]string

	sourceIP, vpce, vpc, userAgent, referer, caller string
	time                                            *time.Time
	expect                                          Expectation
	hasExpect                                       bool
	at                                              string
}

// requestSpec reads a case, a step or the defaults.
func (l *loader) requestSpec(f field, what string, keys []string) *requestSpec {
	fs := l.fields(f.val, f.path, what, keys...)
	if fs == nil {
		return nil
	}
	r := &requestSpec{node: f, fields: fs}
	str := func(k string, dst *string) {
		if g, ok := fs[k]; ok {
			*dst, _ = l.str(g, k)
		}
	}
	vals := func(k string) map[string][]string {
		if g, ok := fs[k]; ok {
			return l.values(g, k)
		}
		return nil
	}
	str("name", &r.name)
	str("request", &r.request)
	str("sourceIp", &r.sourceIP)
	str("vpce", &r.vpce)
	str("vpc", &r.vpc)
	str("userAgent", &r.userAgent)
	str("referer", &r.referer)
	l.checkHeaderText(fs, "userAgent", r.userAgent)
	l.checkHeaderText(fs, "referer", r.referer)
	str("caller", &r.caller)
	str("at", &r.at)
	if g, ok := fs["token"]; ok {
		if s, ok := l.str(g, "token"); ok {
			if v, ok := l.headerValue(g, s); ok {
				r.token = &v
			}
		}
	}
	if g, ok := fs["sourceIp"]; ok && r.sourceIP != "" {
		if _, err := netip.ParseAddr(r.sourceIP); err != nil {
			l.errorf(g.val, g.path, "sourceIp %q is not an IP address", r.sourceIP)
		}
	}
	l.checkCaller(fs, r.caller)
	if g, ok := fs["headers"]; ok {
		r.headers, r.headerNames = l.headerValues(g, "headers")
	}
	r.query = vals("query")
	for k, dst := range map[string]*map[string][]string{"stageVariables": &r.stageVariables, "requestContext": &r.requestContext} {
		if g, ok := fs[k]; ok {
			*dst = l.singleValues(g, k)
		}
	}
	r.context = vals("context")
	if g, ok := fs["time"]; ok {
		if t, ok := l.timeValue(g); ok {
			r.time = &t
		}
	}
	if !l.complete(r, what, keys) {
		return nil
	}
	return r
}

// checkCaller reports a request's caller that is neither defined under
// callers nor an IAM principal ARN.
func (l *loader) checkCaller(fs map[string]field, caller string) {
	if _, known := l.callers[caller]; known || caller == "" {
		return
	}
	g := fs["caller"]
	if !strings.HasPrefix(caller, "arn:") {
		names := slices.Sorted(maps.Keys(l.callers))
		l.errorf(g.val, g.path, "caller %q is not defined under callers (%s) and is not an IAM principal ARN", caller, orNone(names))
	} else if _, err := eval.NewCaller(caller); err != nil {
		l.errorf(g.val, g.path, "%s", trimPkg(err))
	}
}

// complete reads r's expectation and says whether r has the request and
// expect its keys call for (a case and a step need both; the defaults
// take neither). A missing request and a bad expect are both reported.
func (l *loader) complete(r *requestSpec, what string, keys []string) bool {
	f, fs := r.node, r.fields
	complete := true
	if slices.Contains(keys, "request") {
		if _, ok := fs["request"]; !ok {
			l.errorf(f.val, f.path, "%s needs request: the verb and path with the stage, such as GET /prod/orders/42", what)
			complete = false
		}
	}
	if slices.Contains(keys, "expect") {
		if g, ok := fs["expect"]; !ok {
			l.errorf(f.val, f.path, "%s needs expect: allow, deny, explicit-deny, implicit-deny, a status, or a mapping of status, decision, message, layer and cached", what)
			complete = false
		} else if r.expect, r.hasExpect = l.expectation(g); !r.hasExpect {
			complete = false
		}
	}
	return complete
}

// orNone lists names, or says there are none.
func orNone(names []string) string {
	if len(names) == 0 {
		return "there are none"
	}
	return strings.Join(names, ", ")
}

// where returns where a request's key is written, for an error about it: its
// value in the case or step, or the case itself when the value comes from
// the defaults.
func (spec *requestSpec) where(key string) (*yaml.Node, string) {
	if g, ok := spec.fields[key]; ok {
		return orKey(g), g.path
	}
	return spec.node.val, spec.node.path
}

// uniqueName names a case after its request, numbered when the request
// repeats.
func uniqueName(names map[string]int, request string, i int) string {
	name := request
	if _, taken := names[name]; taken {
		name = fmt.Sprintf("%s #%d", request, i+1)
	}
	return name
}

func (l *loader) claimName(names map[string]int, name string, f field) bool {
	if line, ok := names[name]; ok {
		l.errorf(f.val, f.path, "the name %q is already used at line %d: names must be unique, so that reports and --run can tell them apart", name, line)
		return false
	}
	names[name] = f.val.Line
	return true
}

func (l *loader) timeOf(spec *requestSpec, def time.Time) time.Time {
	switch {
	case spec.time != nil:
		return *spec.time
	case l.defaults.time != nil:
		return *l.defaults.time
	}
	return def
}

// merged returns the request with the defaults filled in.
func (l *loader) merged(r *requestSpec) *requestSpec {
	d := l.defaults
	out := *r
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	out.sourceIP, out.vpce, out.vpc = pick(r.sourceIP, d.sourceIP), pick(r.vpce, d.vpce), pick(r.vpc, d.vpc)
	out.userAgent, out.referer, out.caller = pick(r.userAgent, d.userAgent), pick(r.referer, d.referer), pick(r.caller, d.caller)
	if out.token == nil {
		out.token = d.token
	}
	merge := func(a, b map[string][]string) map[string][]string {
		m := map[string][]string{}
		for k, v := range b {
			m[k] = v
		}
		for k, v := range a {
			m[k] = v
		}
		return m
	}
	out.headers, out.query = merge(r.headers, d.headers), merge(r.query, d.query)
	out.headerNames = map[string]string{}
	maps.Copy(out.headerNames, d.headerNames)
	maps.Copy(out.headerNames, r.headerNames)
	out.stageVariables, out.requestContext = merge(r.stageVariables, d.stageVariables), merge(r.requestContext, d.requestContext)
	out.context = merge(r.context, d.context)
	return &out
}

// buildCase prepares a request: its method ARN, route, gateway, call,
// condition context and what the authorizer answers for it.
func (l *loader) buildCase(spec *requestSpec, at time.Time) *Case {
	if l.budget.spent {
		return nil // past a limit (reported): building more is the work it stops
	}
	r := l.merged(spec)
	f := spec.node
	cs := &Case{Name: spec.name, Line: f.val.Line, Request: r.request, Expect: r.expect, Time: at}
	m, query, ok := l.methodOf(spec, r)
	if !ok {
		return nil
	}
	cs.method = m
	choice := l.apiAuth
	if len(l.routes) > 0 {
		rt, ok := l.findRoute(m.Verb, m.Path, f)
		if !ok {
			return nil // past a limit (reported)
		}
		if rt == nil {
			if !l.missesOnPurpose(spec, r) {
				return nil
			}
			return cs
		}
		cs.Route, choice = rt.text, rt.auth
	}
	if !l.prepared(choice, cs, f) {
		return nil
	}
	cs.gateway = choice.gw
	if !l.canBeCached(spec, r, cs, choice) {
		return nil
	}
	c, ok := l.buildCall(spec, r, cs, choice, query, at)
	if !ok {
		return nil
	}
	if !l.checkSourceIP(f, cs, r, &c, choice, nil) {
		return nil
	}
	c.Prepare()
	if !l.authorizerAnswer(spec, r, cs, choice, &c) {
		return nil
	}
	cs.call = c
	return cs
}

// methodOf reads the request line of r (written in spec): the method ARN
// it calls and the query parameters its path carries; false when it is not
// a REST API request (reported).
func (l *loader) methodOf(spec, r *requestSpec) (arn.MethodARN, url.Values, bool) {
	m, err := l.s.API.Method(r.request)
	if err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %s", trimPkg(err))
		return m, nil, false
	}
	if err := arn.CheckRESTMethod(m.Verb); err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %v", err)
		return m, nil, false
	}
	query, err := arn.RequestQuery(r.request)
	if err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %v", err)
		return m, nil, false
	}
	return m, query, true
}

// missesOnPurpose says whether a request that matches none of the routes
// expects to: API Gateway answers 403 Missing Authentication Token before
// any authorization, and a typo in a path would pass "deny" or "403"
// unnoticed, so the expectation must name the request layer. It reports
// the request otherwise, and an expectation that the answer is cached.
func (l *loader) missesOnPurpose(spec, r *requestSpec) bool {
	e := r.expect
	if !(e.HasLayer && e.Layer == apigw.LayerRequest) {
		n, p := spec.where("request")
		l.errorf(n, p, "request %s matches none of the suite's routes: API Gateway answers 403 Missing Authentication Token before any authorization. Fix the path (with the stage first) or add the route; if the request is meant to miss, expect {layer: request}", r.request)
		return false
	}
	if e.HasCached && e.Cached {
		n, p := spec.where("expect")
		l.errorf(n, p, "cached: true can never hold here: the request matches no route, so no authorizer is reached")
		return false
	}
	return true
}

// prepared says whether the method's authorization has a gateway to
// decide with. Where it has none, the problem was reported where the
// authorization was named; a case left out without any error would make
// the suite pass with fewer requests, so it fails closed if that ever
// happens.
func (l *loader) prepared(choice *authChoice, cs *Case, f field) bool {
	if choice == nil || choice.gw == nil || l.broken {
		if len(l.errs) == 0 {
			l.errorf(f.val, f.path, "%s: the method's authorization could not be prepared", cs.Name)
		}
		return false
	}
	return true
}

// canBeCached refuses an expectation that the answer is cached when the
// method's authorization has no result cache.
func (l *loader) canBeCached(spec, r *requestSpec, cs *Case, choice *authChoice) bool {
	if e := r.expect; e.HasCached && e.Cached {
		if _, cached := choice.gw.CacheKey(&apigw.Call{Method: cs.method}); !cached {
			n, p := spec.where("expect")
			l.errorf(n, p, "cached: true can never hold here: %s uses %s, whose results are not cached (only a Lambda authorizer with a TTL above 0 has a result cache)", describeRoute(cs), choice.name)
			return false
		}
	}
	return true
}

// buildCall builds the request API Gateway receives for a case: its
// headers (with the token), query parameters (the request line's, then
// r's) and stage variables, the caller, the condition context, and the
// $context values; false when the request cannot be sent as written
// (reported).
func (l *loader) buildCall(spec, r *requestSpec, cs *Case, choice *authChoice, query url.Values, at time.Time) (apigw.Call, bool) {
	m := cs.method
	for k, v := range r.query {
		query[k] = append(query[k], v...)
	}
	c := apigw.Call{Method: m, Query: query, Headers: http.Header{}, StageVariables: map[string]string{}}
	for k, vs := range r.headers {
		c.Headers[http.CanonicalHeaderKey(k)] = vs
	}
	for k, v := range r.stageVariables {
		c.StageVariables[k] = v[len(v)-1]
	}
	if !l.tokenHeader(spec, r, cs, choice, c.Headers) {
		return c, false
	}
	info := apigw.RequestInfo{Time: at, VPCEndpoint: r.vpce, VPC: r.vpc, UserAgent: r.userAgent, Referer: r.referer}
	if info.UserAgent == "" {
		info.UserAgent = c.Headers.Get("User-Agent")
	}
	if info.Referer == "" {
		info.Referer = c.Headers.Get("Referer")
	}
	if r.sourceIP != "" {
		ip, err := netip.ParseAddr(r.sourceIP)
		if err != nil {
			return c, false // reported where it is written
		}
		info.SourceIP = ip
	}
	if !l.signCall(spec, r, cs, choice, &c, &info) || !l.checkContextKeys(spec, r) {
		return c, false
	}
	if len(r.context) > 0 {
		info.Extra = r.context
	}
	ctx, err := apigw.ContextFor(info)
	if err != nil {
		l.errorf(spec.node.val, spec.node.path, "%s", strings.TrimPrefix(trimPkg(err), "request: "))
		return c, false
	}
	c.Context = ctx
	// The $context values API Gateway always sets; resourcePath is the
	// route's template, or, without routes, the request's path.
	c.RequestContext = map[string]string{
		"stage": m.Stage, "httpMethod": m.Verb, "path": "/" + m.Stage + m.Path,
		"resourcePath": m.Path, "apiId": m.API.ID, "accountId": m.API.Account,
	}
	if cs.Route != "" {
		c.RequestContext["resourcePath"] = strings.TrimPrefix(cs.Route, strings.SplitN(cs.Route, " ", 2)[0]+" ")
	}
	if info.SourceIP.IsValid() {
		c.RequestContext["identity.sourceIp"] = info.SourceIP.String()
	}
	if info.UserAgent != "" {
		c.RequestContext["identity.userAgent"] = info.UserAgent
	}
	for k, v := range r.requestContext {
		c.RequestContext[k] = v[len(v)-1]
	}
	return c, true
}

// tokenHeader sets the token of r in headers, the header the method's
// TOKEN or Cognito authorizer reads it from. A token written in a case of
// a method that reads none is an error; a default token goes only to the
// methods that read one, and not to a case that sends the header itself.
func (l *loader) tokenHeader(spec, r *requestSpec, cs *Case, choice *authChoice, headers http.Header) bool {
	takesToken := choice.authz != nil && (choice.authz.cfg.Type == apigw.TokenAuthorizer || choice.authz.cognito)
	if spec.token != nil && !takesToken {
		n, p := spec.where("token")
		l.errorf(n, p, "token is for methods with a TOKEN or Cognito authorizer; %s uses %s: send the values it reads with headers, query, stageVariables or requestContext", describeRoute(cs), choice.name)
		return false
	}
	if r.token == nil || !takesToken {
		return true
	}
	name := http.CanonicalHeaderKey(strings.TrimPrefix(choice.gw.IdentitySources()[0], "method.request.header."))
	inCase := false
	for k := range spec.headers {
		inCase = inCase || http.CanonicalHeaderKey(k) == name
	}
	switch {
	case spec.token != nil && inCase:
		n, p := spec.where("token")
		l.errorf(n, p, "the token is given twice, with token and with headers %s: give one", name)
		return false
	case spec.token != nil || !inCase:
		// The case's token, or the default token unless the case
		// sends the header itself.
		headers.Set(name, *r.token)
	}
	return true
}

// signCall makes the caller of r (a name under callers or an IAM
// principal ARN) the signer of an AWS_IAM method's call, with its identity
// policies and the keys AWS sets for it. A caller written in a case of
// another method is an error; a default caller signs only the requests to
// AWS_IAM methods.
func (l *loader) signCall(spec, r *requestSpec, cs *Case, choice *authChoice, c *apigw.Call, info *apigw.RequestInfo) bool {
	isIAM := choice.gw.Config().Auth == apigw.AuthIAM
	if spec.caller != "" && !isIAM {
		n, p := spec.where("caller")
		l.errorf(n, p, "caller is for AWS_IAM methods; %s uses %s, whose callers are anonymous", describeRoute(cs), choice.name)
		return false
	}
	if r.caller == "" || !isIAM {
		return true
	}
	signer := l.callers[r.caller]
	if signer == nil {
		cl, err := eval.NewCaller(r.caller)
		if err != nil {
			return false // reported where it is written
		}
		signer = &callerSpec{caller: cl, principal: r.caller}
	}
	c.Caller, c.IdentityPolicies = signer.caller, signer.policies
	info.Caller, info.PrincipalOrgID, info.PrincipalOrgPaths, info.PrincipalTags = signer.caller, signer.orgID, signer.orgPaths, signer.tags
	return true
}

// checkContextKeys refuses a context key of r without a service prefix:
// condition keys have one (aws:SourceIp), and a context.NAME identity
// source is given with requestContext.
func (l *loader) checkContextKeys(spec, r *requestSpec) bool {
	for _, k := range slices.Sorted(maps.Keys(r.context)) {
		if !strings.Contains(k, ":") {
			n, p := spec.where("context")
			l.errorf(n, p, "context: %q is not a condition key: keys have a service prefix, such as aws:SourceIp (for a context.NAME identity source, use requestContext)", k)
			return false
		}
	}
	return true
}

// authorizerAnswer settles what the method's authorizer answers the call,
// when the gateway needs it: the command to run (a REQUEST authorizer's
// needs the caller's address), or the suite's written reply for the
// call's identity, filled in with the method ARN and checked as a policy
// the request's context must be able to answer.
func (l *loader) authorizerAnswer(spec, r *requestSpec, cs *Case, choice *authChoice, c *apigw.Call) bool {
	f, g := spec.node, choice.gw
	o := g.Decide(c)
	if o.NeedsAuthorizer && choice.authz != nil && choice.authz.cmd != nil {
		if a := choice.authz; a.cfg.Type == apigw.RequestAuthorizer && c.RequestContext["identity.sourceIp"] == "" {
			// Once per authorizer: the fix is usually one line of
			// defaults.
			if !a.noSourceIP {
				n, p := spec.where("sourceIp")
				l.errorf(n, p, "%s runs authorizer %q, a REQUEST authorizer whose event carries the caller's address (requestContext.identity.sourceIp, X-Forwarded-For): give sourceIp, here or in defaults (the other requests that run it without one are not reported)", describeRoute(cs), a.name)
				a.noSourceIP = true
			}
			return false
		}
		cs.runner = choice.authz.cmd
		cs.headerNames = r.headerNames
		if cs.Route != "" {
			cs.resource = c.RequestContext["resourcePath"]
		}
		return true
	}
	if !o.NeedsAuthorizer {
		return true
	}
	rep := l.lookupReply(choice.authz, g, c)
	if rep == nil {
		l.errorf(f.val, f.path, "%s reaches authorizer %q, whose responses have no entry for %s and which has no response or error for other identities: add one", describeRoute(cs), choice.authz.name, identityText(g, c))
		return false
	}
	cs.invoke, cs.from = rep.result, rep.from
	if rep.template != nil {
		if cs.invoke = l.fill(rep, cs.method, f); cs.invoke == nil {
			return false // past a limit (reported)
		}
	}
	// The answer this request gets, filled in, is a policy too.
	if p := policyOf(cs.invoke); p != nil && !l.checkSourceIP(f, cs, r, c, choice, &labeled{fmt.Sprintf("the answer of authorizer %q", choice.authz.name), p}) {
		return false
	}
	return true
}

func describeRoute(cs *Case) string {
	if cs.Route != "" {
		return "route " + cs.Route
	}
	return "the API"
}

// labeled is a policy document and what it is, for messages.
type labeled struct {
	what string
	doc  *policy.Document
}

// checkSourceIP refuses a request whose answer depends on the caller's
// address when none is given: API Gateway always knows it (decision D17).
// With answer nil it checks the resource policy, the caller's identity
// policies and the identity sources; otherwise only the authorizer's
// answer to this request.
//
// It also refuses a request of an IAM caller whose answer depends on a key
// AWS sets for the caller but that its ARN does not tell
// (eval.Caller.UnknownKeys) when the request's context does not give it.
func (l *loader) checkSourceIP(f field, cs *Case, r *requestSpec, c *apigw.Call, choice *authChoice, answer *labeled) bool {
	if answer == nil {
		a, found := l.readsMissing(c.Context, c.Caller.UnknownKeys(), l.rp, nil)
		if !found {
			a, found = l.readsMissing(c.Context, c.Caller.UnknownKeys(), nil, c.IdentityPolicies)
		}
		if found {
			l.errorf(f.val, f.path, "%s: statement %d of %s:%d:%d reads %s, which AWS sets for every request of caller %q but which its ARN does not tell: give its value with context (%s: VALUE)", cs.Name, a.Statement.Index, a.Document.File, a.Pos.Line, a.Pos.Column, a.Key, r.caller, a.Key)
			return false
		}
	}
	if r.sourceIP != "" {
		return true
	}
	address := []string{eval.AddressKey(c.Context)}
	var a eval.KeyRead
	found, what := false, ""
	if answer != nil {
		a, found = l.readsMissing(c.Context, address, answer.doc, nil)
		what = answer.what
	} else if a, found = l.readsMissing(c.Context, address, l.rp, nil); found {
		what = "the resource policy"
	} else if a, found = l.readsMissing(c.Context, address, nil, c.IdentityPolicies); found {
		what = fmt.Sprintf("an identity policy of caller %q", r.caller)
	}
	if found {
		l.errorf(f.val, f.path, "%s: %s reads %s (statement %d, %s:%d:%d), which API Gateway always sets: give sourceIp (here or in defaults)", cs.Name, what, a.Key, a.Statement.Index, a.Document.File, a.Pos.Line, a.Pos.Column)
		return false
	}
	if answer != nil {
		return true
	}
	for i, s := range choice.sourcesOrNil() {
		if s == "context.identity.sourceIp" {
			if _, ok := choice.gw.IdentityValue(c, i); !ok {
				l.errorf(f.val, f.path, "%s: the identity source context.identity.sourceIp is the caller's address: give sourceIp (here or in defaults)", cs.Name)
				return false
			}
		}
	}
	return true
}
