package apigw_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// adviceText joins the answer's advice, one item a line.
func adviceText(a apigw.Answer) string {
	var lines []string
	for _, s := range a.Advice {
		lines = append(lines, s.Text)
	}
	return strings.Join(lines, "\n")
}

// badOutput is an authorizer output API Gateway cannot use: its
// principalId is a number.
const badOutput = "{\n  \"principalId\": 42,\n  \"policyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": []}\n}\n"

// renderCase is one answer to render, from one layer of the flow.
type renderCase struct {
	name string
	cfg  apigw.Config
	call apigw.Call
	// by is the layer the answer must be decided by, so that the table
	// keeps covering every layer.
	by apigw.Layer
}

// renderCases are answers of every layer that decides.
func renderCases(t *testing.T) []renderCase {
	ctx, err := apigw.ContextFor(apigw.RequestInfo{SourceIP: netip.MustParseAddr("192.0.2.10"), Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	rp := func(d eval.Decision) *policy.Document {
		doc, err := policy.Parse([]byte(rpDocs[d]), policy.ParseOptions{File: "rp.json", Kind: policy.ResourceBased})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	identity := func(d eval.Decision) *eval.PolicySet {
		doc, err := policy.Parse([]byte(identityDocs[d]), policy.ParseOptions{File: "identity.json", Kind: policy.IdentityBased})
		if err != nil {
			t.Fatal(err)
		}
		return eval.MustCompile(eval.CompileOptions{}, doc)
	}
	tokenCfg := custom(apigw.TokenAuthorizer, 300, "")
	authz := func(d eval.Decision) *apigw.AuthorizerResult {
		return apigw.ParseAuthorizerOutput([]byte(authorizerDocs[d]), "out.json")
	}
	alice := eval.MustNewCaller("arn:aws:iam::123456789012:user/alice")
	return []renderCase{
		{"none", apigw.Config{API: testAPI}, apigw.Call{Context: ctx}, apigw.LayerNone},
		{"resource-policy-explicit-deny", apigw.Config{API: testAPI, ResourcePolicy: rp(eval.ExplicitDeny)}, apigw.Call{Context: ctx}, apigw.LayerResourcePolicy},
		{"resource-policy-implicit-deny", apigw.Config{API: testAPI, ResourcePolicy: rp(eval.ImplicitDeny)}, apigw.Call{Context: ctx}, apigw.LayerResourcePolicy},
		{"identity-check", tokenCfg, apigw.Call{Context: ctx, Authorizer: authz(eval.Allow)}, apigw.LayerIdentityCheck},
		{"authorizer-allow", tokenCfg, apigw.Call{Headers: token("t"), Context: ctx, Authorizer: authz(eval.Allow)}, apigw.LayerAuthorizer},
		{"authorizer-implicit-deny", tokenCfg, apigw.Call{Headers: token("t"), Context: ctx, Authorizer: authz(eval.ImplicitDeny)}, apigw.LayerAuthorizer},
		{"authorizer-explicit-deny", tokenCfg, apigw.Call{Headers: token("t"), Context: ctx, Authorizer: authz(eval.ExplicitDeny)}, apigw.LayerAuthorizer},
		{"authorizer-unauthorized", tokenCfg, apigw.Call{Headers: token("t"), Context: ctx, Authorizer: apigw.AuthorizerError("Unauthorized")}, apigw.LayerAuthorizer},
		{"authorizer-failure", tokenCfg, apigw.Call{Headers: token("t"), Context: ctx, Authorizer: apigw.AuthorizerError("boom")}, apigw.LayerAuthorizerFailure},
		{"authorizer-invalid-output", tokenCfg, apigw.Call{Headers: token("t"), Context: ctx, Authorizer: apigw.ParseAuthorizerOutput([]byte(badOutput), "out.json")}, apigw.LayerAuthorizerFailure},
		{"cognito", apigw.Config{API: testAPI, Auth: apigw.AuthCognito}, apigw.Call{Headers: token("t"), Context: ctx}, apigw.LayerAuthorizer},
		{"iam-unsigned", apigw.Config{API: testAPI, Auth: apigw.AuthIAM}, apigw.Call{Context: ctx}, apigw.LayerIdentityCheck},
		{"iam-no-identity-policies", apigw.Config{API: testAPI, Auth: apigw.AuthIAM}, apigw.Call{Caller: alice, Context: ctx}, apigw.LayerIdentityPolicy},
		{"iam-root", apigw.Config{API: testAPI, Auth: apigw.AuthIAM}, apigw.Call{Caller: eval.MustNewCaller("arn:aws:iam::123456789012:root"), Context: ctx}, apigw.LayerIdentityPolicy},
		{"iam-identity-allow", apigw.Config{API: testAPI, Auth: apigw.AuthIAM}, apigw.Call{Caller: alice, Context: ctx, IdentityPolicies: identity(eval.Allow)}, apigw.LayerIdentityPolicy},
		{"iam-table-b", apigw.Config{API: testAPI, Auth: apigw.AuthIAM, ResourcePolicy: rp(eval.Allow)}, apigw.Call{Caller: eval.MustNewCaller("arn:aws:iam::210987654321:user/bob"), Context: ctx, IdentityPolicies: identity(eval.Allow)}, apigw.LayerIdentityPolicy},
	}
}

// render is every rendering of an answer, as one golden file holds it.
func render(t *testing.T, a apigw.Answer, o apigw.RenderOptions) string {
	var b bytes.Buffer
	b.WriteString("== WriteText ==\n")
	if err := a.WriteText(&b, o); err != nil {
		t.Fatal(err)
	}
	b.WriteString("== JSON ==\n")
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a.JSON()); err != nil {
		t.Fatal(err)
	}
	b.WriteString("== Summary ==\n" + a.Summary() + "\n")
	b.WriteString("== Explanation ==" + a.Explanation(o) + "\n")
	return b.String()
}

// TestRender renders an answer of each layer as text, JSON, summary and
// explanation, and compares them with testdata/render (go test -update
// rewrites them). The CLI's goldens hold the same renderings byte for
// byte for the answers of "iamgate eval" and "iamgate test".
func TestRender(t *testing.T) {
	layers := map[apigw.Layer]bool{}
	sources := apigw.RenderOptions{Source: func(file string) []byte {
		if file == "out.json" {
			return []byte(badOutput)
		}
		return nil
	}}
	for _, tc := range renderCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			g, err := apigw.NewGateway(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			call := tc.call
			call.Method = testMethod
			a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
			if a.DecidedBy != tc.by {
				t.Fatalf("decided by %s, want %s", a.DecidedBy, tc.by)
			}
			layers[a.DecidedBy] = true
			check(t, tc.name, render(t, a, sources))
		})
	}
	a := apigw.NoSuchMethod(testMethod, apigw.ExplainOptions{})
	layers[a.DecidedBy] = true
	check(t, "no-such-method", render(t, a, sources))
	for _, l := range []apigw.Layer{apigw.LayerNone, apigw.LayerIdentityCheck, apigw.LayerResourcePolicy, apigw.LayerAuthorizer, apigw.LayerIdentityPolicy, apigw.LayerAuthorizerFailure, apigw.LayerRequest} {
		if !layers[l] {
			t.Errorf("no answer decided by %s is rendered", l)
		}
	}
}

