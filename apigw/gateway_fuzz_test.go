package apigw_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/apigw"
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
	for _, mode := range []uint8{5, 6, 7, 13, 21} {
		f.Add(rpDocs[eval.Allow], identityDocs[eval.Allow], "GET /prod/pets/1", "t", "", "198.51.100.7", mode)
		f.Add(rpDocs[eval.ExplicitDeny], identityDocs[eval.ImplicitDeny], "DELETE /prod/pets/1", "", "", "", mode)
	}
	f.Fuzz(func(t *testing.T, rpSrc, outSrc, request, tok, re, ip string, mode uint8) {
		cfg := apigw.Config{API: testAPI, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{
			Type: apigw.AuthorizerType(mode % 2), TTL: apigw.TTLSeconds(int(mode%3) * 150), ValidationExpression: re,
			IdentitySources: []string{"method.request.header.Authorization"},
		}}
		// mode picks the flow: CUSTOM (TOKEN or REQUEST), NONE, AWS_IAM
		// (outSrc is then the caller's identity policy) or Cognito.
		switch mode % 8 {
		case 3:
			cfg.Auth = apigw.AuthNone
		case 5, 6:
			cfg.Auth, cfg.Authorizer = apigw.AuthIAM, apigw.AuthorizerConfig{}
		case 7:
			cfg.Auth, cfg.Authorizer = apigw.AuthCognito, apigw.AuthorizerConfig{}
		}
		if rp, err := policy.Parse([]byte(rpSrc), policy.ParseOptions{Kind: policy.ResourceBased}); err == nil {
			cfg.ResourcePolicy = rp
		}
		g, err := apigw.NewGateway(cfg)
		if err != nil {
			return
		}
		m, err := testAPI.Method(request)
		if err != nil {
			return
		}
		ctx := eval.NewContext()
		if a, err := netip.ParseAddr(ip); err == nil {
			ctx, _ = apigw.ContextFor(apigw.RequestInfo{SourceIP: a})
		}
		call := apigw.Call{Method: m, Headers: http.Header{"Authorization": {tok}}, Context: ctx, Authorizer: apigw.ParseAuthorizerOutput([]byte(outSrc), "out.json")}
		if cfg.Auth == apigw.AuthIAM {
			callers := []string{"arn:aws:iam::123456789012:user/alice", "arn:aws:sts::210987654321:assumed-role/R/s", "arn:aws:iam::123456789012:root"}
			if mode%8 == 5 {
				call.Caller = eval.MustNewCaller(callers[int(mode/8)%len(callers)])
			}
			if d, err := policy.Parse([]byte(outSrc), policy.ParseOptions{Kind: policy.IdentityBased}); err == nil {
				if set, err := eval.Compile(eval.CompileOptions{}, d); err == nil {
					call.IdentityPolicies = set
				}
			}
			if ctx != nil && !call.Caller.IsAnonymous() {
				ctx, _ = apigw.ContextFor(apigw.RequestInfo{Caller: call.Caller})
				call.Context = ctx
			}
		}
		call.Prepare()
		o := g.Decide(&call)
		a := g.Explain(&call, apigw.ExplainOptions{Messages: apigw.MessageStyle(mode % 2)})
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
		case 0:
			if !o.NeedsAuthorizer {
				t.Fatalf("status 0 without NeedsAuthorizer: %+v", o)
			}
		case 403:
			if o.Response == apigw.MissingAuthenticationToken {
				break
			}
			if !o.Decided || o.Decision == eval.Allow || !strings.HasPrefix(a.Body, `{"Message":"User`) {
				t.Fatalf("403 without a deny: %+v", a)
			}
		default:
			t.Fatalf("status %d", o.Status)
		}
		if o.Status != 200 && o.Status != 0 && len(a.Headers) == 0 {
			t.Fatalf("error without headers: %+v", a)
		}
	})
}
