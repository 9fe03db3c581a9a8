package apigw_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/race"
	"github.com/iamgate/iamgate/policy"
)

// flowCase is one request through one configuration.
type flowCase struct {
	name string
	cfg  apigw.Config
	call apigw.Call
	// want: status, decided by, gateway response, body.
	status   int
	by       apigw.Layer
	response apigw.ResponseType
	body     string
	// reached: whether the flow got to the Lambda authorizer.
	reached bool
	// trace: a phrase the trace must contain.
	trace string
}

func custom(typ apigw.AuthorizerType, ttl int, rp string, mods ...func(*apigw.AuthorizerConfig)) apigw.Config {
	cfg := apigw.Config{API: testAPI, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: typ, TTL: apigw.TTLSeconds(ttl)}}
	for _, m := range mods {
		m(&cfg.Authorizer)
	}
	if rp != "" {
		d, err := policy.Parse([]byte(rp), policy.ParseOptions{File: "rp.json", Kind: policy.ResourceBased})
		if err != nil {
			panic(err)
		}
		cfg.ResourcePolicy = d
	}
	return cfg
}

func token(v string) http.Header { return http.Header{"Authorization": {v}} }

var (
	allowOutput = apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.Allow]), "out.json")
	denyOutput  = apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.ExplicitDeny]), "out.json")
	denyRP      = rpDocs[eval.ExplicitDeny]
)

