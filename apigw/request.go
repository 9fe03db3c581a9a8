package apigw

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
)

// Request is one request to an API as its client sends it, with what API
// Gateway knows about who sent it. API.Prepare turns it into the Call the
// flows decide and the options of the event a Lambda authorizer receives,
// in one place: the eval command, suites and authztest all build their
// calls with it, so they fill the same fields the same way.
type Request struct {
	// Verb is the request's HTTP method (not ANY); Stage the first segment
	// of its path; Path the rest, the resource path, such as "/orders/42".
	Verb, Stage, Path string
	// Headers are the request's headers (canonical names). HeaderNames
	// spells names as the client sent them, canonical name to spelling,
	// for the event (see EventOptions).
	Headers     http.Header
	HeaderNames map[string]string
	// Query is the query string's parameters.
	Query url.Values
	// StageVariables are the stage's variables (the API's Stage gives
	// them when it lists its stages; these are put over them).
	StageVariables map[string]string
	// Token, when HasToken, is put in the header a TOKEN or Cognito
	// authorizer reads its token from; Prepare fails with ErrTokenNotRead
	// for a method that reads none, and ErrTokenTwice when Headers sends
	// that header too.
	Token    string
	HasToken bool
	// AssumeValidIdentity takes the caller's token or identity sources as
	// present and valid (Call.AssumeValidIdentity).
	AssumeValidIdentity bool
	// Info is what condition keys ask about: the time, the caller's
	// address, VPC endpoint, IAM caller and so on. Its UserAgent and
	// Referer default to the request's headers of those names.
	Info RequestInfo
	// IdentityPolicies are an IAM caller's identity-based policies.
	IdentityPolicies *eval.PolicySet
	// APIKeys are the API keys the stage accepts (Call.APIKeys).
	APIKeys []string
	// RequestContext sets $context values (flat keys such as
	// "identity.sourceIp") over those API Gateway sets for every request:
	// stage, httpMethod, path, resourcePath, apiId, accountId,
	// identity.sourceIp and identity.userAgent.
	RequestContext map[string]string
	// Resource is, for an API that lists no methods (AllMethods), the
	// resource template of the method that serves the request, such as
	// "/orders/{id}": requestContext.resourcePath, event.resource and the
	// path parameters. It must match Path. Empty means Path itself; an API
	// that lists its methods takes the template from the method routed to.
	Resource string
	// RequestID is requestContext.requestId of the event; empty means
	// one derived from the method ARN and the time.
	RequestID string
}

// Prepared is a Request made ready: the method that serves it, the Call
// to decide and the options of its authorizer event.
type Prepared struct {
	// Method is the method that serves the request; nil when none does,
	// and API Gateway answers NoSuchMethod.
	Method *Method
	// MethodARN is the request's method ARN.
	MethodARN arn.MethodARN
	// Call is the request as API Gateway authorizes it, prepared
	// (Call.Prepare); its Authorizer and Cached are for the caller to set.
	Call Call
	// Event holds what the authorizer's event needs besides the Call.
	Event EventOptions
}

// Errors of Prepare that a front end may want to word in its own terms.
var (
	// ErrTokenNotRead: a token is given for a method whose authorization
	// reads none (it is not TOKEN or Cognito).
	ErrTokenNotRead = errors.New("apigw: request: a token is given, but the method reads none: only TOKEN and Cognito authorizers read a token")
	// ErrCallerNotSigned: an IAM caller is given for a method whose
	// authorization is not AWS_IAM, whose callers API Gateway does not
	// know (they are anonymous to its policies).
	ErrCallerNotSigned = errors.New("apigw: request: an IAM caller is given, but the method's authorization is not AWS_IAM: its callers are anonymous")
	// ErrUnknownStage: the API lists its stages and the request names
	// another.
	ErrUnknownStage = errors.New("apigw: request: the API has no such stage")
)

var errNotNewAPI = errors.New("apigw: the API was not made by NewAPI")

// TokenTwiceError says that the token was given both as Token and in the
// header it goes to.
type TokenTwiceError struct{ Header string }

func (e *TokenTwiceError) Error() string {
	return fmt.Sprintf("apigw: request: the token is given twice, as the token and in header %s: give one", e.Header)
}

