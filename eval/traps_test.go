package eval

import (
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// TestEmulatorTraps gathers, in one place, a case for each matching trap
// that other emulators fell into. The traps about authorizer errors, caching and flows belong
// to the API Gateway flows and are tested there.
func TestEmulatorTraps(t *testing.T) {
	allow := func(action, resource string) []string { return []string{stmt("Allow", action, resource)} }
	root := testAPI + "/prod/GET/"
	runEvalCases(t, []evalCase{
		// A wildcard pattern turned into a regular expression without
		// escaping: ., +, (, [, { then act as syntax.
		{name: "dot is not any character", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/pets.json"), resource: testAPI + "/prod/GET/pets-json", want: ImplicitDeny},
		{name: "plus is not repetition", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/a+"), resource: testAPI + "/prod/GET/aa", want: ImplicitDeny},
		{name: "brackets are not a class", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/[ab]"), resource: testAPI + "/prod/GET/a", want: ImplicitDeny},
		{name: "braces are not alternatives", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/{a,b}"), resource: testAPI + "/prod/GET/a", want: ImplicitDeny},
		{name: "parentheses match themselves", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/(x)"), resource: testAPI + "/prod/GET/(x)", want: Allow, deciding: []string{"d0#0"}},
		// A regular expression anchored only at the end.
		{name: "anchored at the start", docs: allow("execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:bc123defg/prod/GET/*"), resource: testMethod, want: ImplicitDeny},
		// A partial wildcard in the region, account or API id never
		// matching; a short ARN throwing instead of matching.
		{name: "partial wildcard in region", docs: allow("execute-api:Invoke", "arn:aws:execute-api:us-*:123456789012:abc123defg/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "partial wildcard in account", docs: allow("execute-api:Invoke", "arn:aws:execute-api:us-east-1:1234*:abc123defg/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "partial wildcard in API id", docs: allow("execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc*/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "short ARN", docs: allow("execute-api:Invoke", "arn:aws:execute-api:us-east-1:*"), want: Allow, deciding: []string{"d0#0"}},
		// * translated to "one or more".
		{name: "star may be empty", docs: allow("execute-api:Invoke", testAPI+"/prod/*/*"), resource: root, want: Allow, deciding: []string{"d0#0"}},
		// An exact resource widened to a prefix.
		{name: "exact is not a prefix", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/organizations"), resource: testAPI + "/prod/GET/organizations/0000", want: ImplicitDeny},
		// Deny skipped, or explicit and implicit deny not told apart.
		{name: "deny is not skipped", docs: []string{stmt("Allow", "*", "*"), stmt("Deny", "execute-api:Invoke", testAPI+"/*")}, want: ExplicitDeny, deciding: []string{"d1#0"}},
		{name: "implicit deny is not explicit", docs: allow("execute-api:Invoke", testAPI+"/dev/*"), want: ImplicitDeny},
		// Action ignored, or compared as an exact string.
		{name: "other service's action", docs: allow("s3:GetObject", "*"), want: ImplicitDeny},
		{name: "service wildcard", docs: allow("execute-api:*", testMethod), want: Allow, deciding: []string{"d0#0"}},
		{name: "star action", docs: allow("*", testMethod), want: Allow, deciding: []string{"d0#0"}},
		{name: "lower-case action", docs: allow("execute-api:invoke", testMethod), want: Allow, deciding: []string{"d0#0"}},
		// NotResource, a single-object Statement or string-valued
		// Action/Resource crashing the evaluator.
		{name: "NotResource", docs: []string{`{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","NotResource":"` + testAPI + `/dev/*"}}`}, want: Allow, deciding: []string{"d0#0"}},
		{name: "single-object statement with string values", docs: []string{`{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + testMethod + `"}}`}, want: Allow, deciding: []string{"d0#0"}},
		// The method ARN built from the route template or from ANY: the
		// concrete path and the real verb must be what is matched.
		{name: "concrete path, not the template", docs: allow("execute-api:Invoke", testAPI+"/prod/GET/pets/{id}"), resource: testAPI + "/prod/GET/pets/1", want: ImplicitDeny},
		{name: "real verb, not ANY", docs: allow("execute-api:Invoke", testAPI+"/prod/ANY/*"), resource: testAPI + "/prod/GET/pets/1", want: ImplicitDeny},
	})
}

// TestMissingResourceIsRejected: a statement with a missing Resource must
// not be treated as matching everything (fail-open parsing, a trap of other emulators; IAM-GRAMMAR).
func TestMissingResourceIsRejected(t *testing.T) {
	_, err := policy.Parse([]byte(`{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke"}}`), policy.ParseOptions{Kind: policy.Authorizer})
	if err == nil {
		t.Fatal("a statement without Resource was accepted")
	}
}