func TestFlows(t *testing.T) {
	const unauthorized = `{"message":"Unauthorized"}`
	const null = `{"message":null}`
	withRegex := func(re string) func(*apigw.AuthorizerConfig) {
		return func(a *apigw.AuthorizerConfig) { a.ValidationExpression = re }
	}
	sources := func(s ...string) func(*apigw.AuthorizerConfig) {
		return func(a *apigw.AuthorizerConfig) { a.IdentitySources = s }
	}
	cases := []flowCase{
		{
			name:   "TOKEN missing header is 401 without invoking",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
			trace: "at most an \"Unauthorized request\" line",
		},
		{
			name:   "TOKEN empty header is 401",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token(""), Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
		},
		{
			name:   "TOKEN header names are case-insensitive",
			cfg:    custom(apigw.TokenAuthorizer, 300, "", sources("method.request.header.x-api-token")),
			call:   apigw.Call{Headers: http.Header{"X-Api-Token": {"abc"}}, Authorizer: allowOutput},
			status: 200, by: apigw.LayerAuthorizer, reached: true,
		},
		{
			name:   "validation expression must match the whole token (D8)",
			cfg:    custom(apigw.TokenAuthorizer, 300, "", withRegex(`\w{5}`)),
			call:   apigw.Call{Headers: token("abcdefg"), Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
			trace: "does not match the validation expression",
		},
		{
			name:   "validation expression matched",
			cfg:    custom(apigw.TokenAuthorizer, 300, "", withRegex(`\w{5}`)),
			call:   apigw.Call{Headers: token("abcde"), Authorizer: allowOutput},
			status: 200, by: apigw.LayerAuthorizer, reached: true,
		},
		{
			name:   "alternation is anchored as a whole",
			cfg:    custom(apigw.TokenAuthorizer, 300, "", withRegex(`Bearer .+|x`)),
			call:   apigw.Call{Headers: token("xyz"), Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
		},
		{
			name:   "identity check comes before phase 1 (D6)",
			cfg:    custom(apigw.TokenAuthorizer, 300, denyRP),
			call:   apigw.Call{Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
		},
		{
			name:   "phase 1 explicit deny stops the request before the authorizer",
			cfg:    custom(apigw.TokenAuthorizer, 300, denyRP),
			call:   apigw.Call{Headers: token("t")},
			status: 403, by: apigw.LayerResourcePolicy, response: apigw.AccessDenied,
			body:  `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ` + maskedARN + ` with an explicit deny in a resource-based policy"}`,
			trace: "before invoking the authorizer",
		},
		{
			name:   "REQUEST with caching on needs every identity source (D7)",
			cfg:    custom(apigw.RequestAuthorizer, 300, "", sources("method.request.header.Auth", "method.request.querystring.tenant")),
			call:   apigw.Call{Headers: http.Header{"Auth": {"a"}}, Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
			trace: "method.request.querystring.tenant is missing or empty",
		},
		{
			name:   "REQUEST with caching on and an empty query value",
			cfg:    custom(apigw.RequestAuthorizer, 300, "", sources("method.request.querystring.tenant")),
			call:   apigw.Call{Query: url.Values{"tenant": {""}}, Authorizer: allowOutput},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
		},
		{
			name: "REQUEST with every source present",
			cfg:  custom(apigw.RequestAuthorizer, 300, "", sources("method.request.header.Auth", "method.request.querystring.tenant", "stageVariables.env", "context.requestId")),
			call: apigw.Call{
				Headers: http.Header{"Auth": {"a"}}, Query: url.Values{"tenant": {"t"}},
				StageVariables: map[string]string{"env": "prod"}, RequestContext: map[string]string{"requestId": "r-1"},
				Authorizer: allowOutput,
			},
			status: 200, by: apigw.LayerAuthorizer, reached: true,
		},
		{
			name:   "REQUEST with caching off is invoked without its sources (D7)",
			cfg:    custom(apigw.RequestAuthorizer, 0, "", sources("method.request.header.Auth")),
			call:   apigw.Call{Authorizer: allowOutput},
			status: 200, by: apigw.LayerAuthorizer, reached: true,
			trace: "does not check the identity sources",
		},
		{
			name:   "the exact error Unauthorized is 401",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: apigw.AuthorizerError("Unauthorized")},
			status: 401, by: apigw.LayerAuthorizer, response: apigw.Unauthorized, body: unauthorized, reached: true,
		},
		{
			name:   "any other error is 500 (D3)",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: apigw.AuthorizerError("Unauthorized: token expired")},
			status: 500, by: apigw.LayerAuthorizerFailure, response: apigw.AuthorizerFailure, body: null, reached: true,
		},
		{
			name:   "an error in another case is 500",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: apigw.AuthorizerError("unauthorized")},
			status: 500, by: apigw.LayerAuthorizerFailure, response: apigw.AuthorizerFailure, body: null, reached: true,
		},
		{
			name:   "invalid output is 500 configuration error",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: apigw.ParseAuthorizerOutput([]byte(`{"statusCode":403,"body":"no"}`), "out.json")},
			status: 500, by: apigw.LayerAuthorizerFailure, response: apigw.AuthorizerConfigurationError, body: null, reached: true,
			trace: "invalid authorizer output",
		},
		{
			name:   "null output is 500",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: apigw.ParseAuthorizerOutput([]byte(`null`), "out.json")},
			status: 500, by: apigw.LayerAuthorizerFailure, response: apigw.AuthorizerConfigurationError, body: null, reached: true,
			trace: "apigw: Authorizer result body before parsing: null",
		},
		{
			name:   "lower-case Effect is invalid output (D10)",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: apigw.ParseAuthorizerOutput([]byte(strings.Replace(authorizerDocs[eval.Allow], `"Allow"`, `"allow"`, 1)), "out.json")},
			status: 500, by: apigw.LayerAuthorizerFailure, response: apigw.AuthorizerConfigurationError, body: null, reached: true,
		},
		{
			name:   "authorizer explicit deny, legacy log lines",
			cfg:    custom(apigw.TokenAuthorizer, 300, ""),
			call:   apigw.Call{Headers: token("t"), Authorizer: denyOutput},
			status: 403, by: apigw.LayerAuthorizer, response: apigw.AccessDenied, reached: true,
			body:  `{"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"}`,
			trace: "apigw: Using valid authorizer policy for principal: ****ser-42",
		},
		{
			name:    "no authorizer result yet",
			cfg:     custom(apigw.TokenAuthorizer, 300, ""),
			call:    apigw.Call{Headers: token("t")},
			reached: true,
		},
		{
			name:   "AssumeValidIdentity skips the identity check",
			cfg:    custom(apigw.TokenAuthorizer, 300, "", withRegex(`x`)),
			call:   apigw.Call{AssumeValidIdentity: true, Authorizer: allowOutput},
			status: 200, by: apigw.LayerAuthorizer, reached: true,
		},
		{
			name:   "unsigned call to an AWS_IAM method",
			cfg:    apigw.Config{API: testAPI, Auth: apigw.AuthIAM},
			call:   apigw.Call{},
			status: 403, by: apigw.LayerIdentityCheck, response: apigw.MissingAuthenticationToken,
			body: `{"message":"Missing Authentication Token"}`,
		},
		{
			name:   "account root is allowed in its own account",
			cfg:    apigw.Config{API: testAPI, Auth: apigw.AuthIAM},
			call:   apigw.Call{Caller: eval.MustNewCaller("arn:aws:iam::123456789012:root")},
			status: 200, by: apigw.LayerIdentityPolicy,
		},
		{
			name:   "another account's root needs the resource policy (Table B)",
			cfg:    apigw.Config{API: testAPI, Auth: apigw.AuthIAM},
			call:   apigw.Call{Caller: eval.MustNewCaller("arn:aws:iam::210987654321:root")},
			status: 403, by: apigw.LayerResourcePolicy, response: apigw.AccessDenied,
			body: `{"Message":"User: arn:aws:iam::210987654321:root is not authorized to perform: execute-api:Invoke on resource: ` + maskedARN + ` because no resource-based policy allows the execute-api:Invoke action"}`,
		},
		{
			name:   "Cognito without a token is 401",
			cfg:    apigw.Config{API: testAPI, Auth: apigw.AuthCognito},
			call:   apigw.Call{},
			status: 401, by: apigw.LayerIdentityCheck, response: apigw.Unauthorized, body: unauthorized,
		},
		{
			name:   "NONE without a resource policy is public",
			cfg:    apigw.Config{API: testAPI},
			call:   apigw.Call{},
			status: 200, by: apigw.LayerNone,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := apigw.NewGateway(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			call := tc.call
			call.Method = testMethod
			call.Prepare()
			a := g.Explain(&call, apigw.ExplainOptions{})
			if a.Outcome != g.Decide(&call) {
				t.Fatalf("Explain %+v and Decide %+v disagree", a.Outcome, g.Decide(&call))
			}
			type got struct {
				Status   int
				By       apigw.Layer
				Response apigw.ResponseType
				Body     string
				Reached  bool
			}
			want := got{tc.status, tc.by, tc.response, tc.body, tc.reached}
			if diff := cmp.Diff(want, got{a.Status, a.DecidedBy, a.Response, a.Body, a.AuthorizerReached}); diff != "" {
				t.Errorf("(-want +got):\n%s\ntrace:\n%s", diff, a.Trace.String())
			}
			if tc.status == 0 != a.NeedsAuthorizer {
				t.Errorf("NeedsAuthorizer = %v", a.NeedsAuthorizer)
			}
			if tc.trace != "" && !strings.Contains(a.Trace.String(), tc.trace) {
				t.Errorf("trace lacks %q:\n%s", tc.trace, a.Trace.String())
			}
			if a.Status != 200 && a.Status != 0 && len(a.Advice) == 0 {
				t.Errorf("a %d comes with no advice", a.Status)
			}
		})
	}
}

