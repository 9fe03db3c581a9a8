package apigw_test

import (
	"errors"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
)

func preparedAPI(t *testing.T) *apigw.API {
	t.Helper()
	api, err := apigw.NewAPI(apigw.APIConfig{
		Partition: apigw.Known("aws"), Region: apigw.Known("eu-west-1"), Account: apigw.Known("123456789012"), ID: apigw.Known("abc123"),
		Stages: []apigw.Stage{{Name: "prod", Variables: map[string]string{"env": "production", "tier": "gold"}}},
		Authorizers: []apigw.Authorizer{
			{AuthorizerConfig: apigw.AuthorizerConfig{Name: "tok", IdentitySources: []string{"method.request.header.X-Token"}}},
			{AuthorizerConfig: apigw.AuthorizerConfig{Name: "req", Type: apigw.RequestAuthorizer, IdentitySources: []string{"context.identity.sourceIp"}}},
		},
		Methods: []apigw.MethodConfig{
			{Verb: "GET", Path: "/orders/{id}", Auth: apigw.AuthCustom, Authorizer: "tok"},
			{Verb: "ANY", Path: "/admin/{proxy+}", Auth: apigw.AuthIAM},
			{Verb: "POST", Path: "/orders", Auth: apigw.AuthCustom, Authorizer: "req"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// Prepare routes the request and fills every $context value API Gateway
// sets for it, the condition context and the token header.
func TestPrepare(t *testing.T) {
	api := preparedAPI(t)
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	p, err := api.Prepare(apigw.Request{
		Verb: "GET", Stage: "prod", Path: "/orders/42",
		Headers:        http.Header{"User-Agent": {"curl/8"}},
		StageVariables: map[string]string{"tier": "silver"},
		Token:          "allow", HasToken: true,
		Info:           apigw.RequestInfo{Time: at, SourceIP: netip.MustParseAddr("203.0.113.9")},
		RequestContext: map[string]string{"requestId": "r-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Method == nil || p.Method.Route() != "GET /orders/{id}" {
		t.Fatalf("routed to %v, want GET /orders/{id}", p.Method)
	}
	if got, want := p.MethodARN.String(), "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42"; got != want {
		t.Errorf("method ARN %s, want %s", got, want)
	}
	wantRC := map[string]string{
		"stage": "prod", "httpMethod": "GET", "path": "/prod/orders/42", "resourcePath": "/orders/{id}",
		"apiId": "abc123", "accountId": "123456789012", "identity.sourceIp": "203.0.113.9",
		"identity.userAgent": "curl/8", "requestId": "r-1",
	}
	if d := cmp.Diff(wantRC, p.Call.RequestContext); d != "" {
		t.Errorf("request context (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"env": "production", "tier": "silver"}, p.Call.StageVariables); d != "" {
		t.Errorf("stage variables (-want +got):\n%s", d)
	}
	if got := p.Call.Headers.Get("X-Token"); got != "allow" {
		t.Errorf("token header %q, want allow", got)
	}
	for k, want := range map[string]string{"aws:SourceIp": "203.0.113.9", "aws:UserAgent": "curl/8", "aws:CurrentTime": "2026-03-04T05:06:07Z"} {
		if got, _ := p.Call.Context.Get(k); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if p.Event.Resource != "/orders/{id}" || !p.Event.Time.Equal(at) {
		t.Errorf("event options %+v", p.Event)
	}
	// The call is ready to decide: the authorizer is needed.
	if o := p.Method.Gateway().Decide(&p.Call); !o.NeedsAuthorizer {
		t.Errorf("outcome %+v, want the authorizer needed", o)
	}
}

func TestPrepareRefuses(t *testing.T) {
	api := preparedAPI(t)
	caller, err := eval.NewCaller("arn:aws:iam::123456789012:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    apigw.Request
		is   error
	}{
		{"unknown stage", apigw.Request{Verb: "GET", Stage: "dev", Path: "/orders/1"}, apigw.ErrUnknownStage},
		{"token to a REQUEST method", apigw.Request{Verb: "POST", Stage: "prod", Path: "/orders", Token: "x", HasToken: true}, apigw.ErrTokenNotRead},
		{"token to no method", apigw.Request{Verb: "GET", Stage: "prod", Path: "/nowhere", Token: "x", HasToken: true}, apigw.ErrTokenNotRead},
		{"caller to a CUSTOM method", apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/1", Info: apigw.RequestInfo{Caller: caller}}, apigw.ErrCallerNotSigned},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := api.Prepare(tc.r); !errors.Is(err, tc.is) {
				t.Errorf("Prepare: %v, want %v", err, tc.is)
			}
		})
	}
	_, err = api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/1", Token: "x", HasToken: true, Headers: http.Header{"X-Token": {"y"}}})
	var twice *apigw.TokenTwiceError
	if !errors.As(err, &twice) || twice.Header != "X-Token" {
		t.Errorf("token twice: %v", err)
	}
	for _, verb := range []string{"ANY", "FETCH", ""} {
		if _, err := api.Prepare(apigw.Request{Verb: verb, Stage: "prod", Path: "/orders/1"}); err == nil {
			t.Errorf("verb %q: no error", verb)
		}
	}
	// An IAM caller signs a request to an AWS_IAM method.
	p, err := api.Prepare(apigw.Request{Verb: "DELETE", Stage: "prod", Path: "/admin/users/1", Info: apigw.RequestInfo{Caller: caller}})
	if err != nil || p.Call.Caller.IsAnonymous() {
		t.Errorf("IAM request: %v, caller %v", err, p.Call.Caller)
	}
	// No method: Prepared has no Method, and its call still has its ARN.
	p, err = api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/nowhere"})
	if err != nil || p.Method != nil || p.MethodARN.Path != "/nowhere" {
		t.Errorf("no method: %v, %+v", err, p)
	}
	// The zero API prepares nothing.
	if _, err := new(apigw.API).Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/"}); err == nil {
		t.Error("the zero API prepared a request")
	}
}

// An API that lists no methods takes the resource template from the
// request, checked against its path.
func TestPrepareResource(t *testing.T) {
	cfg := apigw.APIConfig{AllMethods: &apigw.MethodConfig{}}
	cfg.SetARN(arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123"))
	api, err := apigw.NewAPI(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/42", Resource: "/orders/{id}"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Method == nil || p.Method.Route() != "" || p.Call.RequestContext["resourcePath"] != "/orders/{id}" || p.Event.Resource != "/orders/{id}" {
		t.Errorf("prepared %+v", p)
	}
	p, err = api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/42"})
	if err != nil || p.Call.RequestContext["resourcePath"] != "/orders/42" {
		t.Errorf("without a resource: %v, resourcePath %q", err, p.Call.RequestContext["resourcePath"])
	}
	if _, err := api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/42", Resource: "/users/{id}"}); err == nil {
		t.Error("a resource that does not match the path was taken")
	}
	if _, err := preparedAPI(t).Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/42", Resource: "/orders/{id}"}); err == nil {
		t.Error("a resource was taken for an API that lists its methods")
	}
}
