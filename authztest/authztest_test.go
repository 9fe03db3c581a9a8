package authztest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/authztest"
	"github.com/iamgate/iamgate/eval"
)

var at = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// officePolicy denies the admin routes to everyone and every route to
// callers outside the office network.
var officePolicy = []byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "DenyAdmin", "Effect": "Deny", "Principal": "*",
     "Action": "execute-api:Invoke", "Resource": "execute-api:/*/*/admin/*"},
    {"Sid": "DenyOutsideOffice", "Effect": "Deny", "Principal": "*",
     "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}
  ]
}`)

// gateways are the configurations the tables refer to by name.
func gateways(tb testing.TB) map[string]*authztest.Gateway {
	return map[string]*authztest.Gateway{
		"plain":   authztest.New(tb, authztest.Config{API: api, Time: at}),
		"office":  authztest.New(tb, authztest.Config{API: api, Time: at, ResourcePolicy: officePolicy, SourceIP: "192.0.2.10"}),
		"outside": authztest.New(tb, authztest.Config{API: api, Time: at, ResourcePolicy: officePolicy, SourceIP: "203.0.113.9"}),
		"request": authztest.New(tb, authztest.Config{API: api, Time: at, Type: apigw.RequestAuthorizer}),
		"nocache": authztest.New(tb, authztest.Config{API: api, Time: at, TTL: apigw.TTLSeconds(0)}),
		"legacy":  authztest.New(tb, authztest.Config{API: api, Time: at, Messages: apigw.LegacyMessages}),
	}
}

var allWants = []authztest.Want{authztest.Allow, authztest.ExplicitDeny, authztest.ImplicitDeny, authztest.Unauthorized}

// outcome is what a table expects of an answer: the status, the layer
// that decided, whether the resource policy denied in phase 1, and which
// Wants Check accepts (exactly one, or none for a 500).
type outcome struct {
	Status    int
	DecidedBy apigw.Layer
	Response  apigw.ResponseType
	Phase1    bool
	Met       []authztest.Want
}

func observe(g *authztest.Gateway, request string, returned any) outcome {
	a := g.Answer(request, returned)
	o := outcome{Status: a.Status, DecidedBy: a.DecidedBy, Response: a.Response, Phase1: a.Phase1}
	for _, w := range allWants {
		if g.Check(request, returned, w) == nil {
			o.Met = append(o.Met, w)
		}
	}
	return o
}

func allowed(by apigw.Layer) outcome {
	return outcome{Status: 200, DecidedBy: by, Met: []authztest.Want{authztest.Allow}}
}

func explicitDeny(by apigw.Layer) outcome {
	return outcome{Status: 403, DecidedBy: by, Response: apigw.AccessDenied, Met: []authztest.Want{authztest.ExplicitDeny}}
}

var (
	implicitDeny  = outcome{Status: 403, DecidedBy: apigw.LayerAuthorizer, Response: apigw.AccessDenied, Met: []authztest.Want{authztest.ImplicitDeny}}
	unauthorized  = outcome{Status: 401, DecidedBy: apigw.LayerAuthorizer, Response: apigw.Unauthorized, Met: []authztest.Want{authztest.Unauthorized}}
	failed        = outcome{Status: 500, DecidedBy: apigw.LayerAuthorizerFailure, Response: apigw.AuthorizerFailure}
	invalidOutput = outcome{Status: 500, DecidedBy: apigw.LayerAuthorizerFailure, Response: apigw.AuthorizerConfigurationError}
)

func TestCheck(t *testing.T) {
	gws := gateways(t)
	stage := api + "/prod"
	alice := respond("alice", "Allow", stage+"/GET/orders/*")
	aliceJSON, err := json.Marshal(alice)
	if err != nil {
		t.Fatal(err)
	}
	everything := respond("alice", "Allow", "*")
	errUnauthorized := errors.New("Unauthorized")

	tests := []struct {
		name     string
		gateway  string
		request  string
		returned any
		want     outcome
	}{
		// Every kind of value a handler can return.
		{"struct allow", "plain", "GET /prod/orders/42", alice, allowed(apigw.LayerAuthorizer)},
		{"pointer to struct", "plain", "GET /prod/orders/42", &alice, allowed(apigw.LayerAuthorizer)},
		{"struct deny", "plain", "GET /prod/orders/42", respond("bob", "Deny", stage+"/*/*"), explicitDeny(apigw.LayerAuthorizer)},
		{"struct for another method", "plain", "DELETE /prod/orders/42", alice, implicitDeny},
		{"map", "plain", "GET /prod/orders/42", map[string]any{
			"principalId": "alice",
			"policyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{
				map[string]any{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": stage + "/GET/*"},
			}},
			"context": map[string]any{"tenant": "acme", "tier": 2, "beta": true},
		}, allowed(apigw.LayerAuthorizer)},
		{"bytes", "plain", "GET /prod/orders/42", aliceJSON, allowed(apigw.LayerAuthorizer)},
		{"string", "plain", "GET /prod/orders/42", `{"principalId": "bob", "policyDocument": {"Version": "2012-10-17",
  "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "` + stage + `/*/*"}]}}`, explicitDeny(apigw.LayerAuthorizer)},
		{"raw message", "plain", "GET /prod/orders/42", json.RawMessage(aliceJSON), allowed(apigw.LayerAuthorizer)},
		{"raw message for another method", "plain", "POST /prod/orders", json.RawMessage(aliceJSON), implicitDeny},
		{"error Unauthorized", "plain", "GET /prod/orders/42", errUnauthorized, unauthorized},
		{"error unauthorized in lower case", "plain", "GET /prod/orders/42", errors.New("unauthorized"), failed},
		{"error Unauthorized with detail", "plain", "GET /prod/orders/42", errors.New("Unauthorized: token expired"), failed},
		{"wrapped error", "plain", "GET /prod/orders/42", fmt.Errorf("verify token: %w", errUnauthorized), failed},
		{"other error", "plain", "GET /prod/orders/42", errors.New("jwks: connection refused"), failed},
		{"nil", "plain", "GET /prod/orders/42", nil, invalidOutput},
		{"nil pointer", "plain", "GET /prod/orders/42", (*authResponse)(nil), invalidOutput},
		{"proxy-style response", "plain", "GET /prod/orders/42", map[string]any{"statusCode": 200, "body": `{"ok":true}`}, invalidOutput},
		{"lower-case effect", "plain", "GET /prod/orders/42", respond("alice", "allow", "*"), invalidOutput},
		{"nested context value", "plain", "GET /prod/orders/42", authResponse{
			PrincipalID:    "alice",
			PolicyDocument: everything.PolicyDocument,
			Context:        map[string]any{"user": map[string]any{"id": 1}},
		}, invalidOutput},
		{"not JSON", "plain", "GET /prod/orders/42", "Allow", invalidOutput},
		{"empty string", "plain", "GET /prod/orders/42", "", invalidOutput},

		// Returned picks the error when there is one.
		{"Returned response", "plain", "GET /prod/orders/42", authztest.Returned(alice, nil), allowed(apigw.LayerAuthorizer)},
		{"Returned error", "plain", "GET /prod/orders/42", authztest.Returned(authResponse{}, errUnauthorized), unauthorized},
		{"Returned both", "plain", "GET /prod/orders/42", authztest.Returned(alice, errUnauthorized), unauthorized},

		// The resource policy.
		{"resource policy lets through", "office", "GET /prod/orders/42", everything, allowed(apigw.LayerAuthorizer)},
		{"resource policy denies a route", "office", "GET /prod/admin/users", everything, outcome{Status: 403, DecidedBy: apigw.LayerResourcePolicy, Response: apigw.AccessDenied, Phase1: true, Met: []authztest.Want{authztest.ExplicitDeny}}},
		{"resource policy denies an address", "outside", "GET /prod/orders/42", everything, outcome{Status: 403, DecidedBy: apigw.LayerResourcePolicy, Response: apigw.AccessDenied, Phase1: true, Met: []authztest.Want{authztest.ExplicitDeny}}},
		{"resource policy deny comes before the authorizer", "outside", "GET /prod/orders/42", errUnauthorized, outcome{Status: 403, DecidedBy: apigw.LayerResourcePolicy, Response: apigw.AccessDenied, Phase1: true, Met: []authztest.Want{authztest.ExplicitDeny}}},
		{"resource policy does not save a silent authorizer", "office", "DELETE /prod/orders/42", alice, implicitDeny},

		// Other configurations.
		{"REQUEST authorizer", "request", "GET /prod/orders/42", alice, allowed(apigw.LayerAuthorizer)},
		{"caching off", "nocache", "GET /prod/orders/42", alice, allowed(apigw.LayerAuthorizer)},
		{"legacy messages", "legacy", "DELETE /prod/orders/42", alice, implicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := observe(gws[tc.gateway], tc.request, tc.returned)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: answer (-want +got):\n%s", tc.request, diff)
			}
		})
	}
}

func TestWantString(t *testing.T) {
	got := map[authztest.Want]string{}
	for _, w := range append([]authztest.Want{0, 5}, allWants...) {
		got[w] = w.String()
	}
	want := map[authztest.Want]string{
		0:                          "Want(0)",
		authztest.Allow:            "allowed",
		authztest.ExplicitDeny:     "403 explicit deny",
		authztest.ImplicitDeny:     "403 implicit deny",
		authztest.Unauthorized:     "401 Unauthorized",
		authztest.Unauthorized + 1: "Want(5)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Want.String (-want +got):\n%s", diff)
	}
}

// TestCheckError covers checks that cannot be made: the error is not a
// *Failure and says why.
func TestCheckError(t *testing.T) {
	g := gateways(t)["plain"]
	ok := respond("alice", "Allow", "*")
	tests := []struct {
		name     string
		request  string
		returned any
		want     authztest.Want
		contains []string
	}{
		{"zero Want", "GET /prod/orders/42", ok, 0, []string{"authztest: GET /prod/orders/42: Want(0) is not an answer to check"}},
		{"lower-case verb", "get /prod/orders/42", ok, authztest.Allow, []string{`authztest: request "get /prod/orders/42"`, `use "GET"`}},
		{"no stage", "GET /", ok, authztest.Allow, []string{`authztest: request "GET /"`}},
		{"value without JSON form", "GET /prod/orders/42", map[string]any{"principalId": func() {}}, authztest.Allow, []string{"authztest: GET /prod/orders/42: the returned map[string]interface {} has no JSON form"}},
		{"policy reads the address", "GET /prod/orders/42", `{"principalId": "alice", "policyDocument": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]}}`,
			authztest.Allow, []string{"authorizer output:2:100: statement 0 of the returned policy reads aws:SourceIp", "Config.SourceIP"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := g.Check(tc.request, tc.returned, tc.want)
			if err == nil {
				t.Fatal("Check = nil, want an error")
			}
			var f *authztest.Failure
			if errors.As(err, &f) {
				t.Errorf("Check = a *Failure, want an error saying why the check cannot be made: %v", err)
			}
			for _, s := range tc.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error does not contain %q:\n%v", s, err)
				}
			}
		})
	}
}

// TestFailure checks the failure message: its first line, and the
// explanation it carries.
func TestFailure(t *testing.T) {
	gws := gateways(t)
	methodArn := api + "/prod/GET/orders/42"
	trap, _ := methodArnHandler(context.Background(), tokenEvent{Type: "TOKEN", AuthorizationToken: "Bearer alice", MethodArn: methodArn})
	tests := []struct {
		name     string
		gateway  string
		request  string
		returned any
		want     authztest.Want
		first    string
		contains []string
	}{
		{
			name: "implicit deny", gateway: "plain", request: "GET /prod/orders/43", returned: trap, want: authztest.Allow,
			first: "authztest: GET /prod/orders/43 (" + api + "/prod/GET/orders/43): want allowed, got 403 implicit deny (authorizer): User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action",
			contains: []string{
				"\n  why:\n    authorizer output statement 0 (Allow) at 6:7 does not apply:\n      - resource " + api + "/prod/GET/orders/43 matches no Resource value",
				"\n  what to change:\n    - statement 0 of the authorizer's policy allows \"" + methodArn + "\": it names another method",
				"with caching on (TTL 300 s)",
				"\n  trace:\n    iamgate: identity check: skipped",
				"\n    apigw: Authorizer result body before parsing: {\"principalId\":\"alice\",",
			},
		},
		{
			name: "legacy wording", gateway: "legacy", request: "GET /prod/orders/43", returned: trap, want: authztest.Allow,
			first: "authztest: GET /prod/orders/43 (" + api + "/prod/GET/orders/43): want allowed, got 403 implicit deny (authorizer): User is not authorized to access this resource",
		},
		{
			name: "unexpected allow", gateway: "plain", request: "GET /prod/orders/42", returned: trap, want: authztest.ImplicitDeny,
			first:    "authztest: GET /prod/orders/42 (" + methodArn + "): want 403 implicit deny, got 200 allowed (authorizer)",
			contains: []string{"\n    authorizer output statement 0 (Allow) at 6:7 applies:\n", "\n      - resource " + methodArn + " matches Resource \"" + methodArn + "\""},
		},
		{
			name: "resource policy explicit deny", gateway: "office", request: "GET /prod/admin/users", returned: respond("alice", "Allow", "*"), want: authztest.Allow,
			first: "authztest: GET /prod/admin/users (" + api + "/prod/GET/admin/users): want allowed, got 403 explicit deny (resource-policy, phase 1: before the authorizer ran): User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123defg/prod/GET/admin/users with an explicit deny in a resource-based policy",
			contains: []string{
				"\n    resource policy statement 0 (Sid \"DenyAdmin\", Deny) at 4:5 applies:\n",
				"the resource policy's explicit deny stops the request before the authorizer runs",
			},
		},
		{
			name: "error other than Unauthorized", gateway: "plain", request: "GET /prod/orders/42", returned: errors.New("token expired"), want: authztest.Unauthorized,
			first:    "authztest: GET /prod/orders/42 (" + methodArn + "): want 401 Unauthorized, got 500 AUTHORIZER_FAILURE: the handler failed with an error other than exactly \"Unauthorized\"",
			contains: []string{`iamgate: the authorizer raised the error "token expired"`, `must fail with exactly "Unauthorized" to give 401`},
		},
		{
			name: "Unauthorized where a policy was wanted", gateway: "plain", request: "GET /prod/orders/42", returned: errors.New("Unauthorized"), want: authztest.ExplicitDeny,
			first: "authztest: GET /prod/orders/42 (" + methodArn + "): want 403 explicit deny, got 401 Unauthorized (authorizer)",
		},
		{
			name: "proxy-style output", gateway: "plain", request: "GET /prod/orders/42", returned: map[string]any{"statusCode": 200, "body": "ok"}, want: authztest.Allow,
			first: "authztest: GET /prod/orders/42 (" + methodArn + "): want allowed, got 500 AUTHORIZER_CONFIGURATION_ERROR: API Gateway cannot use the output",
			contains: []string{
				"\n  why API Gateway cannot use the output:\n    authorizer output:1:1: \"policyDocument\" is missing",
				"Lambda proxy integration response",
				"\n      {\n      ^\n",
				"fix the authorizer's output",
			},
		},
		{
			name: "problem with line and column", gateway: "plain", request: "GET /prod/orders/42", returned: respond("alice", "allow", "*"), want: authztest.Allow,
			first: "authztest: GET /prod/orders/42 (" + methodArn + "): want allowed, got 500 AUTHORIZER_CONFIGURATION_ERROR: API Gateway cannot use the output",
			contains: []string{
				"\n    authorizer output:10:19: invalid Effect \"allow\"",
				"(at /policyDocument/Statement/0/Effect)\n" + strings.Repeat(" ", 14) + "\"Effect\": \"allow\",\n" + strings.Repeat(" ", 24) + "^\n",
			},
		},
		{
			name: "null", gateway: "plain", request: "GET /prod/orders/42", returned: nil, want: authztest.Allow,
			first:    "authztest: GET /prod/orders/42 (" + methodArn + "): want allowed, got 500 AUTHORIZER_CONFIGURATION_ERROR: API Gateway cannot use the output",
			contains: []string{"authorizer output:1:1: the authorizer returned null", "\n      null\n      ^\n", "apigw: Authorizer result body before parsing: null"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := gws[tc.gateway].Check(tc.request, tc.returned, tc.want)
			var f *authztest.Failure
			if !errors.As(err, &f) {
				t.Fatalf("Check = %v, want a *Failure", err)
			}
			if f.Request != tc.request || f.Want != tc.want || f.IssuedFor != "" {
				t.Errorf("Failure{Request: %q, Want: %v, IssuedFor: %q}, want {%q, %v, \"\"}", f.Request, f.Want, f.IssuedFor, tc.request, tc.want)
			}
			msg := err.Error()
			if diff := cmp.Diff(tc.first, firstLine(msg)); diff != "" {
				t.Errorf("first line (-want +got):\n%s", diff)
			}
			if firstLine(msg) != "authztest: "+tc.request+" ("+f.Answer.MethodARN+"): want "+tc.want.String()+", got "+authztest.Describe(f.Answer) {
				t.Errorf("first line does not end in Describe: %q", firstLine(msg))
			}
			for _, s := range append(tc.contains, "\n  trace:\n") {
				if !strings.Contains(msg, s) {
					t.Errorf("message does not contain %q:\n%s", s, msg)
				}
			}
		})
	}
}

// TestHelpers checks that the TB helpers report through the testing.TB:
// nothing when the check passes, the failure message with Errorf when it
// does not, and that every helper marks itself as one.
func TestHelpers(t *testing.T) {
	alice := respond("alice", "Allow", api+"/prod/GET/orders/*")
	bob := respond("bob", "Deny", api+"/prod/*/*")
	unauthorized := errors.New("Unauthorized")
	type helper struct {
		name  string
		check func(g *authztest.Gateway) bool
		// same is the check as Check makes it: nil when it passes.
		same func(g *authztest.Gateway) error
	}
	plain := func(name string, f func(*authztest.Gateway, string, any) bool, request string, returned any, want authztest.Want) helper {
		return helper{name,
			func(g *authztest.Gateway) bool { return f(g, request, returned) },
			func(g *authztest.Gateway) error { return g.Check(request, returned, want) }}
	}
	cached := func(name string, f func(*authztest.Cached, string) bool, request string, returned any, want authztest.Want) helper {
		return helper{name,
			func(g *authztest.Gateway) bool { return f(g.Cached("GET /prod/orders/42", returned), request) },
			func(g *authztest.Gateway) error {
				return g.Cached("GET /prod/orders/42", returned).Check(request, want)
			}}
	}
	helpers := []helper{
		plain("Allowed passes", (*authztest.Gateway).Allowed, "GET /prod/orders/42", alice, authztest.Allow),
		plain("Allowed fails", (*authztest.Gateway).Allowed, "DELETE /prod/orders/42", alice, authztest.Allow),
		plain("ExplicitlyDenied passes", (*authztest.Gateway).ExplicitlyDenied, "GET /prod/orders/42", bob, authztest.ExplicitDeny),
		plain("ExplicitlyDenied fails", (*authztest.Gateway).ExplicitlyDenied, "DELETE /prod/orders/42", alice, authztest.ExplicitDeny),
		plain("ImplicitlyDenied passes", (*authztest.Gateway).ImplicitlyDenied, "DELETE /prod/orders/42", alice, authztest.ImplicitDeny),
		plain("ImplicitlyDenied fails", (*authztest.Gateway).ImplicitlyDenied, "GET /prod/orders/42", bob, authztest.ImplicitDeny),
		plain("Unauthorized passes", (*authztest.Gateway).Unauthorized, "GET /prod/orders/42", unauthorized, authztest.Unauthorized),
		plain("Unauthorized fails", (*authztest.Gateway).Unauthorized, "GET /prod/orders/42", errors.New("expired"), authztest.Unauthorized),
		plain("Unauthorized fails on a bad request line", (*authztest.Gateway).Unauthorized, "GET prod", unauthorized, authztest.Unauthorized),
		cached("Cached.Allowed passes", (*authztest.Cached).Allowed, "GET /prod/orders/43", alice, authztest.Allow),
		cached("Cached.Allowed fails", (*authztest.Cached).Allowed, "PUT /prod/orders/43", alice, authztest.Allow),
		cached("Cached.Allowed fails on an error", (*authztest.Cached).Allowed, "GET /prod/orders/43", unauthorized, authztest.Allow),
		cached("Cached.ExplicitlyDenied passes", (*authztest.Cached).ExplicitlyDenied, "GET /prod/orders/43", bob, authztest.ExplicitDeny),
		cached("Cached.ExplicitlyDenied fails", (*authztest.Cached).ExplicitlyDenied, "GET /prod/orders/43", alice, authztest.ExplicitDeny),
		cached("Cached.ImplicitlyDenied passes", (*authztest.Cached).ImplicitlyDenied, "PUT /prod/orders/43", alice, authztest.ImplicitDeny),
		cached("Cached.ImplicitlyDenied fails", (*authztest.Cached).ImplicitlyDenied, "GET /prod/orders/43", alice, authztest.ImplicitDeny),
	}
	g := authztest.New(t, authztest.Config{API: api, Time: at})
	for _, h := range helpers {
		t.Run(h.name, func(t *testing.T) {
			rec := &recorder{}
			var ok bool
			run(func() { ok = h.check(g.For(rec)) })
			var want []string
			if err := h.same(g); err != nil {
				want = []string{err.Error()}
			}
			if diff := cmp.Diff(want, rec.errors); diff != "" {
				t.Errorf("reported (-want +got):\n%s", diff)
			}
			if ok != (want == nil) {
				t.Errorf("returned %v, want %v", ok, want == nil)
			}
			if len(rec.fatals) > 0 {
				t.Errorf("Fatalf called: %q", rec.fatals)
			}
			if rec.helpers == 0 {
				t.Error("the helper did not call tb.Helper")
			}
		})
	}
}

// TestFor checks that For reports to the given TB, and only to it.
func TestFor(t *testing.T) {
	parent, child := &recorder{}, &recorder{}
	var g *authztest.Gateway
	run(func() { g = authztest.New(parent, authztest.Config{API: api, Time: at}) })
	run(func() { g.For(child).Allowed("GET /prod/orders/42", nil) })
	if len(parent.errors) != 0 || len(child.errors) != 1 {
		t.Errorf("parent reported %d failures and child %d, want 0 and 1", len(parent.errors), len(child.errors))
	}
	run(func() { g.Allowed("GET /prod/orders/42", nil) })
	if len(parent.errors) != 1 {
		t.Errorf("parent reported %d failures, want 1", len(parent.errors))
	}
}

// TestFatal checks that a test cannot go on from a bad configuration or
// request line: Fatalf, with the problem named.
func TestFatal(t *testing.T) {
	tests := []struct {
		name     string
		do       func(tb testing.TB)
		contains []string
	}{
		{"no API", func(tb testing.TB) { authztest.New(tb, authztest.Config{}) }, []string{"authztest: Config.API: "}},
		{"bad API", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: "arn:aws:execute-api:us-east-1:12345678901:abc123defg"})
		}, []string{"authztest: Config.API: ", "12 in"}},
		{"stage in API", func(tb testing.TB) { authztest.New(tb, authztest.Config{API: api + "/prod"}) }, []string{"authztest: Config.API: "}},
		{"resource policy that does not parse", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api, ResourcePolicy: []byte("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Alow\", \"Principal\": \"*\",\n    \"Action\": \"execute-api:Invoke\", \"Resource\": \"execute-api:/*\"}]\n}")})
		}, []string{
			"authztest: Config.ResourcePolicy does not parse:\n",
			"\n    resource policy:3:28: invalid Effect \"Alow\"",
			"(at /Statement/0/Effect)\n        \"Statement\": [{\"Effect\": \"Alow\", \"Principal\": \"*\",\n                                 ^",
		}},
		{"resource policy that is not JSON", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api, ResourcePolicy: []byte("{\"Version\": \"2012-10-17\",}")})
		}, []string{"authztest: Config.ResourcePolicy does not parse:\n    resource policy:1:"}},
		{"resource policy without Principal", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api, ResourcePolicy: []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]}`)})
		}, []string{"authztest: Config.ResourcePolicy does not parse:\n    resource policy:1:"}},
		{"resource policy that does not compile", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api, SourceIP: "192.0.2.10", ResourcePolicy: []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
 "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/33"}}}]}`)})
		}, []string{"authztest: API Gateway would not accept Config:\n    resource policy:2:49: ", "192.0.2.0/33", "\n" + strings.Repeat(" ", 54) + "^"}},
		{"resource policy reads the address", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api, ResourcePolicy: officePolicy})
		}, []string{"authztest: resource policy:8:37: statement 1 reads aws:SourceIp", "Config.SourceIP"}},
		{"bad address", func(tb testing.TB) { authztest.New(tb, authztest.Config{API: api, SourceIP: "192.0.2"}) }, []string{`authztest: Config.SourceIP "192.0.2" is not an IP address`}},
		{"TTL too long", func(tb testing.TB) { authztest.New(tb, authztest.Config{API: api, TTL: apigw.TTLSeconds(3601)}) }, []string{"authztest: API Gateway would not accept Config:\n", "TTL 3601 is out of range"}},
		{"negative TTL", func(tb testing.TB) { authztest.New(tb, authztest.Config{API: api, TTL: apigw.TTLSeconds(-1)}) }, []string{"TTL -1 is out of range"}},
		{"bad authorizer type", func(tb testing.TB) { authztest.New(tb, authztest.Config{API: api, Type: 7}) }, []string{"invalid type 7"}},
		{"MethodARN of a bad request line", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api}).MethodARN("GET /prod/orders/42 HTTP/1.1")
		}, []string{`authztest: request "GET /prod/orders/42 HTTP/1.1"`}},
		{"Answer for a bad request line", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api}).Answer("ANY /prod/orders", nil)
		}, []string{`authztest: request "ANY /prod/orders"`}},
		{"Answer for a value without JSON form", func(tb testing.TB) {
			authztest.New(tb, authztest.Config{API: api}).Answer("GET /prod/orders", make(chan int))
		}, []string{"the returned chan int has no JSON form"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			run(func() { tc.do(rec) })
			if len(rec.fatals) != 1 || len(rec.errors) != 0 {
				t.Fatalf("Fatalf %d times and Errorf %d times, want once and never: %q %q", len(rec.fatals), len(rec.errors), rec.fatals, rec.errors)
			}
			for _, s := range tc.contains {
				if !strings.Contains(rec.fatals[0], s) {
					t.Errorf("Fatalf message does not contain %q:\n%s", s, rec.fatals[0])
				}
			}
			if rec.helpers == 0 {
				t.Error("tb.Helper was not called")
			}
		})
	}
}

