package apigw

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/cite"
	"github.com/iamgate/iamgate/policy"
)

// DefaultTTL is the authorizer cache TTL in seconds API Gateway uses when
// none is set (authorizerResultTtlInSeconds, API-AUTHORIZER); MaxTTL is the
// largest it accepts.
const (
	DefaultTTL = 300
	MaxTTL     = 3600
)

// DefaultTokenSource is the identity source of a TOKEN authorizer when none
// is given: the Authorization header.
const DefaultTokenSource = "method.request.header.Authorization"

// AuthorizerConfig describes a Lambda (or Cognito) authorizer as API Gateway
// stores it (API-AUTHORIZER).
type AuthorizerConfig struct {
	// Name identifies the authorizer. Methods whose authorizers have the
	// same name share authorizer cache entries (AuthorizerCache), as the
	// methods of an API that use one authorizer do.
	Name string
	// Type is TOKEN or REQUEST; ignored for Cognito.
	Type AuthorizerType
	// IdentitySources are mapping expressions such as
	// "method.request.header.Authorization",
	// "method.request.querystring.name", "stageVariables.name" or
	// "context.name". A TOKEN or Cognito authorizer has exactly one, a
	// header (DefaultTokenSource when empty). A REQUEST authorizer needs at
	// least one when caching is on.
	IdentitySources []string
	// ValidationExpression is the token validation regular expression (Go
	// RE2 syntax; it must match as a whole, D8) of a TOKEN authorizer,
	// matched against the token, or of a Cognito authorizer, matched
	// against the token's aud claim (API-AUTHORIZER). Empty means none.
	ValidationExpression string
	// TTL is authorizerResultTtlInSeconds: the zero TTL is AWS's
	// default, DefaultTTL (300 s); TTLSeconds(0) turns the cache off,
	// which also turns off the presence check of REQUEST identity sources
	// (D7); at most MaxTTL.
	TTL TTL
}

// TTL is an authorizer's result cache time to live in whole seconds
// (authorizerResultTtlInSeconds). The zero TTL is unset, which API
// Gateway reads as DefaultTTL; an explicit 0 (TTLSeconds(0)) turns the
// cache off. The two are different values, so a forgotten TTL never turns
// caching off. TTL is a small comparable value.
type TTL struct {
	seconds int
	set     bool
}

// TTLSeconds returns the TTL of n seconds; TTLSeconds(0) turns the cache
// off. NewGateway rejects n outside 0 to MaxTTL.
func TTLSeconds(n int) TTL { return TTL{seconds: n, set: true} }

// IsSet reports whether t was given; it is false for the zero TTL, for
// which DefaultTTL applies.
func (t TTL) IsSet() bool { return t.set }

// Seconds returns the TTL in seconds: DefaultTTL when t is unset.
func (t TTL) Seconds() int {
	if !t.set {
		return DefaultTTL
	}
	return t.seconds
}

// String returns the TTL in seconds, such as "300", or "default (300)"
// when it is unset.
func (t TTL) String() string {
	if !t.set {
		return fmt.Sprintf("default (%d)", DefaultTTL)
	}
	return strconv.Itoa(t.seconds)
}

// ttl returns the configured TTL in seconds, DefaultTTL when unset.
func (a *AuthorizerConfig) ttl() int { return a.TTL.Seconds() }

// Config is what API Gateway knows about one method of a REST API when a
// request arrives: the API, its resource policy, and the method's
// authorization.
type Config struct {
	// API is the API the method belongs to; required.
	API arn.API
	// ResourcePolicy is the API's resource policy; nil when none is
	// attached. It must be a resource-based (or generic) document.
	ResourcePolicy *policy.Document
	// Auth is the method's authorization type.
	Auth AuthType
	// Authorizer describes the authorizer for AuthCustom and AuthCognito.
	Authorizer AuthorizerConfig
	// APIKeyRequired says whether the method requires an API key, read
	// from APIKeySource and checked against Call.APIKeys (D19).
	APIKeyRequired bool
	APIKeySource   APIKeySource
	// GatewayResponses are the API's gateway-response overrides, applied
	// to the answers (GW-DEF). NewAPI compiles them once for all of an
	// API's methods.
	GatewayResponses []GatewayResponse
}

// Gateway is a compiled Config: the resource policy compiled, the identity
// sources and validation expression prepared. It is immutable and safe for
// concurrent use; Decide never parses or compiles anything. The *Call its
// methods take must not be nil.
type Gateway struct {
	compiled bool
	cfg      Config
	rp       *eval.PolicySet
	sources  []identitySource
	validate *tokenMatcher
	// responses are the compiled GatewayResponses; nil when none.
	responses *responseSet
}

