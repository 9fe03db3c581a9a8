package iac

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/apigw"
)

// RoutesSchemaVersion is the schemaVersion of the Routes JSON form.
const RoutesSchemaVersion = 1

// Routes is the "what did I deploy" view of a Result, as "iamgate routes"
// prints it: every API with its endpoint, resource policy, stages,
// authorizers and routes, and who can call each route on each stage.
// Its JSON form is a contract (docs/schema/routes.schema.json): fields are
// added, never renamed or removed. Values a template leaves unknown are
// written as "${SYMBOL}", never as an empty string.
type Routes struct {
	SchemaVersion int          `json:"schemaVersion"`
	APIs          []RoutesAPI  `json:"apis"`
	Diagnostics   []Diagnostic `json:"diagnostics"`
}

// RoutesAPI is one API of a Routes view.
type RoutesAPI struct {
	// ID is the API's logical id in its template.
	ID string `json:"id"`
	// Kind is "REST" (or "HTTP", once HTTP APIs are read).
	Kind string `json:"kind"`
	// Name is the API's name; "" when the template gives none.
	Name string `json:"name"`
	// File is the template that defines the API; Stack its CDK stack.
	File  string `json:"file"`
	Stack string `json:"stack,omitempty"`
	// ARN is the API's ARN, its unknown parts as symbols.
	ARN string `json:"arn"`
	// EndpointType is EDGE, REGIONAL or PRIVATE.
	EndpointType string `json:"endpointType"`
	// VPCEndpointIDs are the VPC endpoints a PRIVATE API names.
	VPCEndpointIDs []string `json:"vpcEndpointIds"`
	// ResourcePolicy is the policy as written, intrinsics resolved and
	// symbols kept; JSON null when none is attached.
	ResourcePolicy json.RawMessage `json:"resourcePolicy"`
	// PolicySummary has one line per statement of the resource policy.
	PolicySummary []string `json:"policySummary"`
	// Stages are the stage names; empty when the template deploys none.
	Stages []string `json:"stages"`
	// Authorizers are by logical id.
	Authorizers map[string]RoutesAuthorizer `json:"authorizers"`
	// Routes are by "VERB /path/{param}".
	Routes map[string]RoutesRoute `json:"routes"`
}

// RoutesAuthorizer is one authorizer of a RoutesAPI.
type RoutesAuthorizer struct {
	// Name is the authorizer's Name property (its logical id when none).
	Name string `json:"name"`
	// Type is TOKEN, REQUEST or COGNITO_USER_POOLS.
	Type string `json:"type"`
	// IdentitySources are mapping expressions such as
	// "method.request.header.Authorization".
	IdentitySources []string `json:"identitySources"`
	// ValidationExpression is a TOKEN authorizer's token validation
	// expression; nil when none.
	ValidationExpression *string `json:"validationExpression"`
	// TTL is the result cache TTL in seconds; TTLDefaulted is true when
	// the template sets none and AWS's default of 300 applies.
	TTL          int  `json:"ttl"`
	TTLDefaulted bool `json:"ttlDefaulted"`
	// Function is a Lambda authorizer's function or URI; Providers a
	// Cognito authorizer's user pools.
	Function  string   `json:"function,omitempty"`
	Providers []string `json:"providers,omitempty"`
}

// RoutesRoute is one route of a RoutesAPI.
type RoutesRoute struct {
	// AuthorizationType is NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS.
	AuthorizationType string `json:"authorizationType"`
	// Authorizer is the authorizer's logical id; nil when none.
	Authorizer *string `json:"authorizer"`
	// Scopes are the Cognito authorization scopes.
	Scopes []string `json:"scopes"`
	// APIKeyRequired is true when the route needs an x-api-key.
	APIKeyRequired bool `json:"apiKeyRequired"`
	// Callers says who can call the route, by stage name ("*" when the
	// template deploys no stage).
	Callers map[string]Callers `json:"callers"`
}

// Callers says who can call a route on a stage, as far as the template
// tells: Who is one of the Who* constants, Reason says why in a sentence.
type Callers struct {
	Who    string `json:"who"`
	Reason string `json:"reason"`
}

