package apigw_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

func TestStepString(t *testing.T) {
	tr := apigw.Trace{
		{Text: "phase 1: no explicit deny in the resource policy", Layer: apigw.LayerResourcePolicy},
		{Origin: apigw.OriginExecutionLog, Layer: apigw.LayerAuthorizer, Text: "Successfully completed authorizer execution"},
	}
	want := []string{"iamgate: phase 1: no explicit deny in the resource policy", "apigw: Successfully completed authorizer execution"}
	if diff := cmp.Diff(want, tr.Lines()); diff != "" {
		t.Errorf("Lines (-want +got):\n%s", diff)
	}
	if got := tr.String(); got != strings.Join(want, "\n") {
		t.Errorf("String() = %q", got)
	}
	if apigw.Trace(nil).Lines() != nil {
		t.Error("a nil trace has lines")
	}
	if got := (apigw.Trace{}).Lines(); got == nil || len(got) != 0 {
		t.Errorf("an empty trace has lines %#v, want an empty non-nil slice", got)
	}
}

// explainTrace explains a call with a TOKEN authorizer whose output is
// out, under the resource policy rp.
func explainTrace(t *testing.T, rp string, out *apigw.AuthorizerResult) apigw.Answer {
	t.Helper()
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, rp))
	ctx, err := apigw.ContextFor(apigw.RequestInfo{Time: t0})
	if err != nil {
		t.Fatal(err)
	}
	c := apigw.Call{Method: testMethod, Headers: token("tok"), Context: ctx, Authorizer: out}
	c.Prepare()
	return g.Explain(&c, apigw.ExplainOptions{})
}

// TestTraceSteps checks the typed steps: who speaks, the layer, the
// statement behind a step, and text stored without its prefix.
func TestTraceSteps(t *testing.T) {
	a := explainTrace(t, rpDocs[eval.Allow], allowOutput)
	if a.Status != 200 {
		t.Fatalf("status %d:\n%s", a.Status, a.Trace)
	}
	var logs, sources int
	layers := map[apigw.Layer]bool{}
	for _, s := range a.Trace {
		if strings.HasPrefix(s.Text, "apigw: ") || strings.HasPrefix(s.Text, "iamgate: ") {
			t.Errorf("step text stores its prefix: %q", s.Text)
		}
		layers[s.Layer] = true
		if s.Origin == apigw.OriginExecutionLog {
			logs++
			if s.Layer != apigw.LayerAuthorizer {
				t.Errorf("execution log line %q about layer %v", s.Text, s.Layer)
			}
		}
		if s.Source != nil {
			sources++
			if !strings.Contains(s.Text, s.Source.Document+" statement") || s.Source.Pos.Line == 0 || s.Source.Path == "" {
				t.Errorf("step %q has source %+v", s.Text, *s.Source)
			}
		}
	}
	if logs != 3 {
		t.Errorf("%d execution log lines, want 3:\n%s", logs, a.Trace)
	}
	if sources != 2 {
		t.Errorf("%d steps with a statement, want 2 (resource policy, authorizer policy):\n%s", sources, a.Trace)
	}
	for _, l := range []apigw.Layer{apigw.LayerIdentityCheck, apigw.LayerResourcePolicy, apigw.LayerAuthorizer, apigw.LayerNone} {
		if !layers[l] {
			t.Errorf("no step about layer %v:\n%s", l, a.Trace)
		}
	}
	if last := a.Trace[len(a.Trace)-1]; last.Layer != a.DecidedBy {
		t.Errorf("last step %q about %v, want the deciding layer %v", last.Text, last.Layer, a.DecidedBy)
	}

	// Phase 1: the Deny statement NoPets, the second of rp.json.
	a = explainTrace(t, rpDocs[eval.ExplicitDeny], allowOutput)
	var deny *apigw.Step
	for i := range a.Trace {
		if a.Trace[i].Source != nil {
			deny = &a.Trace[i]
		}
	}
	if deny == nil {
		t.Fatalf("no step names a statement:\n%s", a.Trace)
	}
	got := *deny.Source
	// The position is the statement's, checked above to be set.
	want := apigw.Source{Document: "rp.json", Statement: 1, Sid: "NoPets", Path: "/Statement/1", Pos: got.Pos}
	if diff := cmp.Diff(want, got); diff != "" || deny.Layer != apigw.LayerResourcePolicy {
		t.Errorf("deny step %q about %v (-want +got):\n%s", deny.Text, deny.Layer, diff)
	}
	if last := a.Trace[len(a.Trace)-1]; last.Layer != apigw.LayerResourcePolicy || a.DecidedBy != apigw.LayerResourcePolicy {
		t.Errorf("last step %q about %v, decided by %v", last.Text, last.Layer, a.DecidedBy)
	}
}