func TestFlowMethodARNTooLong(t *testing.T) {
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	call := apigw.Call{Method: mustMethod("GET /prod/" + strings.Repeat("a", 1600)), Headers: token("t"), Authorizer: allowOutput}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if a.Status != 414 || a.DecidedBy != apigw.LayerRequest || a.Body != `{"message":"Request URI too long"}` {
		t.Errorf("got %d %v %s", a.Status, a.DecidedBy, a.Body)
	}
}

func TestNewGatewayErrors(t *testing.T) {
	cases := []struct {
		name string
		cfg  apigw.Config
		want string
	}{
		{"no API", apigw.Config{}, "the API is required"},
		{"bad regex", custom(apigw.TokenAuthorizer, 300, "", func(a *apigw.AuthorizerConfig) { a.ValidationExpression = `(` }), "not a valid RE2 regular expression"},
		{"regex on REQUEST", custom(apigw.RequestAuthorizer, 0, "", func(a *apigw.AuthorizerConfig) { a.ValidationExpression = `x` }), "only to TOKEN and COGNITO_USER_POOLS authorizers"},
		{"TTL too long", custom(apigw.TokenAuthorizer, 3601, ""), "out of range"},
		{"negative TTL", custom(apigw.TokenAuthorizer, -1, ""), "out of range"},
		{"REQUEST caching without sources", custom(apigw.RequestAuthorizer, 300, ""), "needs at least one identity source"},
		{"path parameter source", custom(apigw.RequestAuthorizer, 0, "", func(a *apigw.AuthorizerConfig) { a.IdentitySources = []string{"method.request.path.id"} }), "path parameters cannot be identity sources"},
		{"unknown source", custom(apigw.RequestAuthorizer, 0, "", func(a *apigw.AuthorizerConfig) { a.IdentitySources = []string{"header.x"} }), "is not method.request.header.NAME"},
		{"TOKEN from a query string", custom(apigw.TokenAuthorizer, 0, "", func(a *apigw.AuthorizerConfig) { a.IdentitySources = []string{"method.request.querystring.t"} }), "exactly one header"},
		{"identity policy as resource policy", apigw.Config{API: testAPI, ResourcePolicy: mustDoc(t, identityDocs[eval.Allow], policy.IdentityBased)}, "was read as an identity policy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := apigw.NewGateway(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestAdviceCachingTrap(t *testing.T) {
	// The authorizer returned a policy for the method ARN of the request
	// that invoked it (GET /prod/orders); with caching on, it decides
	// GET /prod/pets/1 too (KC-CACHE).
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.ImplicitDeny]), "out.json")}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if a.Status != 403 || a.Decision != eval.ImplicitDeny {
		t.Fatalf("got %d %v", a.Status, a.Decision)
	}
	advice := adviceText(a)
	for _, want := range []string{"it names another method (GET /orders), not this one (GET /pets/1)", "TTL 300", "arn:aws:execute-api:us-east-1:123456789012:abc123def4/prod/*/*"} {
		if !strings.Contains(advice, want) {
			t.Errorf("advice lacks %q:\n%s", want, advice)
		}
	}
	if len(a.Reasons) != 1 || a.Reasons[0].Layer != apigw.LayerAuthorizer || a.Reasons[0].Applies {
		t.Errorf("reasons: %+v", a.Reasons)
	}
}