// Identity sources of a TOKEN or Cognito authorizer, and those of a
// REQUEST authorizer, are mapping expressions; see AuthorizerConfig.

// identitySource is one parsed mapping expression.
type identitySource struct {
	text string
	kind sourceKind
	name string // canonical header name, or the name as written
}

type sourceKind uint8

const (
	sourceHeader sourceKind = iota
	sourceQuery
	sourceStageVariable
	sourceContext
)

// NewGateway checks and compiles a configuration. Every problem is
// reported; resource-policy problems come as a policy.ErrorList.
func NewGateway(cfg Config) (*Gateway, error) { return newGateway(cfg, nil, nil) }

// newGateway is NewGateway with the resource policy already compiled (rp),
// or compiled here when rp is nil, and the gateway responses compiled (rs),
// or compiled here from cfg.GatewayResponses when rs is nil.
func newGateway(cfg Config, rp *eval.PolicySet, rs *responseSet) (*Gateway, error) {
	if cfg.API.IsZero() {
		return nil, errors.New("apigw: gateway: the API is required")
	}
	if cfg.Auth > AuthCognito {
		return nil, fmt.Errorf("apigw: gateway: invalid authorization type %d", uint8(cfg.Auth))
	}
	g := &Gateway{cfg: cfg, compiled: true}
	var errs []error
	if cfg.ResourcePolicy != nil {
		if k := cfg.ResourcePolicy.Kind; k != policy.ResourceBased && k != policy.Generic {
			errs = append(errs, fmt.Errorf("apigw: gateway: the resource policy %s was read as an %s", nameOf(cfg.ResourcePolicy), k))
		}
		if rp == nil {
			var err error
			if rp, err = eval.Compile(eval.CompileOptions{API: cfg.API}, cfg.ResourcePolicy); err != nil {
				errs = append(errs, err)
			}
		}
		g.rp = rp
	}
	if cfg.Auth == AuthCustom || cfg.Auth == AuthCognito {
		if err := g.compileAuthorizer(); err != nil {
			errs = append(errs, err)
		}
	}
	if cfg.APIKeySource > APIKeyFromAuthorizer {
		errs = append(errs, fmt.Errorf("apigw: gateway: invalid API key source %d", uint8(cfg.APIKeySource)))
	}
	if rs == nil && len(cfg.GatewayResponses) > 0 {
		var err error
		if rs, err = compileResponses(cfg.GatewayResponses); err != nil {
			errs = append(errs, err)
		}
	}
	g.responses = rs
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return g, nil
}

func nameOf(d *policy.Document) string {
	if d.File != "" {
		return d.File
	}
	return "document"
}

func (g *Gateway) compileAuthorizer() error {
	a := g.cfg.Authorizer
	if a.Type > RequestAuthorizer {
		return fmt.Errorf("apigw: authorizer: invalid type %d", uint8(a.Type))
	}
	if t := a.ttl(); t < 0 || t > MaxTTL {
		return fmt.Errorf("apigw: authorizer: TTL %d is out of range: API Gateway accepts 0 (caching off) to %d seconds", t, MaxTTL)
	}
	token := g.cfg.Auth == AuthCognito || a.Type == TokenAuthorizer
	sources := a.IdentitySources
	if token && len(sources) == 0 {
		sources = []string{DefaultTokenSource}
	}
	for _, list := range sources {
		// API Gateway stores REQUEST identity sources as one
		// comma-separated string (API-AUTHORIZER).
		for _, s := range strings.Split(list, ",") {
			src, err := parseIdentitySource(s)
			if err != nil {
				return err
			}
			g.sources = append(g.sources, src)
		}
	}
	switch {
	case token && (len(g.sources) != 1 || g.sources[0].kind != sourceHeader):
		return fmt.Errorf("apigw: authorizer: a %s authorizer reads its token from exactly one header (method.request.header.NAME), not %q", g.authorizerName(), strings.Join(sources, ", "))
	case !token && a.ttl() > 0 && len(g.sources) == 0:
		return fmt.Errorf("apigw: authorizer: a REQUEST authorizer with caching on (TTL %d) needs at least one identity source: they make the cache key (%s); or turn caching off with a TTL of 0", a.ttl(), cite.Inline("API-AUTHORIZER"))
	}
	if a.ValidationExpression != "" {
		if g.cfg.Auth != AuthCognito && (g.cfg.Auth != AuthCustom || a.Type != TokenAuthorizer) {
			return fmt.Errorf("apigw: authorizer: a token validation expression applies only to TOKEN and COGNITO_USER_POOLS authorizers (%s)", cite.Inline("API-AUTHORIZER"))
		}
		// Parse the pattern as written first, so that a mistake is
		// reported in the user's text, not in the anchored wrapper.
		if _, err := syntax.Parse(a.ValidationExpression, syntax.Perl); err != nil {
			return fmt.Errorf("apigw: authorizer: token validation expression %q is not a valid RE2 regular expression: %v", a.ValidationExpression, unwrapRegexpError(err))
		}
		re, err := newTokenMatcher(a.ValidationExpression)
		if err != nil {
			return fmt.Errorf("apigw: authorizer: token validation expression %q is not a valid RE2 regular expression: %v", a.ValidationExpression, unwrapRegexpError(err))
		}
		g.validate = re
	}
	return nil
}

