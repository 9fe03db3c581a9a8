package eval_test

import (
	"fmt"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// This example mirrors the README's quick start: a resource policy that
// denies callers outside an office network, evaluated for one request.
func Example() {
	src := []byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "AllowInvoke", "Effect": "Allow", "Principal": "*",
     "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
    {"Sid": "DenyOutsideOffice", "Effect": "Deny", "Principal": "*",
     "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}
  ]
}`)
	doc, err := policy.Parse(src, policy.ParseOptions{File: "resource-policy.json", Kind: policy.ResourceBased})
	if err != nil {
		fmt.Println(err)
		return
	}
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	set, err := eval.Compile(eval.CompileOptions{API: api}, doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	method, _ := api.Method("GET /prod/pets/1")
	for _, ip := range []string{"192.0.2.10", "203.0.113.9"} {
		req := &eval.Request{
			Resource: method.String(),
			Context:  eval.NewContext().Set("aws:SourceIp", ip),
		}
		res := set.Evaluate(req)
		fmt.Println(ip, res.Decision)
		for _, r := range res.Deciding() {
			fmt.Printf("  decided by %s statement %d (Sid %s)\n", r.Document, r.Statement, r.Sid)
		}
	}
	// Output:
	// 192.0.2.10 Allow
	//   decided by resource-policy.json statement 0 (Sid AllowInvoke)
	// 203.0.113.9 ExplicitDeny
	//   decided by resource-policy.json statement 1 (Sid DenyOutsideOffice)
}

// Decide is the allocation-free form: only the decision.
func ExamplePolicySet_Decide() {
	doc, _ := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/*"}}`),
		policy.ParseOptions{File: "authorizer-policy.json", Kind: policy.Authorizer})
	set := eval.MustCompile(eval.CompileOptions{}, doc)
	for _, resource := range []string{
		"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets/1",
		"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/DELETE/pets/1",
	} {
		fmt.Println(set.Decide(&eval.Request{Resource: resource}))
	}
	// Output:
	// Allow
	// ImplicitDeny
}