func TestAdviceAllowOnlyIPList(t *testing.T) {
	// AUTHFLOW: an Allow with an IP condition does not stop other
	// callers of an API with a Lambda authorizer.
	rp := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, rp))
	ctx, err := apigw.ContextFor(apigw.RequestInfo{SourceIP: netip.MustParseAddr("203.0.113.9")})
	if err != nil {
		t.Fatal(err)
	}
	call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: allowOutput, Context: ctx}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if a.Status != 200 {
		t.Fatalf("status %d, want 200: the authorizer's Allow wins over a silent resource policy", a.Status)
	}
	if !strings.Contains(adviceText(a), "only an explicit Deny") {
		t.Errorf("advice: %q", adviceText(a))
	}
}

func TestDecideDoesNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop entries, so pooled matchers allocate: .ci/run runs this without -race")
	}
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, rpDocs[eval.Allow], func(a *apigw.AuthorizerConfig) { a.ValidationExpression = `[a-z]+` }))
	ctx, _ := apigw.ContextFor(apigw.RequestInfo{SourceIP: netip.MustParseAddr("203.0.113.9"), Time: time.Unix(1_800_000_000, 0)})
	call := apigw.Call{Method: testMethod, Headers: token("token"), Authorizer: allowOutput, Context: ctx}
	call.Prepare()
	iam := apigw.MustNewGateway(apigw.Config{API: testAPI, Auth: apigw.AuthIAM, ResourcePolicy: mustDoc(t, rpDocs[eval.Allow], policy.ResourceBased)})
	iamCall := apigw.Call{Method: testMethod, Caller: eval.MustNewCaller("arn:aws:iam::210987654321:user/bob"), Context: ctx,
		IdentityPolicies: eval.MustCompile(eval.CompileOptions{}, mustDoc(t, identityDocs[eval.Allow], policy.IdentityBased))}
	iamCall.Prepare()
	for name, f := range map[string]func(){
		"CUSTOM":  func() { g.Decide(&call) },
		"AWS_IAM": func() { iam.Decide(&iamCall) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: Decide allocates %v times per call", name, n)
		}
	}
}

