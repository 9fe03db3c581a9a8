package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/fixtures"
)

const (
	apiARN = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"
	at     = "2026-11-22T10:00:00Z"
)

func init() {
	// A fixed clock, so that outputs without --time are stable.
	now = func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
}

// TestEvalFixtures runs every case of fixtures/eval/cases.json through
// "iamgate eval": the JSON answer must carry the expected status,
// decision, layer, gateway response and exact body, and the text and JSON
// outputs are pinned by golden files.
func TestEvalFixtures(t *testing.T) {
	cases, err := fixtures.EvalCases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 6 {
		t.Fatalf("only %d fixture cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			args := append([]string{"eval", "--format", "json", "--expect", "deny"}, c.Args("fixtures")...)
			switch {
			case c.Want.Status == 200:
				args[4] = "allow"
			case c.Want.Status != 401 && c.Want.Status != 403:
				args[4] = strconv.Itoa(c.Want.Status)
			}
			code, stdout, stderr := run(t, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			var got struct {
				Status          int               `json:"status"`
				Decision        *string           `json:"decision"`
				DecidedBy       string            `json:"decidedBy"`
				GatewayResponse *string           `json:"gatewayResponse"`
				Body            string            `json:"body"`
				Message         *string           `json:"message"`
				Headers         map[string]string `json:"headers"`
				Trace           []string          `json:"trace"`
			}
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("%v\n%s", err, stdout)
			}
			want := c.Want
			if diff := cmp.Diff(want, fixtures.Expected{Status: got.Status, Decision: got.Decision, DecidedBy: got.DecidedBy, GatewayResponse: got.GatewayResponse, Body: got.Body}); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if got.Status != 200 && got.Headers["Content-Type"] != "application/json" {
				t.Errorf("headers %v", got.Headers)
			}
			if len(got.Trace) == 0 {
				t.Error("no trace")
			}
			golden(t, "eval-fixture-"+c.Name+".json.golden", stdout)
			_, text, _ := run(t, "", append([]string{"eval"}, c.Args("fixtures")...)...)
			golden(t, "eval-fixture-"+c.Name+".golden", text)
		})
	}
}