// Prepare builds the Call for r: it routes the request (a nil Method
// means no method serves it), builds the condition context (ContextFor),
// puts the token in its header, and sets the $context values API Gateway
// sets for every request. It fails when the verb or path cannot be in a
// method ARN, the stage is not one of the API's, or the request's values
// cannot be (see Request and ContextFor).
func (a *API) Prepare(r Request) (Prepared, error) {
	var p Prepared
	if a == nil || a.arn.IsZero() {
		return p, errNotNewAPI
	}
	m, err := a.arn.MethodFor(r.Verb, "/"+r.Stage+r.Path)
	if err != nil {
		return p, err
	}
	if err := arn.CheckRESTMethod(m.Verb); err != nil {
		return p, err
	}
	stage, ok := a.Stage(m.Stage)
	if !ok {
		return p, fmt.Errorf("%w: %q (it has %s)", ErrUnknownStage, m.Stage, a.stageNames())
	}
	p.MethodARN, p.Method = m, a.Route(m.Verb, m.Path)
	c := Call{Method: m, Headers: http.Header{}, Query: url.Values{}, StageVariables: map[string]string{}, AssumeValidIdentity: r.AssumeValidIdentity, APIKeys: r.APIKeys}
	for k, vs := range r.Headers {
		c.Headers[http.CanonicalHeaderKey(k)] = vs
	}
	for k, vs := range r.Query {
		c.Query[k] = vs
	}
	for k, v := range stage.Variables {
		c.StageVariables[k] = v
	}
	for k, v := range r.StageVariables {
		c.StageVariables[k] = v
	}
	if err := p.placeToken(&c, r); err != nil {
		return p, err
	}
	info := r.Info
	if info.UserAgent == "" {
		info.UserAgent = c.Headers.Get("User-Agent")
	}
	if info.Referer == "" {
		info.Referer = c.Headers.Get("Referer")
	}
	if c.Context, err = ContextFor(info); err != nil {
		return p, err
	}
	if !info.Caller.IsAnonymous() {
		if p.Method != nil && p.Method.gateway != nil && p.Method.gateway.cfg.Auth != AuthIAM {
			return p, ErrCallerNotSigned
		}
		c.Caller, c.IdentityPolicies = info.Caller, r.IdentityPolicies
	}
	resource, err := p.resource(r)
	if err != nil {
		return p, err
	}
	c.RequestContext = requestContext(m, resource, info)
	for k, v := range r.RequestContext {
		c.RequestContext[k] = v
	}
	c.Prepare()
	p.Call = c
	p.Event = EventOptions{Time: info.Time, RequestID: r.RequestID, HeaderNames: r.HeaderNames}
	if resource != m.Path || r.Resource != "" || p.Method != nil && p.Method.cfg.Path != "" {
		// A template; a path that is its own resource is taken
		// literally, with no parameters.
		p.Event.Resource = resource
	}
	return p, nil
}

// resource is the resource template of the method that serves r.
func (p *Prepared) resource(r Request) (string, error) {
	path := p.MethodARN.Path
	switch {
	case r.Resource == "" && p.Method != nil:
		return p.Method.Resource(path), nil
	case r.Resource == "":
		return path, nil
	case p.Method != nil && p.Method.cfg.Path != "":
		return "", fmt.Errorf("apigw: request: a resource (%q) is given, but the API lists its methods: the request is served by %s", r.Resource, p.Method.Route())
	}
	if _, ok := PathParameters(r.Resource, path); !ok {
		return "", fmt.Errorf("apigw: request: the resource %q does not match the path %q", r.Resource, path)
	}
	return r.Resource, nil
}

// placeToken puts r's token in the header the method's authorizer reads.
func (p *Prepared) placeToken(c *Call, r Request) error {
	if !r.HasToken {
		return nil
	}
	var g *Gateway
	if p.Method != nil {
		g = p.Method.gateway
	}
	if g == nil || !g.readsToken() {
		return ErrTokenNotRead
	}
	name := g.sources[0].name
	if _, sent := c.Headers[name]; sent {
		return &TokenTwiceError{Header: name}
	}
	c.Headers.Set(name, r.Token)
	return nil
}

// readsToken reports whether the gateway's authorizer reads a token: a
// TOKEN or Cognito authorizer.
func (g *Gateway) readsToken() bool {
	return g.cfg.Auth == AuthCognito || g.cfg.Auth == AuthCustom && g.cfg.Authorizer.Type == TokenAuthorizer
}

// TokenHeader returns the header a TOKEN or Cognito authorizer reads its
// token from (canonical form), and false for other methods.
func (g *Gateway) TokenHeader() (string, bool) {
	if g == nil || !g.compiled || !g.readsToken() || len(g.sources) == 0 {
		return "", false
	}
	return g.sources[0].name, true
}

// requestContext is the $context values API Gateway sets for every
// request, as flat keys: those an identity source such as
// context.identity.sourceIp reads.
func requestContext(m arn.MethodARN, resource string, info RequestInfo) map[string]string {
	rc := map[string]string{
		"stage": m.Stage, "httpMethod": m.Verb, "path": "/" + m.Stage + m.Path,
		"resourcePath": resource, "apiId": m.API.ID, "accountId": m.API.Account,
	}
	if info.SourceIP.IsValid() {
		rc["identity.sourceIp"] = info.SourceIP.String()
	}
	if info.UserAgent != "" {
		rc["identity.userAgent"] = info.UserAgent
	}
	return rc
}

func (a *API) stageNames() string {
	names := make([]string, len(a.cfg.Stages))
	for i, s := range a.cfg.Stages {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}
