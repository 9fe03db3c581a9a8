package policy_test

import (
	"fmt"

	"github.com/iamgate/iamgate/policy"
)

// Parse reports every problem of a document at once, each with its
// position and JSON path.
func ExampleParse() {
	src := []byte(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "allow",
    "Principal": "*",
    "Action": "execute-api:Invoke",
    "resource": "execute-api:/*"
  }]
}`)
	_, err := policy.Parse(src, policy.ParseOptions{File: "resource-policy.json", Kind: policy.ResourceBased})
	for _, e := range policy.AsList(err) {
		fmt.Println(e)
	}
	// Output:
	// resource-policy.json:4:15: invalid Effect "allow": expected "Allow" or "Deny" (did you mean "Allow"? Effect is case-sensitive) (at /Statement/0/Effect)
	// resource-policy.json:7:5: element "resource" must be spelled "Resource": IAM element names are case-sensitive (at /Statement/0/resource)
}

// The model keeps statement order, Sids, raw strings and their positions.
func ExampleParse_model() {
	src := []byte(`{"Version":"2012-10-17","Statement":{"Sid":"ReadPets","Effect":"Allow","Action":"execute-api:Invoke","Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets","arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets/*"]}}`)
	doc, err := policy.Parse(src, policy.ParseOptions{File: "authorizer-policy.json", Kind: policy.Authorizer})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := doc.Statements[0]
	fmt.Println(doc.Version, s.Sid.Value, s.Effect, s.Action.Values[0].Value)
	for _, r := range s.Resource.Values {
		fmt.Println(r.Path, r.Pos)
	}
	// Output:
	// 2012-10-17 ReadPets Allow execute-api:Invoke
	// /Statement/Resource/0 1:114
	// /Statement/Resource/1 1:184
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
	r, err := policy.ParseAuthorizerResponse(out, policy.AuthorizerOptions{File: "authorizer-output.json"})
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
	_, err := policy.ParseAuthorizerResponse(out, policy.AuthorizerOptions{File: "authorizer-output.json"})
	for _, e := range policy.AsList(err) {
		fmt.Println(e)
	}
	// Output:
	// authorizer-output.json:3:3: "policyDocument" is missing: found "PolicyDocument": keys are case-sensitive; API Gateway rejects the output with 500 AuthorizerConfigurationException (at /PolicyDocument)
	// authorizer-output.json:4:24: context value "roles" must be a string, number or boolean, not array (encode nested data as a string); API Gateway rejects the output with 500 AuthorizerConfigurationException (at /context/roles)
}
