package apigw_test

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/race"
	"github.com/iamgate/iamgate/policy"
)

// gatewayScenario is a compiled configuration as a pre-deploy check sees
// it: a TOKEN authorizer with a validation expression, a resource policy
// with an IP allow-list enforced by an explicit Deny, and an authorizer
// output of n statements whose last Allow matches the request.
func gatewayScenario(tb testing.TB, n int, validation string) (*apigw.Gateway, *apigw.Call) {
	tb.Helper()
	rp := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"AllowInvoke","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},
	  {"Sid":"DenyOutsideOffice","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*",
	   "Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","198.51.100.0/24","2001:db8:1234::/48"]}}}]}`
	cfg := apigw.Config{
		API: testAPI, Auth: apigw.AuthCustom, ResourcePolicy: mustDoc(tb, rp, policy.ResourceBased),
		Authorizer: apigw.AuthorizerConfig{Type: apigw.TokenAuthorizer, ValidationExpression: validation},
	}
	g := apigw.MustNewGateway(cfg)
	var stmts []string
	for i := 0; i < n-1; i++ {
		stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"%s/prod/GET/resource%d/*"}`, testAPI, i))
	}
	stmts = append(stmts, fmt.Sprintf(`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"%s/*/*/admin/*"}`, testAPI))
	out := `{"principalId":"user-7f3a9c","policyDocument":{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]},"context":{"tenant":"acme"}}`
	a := apigw.ParseAuthorizerOutput([]byte(out), "authorizer.json")
	if !a.Usable() {
		tb.Fatal(a.Problems())
	}
	ctx, err := apigw.ContextFor(apigw.RequestInfo{SourceIP: netip.MustParseAddr("198.51.100.20"), Time: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatal(err)
	}
	call := &apigw.Call{Method: mustMethod(fmt.Sprintf("GET /prod/resource%d/42", n-2)), Headers: token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI3ZjNhOWMifQ.c2ln"), Context: ctx, Authorizer: a}
	call.Prepare()
	if o := g.Decide(call); o.Status != 200 {
		tb.Fatalf("scenario answers %d, want 200", o.Status)
	}
	return g, call
}

// BenchmarkGatewayDecide10 is a whole Lambda-authorizer flow on a compiled
// configuration: identity check with a validation expression, phase 1 on
// the resource policy (an IP condition), a 10-statement authorizer policy
// and Table A. It must not allocate.
func BenchmarkGatewayDecide10(b *testing.B) { benchmarkGateway(b, 10, jwtValidation) }

// BenchmarkGatewayDecide10NoValidation is the same without a token
// validation expression: the difference is Go's regexp matching the token.
func BenchmarkGatewayDecide10NoValidation(b *testing.B) { benchmarkGateway(b, 10, "") }

const jwtValidation = `[A-Za-z0-9._-]+`

// BenchmarkGatewayDecide1000 is the same with a 1,000-statement
// authorizer policy.
func BenchmarkGatewayDecide1000(b *testing.B) { benchmarkGateway(b, 1000, jwtValidation) }

func benchmarkGateway(b *testing.B, n int, validation string) {
	g, call := gatewayScenario(b, n, validation)
	b.ReportAllocs()
	for b.Loop() {
		g.Decide(call)
	}
}

// BenchmarkGatewayExplain10 is the explained answer of the same request:
// message, body, headers, reasons and trace.
func BenchmarkGatewayExplain10(b *testing.B) {
	g, call := gatewayScenario(b, 10, jwtValidation)
	b.ReportAllocs()
	for b.Loop() {
		g.Explain(call, apigw.ExplainOptions{})
	}
}

func TestGatewayScenarioDoesNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop entries, so pooled matchers allocate: .ci/run runs this without -race")
	}
	g, call := gatewayScenario(t, 10, jwtValidation)
	if n := testing.AllocsPerRun(200, func() { g.Decide(call) }); n != 0 {
		t.Errorf("Decide allocates %v times per call", n)
	}
}
