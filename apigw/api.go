package apigw

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

// APIConfig is one REST API as it is defined: where it is (its ARN's
// parts), how it is reached (its endpoint type), its stages, its methods
// and their authorization, its authorizers, its resource policy and its
// gateway-response overrides. Suites, the eval command, authztest and the
// importers of templates all produce one; NewAPI validates and compiles
// it, once.
//
// An APIConfig is plain data. Values that may not be known before deploy
// (the account, the API id, an authorizer's function) are Values: text,
// or the symbol they depend on. Validate accepts symbols; NewAPI needs the
// ARN's parts known, and never turns a symbol into text.
type APIConfig struct {
	// Name is the API's name, for messages; it may be empty.
	Name string
	// Partition, Region, Account and ID are the parts of the API's ARN,
	// arn:PARTITION:execute-api:REGION:ACCOUNT:ID.
	Partition, Region, Account, ID Value
	// Endpoint is the endpoint type; the zero value is EDGE, API
	// Gateway's default for a REST API.
	Endpoint EndpointType
	// VPCEndpoints are the interface VPC endpoints (vpce-...) a PRIVATE
	// API is reached through, when the definition names them.
	VPCEndpoints []Value
	// Stages are the API's deployed stages; none means they are not
	// known (any stage name is taken).
	Stages []Stage
	// Methods are the API's methods: a verb (or ANY) on a resource path
	// template. None means the methods are not listed, and AllMethods, if
	// set, stands for every one.
	Methods []MethodConfig
	// AllMethods is the authorization of every method of an API whose
	// methods are not listed (Methods is empty): a request to any path
	// reaches a method with this authorization, whose resource is the
	// request's path itself. It must be nil when Methods is not empty.
	AllMethods *MethodConfig
	// Authorizers are the API's authorizers, named by the methods that use
	// them.
	Authorizers []Authorizer
	// ResourcePolicy is the API's resource policy; nil when none is
	// attached. It is a resource-based (or generic) document.
	ResourcePolicy *policy.Document
	// GatewayResponses are the API's gateway-response overrides: the
	// answers of the API's methods take their status, headers and body
	// from them (GW-DEF, GW-TYPES).
	GatewayResponses []GatewayResponse
	// APIKeySource is where the API key of a method that requires one is
	// read: the x-api-key header (the zero value) or the authorizer's
	// usageIdentifierKey.
	APIKeySource APIKeySource
	// Origin is where the API was defined.
	Origin Location
}

// SetARN sets the API's partition, region, account and id, all known,
// from an API ARN.
func (c *APIConfig) SetARN(id arn.API) {
	c.Partition, c.Region, c.Account, c.ID = Known(id.Partition), Known(id.Region), Known(id.Account), Known(id.ID)
}

// Value is a value of an API's definition that may be unknown until the
// API is deployed: either Text, or Symbol, the expression it depends on as
// written (such as "AWS::AccountId" or "!GetAtt AuthFunction.Arn"). The
// zero Value is the empty text.
type Value struct {
	Text   string
	Symbol string
}

// Known returns the Value of a known text.
func Known(text string) Value { return Value{Text: text} }

// Unknown returns the Value that depends on symbol.
func Unknown(symbol string) Value { return Value{Symbol: symbol} }

// IsKnown reports whether v is text rather than a symbol.
func (v Value) IsKnown() bool { return v.Symbol == "" }

// String returns the text, or "<unknown: SYMBOL>" for a symbol.
func (v Value) String() string {
	if v.Symbol != "" {
		return "<unknown: " + v.Symbol + ">"
	}
	return v.Text
}

// Location is where a part of an API's definition was written: a file, a
// position in it and the JSON Pointer of the value. The zero Location is a
// value built in Go.
type Location struct {
	File string
	Pos  policy.Pos
	Path string
}

// errorf is a problem at o.
func (o Location) errorf(format string, args ...any) *policy.Error {
	return &policy.Error{File: o.File, Pos: o.Pos, Path: o.Path, Msg: fmt.Sprintf(format, args...)}
}

// EndpointType is a REST API's endpoint type.
type EndpointType uint8

