package authztest

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/safetext"
	"github.com/iamgate/iamgate/policy"
)

// resourcePolicyFile names the resource policy in positions and reasons,
// as in "resource policy:4:18: ..." and "resource policy statement 1".
const resourcePolicyFile = "resource policy"

// authorizerName is the authorizer's name in cache entries.
const authorizerName = "authorizer"

// Config describes the REST API method the handler authorizes: a Lambda
// authorizer (authorization type CUSTOM), and the API's resource policy if
// it has one.
type Config struct {
	// API is the API's ARN, arn:aws:execute-api:REGION:ACCOUNT:API_ID;
	// required.
	API string
	// Type is the authorizer's type: apigw.TokenAuthorizer (the zero
	// value) or apigw.RequestAuthorizer. The checks take the caller's
	// identity as present and valid, so the type changes little beyond
	// the wording of cache entries.
	Type apigw.AuthorizerType
	// IdentitySources are the authorizer's identity sources, as in
	// apigw.AuthorizerConfig: a TOKEN authorizer's token header (default
	// method.request.header.Authorization), a REQUEST authorizer's cache
	// key (default the same header). They decide where Event puts the
	// token, and the identity cache entries show.
	IdentitySources []string
	// TTL is the authorizer cache TTL in seconds
	// (authorizerResultTtlInSeconds): the zero TTL is API Gateway's
	// default, apigw.DefaultTTL (300); apigw.TTLSeconds(0) turns caching off.
	TTL apigw.TTL
	// ResourcePolicy is the API's resource policy JSON; nil when none is
	// attached. Shorthand resources ("execute-api:/prod/GET/*") are
	// expanded against API.
	ResourcePolicy []byte
	// SourceIP is the caller's address (aws:SourceIp, and
	// requestContext.identity.sourceIp and X-Forwarded-For in a REQUEST
	// event), such as "203.0.113.9". API Gateway always knows it, so it is
	// required when a policy reads aws:SourceIp and for a REQUEST Event.
	SourceIP string
	// Time is when the requests arrive (aws:CurrentTime, aws:EpochTime,
	// and the time cache entries are stored); the zero Time is the time
	// New is called.
	Time time.Time
	// Messages chooses the wording of 403 messages (D5).
	Messages apigw.MessageStyle
}

// Gateway checks a Lambda authorizer's responses against a REST API method
// as API Gateway would answer them. New compiles the configuration once;
// each check only reads what the handler returned and evaluates it.
//
// A check takes a request line, "VERB /STAGE/PATH" such as
// "GET /prod/orders/42", and what the handler returned:
//   - an error: the handler failed. Only the exact message "Unauthorized"
//     gives 401; any other message gives 500 (LA-USE, D3);
//   - []byte, json.RawMessage or string: the response's JSON, taken as
//     it is;
//   - nil: the JSON null, which API Gateway cannot parse (500);
//   - any other value: the response, marshalled with encoding/json, as a
//     Lambda runtime sends it. aws-lambda-go's
//     events.APIGatewayCustomAuthorizerResponse, a map[string]any and a
//     struct of your own with the right JSON tags all work this way.
//
// Output API Gateway cannot use (a proxy-style {"statusCode", "body"},
// a principalId that is not a string, an Effect of "allow") is an answer, 500, not a
// mistake in the test: a check that wanted another answer fails with the
// problems, each with its line and column in the output.
//
// The checks take the caller's identity (the token, or the identity
// sources) as present and valid: they test what the handler returned, not
// API Gateway's identity check before it.
//
// A Gateway is immutable and safe for concurrent use. Its TB helpers report
// to the testing.TB given to New; in a subtest use For to report to the
// subtest instead. A Gateway New did not make (the zero Gateway) passes no
// check: Check returns an error, and the TB helpers, with no testing.TB
// to report to (unless For gave one), return false or zero values.
type Gateway struct {
	tb    testing.TB
	cfg   Config
	api   arn.API
	model *apigw.API
	gw    *apigw.Gateway // the method's authorization
	addr  netip.Addr
	ctx   *eval.Context
	now   time.Time
	opts  apigw.ExplainOptions
}

// errNotNew is why a Gateway that New did not make (the zero Gateway)
// checks nothing.
var errNotNew = errors.New("authztest: the Gateway was not made by New: it has no configuration to check against")

// New compiles cfg for checks reported to tb. A configuration that cannot
// be used (an API ARN that does not parse, a resource policy that does not
// parse or compile, a resource policy that reads aws:SourceIp without
// Config.SourceIP, an address that is not one, a TTL out of range) stops
// the test with tb.Fatalf, naming each problem with its line and column.
func New(tb testing.TB, cfg Config) *Gateway {
	tb.Helper()
	g, err := compile(cfg)
	if err != nil {
		tb.Fatalf("%v", err)
		return nil
	}
	g.tb = tb
	return g
}

