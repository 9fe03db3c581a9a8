package apigw_test

import (
	"fmt"
	"net/http"
	"net/netip"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

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
	gw, err := apigw.NewGateway(apigw.Config{
		API: api, ResourcePolicy: rp, Auth: apigw.AuthCustom,
		Authorizer: apigw.AuthorizerConfig{Type: apigw.TokenAuthorizer}, // TTL: AWS's default, 300 s
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// What the authorizer returned: a policy for the one method ARN it was
	// invoked with.
	output := apigw.ParseAuthorizerOutput([]byte(`{"principalId": "user-42", "policyDocument": {
  "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke",
  "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42"}]}}`), "authorizer.json")
	for _, r := range []struct{ request, ip string }{
		{"GET /prod/orders/42", "192.0.2.10"},
		{"GET /prod/orders/43", "192.0.2.10"},
		{"GET /prod/orders/42", "203.0.113.9"},
	} {
		method, _ := api.Method(r.request)
		ctx, _ := apigw.ContextFor(apigw.RequestInfo{SourceIP: netip.MustParseAddr(r.ip)})
		call := &apigw.Call{Method: method, Headers: http.Header{"Authorization": {"token"}}, Context: ctx, Authorizer: output}
		call.Prepare()
		answer := gw.Explain(call, apigw.ExplainOptions{})
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