func TestContextFor(t *testing.T) {
	at := time.Date(2026, 11, 22, 5, 6, 52, 0, time.FixedZone("x", 3600))
	ip := netip.MustParseAddr("198.51.100.7")
	cases := []struct {
		name string
		info apigw.RequestInfo
		want map[string][]string
	}{
		{
			name: "public anonymous call",
			info: apigw.RequestInfo{Time: at, SourceIP: ip, UserAgent: "curl/8", Referer: "https://example.com/"},
			want: map[string][]string{
				"aws:SecureTransport": {"true"}, "aws:CurrentTime": {"2026-11-22T04:06:52Z"}, "aws:EpochTime": {"1795320412"},
				"aws:SourceIp": {"198.51.100.7"}, "aws:UserAgent": {"curl/8"}, "aws:Referer": {"https://example.com/"},
				"aws:PrincipalAccount": {"anonymous"}, "aws:PrincipalType": {"Anonymous"}, "aws:userid": {"anonymous"},
			},
		},
		{
			name: "private API call through a VPC endpoint (D17)",
			info: apigw.RequestInfo{SourceIP: ip, VPCEndpoint: "vpce-1a2b3c4d", VPC: "vpc-0abc"},
			want: map[string][]string{
				"aws:SecureTransport": {"true"}, "aws:SourceVpce": {"vpce-1a2b3c4d"}, "aws:SourceVpc": {"vpc-0abc"}, "aws:VpcSourceIp": {"198.51.100.7"},
				"aws:PrincipalAccount": {"anonymous"}, "aws:PrincipalType": {"Anonymous"}, "aws:userid": {"anonymous"},
			},
		},
		{
			name: "IAM role session",
			info: apigw.RequestInfo{
				Caller:         eval.MustNewCaller("arn:aws:sts::111122223333:assumed-role/Deployer/ci-run-7"),
				PrincipalOrgID: "o-abc123", PrincipalTags: map[string]string{"team": "payments"},
				Extra: map[string][]string{"execute-api:viaDomainArn": {"arn:aws:execute-api:us-east-1:111122223333:/domainnames/api.example.com+abc"}},
			},
			want: map[string][]string{
				"aws:SecureTransport": {"true"}, "aws:PrincipalArn": {"arn:aws:iam::111122223333:role/Deployer"},
				"aws:PrincipalAccount": {"111122223333"}, "aws:PrincipalType": {"AssumedRole"},
				"aws:PrincipalOrgID": {"o-abc123"}, "aws:PrincipalTag/team": {"payments"},
				"execute-api:viaDomainArn": {"arn:aws:execute-api:us-east-1:111122223333:/domainnames/api.example.com+abc"},
			},
		},
		{
			name: "IAM user",
			info: apigw.RequestInfo{Caller: eval.MustNewCaller("arn:aws:iam::111122223333:user/division/alice")},
			want: map[string][]string{
				"aws:SecureTransport": {"true"}, "aws:PrincipalArn": {"arn:aws:iam::111122223333:user/division/alice"},
				"aws:PrincipalAccount": {"111122223333"}, "aws:PrincipalType": {"User"}, "aws:username": {"alice"},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := apigw.ContextFor(tc.info)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, k := range c.Keys() {
				got[k], _ = c.Get(k)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := apigw.ContextFor(apigw.RequestInfo{VPC: "vpc-1"}); err == nil {
		t.Error("a VPC without an endpoint was accepted")
	}
}

func TestAdviceResourcePolicyAllowHidesAuthorizer(t *testing.T) {
	// Table A: an authorizer that allows nothing here, and a resource
	// policy allowing everyone, let the call through.
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, rpDocs[eval.Allow]))
	call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.ImplicitDeny]), "out.json")}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if a.Status != 200 || a.DecidedBy != apigw.LayerResourcePolicy {
		t.Fatalf("got %d by %v, want 200 by the resource policy", a.Status, a.DecidedBy)
	}
	if !strings.Contains(adviceText(a), "Neither | Allow gives Allow") {
		t.Errorf("advice: %q", adviceText(a))
	}
}

