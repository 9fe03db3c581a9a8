package suite_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

// TestCallerKeysGiven: an IAM caller's aws:userid is set by AWS but not
// in its ARN; a policy that reads it needs the request to give it
// (RP-CONDKEYS), and then answers.
func TestCallerKeysGiven(t *testing.T) {
	const head = `name: uid
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*", "Condition": {"StringNotLike": {"aws:userid": ["AIDA*", "AROA*:*"]}}}]}
auth: AWS_IAM
defaults:
  time: 2026-11-22T10:00:00Z
cases:
`
	_, err := suite.Parse([]byte(head+`  - request: GET /prod/x
    caller: arn:aws:iam::123456789012:user/alice
    expect: allow
`), "uid.iamgate.yaml", suite.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "uid.iamgate.yaml:11:5: GET /prod/x: statement 1 of uid.iamgate.yaml:6:136 reads aws:userid, which AWS sets for every request of caller") {
		t.Errorf("want the missing aws:userid reported, got %v", err)
	}

	s, err := suite.Parse([]byte(head+`  - request: GET /prod/x
    caller: arn:aws:iam::123456789012:user/alice
    context: {aws:userid: AIDAJQABLZS4A3QDU576Q}
    expect: allow
  - request: GET /prod/x
    caller: arn:aws:sts::123456789012:federated-user/bob
    context: {aws:userid: "123456789012:bob"}
    expect: explicit-deny
`), "uid.iamgate.yaml", suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: got %s", r.Name, r.Got)
		}
	}
}