func compile(cfg Config) (*Gateway, error) {
	api, err := arn.ParseAPI(cfg.API)
	if err != nil {
		return nil, fmt.Errorf("authztest: Config.API: %v", err)
	}
	var addr netip.Addr
	if cfg.SourceIP != "" {
		if addr, err = netip.ParseAddr(cfg.SourceIP); err != nil {
			return nil, fmt.Errorf("authztest: Config.SourceIP %q is not an IP address", cfg.SourceIP)
		}
	}
	var rp *policy.Document
	if cfg.ResourcePolicy != nil {
		rp, err = policy.Parse(cfg.ResourcePolicy, policy.ParseOptions{File: resourcePolicyFile, Kind: policy.ResourceBased})
		if err != nil {
			return nil, fmt.Errorf("authztest: Config.ResourcePolicy does not parse:\n%s", detail(err, cfg.ResourcePolicy))
		}
	}
	ac := apigw.AuthorizerConfig{Name: authorizerName, Type: cfg.Type, TTL: cfg.TTL, IdentitySources: cfg.IdentitySources}
	if cfg.Type == apigw.RequestAuthorizer && len(ac.IdentitySources) == 0 {
		// A REQUEST authorizer with caching on needs an identity source
		// for its cache key; the checks take the identity as given, so
		// which one does not matter.
		ac.IdentitySources = []string{apigw.DefaultTokenSource}
	}
	def := apigw.APIConfig{
		AllMethods:     &apigw.MethodConfig{Auth: apigw.AuthCustom, Authorizer: authorizerName},
		Authorizers:    []apigw.Authorizer{{AuthorizerConfig: ac}},
		ResourcePolicy: rp,
	}
	def.SetARN(api)
	model, err := apigw.NewAPI(def)
	if err != nil {
		return nil, fmt.Errorf("authztest: API Gateway would not accept Config:\n%s", detail(err, cfg.ResourcePolicy))
	}
	now := cfg.Time
	if now.IsZero() {
		now = time.Now()
	}
	ctx, err := apigw.ContextFor(apigw.RequestInfo{Time: now, SourceIP: addr})
	if err != nil {
		return nil, fmt.Errorf("authztest: %v", err)
	}
	if a, found := eval.ReadsMissingAddress(ctx, rp); found {
		return nil, fmt.Errorf("authztest: %s: statement %d reads %s, which API Gateway always sets: give the caller's address in Config.SourceIP",
			where(a.Document.File, a.Pos), a.Statement.Index, a.Key)
	}
	return &Gateway{cfg: cfg, api: api, model: model, gw: model.Route("GET", "/").Gateway(), addr: addr, ctx: ctx, now: now,
		opts: apigw.ExplainOptions{Messages: cfg.Messages}}, nil
}

// For returns a Gateway that shares g's compiled configuration and reports
// to tb, such as a subtest's *testing.T, so that a failure is reported by
// the subtest that made it.
func (g *Gateway) For(tb testing.TB) *Gateway {
	c := *g
	c.tb = tb
	return &c
}

// MethodARN returns the method ARN API Gateway builds for request
// ("GET /prod/orders/42" gives
// "arn:aws:execute-api:REGION:ACCOUNT:API_ID/prod/GET/orders/42"): the
// methodArn of the authorizer's input event. A request line that is not
// one stops the test with tb.Fatalf.
func (g *Gateway) MethodARN(request string) string {
	if g.tb == nil {
		return ""
	}
	g.tb.Helper()
	m, err := g.method(request)
	if err != nil {
		g.tb.Fatalf("%v", err)
		return ""
	}
	return m.String()
}

func (g *Gateway) method(request string) (arn.MethodARN, error) {
	if g.gw == nil {
		return arn.MethodARN{}, errNotNew
	}
	m, err := g.api.Method(request)
	if err != nil {
		return arn.MethodARN{}, fmt.Errorf("authztest: request %q: %v", request, err)
	}
	if err := arn.CheckRESTMethod(m.Verb); err != nil {
		return arn.MethodARN{}, fmt.Errorf("authztest: request %q: %v", request, err)
	}
	return m, nil
}

// Answer returns API Gateway's answer to request when the handler returned
// returned, with iamgate's explanation, for assertions the other helpers
// do not make. A request line that is not one, or a value with no JSON
// form, stops the test with tb.Fatalf.
func (g *Gateway) Answer(request string, returned any) apigw.Answer {
	if g.tb == nil {
		return apigw.Answer{}
	}
	g.tb.Helper()
	m, r, err := g.prepare(request, returned)
	if err != nil {
		g.tb.Fatalf("%v", err)
		return apigw.Answer{}
	}
	call, err := g.call(m, r, nil)
	if err != nil {
		g.tb.Fatalf("%v", err)
		return apigw.Answer{}
	}
	return g.gw.Explain(call, g.opts)
}