func TestCallChangedAfterPrepare(t *testing.T) {
	// The authorizer allows only GET /prod/orders/42. A call prepared for
	// that method and then pointed at another must be judged on the new
	// one.
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	out := apigw.ParseAuthorizerOutput([]byte(`{"principalId":"u","policyDocument":{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123def4/prod/GET/orders/42"}}}`), "out.json")
	call := apigw.Call{Method: mustMethod("GET /prod/orders/42"), Headers: token("t"), Authorizer: out}
	call.Prepare()
	if o := g.Decide(&call); o.Status != 200 {
		t.Fatalf("prepared method: %d", o.Status)
	}
	call.Method = mustMethod("DELETE /prod/admin/everything")
	if o := g.Decide(&call); o.Status != 403 {
		t.Errorf("Decide after changing Method: %d, want 403", o.Status)
	}
	if a := g.Explain(&call, apigw.ExplainOptions{}); a.Status != 403 || a.MethodARN != call.Method.String() {
		t.Errorf("Explain after changing Method: %d for %s", a.Status, a.MethodARN)
	}
	// Never prepared: same answers, with allocations.
	fresh := apigw.Call{Method: mustMethod("GET /prod/orders/42"), Headers: token("t"), Authorizer: out}
	if o := g.Decide(&fresh); o.Status != 200 {
		t.Errorf("unprepared call: %d", o.Status)
	}
}

func TestCommaSeparatedIdentitySources(t *testing.T) {
	// API Gateway stores REQUEST identity sources as one comma-separated
	// string (API-AUTHORIZER).
	cfg := custom(apigw.RequestAuthorizer, 300, "", func(a *apigw.AuthorizerConfig) {
		a.IdentitySources = []string{"method.request.header.X-Tenant, method.request.querystring.key"}
	})
	g := apigw.MustNewGateway(cfg)
	for _, tc := range []struct {
		query url.Values
		want  int
	}{{url.Values{"key": {"k"}}, 200}, {nil, 401}} {
		call := apigw.Call{Method: testMethod, Headers: http.Header{"X-Tenant": {"acme"}}, Query: tc.query, Authorizer: allowOutput}
		if o := g.Decide(call.Prepare()); o.Status != tc.want {
			t.Errorf("query %v: %d, want %d", tc.query, o.Status, tc.want)
		}
	}
}

