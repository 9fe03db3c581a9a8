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