func TestMethodARN(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api})
	for request, want := range map[string]string{
		"GET /prod/orders/42":         api + "/prod/GET/orders/42",
		"POST /prod/orders?dry_run=1": api + "/prod/POST/orders",
		"GET /prod":                   api + "/prod/GET/",
		"DELETE /test/orders/a%2Fb":   api + "/test/DELETE/orders/a%2Fb",
	} {
		if got := g.MethodARN(request); got != want {
			t.Errorf("MethodARN(%q) = %q, want %q", request, got, want)
		}
	}
}

func TestAnswer(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api, Time: at})
	a := g.Answer("DELETE /prod/orders/42", respond("alice", "Allow", api+"/prod/GET/orders/*"))
	got := struct {
		Status     int
		Decision   eval.Decision
		Decided    bool
		Body       string
		MethodARN  string
		Statements int
	}{a.Status, a.Decision, a.Decided, a.Body, a.MethodARN, len(a.Reasons)}
	want := struct {
		Status     int
		Decision   eval.Decision
		Decided    bool
		Body       string
		MethodARN  string
		Statements int
	}{403, eval.ImplicitDeny, true, `{"Message":"User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action"}`, api + "/prod/DELETE/orders/42", 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Answer (-want +got):\n%s", diff)
	}
}

// TestTime checks that requests carry Config.Time, and the time of New
// when it is zero.
func TestTime(t *testing.T) {
	conditional := `{"principalId": "alice", "policyDocument": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
   "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]}}`
	authztest.New(t, authztest.Config{API: api, Time: at}).Allowed("GET /prod/orders/42", conditional)
	authztest.New(t, authztest.Config{API: api, Time: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)}).ImplicitlyDenied("GET /prod/orders/42", conditional)
	before := time.Now().UTC().Add(-time.Second).Format(time.RFC3339)
	now := `{"principalId": "alice", "policyDocument": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
   "Condition": {"DateGreaterThan": {"aws:CurrentTime": "` + before + `"}}}]}}`
	authztest.New(t, authztest.Config{API: api}).Allowed("GET /prod/orders/42", now)
}

