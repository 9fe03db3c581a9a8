package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// benchmarkPolicy builds the reference scenario of the performance target:
// an authorizer-style policy of n statements, n-1 Allow statements on
// different wildcard paths and one Deny, and a request that matches the
// last Allow (the ninth of ten).
func benchmarkPolicy(t testing.TB, n int) (*PolicySet, *Request) {
	t.Helper()
	verbs := []string{"GET", "POST", "PUT", "DELETE"}
	var stmts []string
	for i := 0; i < n-1; i++ {
		var res string
		switch i % 3 {
		case 0:
			res = fmt.Sprintf("%s/prod/%s/resource%d/*", testAPI, verbs[i%len(verbs)], i)
		case 1:
			res = fmt.Sprintf("%s/*/%s/resource%d/*", testAPI, verbs[i%len(verbs)], i)
		default:
			res = fmt.Sprintf("%s/prod/*/resource%d/items/*", testAPI, i)
		}
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"Allow%d","Effect":"Allow","Action":"execute-api:Invoke","Resource":%q}`, i, res))
	}
	stmts = append(stmts, fmt.Sprintf(`{"Sid":"DenyAdmin","Effect":"Deny","Action":"execute-api:Invoke","Resource":%q}`, testAPI+"/*/*/admin/*"))
	src := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
	doc, err := policy.Parse([]byte(src), policy.ParseOptions{File: "authorizer.json", Kind: policy.Authorizer})
	if err != nil {
		t.Fatal(err)
	}
	set, err := Compile(CompileOptions{}, doc)
	if err != nil {
		t.Fatal(err)
	}
	last := n - 2
	var resource string
	switch last % 3 {
	case 0:
		resource = fmt.Sprintf("%s/prod/%s/resource%d/42", testAPI, verbs[last%len(verbs)], last)
	case 1:
		resource = fmt.Sprintf("%s/prod/%s/resource%d/42", testAPI, verbs[last%len(verbs)], last)
	default:
		resource = fmt.Sprintf("%s/prod/GET/resource%d/items/42", testAPI, last)
	}
	return set, &Request{Resource: resource}
}

// BenchmarkDecide10 is the reference scenario: 10 statements, the request
// matching the ninth. Target: at most 150 ns/op and 0 allocs/op.
func BenchmarkDecide10(b *testing.B) { benchmarkDecide(b, 10) }

// BenchmarkDecide1000 is the same shape with 1,000 statements: the growth
// over BenchmarkDecide10 per added statement has a target of 30 ns.
func BenchmarkDecide1000(b *testing.B) { benchmarkDecide(b, 1000) }

func benchmarkDecide(b *testing.B, n int) {
	set, req := benchmarkPolicy(b, n)
	if set.Decide(req) != Allow {
		b.Fatal("benchmark request is not allowed")
	}
	b.ReportAllocs()
	for b.Loop() {
		set.Decide(req)
	}
}

// BenchmarkEvaluate10 is the explained evaluation of the reference
// scenario, which allocates the reasons.
func BenchmarkEvaluate10(b *testing.B) {
	set, req := benchmarkPolicy(b, 10)
	b.ReportAllocs()
	for b.Loop() {
		set.Evaluate(req)
	}
}
