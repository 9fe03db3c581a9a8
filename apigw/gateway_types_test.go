package apigw_test

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// The names of AuthType, AuthorizerType, Layer and MessageStyle are part of
// the CLI's and JSON's contract: they round-trip exactly, and any other
// spelling is an error.
func TestEnumNames(t *testing.T) {
	for _, a := range []apigw.AuthType{apigw.AuthNone, apigw.AuthCustom, apigw.AuthIAM, apigw.AuthCognito} {
		b, err := a.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back apigw.AuthType
		if err := back.UnmarshalText(b); err != nil || back != a {
			t.Errorf("%v round-trips to %v, %v", a, back, err)
		}
	}
	for _, bad := range []string{"none", "IAM", "Custom", ""} {
		if _, err := apigw.ParseAuthType(bad); err == nil {
			t.Errorf("ParseAuthType(%q) accepted", bad)
		}
	}
	if _, err := apigw.AuthType(9).MarshalText(); err == nil || apigw.AuthType(9).String() != "AuthType(9)" {
		t.Error("invalid AuthType marshalled")
	}
	for _, s := range []string{"TOKEN", "REQUEST"} {
		if typ, err := apigw.ParseAuthorizerType(s); err != nil || typ.String() != s {
			t.Errorf("authorizer type %q: %v %v", s, typ, err)
		}
	}
	if _, err := apigw.ParseAuthorizerType("token"); err == nil {
		t.Error("lower-case authorizer type accepted")
	}
	for l := apigw.LayerNone; l <= apigw.LayerConfiguration; l++ {
		b, err := l.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		if back, err := apigw.ParseLayer(string(b)); err != nil || back != l {
			t.Errorf("layer %v: %v %v", l, back, err)
		}
	}
	if _, err := apigw.Layer(99).MarshalText(); err == nil {
		t.Error("invalid layer marshalled")
	}
	if _, err := apigw.ParseLayer("Authorizer"); err == nil {
		t.Error("miscased layer accepted")
	}
	for _, s := range []string{"current", "legacy"} {
		if m, err := apigw.ParseMessageStyle(s); err != nil || m.String() != s {
			t.Errorf("message style %q: %v %v", s, m, err)
		}
	}
	if _, err := apigw.ParseMessageStyle("old"); err == nil {
		t.Error("unknown message style accepted")
	}
	for table, want := range map[eval.Table]string{eval.NoTable: "none", eval.TableA: "A", eval.TableB: "B", eval.TableResourceOnly: "resource-policy-only", 9: "Table(9)"} {
		if table.String() != want {
			t.Errorf("%d: %q", table, table.String())
		}
	}
	if eval.IdentitySide.String() != "identity" || eval.ResourceSide.String() != "resource" {
		t.Error("side names")
	}
	if eval.NoTable.Rows() != nil {
		t.Error("NoTable has rows")
	}
}

func TestNewAuthorizerOutput(t *testing.T) {
	resp, err := apigw.ParseAuthorizerResponse([]byte(authorizerDocs[eval.Allow]), apigw.AuthorizerOptions{File: "a.json"})
	if err != nil {
		t.Fatal(err)
	}
	r := apigw.NewAuthorizerOutput(resp)
	if !r.Usable() || r.Response() != resp || r.Policy() == nil || r.Problems() != nil {
		t.Fatalf("usable output: %+v", r)
	}
	if _, failed := r.Err(); failed {
		t.Error("usable output reports an error")
	}
	// A policy that parses but does not compile is unusable output.
	bad, err := apigw.ParseAuthorizerResponse([]byte(`{"principalId":"u","policyDocument":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"300.1.1.1"}}}}}`), apigw.AuthorizerOptions{File: "b.json"})
	if err != nil {
		t.Fatal(err)
	}
	r = apigw.NewAuthorizerOutput(bad)
	if r.Usable() || len(r.Problems()) == 0 || r.Problems()[0].File != "b.json" {
		t.Errorf("uncompilable output: usable %v, problems %v", r.Usable(), r.Problems())
	}
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: r}
	if o := g.Decide(call.Prepare()); o.Status != 500 || o.Response != apigw.AuthorizerConfigurationError {
		t.Errorf("uncompilable output answered %+v", o)
	}
}

func TestMessageEscaping(t *testing.T) {
	// The method ARN keeps the path as sent (D15), so a body may need JSON
	// escapes; <, > and & stay as they are.
	g := apigw.MustNewGateway(apigw.Config{API: testAPI, ResourcePolicy: mustDoc(t, rpDocs[eval.ImplicitDeny], policy.ResourceBased)})
	call := apigw.Call{Method: mustMethod("GET /prod/a\"b\\c<d>&é")}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	want := `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123def4/prod/GET/a\"b\\c<d>&é because no resource-based policy allows the execute-api:Invoke action"}`
	if a.Body != want {
		t.Errorf("body\n got %s\nwant %s", a.Body, want)
	}
}
