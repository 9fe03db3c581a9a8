package eval_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// FuzzGateway runs arbitrary resource policies, authorizer outputs,
// requests and tokens through the Lambda authorizer flow and the NONE
// flow: nothing may panic, Decide must equal Explain's outcome, and the
// answer must be one API Gateway can give.
func FuzzGateway(f *testing.F) {
	for _, rp := range rpDocs {
		for _, out := range authorizerDocs {
			f.Add(rp, out, "GET /prod/pets/1", "token", `\w+`, "198.51.100.7", uint8(0))
		}
	}
	f.Add(rpDocs[eval.Allow], `{"principalId":"u","policyDocument":{"Statement":{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:execute-api:*:*:*/*/POST/*"}}}`, "POST /prod/", "", "", "::1", uint8(1))
	f.Add(`{"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`, `null`, "GET /stage/a//b", "x", "(x", "10.0.0.1", uint8(2))
	f.Fuzz(func(t *testing.T, rpSrc, outSrc, request, tok, re, ip string, mode uint8) {
		cfg := eval.Config{API: testAPI, Auth: eval.AuthCustom, Authorizer: eval.AuthorizerConfig{
			Type: eval.AuthorizerType(mode % 2), TTL: eval.Seconds(int(mode%3) * 150), ValidationExpression: re,
			IdentitySources: []string{"method.request.header.Authorization"},
		}}
		if mode%4 == 3 {
			cfg.Auth = eval.AuthNone
		}
		if rp, err := policy.Parse([]byte(rpSrc), policy.ParseOptions{Kind: policy.ResourceBased}); err == nil {
			cfg.ResourcePolicy = rp
		}
		g, err := eval.NewGateway(cfg)
		if err != nil {
			return
		}
		m, err := testAPI.Method(request)
		if err != nil {
			return
		}
		ctx := eval.NewContext()
		if a, err := netip.ParseAddr(ip); err == nil {
			ctx, _ = eval.ContextFor(eval.RequestInfo{SourceIP: a})
		}
		call := eval.Call{Method: m, Headers: http.Header{"Authorization": {tok}}, Context: ctx, Authorizer: eval.ParseAuthorizerOutput([]byte(outSrc), "out.json")}
		call.Prepare()
		o := g.Decide(&call)
		a := g.Explain(&call, eval.ExplainOptions{Messages: eval.MessageStyle(mode % 2)})
		if a.Outcome != o {
			t.Fatalf("Decide %+v != Explain %+v", o, a.Outcome)
		}
		switch o.Status {
		case 200:
			if !o.Decided || o.Decision != eval.Allow || a.Body != "" {
				t.Fatalf("200 without an Allow: %+v", a)
			}
		case 401, 500, 414:
			if o.Decided {
				t.Fatalf("%d with a decision: %+v", o.Status, o)
			}
		case 403:
			if !o.Decided || o.Decision == eval.Allow || !strings.HasPrefix(a.Body, `{"Message":"User`) {
				t.Fatalf("403 without a deny: %+v", a)
			}
		default:
			t.Fatalf("status %d", o.Status)
		}
		if o.Status != 200 && len(a.Headers) == 0 {
			t.Fatalf("error without headers: %+v", a)
		}
	})
}
