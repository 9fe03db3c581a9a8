package eval_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// A template compiled once and bound to a method ARN decides and explains
// every request as the output filled in as text, parsed and compiled
// does: random templates (holes at the start, middle and end of Resource
// and NotResource values, with wildcards and policy variables around
// them, Allow and Deny, both Versions) and method ARNs (with *, ? and
// ${...} in them, which the filled text reads as wildcards and variables).
func TestTemplateBindMatchesTextFill(t *testing.T) {
	const placeholder = "{{methodArn}}"
	const hole = "arn:aws:execute-api:us-east-1:000000000000:iamgatehole"
	values := []string{
		placeholder, placeholder + "*", placeholder + "/*", placeholder + "?", placeholder + "${aws:username}",
		"arn:aws:execute-api:*:*:*/prod/GET/*", "*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/*",
		"arn:aws:execute-api:us-east-1:123456789012:abc/*/" + placeholder,
	}
	arns := []string{"1", "2", "*", "a?b", "${aws:username}", "é", "x/y", "${*}", "<&>", "a\\b"}
	const base = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/orders/"
	rng := rand.New(rand.NewPCG(13, 13))
	compared := 0
	for range 200 {
		var b strings.Builder
		version := []string{"2012-10-17", "2008-10-17"}[rng.IntN(2)]
		b.WriteString(`{"principalId": "u", "policyDocument": {"Version": "` + version + `", "Statement": [`)
		for i := range 1 + rng.IntN(5) {
			if i > 0 {
				b.WriteString([]string{", ", ",\n  "}[rng.IntN(2)])
			}
			b.WriteString(`{"Effect": "` + []string{"Allow", "Deny"}[rng.IntN(2)] + `", "Action": "execute-api:Invoke", "` + []string{"Resource", "NotResource"}[rng.IntN(2)] + `": [`)
			for j := range 1 + rng.IntN(3) {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(`"` + values[rng.IntN(len(values))] + `"`)
			}
			b.WriteString("]")
			if rng.IntN(3) == 0 {
				b.WriteString(`, "Condition": {"StringLike": {"aws:username": "b*"}}`)
			}
			b.WriteString("}")
		}
		b.WriteString("]}}")
		tmpl := b.String()
		stand := apigw.ParseAuthorizerOutput([]byte(strings.ReplaceAll(tmpl, placeholder, hole)), "t.json")
		if !stand.Usable() {
			t.Fatalf("template %s: %v", tmpl, stand.Problems())
		}
		set, err := eval.CompileTemplate(eval.CompileOptions{}, hole, []byte(strings.ReplaceAll(tmpl, placeholder, hole)), stand.Response().Policy)
		if err != nil {
			t.Fatalf("template %s: %v", tmpl, err)
		}
		for _, a := range arns {
			methodARN := base + a
			written, _ := json.Marshal(methodARN)
			filled := apigw.ParseAuthorizerOutput([]byte(strings.ReplaceAll(tmpl, placeholder, string(written[1:len(written)-1]))), "t.json")
			bound, ok := set.Bind(methodARN, len(written)-2)
			if !filled.Usable() || !ok {
				if filled.Usable() {
					t.Errorf("template %s, ARN %s: Bind failed, the filled text compiles", tmpl, methodARN)
				}
				continue
			}
			for _, r := range append(arns, "1/2", "") {
				for _, user := range []string{"", "bob", "*"} {
					ctx := eval.NewContext()
					if user != "" {
						ctx.Set("aws:username", user)
					}
					req := &eval.Request{Resource: base + r, Context: ctx}
					want, got := filled.Policy().Evaluate(req), bound.Evaluate(req)
					if !reflect.DeepEqual(want, got) { // cmp.Diff is slow: only to show it
						t.Fatalf("template %s, ARN %s, resource %s: Evaluate (-text fill +bound):\n%s", tmpl, methodARN, req.Resource, cmp.Diff(want, got))
					}
					if w, g := filled.Policy().Decide(req), bound.Decide(req); w != g {
						t.Fatalf("template %s, ARN %s, resource %s: Decide %v, want %v", tmpl, methodARN, req.Resource, g, w)
					}
					compared++
				}
			}
		}
	}
	if compared < 3_000 {
		t.Errorf("only %d requests compared", compared)
	}
}

// Binding a template costs the same for 3 statements or 3,000: it compiles
// only the distinct resource texts with a hole.
func TestTemplateBindAllocations(t *testing.T) {
	const hole = "arn:aws:execute-api:us-east-1:000000000000:iamgatehole"
	allocs := func(n int) float64 {
		var b strings.Builder
		b.WriteString(`{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "` + hole + `"}`)
		}
		b.WriteString("]}}")
		r := apigw.ParseAuthorizerOutput([]byte(b.String()), "t.json")
		set, err := eval.CompileTemplate(eval.CompileOptions{}, hole, []byte(b.String()), r.Response().Policy)
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(20, func() { _, _ = set.Bind("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/x", 54) })
	}
	if small, large := allocs(3), allocs(3000); small != large {
		t.Errorf("Bind allocates %v times for 3 statements, %v for 3,000: want the same", small, large)
	}
}

// A bound template decides without allocating, as any set does.
func TestBoundTemplateDecideDoesNotAllocate(t *testing.T) {
	const hole = "arn:aws:execute-api:us-east-1:000000000000:iamgatehole"
	text := `{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [` +
		`{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "` + hole + `/admin"}, ` +
		`{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": ["` + hole + `", "` + hole + `/*"]}]}}`
	r := apigw.ParseAuthorizerOutput([]byte(text), "t.json")
	set, err := eval.CompileTemplate(eval.CompileOptions{}, hole, []byte(text), r.Response().Policy)
	if err != nil {
		t.Fatal(err)
	}
	const arn = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/x"
	bound, ok := set.Bind(arn, len(arn))
	if !ok {
		t.Fatal("Bind failed")
	}
	req := &eval.Request{Resource: arn + "/y"}
	if got := bound.Decide(req); got != eval.Allow {
		t.Fatalf("Decide = %v, want Allow", got)
	}
	if n := testing.AllocsPerRun(100, func() { bound.Decide(req) }); n != 0 {
		t.Errorf("Decide allocates %v times, want 0", n)
	}
}
