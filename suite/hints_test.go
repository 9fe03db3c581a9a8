package suite_test

import (
	"strings"
	"testing"
)

// A request that matches no route says what it probably meant; a file
// that is a policy says so; a URL as the path gets its path.
func TestLoadHints(t *testing.T) {
	head := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nroutes: [\"GET /pets/{id}\"]\ncases:\n"
	for _, tc := range []struct {
		name, text, want string
	}{
		{"stage missing", head + "  - {request: GET /pets/1, expect: allow}\n",
			`The stage seems to be missing: "pets" is taken as the stage, and GET /pets/1 without it matches a route; write the stage first, such as GET /prod/pets/1`},
		{"template as path", head + "  - {request: \"GET /prod/pets/{id}\", expect: allow}\n",
			`request: the path /pets/{id} holds a {parameter}, which only a route's template has: give a concrete path`},
		{"URL", head + "  - {request: \"GET https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/pets/1\", expect: allow}\n",
			`(give the URL's path, with the stage first: GET /prod/pets/1)`},
		{"policy", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}]}`,
			`this is an IAM policy document (it has Statement), not a suite`},
		{"authorizer response", `{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": []}}`,
			`this is a Lambda authorizer's response (it has policyDocument or principalId), not a suite`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"s.iamgate.yaml": tc.text})
			got, _ := loadProblems(t, dir, "s.iamgate.yaml")
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems %q, want one containing %q", got, tc.want)
			}
		})
	}
}