// The values of Callers.Who.
const (
	// WhoPublic: anyone on the internet, unauthenticated.
	WhoPublic = "public"
	// WhoAuthenticated: any caller the authorizer (a Lambda function or a
	// Cognito user pool) accepts.
	WhoAuthenticated = "authenticated"
	// WhoIAM: callers that sign with IAM credentials their policies (or
	// the resource policy) allow.
	WhoIAM = "iam"
	// WhoVPCEndpoint: only callers inside a VPC, through an interface VPC
	// endpoint.
	WhoVPCEndpoint = "vpc-endpoint"
	// WhoNobody: every call is denied.
	WhoNobody = "nobody"
	// WhoDepends: it depends on the resource policy's conditions or on
	// values the template leaves unknown.
	WhoDepends = "depends"
)

// Routes returns the view of r that "iamgate routes" prints.
func (r *Result) Routes() Routes {
	out := Routes{SchemaVersion: RoutesSchemaVersion, APIs: []RoutesAPI{}, Diagnostics: []Diagnostic{}}
	if r == nil {
		return out
	}
	for i := range r.APIs {
		out.APIs = append(out.APIs, r.APIs[i].routesAPI())
	}
	out.Diagnostics = append(out.Diagnostics, r.Diagnostics...)
	return out
}

func (a *API) routesAPI() RoutesAPI {
	c := &a.Config
	kind := a.Kind
	if kind == "" {
		kind = "REST"
	}
	v := RoutesAPI{
		ID: a.ID, Kind: kind, Name: c.Name, File: a.File, Stack: a.Stack,
		ARN:          "arn:" + symText(c.Partition) + ":execute-api:" + symText(c.Region) + ":" + symText(c.Account) + ":" + symText(c.ID),
		EndpointType: c.Endpoint.String(), VPCEndpointIDs: []string{},
		ResourcePolicy: json.RawMessage("null"), PolicySummary: []string{},
		Stages: []string{}, Authorizers: map[string]RoutesAuthorizer{}, Routes: map[string]RoutesRoute{},
	}
	for _, e := range c.VPCEndpoints {
		v.VPCEndpointIDs = append(v.VPCEndpointIDs, symText(e))
	}
	pol := parsePolicy(a.Policy)
	if pol != nil {
		v.ResourcePolicy = json.RawMessage(a.Policy)
		v.PolicySummary = pol.summary()
	}
	for _, s := range c.Stages {
		v.Stages = append(v.Stages, s.Name)
	}
	for i := range c.Authorizers {
		v.Authorizers[c.Authorizers[i].Name] = a.routesAuthorizer(&c.Authorizers[i])
	}
	stages := v.Stages
	if len(stages) == 0 {
		stages = []string{"*"}
	}
	for _, m := range c.Methods {
		rt := RoutesRoute{AuthorizationType: m.Auth.String(), Scopes: []string{}, APIKeyRequired: m.APIKeyRequired,
			Callers: map[string]Callers{}}
		if m.Authorizer != "" {
			rt.Authorizer = &m.Authorizer
		}
		rt.Scopes = append(rt.Scopes, m.Scopes...)
		for _, s := range stages {
			rt.Callers[s] = whoCanCall(c, pol, m, s)
		}
		v.Routes[m.Route()] = rt
	}
	return v
}

func (a *API) routesAuthorizer(z *apigw.Authorizer) RoutesAuthorizer {
	out := RoutesAuthorizer{Name: a.AuthorizerNames[z.Name], Type: z.Type.String(),
		IdentitySources: slices.Clone(z.IdentitySources),
		TTL:             z.TTL.Seconds(), TTLDefaulted: !z.TTL.IsSet()}
	if out.Name == "" {
		out.Name = z.Name
	}
	if z.Cognito {
		out.Type = "COGNITO_USER_POOLS"
	}
	if len(out.IdentitySources) == 0 && (z.Cognito || z.Type == apigw.TokenAuthorizer) {
		out.IdentitySources = []string{apigw.DefaultTokenSource}
	}
	if out.IdentitySources == nil {
		out.IdentitySources = []string{}
	}
	if z.ValidationExpression != "" {
		out.ValidationExpression = &z.ValidationExpression
	}
	if z.Function != (apigw.Value{}) {
		out.Function = symText(z.Function)
	}
	for _, p := range z.Providers {
		out.Providers = append(out.Providers, symText(p))
	}
	return out
}

// symText writes a Value as its text, or a symbol as "${SYMBOL}" (kept as
// it is when it already holds a "${...}" reference).
func symText(v apigw.Value) string {
	if v.IsKnown() {
		return v.Text
	}
	if strings.Contains(v.Symbol, "${") {
		return v.Symbol
	}
	return "${" + v.Symbol + "}"
}