func TestDefaultTTLIsAWSDefault(t *testing.T) {
	// An unset TTL is AWS's 300 s, so a REQUEST authorizer checks its
	// identity sources (API-AUTHORIZER; a default TTL of 0 is a trap
	// other emulators fell into).
	cfg := apigw.Config{API: testAPI, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: apigw.RequestAuthorizer, IdentitySources: []string{"method.request.header.Auth"}}}
	g := apigw.MustNewGateway(cfg)
	call := apigw.Call{Method: testMethod, Authorizer: allowOutput}
	if o := g.Decide(call.Prepare()); o.Status != 401 {
		t.Errorf("missing identity source with the default TTL: %d, want 401", o.Status)
	}
}

func TestZeroGatewayFailsClosed(t *testing.T) {
	call := apigw.Call{Method: testMethod}
	for _, g := range []*apigw.Gateway{{}, nil} {
		o := g.Decide(call.Prepare())
		if o.Status != 500 || o.Response != apigw.APIConfigurationError || o.DecidedBy != apigw.LayerConfiguration {
			t.Errorf("zero Gateway: %+v", o)
		}
		if a := g.Explain(&call, apigw.ExplainOptions{}); a.Outcome != o || a.Body != `{"message":null}` {
			t.Errorf("zero Gateway explained: %+v", a)
		}
	}
}

func TestAdviceDiagnosesAuthorizerResources(t *testing.T) {
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	const api = "arn:aws:execute-api:us-east-1:123456789012:abc123def4"
	for _, tc := range []struct {
		statement string
		want      string
		trap      bool
	}{
		{`"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:zzz999zzzz/*"`, `its API id is "zzz999zzzz", not "abc123def4"`, false},
		{`"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:123456789012:abc123def4/*"`, `its region is "eu-west-1", not "us-east-1"`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/dev/*"`, `its stage is "dev", not "prod"`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/prod/ANY/*"`, `ANY is never the verb`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/prod/GET/pets/{id}"`, `route template`, false},
		{`"Action":"apigateway:GET","Resource":"` + api + `/prod/*/*"`, `Action "apigateway:GET", which is not execute-api:Invoke`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/prod/GET/pets/2"`, `it names another method (GET /pets/2)`, true},
		{`"Action":"execute-api:Invoke","Resource":["` + api + `/prod/GET/orders","` + api + `/prod/GET/orders/*"]`, `its path /orders/* does not cover /pets/1`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/prod/POST/pets/1"`, `it names another method (POST /pets/1)`, true},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/*/pets"`, `it does not match this method ARN`, false},
		{`"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-west-2:*"`, `its region is "us-west-2"`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/prod/GET/pets/${aws:username}"`, `policy variable`, false},
		{`"Action":"execute-api:Invoke","Resource":"` + api + `/prod/GET/pets/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, `covers this method ARN, but its condition IpAddress does not hold`, false},
	} {
		out := apigw.ParseAuthorizerOutput([]byte(`{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":{"Effect":"Allow",`+tc.statement+`}}}`), "out.json")
		call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: out}
		a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
		advice := adviceText(a)
		if a.Status != 403 || !strings.Contains(advice, tc.want) {
			t.Errorf("%s: status %d, advice lacks %q:\n%s", tc.statement, a.Status, tc.want, advice)
		}
		if got := strings.Contains(advice, "with caching on"); got != tc.trap {
			t.Errorf("%s: caching advice %v, want %v", tc.statement, got, tc.trap)
		}
	}
}

func TestAdviceAWSPrincipalsWithAuthorizer(t *testing.T) {
	// D2: Table A lets the authorizer's Allow through, but AWS documents
	// such APIs as failing: the answer says so.
	rp := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, rp))
	call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: allowOutput}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if a.Status != 200 || !strings.Contains(adviceText(a), "D2") {
		t.Errorf("status %d, advice %q", a.Status, adviceText(a))
	}
}