const (
	// EdgeEndpoint is an edge-optimized API (EDGE), the default.
	EdgeEndpoint EndpointType = iota
	// RegionalEndpoint is a regional API (REGIONAL).
	RegionalEndpoint
	// PrivateEndpoint is a private API (PRIVATE), reached only through
	// interface VPC endpoints; it cannot be deployed without a resource
	// policy.
	PrivateEndpoint
)

var endpointNames = [...]string{"EDGE", "REGIONAL", "PRIVATE"}

// String returns "EDGE", "REGIONAL" or "PRIVATE".
func (t EndpointType) String() string {
	if int(t) < len(endpointNames) {
		return endpointNames[t]
	}
	return fmt.Sprintf("EndpointType(%d)", uint8(t))
}

// ParseEndpointType accepts "EDGE", "REGIONAL" or "PRIVATE", exactly.
func ParseEndpointType(s string) (EndpointType, error) {
	for i, n := range endpointNames {
		if s == n {
			return EndpointType(i), nil
		}
	}
	return 0, fmt.Errorf("apigw: unknown endpoint type %q: expected EDGE, REGIONAL or PRIVATE", s)
}

// Stage is one deployed stage of an API.
type Stage struct {
	// Name is the stage's name, the first segment of a request's path.
	Name string
	// Variables are the stage variables.
	Variables map[string]string
	Origin    Location
}

// MethodConfig is one method of a REST API: a verb on a resource, and its
// authorization.
type MethodConfig struct {
	// Verb is GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY.
	Verb string
	// Path is the resource's path template: "/", "/orders/{id}",
	// "/{proxy+}". It is empty only for APIConfig.AllMethods.
	Path string
	// Auth is the method's authorization type.
	Auth AuthType
	// Authorizer names the API's authorizer for CUSTOM and
	// COGNITO_USER_POOLS methods.
	Authorizer string
	// Scopes are the method's authorization scopes (OAuth scopes a
	// Cognito user pool authorizer checks in an access token).
	Scopes []string
	// APIKeyRequired says whether the method requires an API key.
	APIKeyRequired bool
	Origin         Location
}

// Route returns the method as "VERB /path", such as "GET /orders/{id}".
func (m *MethodConfig) Route() string { return m.Verb + " " + m.Path }

// Authorizer is one authorizer of an API: a Lambda authorizer (TOKEN or
// REQUEST) or a Cognito user pool authorizer. Its embedded
// AuthorizerConfig is what API Gateway reads when a request arrives.
type Authorizer struct {
	AuthorizerConfig
	// Cognito marks a COGNITO_USER_POOLS authorizer; Type is then
	// ignored.
	Cognito bool
	// Function is a Lambda authorizer's function (its ARN, or a label
	// such as the template's logical id); it may be unknown.
	Function Value
	// Providers are a Cognito authorizer's user pool ARNs.
	Providers []Value
	Origin    Location
}

// Check checks the authorizer's settings as API Gateway does when the
// authorizer is created: its type, TTL, identity sources and token
// validation expression. The error's text begins "apigw: authorizer: ".
func (a *Authorizer) Check() error {
	auth := AuthCustom
	if a.Cognito {
		auth = AuthCognito
	}
	g := &Gateway{cfg: Config{Auth: auth, Authorizer: a.AuthorizerConfig}}
	return g.compileAuthorizer()
}

// TokenHeader returns the header a TOKEN or Cognito authorizer reads its
// token from (in canonical form), and false for a REQUEST authorizer or
// one whose identity source is not a header.
func (a *Authorizer) TokenHeader() (string, bool) {
	auth := AuthCustom
	if a.Cognito {
		auth = AuthCognito
	}
	g := &Gateway{cfg: Config{Auth: auth, Authorizer: a.AuthorizerConfig}, compiled: true}
	if g.compileAuthorizer() != nil {
		return "", false
	}
	return g.TokenHeader()
}