func unwrapRegexpError(err error) error {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%s: %q", se.Code, se.Expr)
	}
	return err
}

func (g *Gateway) authorizerName() string {
	if g.cfg.Auth == AuthCognito {
		return "Cognito user pool"
	}
	return g.cfg.Authorizer.Type.String()
}

// parseIdentitySource parses one identity-source mapping expression
// (LA-CONFIG): header, query string, stage variable or context variable.
// Path parameters cannot be identity sources (LA-INPUT).
func parseIdentitySource(s string) (identitySource, error) {
	t := strings.TrimSpace(s)
	for _, k := range []struct {
		prefix string
		kind   sourceKind
	}{
		{"method.request.header.", sourceHeader},
		{"method.request.querystring.", sourceQuery},
		{"stageVariables.", sourceStageVariable},
		{"context.", sourceContext},
	} {
		if name, ok := strings.CutPrefix(t, k.prefix); ok && name != "" {
			if k.kind == sourceHeader {
				name = textproto.CanonicalMIMEHeaderKey(name)
			}
			return identitySource{text: t, kind: k.kind, name: name}, nil
		}
	}
	if strings.HasPrefix(t, "method.request.path.") {
		return identitySource{}, fmt.Errorf("apigw: authorizer: identity source %q: path parameters cannot be identity sources (%s)", s, cite.Inline("LA-INPUT"))
	}
	return identitySource{}, fmt.Errorf("apigw: authorizer: identity source %q is not method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME", s)
}

// MustNewGateway is NewGateway that panics on error, for tests and
// examples.
func MustNewGateway(cfg Config) *Gateway {
	g, err := NewGateway(cfg)
	if err != nil {
		panic(err)
	}
	return g
}

// Config returns the configuration the gateway was compiled from.
func (g *Gateway) Config() Config { return g.cfg }

// ResourcePolicy returns the compiled resource policy, or nil when none is
// attached.
func (g *Gateway) ResourcePolicy() *eval.PolicySet { return g.rp }

// Call is one request as API Gateway sees it when it authorizes it. Build
// it once per request; Decide only reads it.
type Call struct {
	// Method is the request's method ARN, built from the concrete verb and
	// path (arn.API.Method); required.
	Method arn.MethodARN

	// Headers, Query, StageVariables and RequestContext hold the values
	// identity sources read. Header names are case-insensitive
	// (http.Header canonical keys).
	Headers        http.Header
	Query          url.Values
	StageVariables map[string]string
	RequestContext map[string]string
	// AssumeValidIdentity skips the identity check: the token or identity
	// sources are taken as present and valid.
	AssumeValidIdentity bool

	// APIKeys are the API keys the API's usage plans accept for this
	// stage: a method that requires an API key lets the call through only
	// when its key (Config.APIKeySource) is one of them.
	APIKeys []string

	// Caller is the IAM caller of an AWS_IAM method (the zero Caller:
	// unsigned); other methods' callers are anonymous (RP-CREATE).
	Caller eval.Caller
	// IdentityPolicies are the IAM caller's identity-based policies.
	IdentityPolicies *eval.PolicySet

	// Context is the request's condition context (ContextFor builds it
	// per D17).
	Context *eval.Context

	// Authorizer is the Lambda authorizer's result for this request, used
	// when the flow reaches the authorizer; nil means it has not been
	// invoked (Outcome.NeedsAuthorizer).
	Authorizer *AuthorizerResult
	// Cached is the authorizer cache entry Authorizer was taken from, or
	// nil when the authorizer was invoked for this call. When it is set
	// (and its Result is Authorizer), the outcome says FromCache and
	// Explain says which request stored the result.
	Cached *CachedResult

	// prepared is the Method that Prepare built resource, anon and signed
	// for: the method ARN's text and the policy requests, so that deciding
	// builds none.
	prepared     arn.MethodARN
	resource     string
	anon, signed eval.Request
}

