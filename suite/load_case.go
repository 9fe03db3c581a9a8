package suite

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/reqhint"
	"github.com/iamgate/iamgate/policy"
)

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
	var gw *apigw.Gateway // the routed method's, when it is not the choice's
	if len(l.routes) > 0 {
		rt, ok := l.findRoute(m.Verb, m.Path, f)
		if !ok {
			return nil // past a limit (reported)
		}
		if rt == nil {
			if !l.missesOnPurpose(spec, r, m) {
				return nil
			}
			return cs
		}
		cs.Route, choice, gw = rt.text, rt.auth, rt.gw
	}
	if !l.prepared(choice, cs, f) {
		return nil
	}
	cs.gateway = choice.gw
	if gw != nil {
		cs.gateway = gw
	}
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
		hint := ""
		if line, ok := reqhint.URLLine(r.request); ok {
			hint = fmt.Sprintf(" (give the URL's path, with the stage first: %s)", line)
		}
		l.errorf(n, p, "request: %s%s", trimPkg(err), hint)
		return m, nil, false
	}
	if err := arn.CheckRESTMethod(m.Verb); err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %v", err)
		return m, nil, false
	}
	if reqhint.IsTemplate(m.Path) {
		// A client sends a concrete path: a case with a template tests a
		// request that never happens.
		n, p := spec.where("request")
		l.errorf(n, p, "request: the path %s holds a {parameter}, which only a route's template has: give a concrete path, such as 42 for {id}", m.Path)
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
func (l *loader) missesOnPurpose(spec, r *requestSpec, m arn.MethodARN) bool {
	e := r.expect
	if !(e.HasLayer && e.Layer == apigw.LayerRequest) {
		n, p := spec.where("request")
		l.errorf(n, p, "request %s matches none of the suite's routes: API Gateway answers 403 Missing Authentication Token before any authorization. Fix the path (with the stage first) or add the route; if the request is meant to miss, expect {layer: request}%s", r.request, l.missHint(m))
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

// describeRoute names what a case calls, for a message: its route, or
// the API when the suite has no routes.
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
// address when none is given: API Gateway always knows it.
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

// missHint says what a request that matches no route probably meant: a
// path without its stage (the whole path, first segment included, matches
// a route).
func (l *loader) missHint(m arn.MethodARN) string {
	if l.model == nil {
		return ""
	}
	if whole := "/" + m.Stage + m.Path; l.model.Route(m.Verb, strings.TrimSuffix(whole, "/")) != nil {
		return fmt.Sprintf(". The stage seems to be missing: %q is taken as the stage, and %s %s without it matches a route; write the stage first, such as %s /prod%s", m.Stage, m.Verb, whole, m.Verb, strings.TrimSuffix(whole, "/"))
	}
	return ""
}
