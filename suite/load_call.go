package suite

import (
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// buildCall builds the request API Gateway receives for a case with the
// request builder every front end of iamgate uses (apigw.API.Prepare): its
// headers (with the token), query parameters (the request line's, then
// r's) and stage variables, the caller, the condition context, and the
// $context values; false when the request cannot be sent as written
// (reported).
func (l *loader) buildCall(spec, r *requestSpec, cs *Case, choice *authChoice, query url.Values, at time.Time) (apigw.Call, bool) {
	m := cs.method
	for k, v := range r.query {
		query[k] = append(query[k], v...)
	}
	req := apigw.Request{Verb: m.Verb, Stage: m.Stage, Path: m.Path, Query: query, Headers: http.Header{},
		HeaderNames: r.headerNames, StageVariables: map[string]string{}, RequestContext: map[string]string{}, APIKeys: l.apiKeys,
		Info: apigw.RequestInfo{Time: at, VPCEndpoint: r.vpce, VPC: r.vpc, UserAgent: r.userAgent, Referer: r.referer}}
	for k, vs := range r.headers {
		req.Headers[http.CanonicalHeaderKey(k)] = vs
	}
	for k, v := range r.stageVariables {
		req.StageVariables[k] = v[len(v)-1]
	}
	for k, v := range r.requestContext {
		req.RequestContext[k] = v[len(v)-1]
	}
	if !l.tokenHeader(spec, r, cs, choice, req.Headers) {
		return apigw.Call{}, false
	}
	if r.sourceIP != "" {
		ip, err := netip.ParseAddr(r.sourceIP)
		if err != nil {
			return apigw.Call{}, false // reported where it is written
		}
		req.Info.SourceIP = ip
	}
	if !l.signCall(spec, r, cs, choice, &req) || !l.checkContextKeys(spec, r) {
		return apigw.Call{}, false
	}
	if len(r.context) > 0 {
		req.Info.Extra = r.context
	}
	p, err := l.model.Prepare(req)
	if err != nil {
		l.errorf(spec.node.val, spec.node.path, "%s", strings.TrimPrefix(trimPkg(err), "request: "))
		return apigw.Call{}, false
	}
	cs.event = p.Event
	return p.Call, true
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
func (l *loader) signCall(spec, r *requestSpec, cs *Case, choice *authChoice, req *apigw.Request) bool {
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
	req.IdentityPolicies = signer.policies
	req.Info.Caller, req.Info.PrincipalOrgID, req.Info.PrincipalOrgPaths, req.Info.PrincipalTags = signer.caller, signer.orgID, signer.orgPaths, signer.tags
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
