package apigw_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"os"

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

// ParseAuthorizerResponse reads a Lambda authorizer's output as API
// Gateway does: the principal, the policy, and the context values as the
// strings API Gateway passes on.
func ExampleParseAuthorizerResponse() {
	out := []byte(`{
  "principalId": "user-7f3a9c",
  "policyDocument": {
    "Version": "2012-10-17",
    "Statement": [{
      "Effect": "Allow",
      "Action": "execute-api:Invoke",
      "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/*"
    }]
  },
  "context": {"tenant": "acme", "price": 1.50, "beta": true}
}`)
	r, err := apigw.ParseAuthorizerResponse(out, apigw.AuthorizerOptions{File: "authorizer-output.json"})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := r.Policy.Statements[0]
	fmt.Println(r.PrincipalID.Value, s.Effect, s.Resource.Values[0].Path)
	for _, c := range r.Context {
		fmt.Printf("$context.authorizer.%s = %q\n", c.Key.Value, c.Value)
	}
	// Output:
	// user-7f3a9c Allow /policyDocument/Statement/0/Resource
	// $context.authorizer.tenant = "acme"
	// $context.authorizer.price = "1.50"
	// $context.authorizer.beta = "true"
}

// An invalid output makes API Gateway answer 500; every problem is
// reported at once.
func ExampleParseAuthorizerResponse_invalid() {
	out := []byte(`{
  "principalId": "user-7f3a9c",
  "PolicyDocument": {"Version": "2012-10-17", "Statement": []},
  "context": {"roles": ["admin"]}
}`)
	_, err := apigw.ParseAuthorizerResponse(out, apigw.AuthorizerOptions{File: "authorizer-output.json"})
	for _, e := range policy.AsList(err) {
		fmt.Println(e)
	}
	// Output:
	// authorizer-output.json:3:3: "policyDocument" is missing: found "PolicyDocument": keys are case-sensitive; API Gateway rejects the output with 500 AuthorizerConfigurationException (at /PolicyDocument)
	// authorizer-output.json:4:24: context value "roles" must be a string, number or boolean, not array (encode nested data as a string); API Gateway rejects the output with 500 AuthorizerConfigurationException (at /context/roles)
}

// ExampleAnswer_WriteText renders an answer as "iamgate eval" prints it;
// Answer.JSON gives the same answer in the JSON form of
// "iamgate eval --format json".
func ExampleAnswer_WriteText() {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	gw := apigw.MustNewGateway(apigw.Config{API: api}) // NONE, no resource policy
	method, _ := api.Method("GET /prod/orders/42")
	answer := gw.Explain((&apigw.Call{Method: method}).Prepare(), apigw.ExplainOptions{})
	if err := answer.WriteText(os.Stdout, apigw.RenderOptions{}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(answer.Summary())
	// Output:
	// 200 OK: allowed (no authorization and no resource policy)
	//   method ARN:       arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42
	//   authorization:    NONE
	//   outcome table:    resource policy only: resource policy none attached -> Allow
	//
	// trace:
	//   iamgate: authorization type NONE: only the resource policy can restrict this method (AUTHFLOW)
	//   iamgate: no resource policy is attached: it neither allows nor denies
	//   iamgate: no resource policy attached: the result is Allow (AUTHFLOW)
	//   iamgate: authorization passed: API Gateway goes on to the integration (200 here means "not stopped by authorization")
	//
	// references:
	//   AUTHFLOW  https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
	// 200 allowed (none)
}