// GatewayResponse is a gateway-response override: what API Gateway sends
// for one response type instead of its default.
type GatewayResponse struct {
	// Type is the response type as API Gateway names it, such as
	// "ACCESS_DENIED", "UNAUTHORIZED" or "DEFAULT_4XX".
	Type string
	// Status is the status code sent; 0 keeps the type's default.
	Status int
	// Headers are the response headers set, by name. A value is static
	// text (written in single quotes in a template, which the readers
	// strip; quotes left on are stripped too) or a mapping expression:
	// method.request.header.NAME, method.request.querystring.NAME,
	// method.request.path.NAME, stageVariables.NAME or context.NAME.
	Headers map[string]string
	// Templates are the body mapping templates, by content type.
	Templates map[string]string
	Origin    Location
}

// gatewayResponseTypes are the gateway response types API Gateway defines.
var gatewayResponseTypes = map[string]bool{
	"ACCESS_DENIED": true, "API_CONFIGURATION_ERROR": true, "AUTHORIZER_CONFIGURATION_ERROR": true,
	"AUTHORIZER_FAILURE": true, "BAD_REQUEST_PARAMETERS": true, "BAD_REQUEST_BODY": true,
	"DEFAULT_4XX": true, "DEFAULT_5XX": true, "EXPIRED_TOKEN": true, "INTEGRATION_FAILURE": true,
	"INTEGRATION_TIMEOUT": true, "INVALID_API_KEY": true, "INVALID_SIGNATURE": true,
	"MISSING_AUTHENTICATION_TOKEN": true, "QUOTA_EXCEEDED": true, "REQUEST_TOO_LARGE": true,
	"RESOURCE_NOT_FOUND": true, "THROTTLED": true, "UNAUTHORIZED": true,
	"UNSUPPORTED_MEDIA_TYPE": true, "WAF_FILTERED": true,
}