// check compares got with the golden file testdata/render/name.golden.
func check(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "render", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestAnswerJSONContract pins the names and order of the JSON fields of
// "iamgate eval --format json" (encoding/json writes a struct's fields in
// their declared order): they are a contract.
func TestAnswerJSONContract(t *testing.T) {
	want := []string{"schemaVersion", "status", "decision", "message", "body", "headers", "gatewayResponse", "decidedBy", "methodArn", "auth", "table", "phase1", "authorizerReached", "reasons", "authorizerProblems", "advice", "trace", "references", "context", "expect,omitempty", "invocation,omitempty", "authorizerProblemsOmitted,omitempty", "customResponse,omitempty"}
	typ := reflect.TypeFor[apigw.AnswerJSON]()
	var got []string
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Tag.Get("json"))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AnswerJSON's fields (-want +got):\n%s", diff)
	}
	// Lists and maps are empty, not null, even for an answer with none.
	var zero apigw.Answer
	b, err := json.Marshal(zero.JSON())
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"headers":{}`, `"reasons":[]`, `"authorizerProblems":[]`, `"advice":[]`, `"context":{}`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("the zero answer's JSON lacks %s: %s", field, b)
		}
	}
}

// TestAdviceIsTyped checks that advice about a statement names it, and
// that no list marker or prefix is stored in the text.
func TestAdviceIsTyped(t *testing.T) {
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	call := apigw.Call{Method: testMethod, Headers: token("t"), Authorizer: apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.ExplicitDeny]), "out.json")}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if len(a.Advice) == 0 {
		t.Fatal("no advice for an explicit deny")
	}
	adv := a.Advice[0]
	if adv.Layer != apigw.LayerAuthorizer || adv.Source == nil || adv.Source.Statement != 0 || adv.Source.Document == "" {
		t.Errorf("advice %+v (source %+v), want the authorizer's statement 0", adv, adv.Source)
	}
	if adv.String() != adv.Text || strings.HasPrefix(adv.Text, "- ") {
		t.Errorf("advice text %q: want the sentence alone", adv.Text)
	}
	n := apigw.NoSuchMethod(testMethod, apigw.ExplainOptions{})
	if len(n.Advice) != 1 || n.Advice[0].Layer != apigw.LayerRequest || n.Advice[0].Source != nil {
		t.Errorf("no-such-method advice %+v, want one item of the request layer about no statement", n.Advice)
	}
}

// TestExplainFillsWhatRenderersRead checks the fields Explain adds for the
// renderers: the authorization type, the condition context and whether
// identity policies were given.
func TestExplainFillsWhatRenderersRead(t *testing.T) {
	ctx, err := apigw.ContextFor(apigw.RequestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	g := apigw.MustNewGateway(apigw.Config{API: testAPI, Auth: apigw.AuthIAM})
	call := apigw.Call{Method: testMethod, Caller: eval.MustNewCaller("arn:aws:iam::123456789012:user/alice"), Context: ctx}
	a := g.Explain(call.Prepare(), apigw.ExplainOptions{})
	if a.Auth != apigw.AuthIAM || a.Context != ctx || !a.NoIdentityPolicies {
		t.Errorf("Auth %s, Context %p (want %p), NoIdentityPolicies %t; want AWS_IAM, the call's context, true", a.Auth, a.Context, ctx, a.NoIdentityPolicies)
	}
	call.IdentityPolicies = eval.MustCompile(eval.CompileOptions{}, mustDoc(t, identityDocs[eval.Allow], policy.IdentityBased))
	if a := g.Explain(call.Prepare(), apigw.ExplainOptions{}); a.NoIdentityPolicies {
		t.Error("NoIdentityPolicies with identity policies given")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestWriteTextErrors checks that WriteText reports the writer's error and
// refuses a nil writer.
func TestWriteTextErrors(t *testing.T) {
	a := apigw.NoSuchMethod(testMethod, apigw.ExplainOptions{})
	if err := a.WriteText(failingWriter{}, apigw.RenderOptions{}); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteText to a failing writer: %v, want disk full", err)
	}
	if err := a.WriteText(nil, apigw.RenderOptions{}); err == nil {
		t.Error("WriteText(nil) = nil, want an error")
	}
	var zero apigw.Answer
	if s := zero.Explanation(apigw.RenderOptions{}); s != "" {
		t.Errorf("the zero answer's explanation is %q, want \"\"", s)
	}
}

// Every render case lists, in its text and in its JSON, exactly the keys
// its advice and trace cite, each with a URL; Also adds the keys of text
// printed with the answer.
func TestReferencesListCitedKeys(t *testing.T) {
	// A citation is a parenthesised list of keys, such as (LA-USE, D3).
	groupRE := regexp.MustCompile(`\(([^()]*)\)`)
	keyRE := regexp.MustCompile(`^(AUTHFLOW|[A-Z]+(-[A-Z0-9]+)+|D\d+)$`)
	for _, c := range renderCases(t) {
		t.Run(c.name, func(t *testing.T) {
			a := apigw.MustNewGateway(c.cfg).Explain(&c.call, apigw.ExplainOptions{})
			j := a.JSON()
			cited := map[string]bool{}
			for _, s := range append(append([]string{}, j.Advice...), j.Trace...) {
				for _, g := range groupRE.FindAllStringSubmatch(s, -1) {
					for _, w := range strings.FieldsFunc(g[1], func(r rune) bool { return strings.ContainsRune(" ,;:", r) }) {
						if keyRE.MatchString(w) {
							cited[w] = true
						}
					}
				}
			}
			listed := map[string]bool{}
			var text bytes.Buffer
			if err := a.WriteText(&text, apigw.RenderOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, r := range j.References {
				listed[r.Key] = true
				if !strings.HasPrefix(r.URL, "https://") {
					t.Errorf("%s: URL %q", r.Key, r.URL)
				}
				if !strings.Contains(text.String(), "\n  "+r.Key+" ") || !strings.Contains(text.String(), r.URL+"\n") {
					t.Errorf("the text output does not list %s %s:\n%s", r.Key, r.URL, text.String())
				}
			}
			if len(cited) > 0 && !strings.Contains(text.String(), "\nreferences:\n") {
				t.Errorf("no references section:\n%s", text.String())
			}
			for k := range cited {
				if !listed[k] {
					t.Errorf("%s is cited but not listed in %v", k, j.References)
				}
			}
			if len(j.References) != len(cited) {
				t.Errorf("references %v, cited %v", j.References, cited)
			}
			text.Reset()
			if err := a.WriteText(&text, apigw.RenderOptions{Also: []string{"never cached (D16)"}}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text.String(), "\n  D16 ") || !strings.Contains(text.String(), "/fidelity.md#d16\n") {
				t.Errorf("Also's D16 is not listed:\n%s", text.String())
			}
		})
	}
}

// The note that an IAM caller has no identity policies says how to give
// them only in the words of the front end that shows it.
func TestIdentityPolicyHint(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123")
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthIAM})
	ctx, err := apigw.ContextFor(apigw.RequestInfo{Caller: eval.MustNewCaller("arn:aws:iam::123456789012:user/alice")})
	if err != nil {
		t.Fatal(err)
	}
	c := (&apigw.Call{Method: arn.MustParseMethodARN(api.String() + "/prod/GET/x"), Caller: eval.MustNewCaller("arn:aws:iam::123456789012:user/alice"), Context: ctx}).Prepare()
	a := g.Explain(c, apigw.ExplainOptions{})
	for hint, want := range map[string]string{
		"":                                 "  the caller has no identity policies\n",
		"give them with --identity-policy": "  the caller has no identity policies (give them with --identity-policy)\n",
	} {
		var b strings.Builder
		if err := a.WriteText(&b, apigw.RenderOptions{IdentityPolicyHint: hint}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("hint %q: the text lacks %q:\n%s", hint, want, b.String())
		}
	}
}
