package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	ordersTemplate = "fixtures/templates/orders-api.yaml"
	ordersARN      = "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5"
)

// eval --template routes the request to the template's method and takes
// its authorization, its authorizer's settings and the resource policy
// from the template; flags given explicitly win.
func TestEvalTemplate(t *testing.T) {
	allow := "fixtures/policies/authorizer-method-only.json"
	tests := []struct {
		name       string
		args       []string
		status     int
		auth       string
		decidedBy  string
		stderrPart string
	}{
		{"public route", []string{"--request", "GET /prod/health", "--source-ip", "198.51.100.7"}, 200, "NONE", "resource-policy", ""},
		{"ARN from the flags", []string{"--api", "", "--region", "eu-west-1", "--account", "111122223333", "--api-id", "a1b2c3d4e5", "--request", "GET /prod/health", "--source-ip", "198.51.100.7"}, 200, "NONE", "resource-policy", ""},
		{"the policy's IP deny", []string{"--request", "GET /prod/orders", "--source-ip", "192.0.2.7", "--authorizer-response", allow}, 403, "CUSTOM", "resource-policy", ""},
		{"the validation expression", []string{"--request", "GET /prod/orders", "--source-ip", "198.51.100.7", "--token", "not bearer", "--authorizer-response", allow}, 401, "CUSTOM", "identity-check", ""},
		{"token taken as valid", []string{"--request", "GET /prod/orders", "--source-ip", "198.51.100.7", "--authorizer-response", allow}, 200, "CUSTOM", "", ""},
		{"API key missing", []string{"--request", "GET /prod/orders/42", "--source-ip", "198.51.100.7", "--authorizer-response", allow, "--api-key", "k-1"}, 403, "CUSTOM", "api-key", ""},
		{"API key wrong", []string{"--request", "GET /prod/orders/42", "--source-ip", "198.51.100.7", "--authorizer-response", allow, "--header", "x-api-key=k-2", "--api-key", "k-1"}, 403, "CUSTOM", "api-key", ""},
		{"API key valid", []string{"--request", "GET /prod/orders/42", "--source-ip", "198.51.100.7", "--authorizer-response", allow, "--header", "x-api-key=k-1", "--api-key", "k-0", "--api-key", "k-1"}, 200, "CUSTOM", "", ""},
		{"API key on a method without apiKeyRequired", []string{"--request", "GET /prod/orders", "--source-ip", "198.51.100.7", "--token", "Bearer x", "--authorizer-response", allow, "--api-key", "k-1"}, 200, "CUSTOM", "", "does not require an API key"},
		{"IAM route", []string{"--request", "DELETE /prod/admin", "--caller", "arn:aws:iam::111122223333:user/alice", "--source-ip", "198.51.100.7"}, 200, "AWS_IAM", "resource-policy", ""},
		{"--auth overrides", []string{"--request", "GET /prod/orders", "--auth", "NONE", "--source-ip", "198.51.100.7"}, 200, "NONE", "resource-policy", ""},
		{"--token-validation overrides", []string{"--request", "GET /prod/orders", "--token-validation", "^not .*$", "--token", "not bearer", "--source-ip", "198.51.100.7", "--authorizer-response", allow}, 200, "CUSTOM", "", ""},
		{"no such route", []string{"--request", "GET /prod/nope", "--source-ip", "198.51.100.7"}, 403, "NONE", "request", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"eval", "--format", "json", "--template", ordersTemplate, "--api", ordersARN}
			if tt.args[0] == "--api" {
				args = args[:len(args)-2]
				tt.args = tt.args[2:]
			}
			code, stdout, stderr := run(t, "", append(args, tt.args...)...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			var out struct {
				Status    int
				Auth      string
				DecidedBy string
			}
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatal(err)
			}
			if out.Status != tt.status || out.Auth != tt.auth || tt.decidedBy != "" && !strings.Contains(out.DecidedBy, tt.decidedBy) {
				t.Errorf("got %+v, want %d %s %s\n%s", out, tt.status, tt.auth, tt.decidedBy, stdout)
			}
			if !strings.Contains(stderr, tt.stderrPart) || tt.stderrPart == "" && stderr != "" {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.stderrPart)
			}
			checkValid(t, "eval", tt.name, []byte(stdout))
		})
	}
}

