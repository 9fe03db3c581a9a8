package eval_test

import (
	"fmt"
	"net/http"
	"net/netip"

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

// ExampleGateway predicts API Gateway's answer for a method with a Lambda
// TOKEN authorizer and an IP allow-list resource policy: compile the
// configuration once, then decide or explain each request.
func ExampleGateway() {
	rp, err := policy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
  {"Sid": "DenyOutsideOffice", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
   "Resource": "execute-api:/*", "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]}`),
		policy.ParseOptions{File: "resource-policy.json", Kind: policy.ResourceBased})
	if err != nil {
		fmt.Println(err)
		return
	}
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	gw, err := eval.NewGateway(eval.Config{
		API: api, ResourcePolicy: rp, Auth: eval.AuthCustom,
		Authorizer: eval.AuthorizerConfig{Type: eval.TokenAuthorizer}, // TTL: AWS's default, 300 s
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// What the authorizer returned: a policy for the one method ARN it was
	// invoked with.
	output := eval.ParseAuthorizerOutput([]byte(`{"principalId": "user-42", "policyDocument": {
  "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke",
  "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42"}]}}`), "authorizer.json")
	for _, r := range []struct{ request, ip string }{
		{"GET /prod/orders/42", "192.0.2.10"},
		{"GET /prod/orders/43", "192.0.2.10"},
		{"GET /prod/orders/42", "203.0.113.9"},
	} {
		method, _ := api.Method(r.request)
		ctx, _ := eval.ContextFor(eval.RequestInfo{SourceIP: netip.MustParseAddr(r.ip)})
		call := &eval.Call{Method: method, Headers: http.Header{"Authorization": {"token"}}, Context: ctx, Authorizer: output}
		call.Prepare()
		answer := gw.Explain(call, eval.ExplainOptions{})
		fmt.Println(r.request, "from", r.ip, "->", answer.Status, answer.DecidedBy)
		if answer.Body != "" {
			fmt.Println("  ", answer.Body)
		}
	}
	// Output:
	// GET /prod/orders/42 from 192.0.2.10 -> 200 authorizer
	// GET /prod/orders/43 from 192.0.2.10 -> 403 authorizer
	//    {"Message":"User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action"}
	// GET /prod/orders/42 from 203.0.113.9 -> 403 resource-policy
	//    {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123defg/prod/GET/orders/42 with an explicit deny in a resource-based policy"}
}