func TestEvalCLI(t *testing.T) {
	base := []string{"eval", "--api", apiARN, "--time", at}
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
	}{
		{"help-eval", []string{"help", "eval"}, "", ExitOK},
		{"eval-expect-met-status", append(base, "--request", "GET /prod/orders/1", "--token", "", "--expect", "401"), "", ExitOK},
		{"eval-expect-not-met", append(base, "--request", "GET /prod/orders/43", "--authorizer-response", "fixtures/policies/authorizer-method-only.json", "--expect", "allow"), "", ExitFailed},
		{"eval-expect-explicit-not-implicit", append(base, "--request", "GET /prod/orders/43", "--authorizer-response", "fixtures/policies/authorizer-method-only.json", "--expect", "explicit-deny"), "", ExitFailed},
		{"eval-method-arn", []string{"eval", "--method-arn", apiARN + "/prod/GET/orders/42", "--authorizer-response", "fixtures/policies/authorizer-scoped.json", "--time", at}, "", ExitOK},
		{"eval-stdin-error-object", append(base, "--request", "DELETE /prod/orders/42", "--authorizer-response", "-"), `{"errorMessage":"Unauthorized","errorType":"Error"}` + "\n", ExitOK},
		{"eval-stdin-response", append(base, "--request", "DELETE /prod/orders/42", "--authorizer-response", "-"), `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*"}]}}`, ExitOK},
		{"eval-invalid-output-text", append(base, "--request", "GET /prod/orders/42", "--authorizer-response", "-"), "{\"principalId\":\"u\",\n \"policyDocument\":{\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]},\n \"context\":{\"roles\":[\"a\"]}}", ExitOK},
		{"eval-request-identity-sources", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--identity-source", "method.request.header.X-Tenant", "--identity-source", "method.request.querystring.key", "--header", "X-Tenant=acme", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-request-no-caching", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--identity-source", "method.request.header.X-Tenant", "--authorizer-ttl", "0", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-private-api", append(base, "--request", "POST /prod/orders", "--resource-policy", "fixtures/policies/resource-private-vpce.json", "--vpce", "vpce-0a1b2c3d4e5f67890", "--vpc", "vpc-0123", "--source-ip", "10.0.3.7"), "", ExitOK},
		{"eval-private-api-other-endpoint", append(base, "--request", "POST /prod/orders", "--resource-policy", "fixtures/policies/resource-private-vpce.json", "--vpce", "vpce-0ffffffffffffffff", "--format", "json"), "", ExitOK},
		{"eval-cognito", append(base, "--request", "GET /prod/orders", "--auth", "COGNITO_USER_POOLS", "--resource-policy", "fixtures/policies/resource-office-allow-only.json", "--source-ip", "192.0.2.10"), "", ExitOK},
		{"eval-iam-context-keys", append(base, "--request", "GET /prod/pets", "--caller", "arn:aws:iam::123456789012:user/alice", "--identity-policy", "fixtures/policies/identity-invoke-prod.json", "--principal-org-id", "o-a1b2c3", "--principal-tag", "team=payments", "--context", "execute-api:viaDomainArn=arn:aws:execute-api:us-east-1:123456789012:/domainnames/api.example.com+abc", "--format", "json"), "", ExitOK},
		{"eval-none-public", append(base, "--request", "GET /prod/"), "", ExitOK},
		{"eval-token-from-header", append(base, "--request", "GET /prod/orders/42", "--header", "Authorization=", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-token-twice", append(base, "--request", "GET /prod/orders/42", "--token", "t", "--header", "authorization=x", "--authorizer-error", "x"), "", ExitUsage},
		{"eval-private-without-policy", append(base, "--request", "GET /prod/x", "--vpce", "vpce-0123"), "", ExitUsage},
		{"eval-authorizer-type-on-none", append(base, "--request", "GET /prod/x", "--auth", "NONE", "--authorizer-type", "REQUEST"), "", ExitUsage},
		{"eval-request-context-source", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--identity-source", "context.identity.sourceIp,method.request.header.X-Tenant", "--header", "X-Tenant=acme", "--source-ip", "198.51.100.20", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-request-context-flag", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--identity-source", "context.authorizer.tenant", "--request-context", "authorizer.tenant=acme", "--authorizer-response", "fixtures/policies/authorizer-scoped.json", "--format", "json"), "", ExitOK},
		{"eval-method-arn-too-long", append(base, "--request", "GET /prod/"+strings.Repeat("x", 1600), "--authorizer-error", "never called", "--format", "json"), "", ExitOK},
		{"eval-token-header-not-sent", append(base, "--request", "GET /prod/orders/1", "--identity-source", "method.request.header.X-Token", "--header", "Authorization=abc", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-query-in-request", append(base, "--request", "GET /prod/orders/42?tenant=acme&x=1", "--authorizer-type", "REQUEST", "--identity-source", "method.request.querystring.tenant", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-source-ip-needed", append(base, "--request", "GET /prod/orders/42", "--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitUsage},
		{"eval-blank-token", append(base, "--request", "GET /prod/orders/42", "--token", " \t ", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-header-line-break", append(base, "--request", "GET /prod/orders/42", "--header", "X-Tenant=acme\r\nX-Injected: 1"), "", ExitUsage},
		{"eval-header-bad-name", append(base, "--request", "GET /prod/orders/42", "--header", "X Tenant=acme"), "", ExitUsage},
		{"eval-ttl-on-iam", append(base, "--request", "GET /prod/x", "--auth", "AWS_IAM", "--authorizer-ttl", "60"), "", ExitUsage},
		{"eval-unknown-verb", append(base, "--request", "FOO /prod/x"), "", ExitUsage},
		{"eval-method-arn-unknown-verb", []string{"eval", "--method-arn", apiARN + "/prod/GETX/x"}, "", ExitUsage},
		{"eval-source-ip-needed-for-variable", append(base, "--request", "GET /prod/ip/203.0.113.7", "--resource-policy", "internal/cli/testdata/policies/resource-ip-variable.json"), "", ExitUsage},
		{"eval-source-ip-variable", append(base, "--request", "GET /prod/ip/203.0.113.7", "--resource-policy", "internal/cli/testdata/policies/resource-ip-variable.json", "--source-ip", "203.0.113.7"), "", ExitOK},
		{"eval-userid-needed", append(base, "--request", "GET /prod/x", "--resource-policy", "internal/cli/testdata/policies/resource-userid.json", "--caller", "arn:aws:iam::123456789012:user/alice"), "", ExitUsage},
		{"eval-userid-given", append(base, "--request", "GET /prod/x", "--resource-policy", "internal/cli/testdata/policies/resource-userid.json", "--caller", "arn:aws:iam::123456789012:user/alice", "--context", "aws:userid=AIDAJQABLZS4A3QDU576Q"), "", ExitOK},
		{"eval-source-ip-needed-for-identity-source", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--identity-source", "context.identity.sourceIp", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitUsage},
		{"eval-why-both-layers", append(base, "--request", "GET /prod/invoices", "--token", "t", "--resource-policy", "fixtures/policies/resource-office-allow-only.json", "--source-ip", "203.0.113.50", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-iam-no-identity-policy", append(base, "--request", "GET /prod/orders/1", "--caller", "arn:aws:iam::123456789012:user/alice"), "", ExitOK},
		{"eval-d2-advice", append(base, "--request", "GET /prod/orders/17", "--token", "t", "--resource-policy", "fixtures/policies/resource-cross-account.json", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-misspelt-flag", append(base, "--request", "GET /prod/x", "--autorizer-response", "x.json"), "", ExitUsage},
		{"eval-context-without-prefix", append(base, "--request", "GET /prod/x", "--context", "SourceIp=10.0.0.1"), "", ExitUsage},
		{"eval-lower-case-authorizer-type", append(base, "--request", "GET /prod/x", "--authorizer-type", "token", "--token", "t"), "", ExitUsage},
		{"eval-token-on-none", append(base, "--request", "GET /prod/x", "--auth", "NONE", "--token", "t"), "", ExitUsage},
		{"eval-json-input-error", append(base, "--request", "GET /prod/x", "--resource-policy", "fixtures/invalid/broken-resource-policy.json", "--format", "json"), "", ExitUsage},
		{"eval-json-usage-error", append(base, "--request", "GET /prod/x", "--auth", "CUSTOM", "--format", "json"), "", ExitUsage},
		{"eval-header-without-token", append(base, "--request", "GET /prod/orders/42", "--header", "User-Agent=curl/8", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-source-ip-from-context", append(base, "--request", "GET /prod/orders/42", "--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--context", "aws:SourceIp=192.0.2.1", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), "", ExitOK},
		{"eval-json-unknown-flag", append(base, "--request", "GET /prod/x", "--format", "json", "--bogus"), "", ExitUsage},
		{"eval-json-extra-argument", append(base, "--format=json", "--request", "GET", "/prod/x"), "", ExitUsage},
		{"eval-json-mixed-errors", append(base, "--request", "GET /prod/x", "--resource-policy", "fixtures/invalid/broken-resource-policy.json", "--authorizer-ttl", "5000", "--authorizer-error", "x", "--format", "json"), "", ExitUsage},
		{"eval-fragment-not-query", append(base, "--request", "GET /prod/x#f?tenant=acme", "--authorizer-type", "REQUEST", "--identity-source", "method.request.querystring.tenant", "--authorizer-error", "x"), "", ExitOK},
		{"eval-needs-authorizer", append(base, "--request", "GET /prod/orders", "--auth", "CUSTOM"), "", ExitUsage},
		{"eval-no-request", []string{"eval", "--api", apiARN}, "", ExitUsage},
		{"eval-both-method-forms", append(base, "--request", "GET /prod/x", "--method-arn", apiARN+"/prod/GET/x"), "", ExitUsage},
		{"eval-bad-api", []string{"eval", "--api", "arn:aws:s3:::bucket", "--request", "GET /prod/x"}, "", ExitUsage},
		{"eval-bad-request", append(base, "--request", "GET prod/x"), "", ExitUsage},
		{"eval-bad-auth", append(base, "--request", "GET /prod/x", "--auth", "IAM"), "", ExitUsage},
		{"eval-caller-on-custom", append(base, "--request", "GET /prod/x", "--auth", "CUSTOM", "--caller", "arn:aws:iam::123456789012:user/alice"), "", ExitUsage},
		{"eval-ambiguous-auth", append(base, "--request", "GET /prod/x", "--authorizer-error", "Unauthorized", "--caller", "arn:aws:iam::123456789012:user/alice"), "", ExitUsage},
		{"eval-token-on-request-authorizer", append(base, "--request", "GET /prod/x", "--authorizer-type", "REQUEST", "--token", "t", "--authorizer-error", "x"), "", ExitUsage},
		{"eval-bad-regex", append(base, "--request", "GET /prod/x", "--token-validation", "(", "--authorizer-error", "x"), "", ExitUsage},
		{"eval-ttl-out-of-range", append(base, "--request", "GET /prod/x", "--authorizer-ttl", "7200", "--authorizer-error", "x"), "", ExitUsage},
		{"eval-invalid-resource-policy", append(base, "--request", "GET /prod/x", "--resource-policy", "fixtures/invalid/broken-resource-policy.json"), "", ExitUsage},
		{"eval-missing-file", append(base, "--request", "GET /prod/x", "--resource-policy", "nope.json"), "", ExitUsage},
		{"eval-two-stdin", append(base, "--request", "GET /prod/x", "--resource-policy", "-", "--authorizer-response", "-"), "", ExitUsage},
		{"eval-bad-expect", append(base, "--request", "GET /prod/x", "--expect", "maybe"), "", ExitUsage},
		{"eval-bad-source-ip", append(base, "--request", "GET /prod/x", "--source-ip", "10.0.0.300"), "", ExitUsage},
		{"eval-vpc-without-endpoint", append(base, "--request", "GET /prod/x", "--vpc", "vpc-1"), "", ExitUsage},
		{"eval-bad-time", append(base, "--request", "GET /prod/x", "--time", "yesterday"), "", ExitUsage},
		{"eval-bad-context", append(base, "--request", "GET /prod/x", "--context", "novalue"), "", ExitUsage},
		{"eval-extra-argument", append(base, "--request", "GET", "/prod/x"), "", ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.stdin, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			if code == ExitUsage && tt.name != "help-eval" && !strings.HasPrefix(stderr, "iamgate: eval: ") {
				t.Errorf("usage error without an iamgate: eval: message:\n%s", stderr)
			}
			golden(t, tt.name+".golden", "-- stdout --\n"+stdout+"-- stderr --\n"+stderr)
		})
	}
}

func TestEventCLI(t *testing.T) {
	base := []string{"event", "--api", apiARN, "--time", at}
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{"help-event", []string{"help", "event"}, ExitOK},
		{"event-token", append(base, "--request", "GET /prod/orders/42", "--token", "Bearer eyJ.x.y"), ExitOK},
		{"event-token-header", append(base, "--request", "GET /prod/orders/42", "--identity-source", "method.request.header.X-Token", "--header", "x-token=abc"), ExitOK},
		{"event-request", append(base, "--request", "GET /prod/orders/42?page=2&page=3", "--authorizer-type", "REQUEST", "--identity-source", "method.request.header.X-Api-Key", "--header", "X-Api-Key=k1", "--header", "Accept=a", "--header", "Accept=b", "--stage-variable", "env=production", "--request-context", "identity.apiKey=key-1", "--source-ip", "192.0.2.7", "--resource", "/orders/{id}"), ExitOK},
		{"event-request-proxy", append(base, "--request", "GET /prod/files/a/b.txt", "--authorizer-type", "REQUEST", "--authorizer-ttl", "0", "--resource", "/files/{path+}", "--source-ip", "192.0.2.7", "--header", "authorization=Bearer <x> & y"), ExitOK},
		{"event-request-no-source-ip", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--authorizer-ttl", "0"), ExitUsage},
		{"event-phase1-note", append(base, "--request", "GET /prod/orders/42", "--token", "t", "--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--source-ip", "203.0.113.9"), ExitOK},
		{"event-no-token", append(base, "--request", "GET /prod/orders/42"), ExitUsage},
		{"event-resource-mismatch", append(base, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST", "--authorizer-ttl", "0", "--resource", "/users/{id}", "--source-ip", "192.0.2.7"), ExitUsage},
		{"event-iam", append(base, "--request", "GET /prod/orders/42", "--auth", "AWS_IAM"), ExitUsage},
		{"event-expect", append(base, "--request", "GET /prod/orders/42", "--token", "t", "--expect", "allow"), ExitUsage},
		{"event-argument", append(base, "GET", "/prod/orders/42"), ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			golden(t, tt.name+".golden", "-- stdout --\n"+stdout+"-- stderr --\n"+stderr)
		})
	}
}