func TestEvalTemplateRefuses(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--template", ordersTemplate, "--request", "GET /prod/health"},
			"--template: the API's partition is ${AWS::Partition}, which the template does not decide offline: give --partition (or --region), or --api with the API's whole ARN"},
		{[]string{"--template", ordersTemplate, "--region", "eu-west-1", "--request", "GET /prod/health"},
			"--template: the API's account is ${AWS::AccountId}, which the template does not decide offline: give --account, or --api with the API's whole ARN"},
		{[]string{"--template", ordersTemplate, "--region", "eu-west-1", "--account", "111122223333", "--request", "GET /prod/health"},
			"--template: the API's id is ${OrdersApi}, which the template does not decide offline: give --api-id, or --api with the API's whole ARN"},
		{[]string{"--template", ordersTemplate, "--api", ordersARN, "--request", "GET /beta/health"}, `--request: the template's API has no stage "beta"`},
		{[]string{"--template", ordersTemplate, "--api", ordersARN}, `--template needs --request "VERB /stage/path"`},
		{[]string{"--template", ordersTemplate, "--method-arn", ordersARN + "/prod/GET/health"}, "--template routes --request: it does not go with --method-arn"},
		{[]string{"--template", "internal/cli/testdata/templates/two-apis.json", "--api", ordersARN, "--request", "GET /prod/"}, "--template: internal/cli/testdata/templates/two-apis.json defines several APIs; say which with --api-name: it defines PrivateApi, PublicApi"},
		{[]string{"--template", "internal/cli/testdata/templates/two-apis.json", "--api-name", "Nope", "--api", ordersARN, "--request", "GET /prod/"}, `--api-name: internal/cli/testdata/templates/two-apis.json defines no API "Nope": it defines PrivateApi, PublicApi`},
		{[]string{"--template", "does-not-exist.yaml", "--api", ordersARN, "--request", "GET /prod/"}, "--template: stat does-not-exist.yaml: no such file or directory"},
		{[]string{"--api", ordersARN, "--request", "GET /prod/", "--api-name", "OrdersApi"}, "--api-name goes with --template"},
		{[]string{"--template", "iac/cloudformation/testdata/petstore.yaml", "--api", ordersARN, "--request", "GET /prod/"}, "--template: the resource policy of PetsApi cannot be read offline"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, "", append([]string{"eval"}, tt.args...)...)
		if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, "iamgate: eval: "+tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// The template's gateway responses shape eval's answer: the status, the
// headers and the body, and customResponse names the override.
func TestEvalTemplateGatewayResponses(t *testing.T) {
	const tmpl = "internal/cli/testdata/templates/responses-api.yaml"
	const api = "arn:aws:execute-api:eu-west-1:111122223333:r1s2t3u4v5"
	allow := "internal/cli/testdata/templates/authorizer-allow.json"
	tests := []struct {
		name    string
		args    []string
		status  int
		body    string
		headers map[string]string
		custom  string
	}{
		{"the 401 gets its own body and echoes the Origin", []string{"--request", "GET /prod/items", "--token", "", "--header", "Origin=https://app.example"}, 401,
			`{"error":"Unauthorized","type":"UNAUTHORIZED"}`,
			map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "UnauthorizedException", "Access-Control-Allow-Origin": "https://app.example"}, "UNAUTHORIZED"},
		{"a missing API key gets DEFAULT_4XX's CORS header", []string{"--request", "GET /prod/items", "--token", "t", "--authorizer-response", allow, "--api-key", "k"}, 403,
			`{"message":"Forbidden"}`,
			map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException", "Access-Control-Allow-Origin": "*"}, "DEFAULT_4XX"},
		{"a valid API key reaches the integration", []string{"--request", "GET /prod/items", "--token", "t", "--authorizer-response", allow, "--api-key", "k", "--header", "x-api-key=k"}, 200,
			"", map[string]string{}, ""},
		{"a route the API lacks answers 404", []string{"--request", "GET /prod/nope"}, 404,
			`{"message":"Missing Authentication Token"}`,
			map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "MissingAuthenticationTokenException"}, "MISSING_AUTHENTICATION_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"eval", "--format", "json", "--template", tmpl, "--api", api}, tt.args...)
			code, stdout, stderr := run(t, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			var out struct {
				Status         int
				Body           string
				Headers        map[string]string
				CustomResponse *struct{ Type string }
			}
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatal(err)
			}
			if out.Status != tt.status || out.Body != tt.body {
				t.Errorf("got %d %s, want %d %s", out.Status, out.Body, tt.status, tt.body)
			}
			if diff := cmp.Diff(tt.headers, out.Headers); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			if got := ""; out.CustomResponse != nil || tt.custom != "" {
				if out.CustomResponse != nil {
					got = out.CustomResponse.Type
				}
				if got != tt.custom {
					t.Errorf("customResponse %q, want %q", got, tt.custom)
				}
			}
			checkValid(t, "eval", tt.name, []byte(stdout))
		})
	}
}
