package apigw_test

import (
	"net/netip"
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

func TestUnset(t *testing.T) {
	id := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123")
	rp, err := policy.Parse([]byte(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*",
		"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`),
		policy.ParseOptions{File: "rp.json", Kind: policy.ResourceBased})
	if err != nil {
		t.Fatal(err)
	}
	build := func(auth apigw.AuthType, sources []string, info apigw.RequestInfo) (*apigw.Gateway, *apigw.Call) {
		t.Helper()
		cfg := apigw.APIConfig{ResourcePolicy: rp, AllMethods: &apigw.MethodConfig{Auth: auth}}
		cfg.SetARN(id)
		if auth == apigw.AuthCustom {
			cfg.Authorizers = []apigw.Authorizer{{AuthorizerConfig: apigw.AuthorizerConfig{Name: "a", Type: apigw.RequestAuthorizer, IdentitySources: sources}}}
			cfg.AllMethods.Authorizer = "a"
		}
		api, err := apigw.NewAPI(cfg)
		if err != nil {
			t.Fatal(err)
		}
		p, err := api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/x", Info: info})
		if err != nil {
			t.Fatal(err)
		}
		return p.Method.Gateway(), &p.Call
	}
	addr := netip.MustParseAddr("10.1.2.3")
	alice, _ := eval.NewCaller("arn:aws:sts::123456789012:assumed-role/Admin/alice")
	for _, tc := range []struct {
		name    string
		auth    apigw.AuthType
		sources []string
		info    apigw.RequestInfo
		want    apigw.UnsetKind
		key     string
	}{
		{"the address a condition reads", apigw.AuthNone, nil, apigw.RequestInfo{}, apigw.UnsetAddress, "aws:SourceIp"},
		{"an assumed role's MFA flag", apigw.AuthIAM, nil, apigw.RequestInfo{SourceIP: addr, Caller: alice}, apigw.UnsetCallerKey, "aws:MultiFactorAuthPresent"},
		{"the address an identity source reads", apigw.AuthCustom, []string{"context.identity.sourceIp"}, apigw.RequestInfo{Extra: map[string][]string{"aws:SourceIp": {"10.0.0.1"}}}, apigw.UnsetSourceIPContext, ""},
		{"nothing missing", apigw.AuthCustom, []string{"context.identity.sourceIp"}, apigw.RequestInfo{SourceIP: addr}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, c := build(tc.auth, tc.sources, tc.info)
			u, found := g.Unset(c)
			if found != (tc.want != 0) || u.Kind != tc.want || u.Read.Key != tc.key {
				t.Errorf("Unset = %+v, %v; want kind %d, key %q", u, found, tc.want, tc.key)
			}
		})
	}
}
