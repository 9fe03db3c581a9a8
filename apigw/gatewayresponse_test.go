package apigw_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
)

// customAPI is an API with a TOKEN authorizer on GET /orders/{id}, an
// API-key method POST /orders and the gateway responses given.
func customAPI(t *testing.T, src apigw.APIKeySource, rs ...apigw.GatewayResponse) *apigw.API {
	t.Helper()
	cfg := apigw.APIConfig{
		Stages: []apigw.Stage{{Name: "prod", Variables: map[string]string{"origin": "https://shop.example"}}},
		Methods: []apigw.MethodConfig{
			{Verb: "GET", Path: "/orders/{id}", Auth: apigw.AuthCustom, Authorizer: "tok"},
			{Verb: "POST", Path: "/orders", Auth: apigw.AuthCustom, Authorizer: "tok", APIKeyRequired: true},
			{Verb: "GET", Path: "/open", APIKeyRequired: true},
		},
		Authorizers:      []apigw.Authorizer{{AuthorizerConfig: apigw.AuthorizerConfig{Name: "tok", TTL: apigw.TTLSeconds(0)}}},
		GatewayResponses: rs,
		APIKeySource:     src,
	}
	cfg.SetARN(arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123def4"))
	api, err := apigw.NewAPI(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// answer prepares a request to api and explains it with the authorizer's
// output (nil: the authorizer is not reached or not needed).
func answer(t *testing.T, api *apigw.API, r apigw.Request, out *apigw.AuthorizerResult) apigw.Answer {
	t.Helper()
	r.Stage = "prod"
	p, err := api.Prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	if p.Method == nil {
		return api.NoSuchMethod(&p.Call, apigw.ExplainOptions{})
	}
	p.Call.Authorizer = out
	p.Call.Prepare()
	a := p.Method.Gateway().Explain(&p.Call, apigw.ExplainOptions{})
	if o := p.Method.Gateway().Decide(&p.Call); o != a.Outcome {
		t.Fatalf("Decide %+v != Explain %+v", o, a.Outcome)
	}
	return a
}

func headerMap(hs []apigw.Header) map[string]string {
	m := map[string]string{}
	for _, h := range hs {
		m[h.Name] = h.Value
	}
	return m
}

const ctxOutput = `{"principalId":"user-7","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*"}]},"context":{"tenant":"acme","tier":2}}`

func TestGatewayResponses(t *testing.T) {
	deny := apigw.ParseAuthorizerOutput([]byte(ctxOutput), "out.json")
	get := apigw.Request{Verb: "GET", Path: "/orders/42", Headers: http.Header{"Authorization": {"t"}, "Origin": {"https://shop.example"}}}
	noToken := apigw.Request{Verb: "GET", Path: "/orders/42", Headers: http.Header{"Origin": {"https://shop.example"}}}
	cors := map[string]string{"Access-Control-Allow-Origin": "'*'"}
	tests := []struct {
		name      string
		rs        []apigw.GatewayResponse
		req       apigw.Request
		out       *apigw.AuthorizerResult
		status    int
		body      string
		headers   map[string]string
		custom    string // the override's type, "" for none
		unresolve []string
	}{
		{name: "no override: the default 403 has no CORS header", req: get, out: deny, status: 403,
			body:    `{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "AccessDeniedException"}},
		{name: "DEFAULT_4XX adds CORS to the 403 and keeps the default body", rs: []apigw.GatewayResponse{{Type: "DEFAULT_4XX", Headers: cors}}, req: get, out: deny, status: 403,
			body:    `{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "AccessDeniedException", "Access-Control-Allow-Origin": "*"}, custom: "DEFAULT_4XX"},
		{name: "DEFAULT_4XX applies to the 401 too", rs: []apigw.GatewayResponse{{Type: "DEFAULT_4XX", Headers: cors}}, req: noToken, status: 401,
			body:    `{"message":"Unauthorized"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "UnauthorizedException", "Access-Control-Allow-Origin": "*"}, custom: "DEFAULT_4XX"},
		{name: "DEFAULT_5XX does not apply to a 4xx", rs: []apigw.GatewayResponse{{Type: "DEFAULT_5XX", Headers: cors}}, req: noToken, status: 401,
			body:    `{"message":"Unauthorized"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "UnauthorizedException"}},
		{name: "DEFAULT_5XX applies to the authorizer's 500", rs: []apigw.GatewayResponse{{Type: "DEFAULT_5XX", Status: 503, Templates: map[string]string{"application/json": `{"error":$context.error.messageString,"type":"$context.error.responseType"}`}}},
			req: get, out: apigw.AuthorizerError("boom"), status: 503, body: `{"error":null,"type":"AUTHORIZER_FAILURE"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "AuthorizerConfigurationException"}, custom: "DEFAULT_5XX"},
		{name: "the type's own override wins over DEFAULT_4XX", rs: []apigw.GatewayResponse{{Type: "DEFAULT_4XX", Headers: cors}, {Type: "UNAUTHORIZED", Status: 403}}, req: noToken, status: 403,
			body:    `{"message":"Unauthorized"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "UnauthorizedException"}, custom: "UNAUTHORIZED"},
		{name: "template variables", rs: []apigw.GatewayResponse{{Type: "ACCESS_DENIED", Templates: map[string]string{"application/json": `{"m":"$context.error.message","s":$context.error.messageString,"t":"${context.error.responseType}","tenant":"$context.authorizer.tenant","tier":$context.authorizer.tier,"p":"$context.authorizer.principalId","stage":"$context.stage","o":"$stageVariables.origin","id":"$context.requestId","cost":"$5"}`}}},
			req: get, out: deny, status: 403,
			body:    `{"m":"User is not authorized to access this resource with an explicit deny in an identity-based policy","s":"User is not authorized to access this resource with an explicit deny in an identity-based policy","t":"ACCESS_DENIED","tenant":"acme","tier":2,"p":"user-7","stage":"prod","o":"https://shop.example","id":"","cost":"$5"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "AccessDeniedException"}, custom: "ACCESS_DENIED",
			unresolve: []string{"$context.requestId"}},
		{name: "header mapping expressions", rs: []apigw.GatewayResponse{{Type: "ACCESS_DENIED", Headers: map[string]string{
			"Access-Control-Allow-Origin": "method.request.header.origin", "X-Stage": "stageVariables.origin", "X-Api": "context.apiId", "X-Missing": "method.request.querystring.q", "X-Static": "'yes'"}}},
			req: get, out: deny, status: 403,
			body:    `{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "AccessDeniedException", "Access-Control-Allow-Origin": "https://shop.example", "X-Stage": "https://shop.example", "X-Api": "abc123def4", "X-Static": "yes"},
			custom:  "ACCESS_DENIED", unresolve: []string{"method.request.querystring.q"}},
		{name: "a template of another content type sets it", rs: []apigw.GatewayResponse{{Type: "UNAUTHORIZED", Templates: map[string]string{"text/plain": "no entry: $context.error.message"}}}, req: noToken, status: 401,
			body: "no entry: Unauthorized", headers: map[string]string{"Content-Type": "text/plain", "x-amzn-ErrorType": "UnauthorizedException"}, custom: "UNAUTHORIZED"},
		{name: "MISSING_AUTHENTICATION_TOKEN of a route the API lacks", rs: []apigw.GatewayResponse{{Type: "MISSING_AUTHENTICATION_TOKEN", Status: 404, Templates: map[string]string{"application/json": `{"message":"Not found: $context.error.responseType"}`}}},
			req: apigw.Request{Verb: "GET", Path: "/nothing"}, status: 404, body: `{"message":"Not found: MISSING_AUTHENTICATION_TOKEN"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "MissingAuthenticationTokenException"}, custom: "MISSING_AUTHENTICATION_TOKEN"},
		{name: "a 200 is never shaped", rs: []apigw.GatewayResponse{{Type: "DEFAULT_4XX", Status: 400}}, req: get, out: allowOutput, status: 200, headers: map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := answer(t, customAPI(t, apigw.APIKeyFromHeader, tc.rs...), tc.req, tc.out)
			if a.Status != tc.status || a.Body != tc.body {
				t.Errorf("got %d %s, want %d %s", a.Status, a.Body, tc.status, tc.body)
			}
			if diff := cmp.Diff(tc.headers, headerMap(a.Headers)); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			switch {
			case tc.custom == "" && a.Custom != nil:
				t.Errorf("Custom = %+v, want nil", a.Custom)
			case tc.custom != "" && (a.Custom == nil || a.Custom.Type != tc.custom):
				t.Errorf("Custom = %+v, want type %s", a.Custom, tc.custom)
			case tc.custom != "":
				if diff := cmp.Diff(tc.unresolve, a.Custom.Unresolved); diff != "" {
					t.Errorf("Unresolved (-want +got):\n%s", diff)
				}
				j := a.JSON()
				if j.CustomResponse == nil || j.CustomResponse.Type != tc.custom || j.Status != tc.status {
					t.Errorf("JSON: %+v", j.CustomResponse)
				}
			}
		})
	}
}

func TestGatewayResponsesDefinedTwice(t *testing.T) {
	cfg := apigw.APIConfig{GatewayResponses: []apigw.GatewayResponse{{Type: "DEFAULT_4XX"}, {Type: "DEFAULT_4XX"}}}
	cfg.SetARN(arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123def4"))
	if _, err := apigw.NewAPI(cfg); err == nil {
		t.Fatal("NewAPI accepted DEFAULT_4XX twice")
	}
}

func TestAPIKeys(t *testing.T) {
	const keyed = `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]},"usageIdentifierKey":"k-1"}`
	allowWithKey := apigw.ParseAuthorizerOutput([]byte(keyed), "out.json")
	post := func(h http.Header, keys ...string) apigw.Request {
		h.Set("Authorization", "t")
		return apigw.Request{Verb: "POST", Path: "/orders", Headers: h, APIKeys: keys}
	}
	tests := []struct {
		name   string
		src    apigw.APIKeySource
		req    apigw.Request
		out    *apigw.AuthorizerResult
		status int
		layer  apigw.Layer
	}{
		{"no key", apigw.APIKeyFromHeader, post(http.Header{}, "k-1"), allowOutput, 403, apigw.LayerAPIKey},
		{"wrong key", apigw.APIKeyFromHeader, post(http.Header{"X-Api-Key": {"k-2"}}, "k-1"), allowOutput, 403, apigw.LayerAPIKey},
		{"no key declared valid", apigw.APIKeyFromHeader, post(http.Header{"X-Api-Key": {"k-1"}}), allowOutput, 403, apigw.LayerAPIKey},
		{"valid key", apigw.APIKeyFromHeader, post(http.Header{"X-Api-Key": {"k-1"}}, "k-1"), allowOutput, 200, apigw.LayerAuthorizer},
		{"the authorizer denies first", apigw.APIKeyFromHeader, post(http.Header{}, "k-1"), denyOutput, 403, apigw.LayerAuthorizer},
		{"the token is checked first", apigw.APIKeyFromHeader, apigw.Request{Verb: "POST", Path: "/orders"}, nil, 401, apigw.LayerIdentityCheck},
		{"a method without apiKeyRequired", apigw.APIKeyFromHeader, apigw.Request{Verb: "GET", Path: "/orders/1", Headers: http.Header{"Authorization": {"t"}}}, allowOutput, 200, apigw.LayerAuthorizer},
		{"NONE method, key valid", apigw.APIKeyFromHeader, apigw.Request{Verb: "GET", Path: "/open", Headers: http.Header{"X-Api-Key": {"k-1"}}, APIKeys: []string{"k-1"}}, nil, 200, apigw.LayerNone},
		{"NONE method, no key", apigw.APIKeyFromHeader, apigw.Request{Verb: "GET", Path: "/open", APIKeys: []string{"k-1"}}, nil, 403, apigw.LayerAPIKey},
		{"authorizer source: the usageIdentifierKey is valid", apigw.APIKeyFromAuthorizer, post(http.Header{}, "k-1"), allowWithKey, 200, apigw.LayerAuthorizer},
		{"authorizer source: the header is not read", apigw.APIKeyFromAuthorizer, post(http.Header{"X-Api-Key": {"k-1"}}, "k-1"), allowOutput, 403, apigw.LayerAPIKey},
		{"authorizer source: the usageIdentifierKey is not valid", apigw.APIKeyFromAuthorizer, post(http.Header{}, "k-9"), allowWithKey, 403, apigw.LayerAPIKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := answer(t, customAPI(t, tc.src), tc.req, tc.out)
			if a.Status != tc.status || a.DecidedBy != tc.layer {
				t.Fatalf("got %d by %s, want %d by %s", a.Status, a.DecidedBy, tc.status, tc.layer)
			}
			if tc.layer != apigw.LayerAPIKey {
				return
			}
			h := headerMap(a.Headers)
			if a.Body != `{"message":"Forbidden"}` || h["x-amzn-ErrorType"] != "ForbiddenException" || a.Response != apigw.InvalidAPIKey || a.Response.String() != "INVALID_API_KEY" {
				t.Errorf("got %s %v %s", a.Body, h, a.Response)
			}
			if len(a.Advice) == 0 {
				t.Error("no advice")
			}
		})
	}
}

func TestAPIKeyOverride(t *testing.T) {
	api := customAPI(t, apigw.APIKeyFromHeader, apigw.GatewayResponse{Type: "INVALID_API_KEY", Status: 429, Templates: map[string]string{"application/json": `{"key":"$context.identity.apiKey"}`}})
	a := answer(t, api, apigw.Request{Verb: "GET", Path: "/open", Headers: http.Header{"X-Api-Key": {"bad"}}, APIKeys: []string{"k-1"}}, nil)
	if a.Status != 429 || a.Body != `{"key":"bad"}` {
		t.Errorf("got %d %s", a.Status, a.Body)
	}
}

func TestParseAPIKeySource(t *testing.T) {
	for _, s := range []string{"HEADER", "AUTHORIZER"} {
		v, err := apigw.ParseAPIKeySource(s)
		if err != nil || v.String() != s {
			t.Errorf("%s: %v %v", s, v, err)
		}
	}
	if _, err := apigw.ParseAPIKeySource("header"); err == nil {
		t.Error("accepted header")
	}
	if s := apigw.APIKeySource(9).String(); s != "APIKeySource(9)" {
		t.Error(s)
	}
}

// The override does not make Decide allocate.
func TestDecideWithResponsesDoesNotAllocate(t *testing.T) {
	api := customAPI(t, apigw.APIKeyFromHeader, apigw.GatewayResponse{Type: "DEFAULT_4XX", Status: 400, Headers: map[string]string{"A": "'b'"}})
	p, err := api.Prepare(apigw.Request{Verb: "POST", Stage: "prod", Path: "/orders", Headers: http.Header{"Authorization": {"t"}, "X-Api-Key": {"k"}}, APIKeys: []string{"j", "k"}})
	if err != nil {
		t.Fatal(err)
	}
	p.Call.Authorizer = allowOutput
	p.Call.Prepare()
	g := p.Method.Gateway()
	if o := g.Decide(&p.Call); o.Status != 200 {
		t.Fatalf("status %d", o.Status)
	}
	p.Call.APIKeys = []string{"j"}
	if o := g.Decide(&p.Call); o.Status != 400 || o.Response != apigw.InvalidAPIKey {
		t.Fatalf("%+v", o)
	}
	if n := testing.AllocsPerRun(100, func() { g.Decide(&p.Call) }); n != 0 {
		t.Errorf("Decide allocates %v times", n)
	}
}

// Any template renders without panic; one without a $ renders as written.
func FuzzGatewayResponseTemplate(f *testing.F) {
	for _, s := range []string{`{"m":$context.error.messageString}`, "${context.error.message", "$$context..x", "$stageVariables.", "${stageVariables.origin}", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tpl string) {
		api := customAPI(t, apigw.APIKeyFromHeader, apigw.GatewayResponse{Type: "UNAUTHORIZED", Templates: map[string]string{"application/json": tpl}})
		a := answer(t, api, apigw.Request{Verb: "GET", Path: "/orders/1", Headers: http.Header{"Authorization": {""}}}, nil)
		if !strings.Contains(tpl, "$") && a.Body != tpl {
			t.Errorf("%q rendered as %q", tpl, a.Body)
		}
	})
}
