package apigw_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

func TestReadsMissingAddress(t *testing.T) {
	rp := mustDoc(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"NotIpAddress":{"AWS:SOURCEIP":"192.0.2.0/24"}}}]}`, policy.ResourceBased)
	vpcRP := mustDoc(t, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}}}`, policy.ResourceBased)
	ctx := func(info apigw.RequestInfo) *eval.Context {
		c, err := apigw.ContextFor(info)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	public, private := ctx(apigw.RequestInfo{}), ctx(apigw.RequestInfo{VPCEndpoint: "vpce-0a1b2c3d4e5f67890"})
	withIP := ctx(apigw.RequestInfo{SourceIP: netip.MustParseAddr("192.0.2.1")})

	a, found := eval.ReadsMissingAddress(public, nil, rp)
	if !found || a.Key != "aws:SourceIp" || a.Statement.Index != 1 || a.Document != rp {
		t.Errorf("public call without an address: %+v %v", a, found)
	}
	if _, found := eval.ReadsMissingAddress(withIP, rp); found {
		t.Error("the address was given")
	}
	if _, found := eval.ReadsMissingAddress(private, rp); found {
		t.Error("through a VPC endpoint the key is aws:VpcSourceIp, which rp does not read")
	}
	if a, found := eval.ReadsMissingAddress(private, vpcRP); !found || a.Key != "aws:VpcSourceIp" {
		t.Errorf("private call: %+v %v", a, found)
	}
}

// TestReadsMissingKeyVariables: a policy variable reads its key as a
// condition does, with or without a default, but only where variables are
// substituted (Version 2012-10-17).
func TestReadsMissingKeyVariables(t *testing.T) {
	public, err := apigw.ContextFor(apigw.RequestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc string
		found     bool
		line, col int
	}{
		{"resource", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",
"Resource":"execute-api:/prod/GET/ip/${aws:SourceIp}"}}`, true, 2, 12},
		{"resource with a default", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",
"Resource":["execute-api:/x", "execute-api:/prod/GET/ip/${AWS:sourceip, 'none'}"]}}`, true, 2, 31},
		{"condition value", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*",
"Condition":{"StringEquals":{"aws:Referer":"https://${aws:SourceIp}/"}}}}`, true, 2, 44},
		{"no Version: literal text", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/ip/${aws:SourceIp}"}}`, false, 0, 0},
		{"another variable", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/${aws:SourceIpx}"}}`, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustDoc(t, tt.doc, policy.ResourceBased)
			a, found := eval.ReadsMissingAddress(public, doc)
			if found != tt.found {
				t.Fatalf("found %v, want %v (%+v)", found, tt.found, a)
			}
			if found && (a.Key != "aws:SourceIp" || a.Condition != nil || a.Pos.Line != tt.line || a.Pos.Column != tt.col) {
				t.Errorf("got key %s, condition %v, at %d:%d; want aws:SourceIp, no condition, at %d:%d", a.Key, a.Condition, a.Pos.Line, a.Pos.Column, tt.line, tt.col)
			}
		})
	}
}

// TestUnknownCallerKeys: the keys AWS sets for an IAM caller that its ARN
// does not tell are reported when a policy reads them and the context
// does not give them (RP-CONDKEYS).
func TestUnknownCallerKeys(t *testing.T) {
	tests := []struct {
		caller string
		want   []string
	}{
		{"arn:aws:iam::123456789012:user/alice", []string{"aws:userid"}},
		{"arn:aws:sts::123456789012:assumed-role/deploy/ci", []string{"aws:userid", "aws:TokenIssueTime", "aws:MultiFactorAuthPresent"}},
		{"arn:aws:sts::123456789012:federated-user/bob", []string{"aws:TokenIssueTime", "aws:MultiFactorAuthPresent"}},
		{"arn:aws:iam::123456789012:root", nil},
	}
	for _, tt := range tests {
		c := eval.MustNewCaller(tt.caller)
		if diff := cmp.Diff(tt.want, c.UnknownKeys()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.caller, diff)
		}
	}
	if keys := (eval.Caller{}).UnknownKeys(); keys != nil {
		t.Errorf("anonymous: %v", keys)
	}

	rp := mustDoc(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"},
{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringNotLike":{"aws:userid":["AIDA*","AROA*:*"]}}}]}`, policy.ResourceBased)
	user := eval.MustNewCaller("arn:aws:iam::123456789012:user/alice")
	ctx, err := apigw.ContextFor(apigw.RequestInfo{Caller: user})
	if err != nil {
		t.Fatal(err)
	}
	a, found := eval.ReadsMissingKey(ctx, user.UnknownKeys(), rp)
	if !found || a.Key != "aws:userid" || a.Statement.Index != 1 || a.Pos.Line != 2 {
		t.Errorf("an IAM user's aws:userid: %+v %v", a, found)
	}
	given, err := apigw.ContextFor(apigw.RequestInfo{Caller: user, Extra: map[string][]string{"aws:userid": {"AIDAJQABLZS4A3QDU576Q"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, found := eval.ReadsMissingKey(given, user.UnknownKeys(), rp); found {
		t.Error("aws:userid was given")
	}
}