// TestConcurrent runs checks of one Gateway at once; run with -race.
func TestConcurrent(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api, Time: at, ResourcePolicy: officePolicy, SourceIP: "192.0.2.10"})
	alice := respond("alice", "Allow", api+"/prod/GET/orders/*")
	cached := g.Cached("GET /prod/orders/1", alice)
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			g := g.For(t)
			request := fmt.Sprintf("GET /prod/orders/%d", i)
			g.Allowed(request, alice)
			g.ExplicitlyDenied("GET /prod/admin/1", alice)
			cached.For(t).Allowed(request)
			cached.For(t).ImplicitlyDenied(fmt.Sprintf("DELETE /prod/orders/%d", i))
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	g := authztest.New(b, authztest.Config{API: api, Time: at, ResourcePolicy: officePolicy, SourceIP: "192.0.2.10"})
	alice := respond("alice", "Allow", api+"/prod/GET/orders/*")
	for b.Loop() {
		if err := g.Check("GET /prod/orders/42", alice, authztest.Allow); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEvent(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api, IdentitySources: []string{"method.request.header.X-Token"}, Time: at})
	got := string(g.Event("GET /prod/orders/42", authztest.Input{Token: "Bearer abc"}))
	want := `{"type":"TOKEN","authorizationToken":"Bearer abc","methodArn":"` + api + `/prod/GET/orders/42"}`
	if got != want {
		t.Errorf("TOKEN event:\ngot  %s\nwant %s", got, want)
	}

	r := authztest.New(t, authztest.Config{API: api, Type: apigw.RequestAuthorizer, SourceIP: "192.0.2.7", Time: at})
	var ev struct {
		Type           string
		Resource       string
		Path           string
		Headers        map[string]string
		PathParameters map[string]string
		Query          map[string]string `json:"queryStringParameters"`
		RequestContext struct {
			Stage    string
			Identity map[string]string
		}
	}
	r.UnmarshalEvent("GET /prod/orders/42", authztest.Input{Headers: map[string]string{"x-api-key": "k1"}, Query: map[string]string{"page": "2"}, Resource: "/orders/{id}"}, &ev)
	if ev.Type != "REQUEST" || ev.Resource != "/orders/{id}" || ev.Path != "/orders/42" || ev.Headers["x-api-key"] != "k1" || ev.Headers["X-Forwarded-For"] != "192.0.2.7" ||
		ev.PathParameters["id"] != "42" || ev.Query["page"] != "2" || ev.RequestContext.Stage != "prod" || ev.RequestContext.Identity["sourceIp"] != "192.0.2.7" {
		t.Errorf("REQUEST event: %+v", ev)
	}

	for _, tc := range []struct {
		cfg  authztest.Config
		in   authztest.Input
		want string
	}{
		{authztest.Config{API: api, Type: apigw.RequestAuthorizer, SourceIP: "192.0.2.7"}, authztest.Input{Resource: "/users/{id}"}, `authztest: event for GET /prod/orders/42: the resource "/users/{id}" does not match the path "/orders/42"`},
		{authztest.Config{API: api, Type: apigw.RequestAuthorizer}, authztest.Input{}, "give it in Config.SourceIP"},
		{authztest.Config{API: api}, authztest.Input{Token: " \t "}, "the token is missing or empty: API Gateway answers 401 without invoking the authorizer"},
		{authztest.Config{API: api}, authztest.Input{}, "the token is missing or empty"},
		{authztest.Config{API: api}, authztest.Input{Token: "a\r\nX-Injected: 1"}, `the token: header value "a\r\nX-Injected: 1" holds "\r"`},
		{authztest.Config{API: api, Type: apigw.RequestAuthorizer, SourceIP: "192.0.2.7"}, authztest.Input{Headers: map[string]string{"X Tenant": "acme"}}, `header name "X Tenant" holds " "`},
	} {
		rec := &recorder{}
		run(func() {
			authztest.New(t, tc.cfg).For(rec).Event("GET /prod/orders/42", tc.in)
		})
		if len(rec.fatals) != 1 || !strings.Contains(rec.fatals[0], tc.want) {
			t.Errorf("want a fatal error with %q, got %q", tc.want, rec.fatals)
		}
	}

	// A token is read as API Gateway receives it: without surrounding
	// spaces.
	var padded struct{ AuthorizationToken string }
	json.Unmarshal(g.Event("GET /prod/orders/42", authztest.Input{Token: "  Bearer abc\t"}), &padded)
	if padded.AuthorizationToken != "Bearer abc" {
		t.Errorf("padded token: authorizationToken %q", padded.AuthorizationToken)
	}

	// A token in Headers is kept when Input.Token is empty.
	var tev struct{ AuthorizationToken string }
	json.Unmarshal(g.Event("GET /prod/orders/42", authztest.Input{Headers: map[string]string{"x-token": "from-header"}}), &tev)
	if tev.AuthorizationToken != "from-header" {
		t.Errorf("authorizationToken %q", tev.AuthorizationToken)
	}
}