// Validate checks the definition and returns every problem at once, as a
// policy.ErrorList whose entries carry the Origin of the value at fault;
// nil when there is none. Symbols are accepted wherever a Value is.
func (c *APIConfig) Validate() error {
	var errs policy.ErrorList
	add := func(e *policy.Error) { errs = append(errs, e) }
	c.validateARN(add)
	if c.APIKeySource > APIKeyFromAuthorizer {
		add(c.Origin.errorf("invalid API key source %d", uint8(c.APIKeySource)))
	}
	if c.Endpoint > PrivateEndpoint {
		add(c.Origin.errorf("invalid endpoint type %d", uint8(c.Endpoint)))
	}
	if len(c.VPCEndpoints) > 0 && c.Endpoint != PrivateEndpoint {
		add(c.Origin.errorf("VPC endpoints are given for a %s API: only a PRIVATE API is reached through them", c.Endpoint))
	}
	if c.Endpoint == PrivateEndpoint && c.ResourcePolicy == nil {
		add(c.Origin.errorf("a PRIVATE API has no resource policy: API Gateway does not deploy a private API without one, and every call to it fails until one is attached"))
	}
	if c.ResourcePolicy != nil {
		if k := c.ResourcePolicy.Kind; k != policy.ResourceBased && k != policy.Generic {
			add(c.Origin.errorf("the resource policy %s was read as an %s", nameOf(c.ResourcePolicy), k))
		}
	}
	c.validateStages(add)
	authorizers := c.validateAuthorizers(add)
	if len(c.Methods) > 0 && c.AllMethods != nil {
		add(c.Origin.errorf("both Methods and AllMethods are given: AllMethods stands for the methods of an API that lists none"))
	}
	if c.AllMethods != nil {
		if c.AllMethods.Path != "" || c.AllMethods.Verb != "" {
			add(c.AllMethods.Origin.errorf("AllMethods stands for every method: its Verb and Path are empty"))
		}
		validateAuth(c.AllMethods, authorizers, add)
	}
	seen := map[string]bool{}
	for i := range c.Methods {
		m := &c.Methods[i]
		if err := checkRoute(m.Verb, m.Path); err != nil {
			add(m.Origin.errorf("%v", err))
		} else if key := m.Verb + " " + canonicalTemplate(m.Path); seen[key] {
			add(m.Origin.errorf("method %s is defined twice", m.Route()))
		} else {
			seen[key] = true
		}
		validateAuth(m, authorizers, add)
	}
	for i := range c.GatewayResponses {
		r := &c.GatewayResponses[i]
		if !gatewayResponseTypes[r.Type] {
			add(r.Origin.errorf("%q is not a gateway response type API Gateway defines", r.Type))
		}
		if r.Status != 0 && (r.Status < 100 || r.Status > 599) {
			add(r.Origin.errorf("status %d is not an HTTP status code", r.Status))
		}
		for name := range r.Headers {
			if name == "" || strings.ContainsAny(name, " \t\r\n:") {
				add(r.Origin.errorf("%q is not a header name", name))
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return errs
}

func (c *APIConfig) validateARN(add func(*policy.Error)) {
	for _, p := range [...]struct {
		what string
		v    Value
	}{{"partition", c.Partition}, {"region", c.Region}, {"account", c.Account}, {"API id", c.ID}} {
		if p.v.IsKnown() && p.v.Text == "" {
			add(c.Origin.errorf("the API's %s is missing: give it, or the symbol it depends on", p.what))
		}
	}
}

func (c *APIConfig) validateStages(add func(*policy.Error)) {
	seen := map[string]bool{}
	for _, s := range c.Stages {
		switch {
		case s.Name == "" || strings.ContainsAny(s.Name, "/ \t\r\n"):
			add(s.Origin.errorf("stage name %q is not one: a stage is one path segment", s.Name))
		case seen[s.Name]:
			add(s.Origin.errorf("stage %q is defined twice", s.Name))
		}
		seen[s.Name] = true
	}
}

// validateAuthorizers checks each authorizer and returns them by name.
func (c *APIConfig) validateAuthorizers(add func(*policy.Error)) map[string]*Authorizer {
	byName := map[string]*Authorizer{}
	for i := range c.Authorizers {
		a := &c.Authorizers[i]
		switch {
		case a.Name == "":
			add(a.Origin.errorf("an authorizer has no name"))
			continue
		case byName[a.Name] != nil:
			add(a.Origin.errorf("authorizer %q is defined twice", a.Name))
			continue
		}
		byName[a.Name] = a
		if err := a.Check(); err != nil {
			add(a.Origin.errorf("authorizer %q: %s", a.Name, strings.TrimPrefix(err.Error(), "apigw: authorizer: ")))
		}
	}
	return byName
}

// validateAuth checks a method's authorization against the API's
// authorizers.
func validateAuth(m *MethodConfig, authorizers map[string]*Authorizer, add func(*policy.Error)) {
	what := "method " + m.Route()
	if m.Path == "" && m.Verb == "" {
		what = "every method"
	}
	switch m.Auth {
	case AuthNone, AuthIAM:
		if m.Authorizer != "" {
			add(m.Origin.errorf("%s uses %s authorization and names authorizer %q: only CUSTOM and COGNITO_USER_POOLS methods use one", what, m.Auth, m.Authorizer))
		}
	case AuthCustom, AuthCognito:
		a := authorizers[m.Authorizer]
		switch {
		case m.Authorizer == "":
			add(m.Origin.errorf("%s uses %s authorization and names no authorizer", what, m.Auth))
		case a == nil:
			add(m.Origin.errorf("%s names authorizer %q, which the API does not define", what, m.Authorizer))
		case a.Cognito != (m.Auth == AuthCognito):
			add(m.Origin.errorf("%s uses %s authorization with authorizer %q, a %s authorizer", what, m.Auth, m.Authorizer, authorizerKind(a)))
		}
	default:
		add(m.Origin.errorf("%s has an invalid authorization type %d", what, uint8(m.Auth)))
	}
	if len(m.Scopes) > 0 && m.Auth != AuthCognito {
		add(m.Origin.errorf("%s has authorization scopes, which only COGNITO_USER_POOLS methods check", what))
	}
}

func authorizerKind(a *Authorizer) string {
	if a.Cognito {
		return "COGNITO_USER_POOLS"
	}
	return a.Type.String()
}

// restVerbs are the verbs a REST API method is defined with.
var restVerbs = map[string]bool{
	http.MethodGet: true, http.MethodPost: true, http.MethodPut: true, http.MethodDelete: true,
	http.MethodPatch: true, http.MethodHead: true, http.MethodOptions: true, "ANY": true,
}