// Prepare builds what deciding needs: the method ARN's text and the policy
// requests. Call it after setting the other fields. Deciding checks that
// the preparation matches the call's Method, Caller and Context; when it
// does not (the call changed, or was never prepared), it works without it,
// at the cost of allocations.
func (c *Call) Prepare() *Call {
	c.prepared, c.resource = c.Method, c.Method.String()
	c.anon = eval.Request{Resource: c.resource, Context: c.Context}
	c.signed = eval.Request{Resource: c.resource, Caller: c.Caller, Context: c.Context}
	return c
}

// methodARN returns the text of the call's method ARN: the prepared one
// when it is current.
func (c *Call) methodARN() string {
	if c.resource != "" && c.prepared == c.Method {
		return c.resource
	}
	return c.Method.String()
}

// request returns the policy request for the call's resource and caller:
// the prepared one when it is current, otherwise a new one.
func (c *Call) request(resource string, caller eval.Caller) *eval.Request {
	r := &c.anon
	if !caller.IsAnonymous() {
		r = &c.signed
	}
	if r.Resource == resource && r.Context == c.Context && r.Caller == caller && r.Action == (eval.Action{}) {
		return r
	}
	return &eval.Request{Resource: resource, Caller: caller, Context: c.Context}
}

// Outcome is API Gateway's answer to a call, as values: no strings are
// built, so Decide does not allocate. Explain gives the full answer.
type Outcome struct {
	// Status is the HTTP status the client gets: 200 when authorization
	// let the call through to the integration; 0 only when NeedsAuthorizer
	// is set. When the API's gateway response for Response (or its
	// DEFAULT_4XX / DEFAULT_5XX) sets a status code, Status is that code:
	// the client, and so a suite's expected status, sees it. The
	// overrides are compiled once (NewAPI), so Decide still allocates
	// nothing. Response says what happened whatever the status.
	Status int
	// Decision is the policy decision; meaningful only when Decided.
	Decision eval.Decision
	// Decided is false when no policy decision was reached: an identity
	// check failed (401, or 403 Missing Authentication Token), the
	// authorizer failed (401 for "Unauthorized", 500), or the method ARN
	// is too long (414). A call refused for its API key (LayerAPIKey)
	// keeps the decision that let it through authorization (Allow).
	Decided bool
	// DecidedBy is the layer that produced the answer.
	DecidedBy Layer
	// Response is the gateway response type; NoGatewayResponse for a call
	// let through to the integration.
	Response ResponseType
	// Table and Row are the outcome table and the cell that decided; Table
	// is NoTable when the answer came before a table was consulted.
	Table eval.Table
	Row   eval.TableRow
	// Phase1 is true when the resource policy explicitly denied before the
	// authorizer would have run (AUTHFLOW).
	Phase1 bool
	// AuthorizerReached is true when the flow got as far as the Lambda
	// authorizer (identity check and phase 1 passed).
	AuthorizerReached bool
	// NeedsAuthorizer is true when the flow reached the Lambda authorizer
	// and the call carried no result: invoke it (or take it from a cache)
	// and decide again with Call.Authorizer set.
	NeedsAuthorizer bool
	// FromCache is true when the authorizer's result came from the
	// authorizer cache (Call.Cached) rather than an invocation.
	FromCache bool
}

// Decide predicts API Gateway's answer to the call. It does not allocate
// (unless the authorizer's token validation expression does) and never
// parses or compiles anything.
func (g *Gateway) Decide(c *Call) Outcome {
	return g.flow(c, nil)
}

// IdentitySources returns the identity sources the gateway's authorizer
// reads, one mapping expression each, in order: the token header of a TOKEN
// or Cognito authorizer (DefaultTokenSource when none was configured), a
// REQUEST authorizer's sources split at commas. It is empty for methods
// without an authorizer.
func (g *Gateway) IdentitySources() []string {
	out := make([]string, len(g.sources))
	for i, s := range g.sources {
		out[i] = s.text
	}
	return out
}

// IdentityValue returns the value the call carries for the i-th identity
// source (see IdentitySources), and whether it carries one: the first
// value of a header or query parameter, a stage variable or a request
// context value.
func (g *Gateway) IdentityValue(c *Call, i int) (string, bool) {
	if i < 0 || i >= len(g.sources) {
		return "", false
	}
	return c.sourceValue(&g.sources[i])
}