func TestNoSuchMethodTrace(t *testing.T) {
	a := apigw.NoSuchMethod(testMethod, apigw.ExplainOptions{})
	for _, s := range a.Trace {
		if s.Origin != apigw.OriginIamgate || s.Layer != apigw.LayerRequest || s.Source != nil {
			t.Errorf("step %+v", s)
		}
	}
	if !strings.HasPrefix(a.Trace.String(), "iamgate: the API defines no method for GET /pets/1") {
		t.Errorf("trace %q", a.Trace)
	}
}

// TestSetupProblemAdvice: a result whose program never ran its handler is
// still the 500 of its error or output, but the advice is about the
// program's setup, not about the authorizer's answer.
func TestSetupProblemAdvice(t *testing.T) {
	const problem = "the runner run.mjs failed to load the handler ./x.mjs (Runtime.ImportModuleError: no module)"
	for name, out := range map[string]*apigw.AuthorizerResult{
		"error":  apigw.AuthorizerError("no module"),
		"output": apigw.ParseAuthorizerOutput(nil, "stdout"),
	} {
		plain := explainTrace(t, "", out)
		a := explainTrace(t, "", out.WithSetupProblem(problem))
		if a.Status != 500 || a.Response != plain.Response {
			t.Errorf("%s: %d %s, want the 500 %s of the same result without the setup problem", name, a.Status, a.Response, plain.Response)
		}
		if len(a.Advice) != 1 || !strings.HasPrefix(a.Advice[0].Text, "The runner run.mjs failed to load the handler ./x.mjs") || !strings.Contains(a.Advice[0].Text, "setup problem") {
			t.Errorf("%s: advice %q", name, a.Advice)
		}
		if !strings.Contains(a.Trace.String(), "never ran its handler") {
			t.Errorf("%s: trace:\n%s", name, a.Trace)
		}
	}
	if got := apigw.AuthorizerError("x").WithSetupProblem(""); got.SetupProblem() != "" {
		t.Errorf("an empty problem set %q", got.SetupProblem())
	}
}

// TestEachFactOnce: an allowed answer's text and explanation give each
// reason of a statement once (not on the statement's line and again as a
// bullet, nor again in the trace), and a 401 says once that the
// authorizer raised "Unauthorized".
func TestEachFactOnce(t *testing.T) {
	allowed := explainTrace(t, "", allowOutput)
	if allowed.Status != 200 || len(allowed.Reasons) == 0 {
		t.Fatalf("status %d, %d reasons", allowed.Status, len(allowed.Reasons))
	}
	var text strings.Builder
	if err := allowed.WriteText(&text, apigw.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "explanation": allowed.Explanation(apigw.RenderOptions{})} {
		for _, r := range allowed.Reasons {
			for _, d := range r.Details() {
				if n := strings.Count(out, d); n != 1 {
					t.Errorf("%s: %q appears %d times:\n%s", name, d, n, out)
				}
			}
		}
	}
	denied := explainTrace(t, "", apigw.AuthorizerError("Unauthorized"))
	if denied.Status != 401 {
		t.Fatalf("status %d", denied.Status)
	}
	text.Reset()
	if err := denied.WriteText(&text, apigw.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text.String(), `raised the error "Unauthorized"`); n != 1 {
		t.Errorf(`"raised the error \"Unauthorized\"" appears %d times:\n%s`, n, text.String())
	}
}
