package eval_test

import (
	"net/netip"
	"testing"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

func TestReadsMissingAddress(t *testing.T) {
	rp := mustDoc(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"NotIpAddress":{"AWS:SOURCEIP":"192.0.2.0/24"}}}]}`, policy.ResourceBased)
	vpcRP := mustDoc(t, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}}}`, policy.ResourceBased)
	ctx := func(info eval.RequestInfo) *eval.Context {
		c, err := eval.ContextFor(info)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	public, private := ctx(eval.RequestInfo{}), ctx(eval.RequestInfo{VPCEndpoint: "vpce-0a1b2c3d4e5f67890"})
	withIP := ctx(eval.RequestInfo{SourceIP: netip.MustParseAddr("192.0.2.1")})

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