// Check reports whether API Gateway answers request as wanted when the
// handler returned returned. It returns nil when it does; otherwise a
// *Failure whose text is the failure message the TB helpers report, or an
// error saying why the check could not be made (a request line that is not
// one, a value with no JSON form, an invalid Want). It does not report to
// the testing.TB.
func (g *Gateway) Check(request string, returned any, want Want) error {
	if !want.valid() {
		return fmt.Errorf("authztest: %s: %v is not an answer to check", request, want)
	}
	m, r, err := g.prepare(request, returned)
	if err != nil {
		return err
	}
	// Decide is enough to pass; only a failure needs the explanation.
	call, err := g.call(m, r, nil)
	if err != nil {
		return err
	}
	if want.met(g.gw.Decide(call)) {
		return nil
	}
	return &Failure{Request: request, Want: want, Answer: g.gw.Explain(call, g.opts), result: r}
}

// Allowed checks that API Gateway lets request through when the handler
// returned returned, and reports a failure with tb.Errorf otherwise. It
// returns whether the check passed.
func (g *Gateway) Allowed(request string, returned any) bool {
	if g.tb == nil {
		return false
	}
	g.tb.Helper()
	return g.report(g.Check(request, returned, Allow))
}

// ExplicitlyDenied checks that API Gateway answers request with 403
// because a Deny statement applied (in the authorizer's policy or in the
// resource policy), and reports a failure with tb.Errorf otherwise.
func (g *Gateway) ExplicitlyDenied(request string, returned any) bool {
	if g.tb == nil {
		return false
	}
	g.tb.Helper()
	return g.report(g.Check(request, returned, ExplicitDeny))
}

// ImplicitlyDenied checks that API Gateway answers request with 403
// because no statement allowed it and none denied it, and reports a failure
// with tb.Errorf otherwise.
func (g *Gateway) ImplicitlyDenied(request string, returned any) bool {
	if g.tb == nil {
		return false
	}
	g.tb.Helper()
	return g.report(g.Check(request, returned, ImplicitDeny))
}

// Unauthorized checks that API Gateway answers request with 401: the
// handler failed with exactly the error "Unauthorized". It reports a
// failure with tb.Errorf otherwise.
func (g *Gateway) Unauthorized(request string, returned any) bool {
	if g.tb == nil {
		return false
	}
	g.tb.Helper()
	return g.report(g.Check(request, returned, Unauthorized))
}

func (g *Gateway) report(err error) bool {
	g.tb.Helper()
	if err != nil {
		g.tb.Errorf("%v", err)
		return false
	}
	return true
}

// prepare parses the request line and reads what the handler returned.
func (g *Gateway) prepare(request string, returned any) (arn.MethodARN, *apigw.AuthorizerResult, error) {
	m, err := g.method(request)
	if err != nil {
		return m, nil, err
	}
	r, err := result(returned)
	if err != nil {
		return m, nil, fmt.Errorf("authztest: %s: %v", request, err)
	}
	if resp := r.Response(); resp != nil {
		if a, found := eval.ReadsMissingAddress(g.ctx, resp.Policy); found {
			return m, nil, fmt.Errorf("authztest: %s: %s: statement %d of the returned policy reads %s, which API Gateway always sets: give the caller's address in Config.SourceIP",
				request, where(a.Document.File, a.Pos), a.Statement.Index, a.Key)
		}
	}
	return m, r, nil
}

// call is the request as API Gateway sees it when it authorizes it, with
// the authorizer's result, freshly invoked or (e != nil) from the cache.
// It is built by the request builder every front end of iamgate uses.
func (g *Gateway) call(m arn.MethodARN, r *apigw.AuthorizerResult, e *apigw.CachedResult) (*apigw.Call, error) {
	p, err := g.model.Prepare(apigw.Request{Verb: m.Verb, Stage: m.Stage, Path: m.Path, AssumeValidIdentity: true,
		Info: apigw.RequestInfo{Time: g.now, SourceIP: g.addr}})
	if err != nil {
		return nil, fmt.Errorf("authztest: request %s: %v", m, err)
	}
	c := &p.Call
	c.Authorizer, c.Cached = r, e
	return c, nil
}

// where is "file:line:col", or the file alone without a position.
func where(file string, p policy.Pos) string {
	if !p.IsValid() {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Column)
}

// detail lists every problem of err, indented, with the source line and a
// caret under each position in src.
func detail(err error, src []byte) string {
	var lines []string
	var walk func(error)
	walk = func(err error) {
		if list := policy.AsList(err); len(list) > 0 {
			lines = append(lines, safetext.SpacedDetail(list.Detail(src)))
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		lines = append(lines, err.Error())
	}
	walk(err)
	return safetext.PrefixLines(strings.Join(lines, "\n"), "    ")
}
