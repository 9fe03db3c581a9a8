package suite_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

// TestHeaderFields: a request's headers and token are read as API Gateway
// receives them: a value of spaces is empty (so a blank token is a 401),
// and a name or value no HTTP request can carry is a load error at its
// position.
func TestHeaderFields(t *testing.T) {
	const head = `name: h
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  tok:
    type: TOKEN
    response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}
auth: tok
defaults:
  time: 2026-11-22T10:00:00Z
cases:
`
	s, err := suite.Parse([]byte(head+`  - name: blank token
    request: GET /prod/x
    token: "  \t "
    expect: 401
  - name: padded token
    request: GET /prod/x
    token: "  Bearer alice  "
    expect: allow
  - name: blank header
    request: GET /prod/x
    headers: {Authorization: "   "}
    expect: 401
`), "h.iamgate.yaml", suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: got %s", r.Name, r.Got)
		}
	}

	_, err = suite.Parse([]byte(head+`  - request: GET /prod/x
    token: "a\r\nX-Injected: 1"
    headers: {"X Tenant": acme, X-Ok: ["a", "b\nc"]}
    expect: allow
`), "h.iamgate.yaml", suite.LoadOptions{})
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("want a load error, got %v", err)
	}
	detail := se.Detail()
	for _, want := range []string{
		`h.iamgate.yaml:12:12: header value "a\r\nX-Injected: 1" holds "\r", which a header value cannot`,
		`h.iamgate.yaml:13:15: header name "X Tenant" holds " "`,
		`h.iamgate.yaml:13:39: header value "b\nc" holds "\n"`,
	} {
		if !strings.Contains(detail, want) {
			t.Errorf("the load error lacks %q:\n%s", want, detail)
		}
	}
}

// TestTableTokensReadLikeRequests: a responses table's token (and the
// header values of its identities) are read as a request's are, so the
// same text matches.
func TestTableTokensReadLikeRequests(t *testing.T) {
	s, err := suite.Parse([]byte(`name: t
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  tok:
    type: TOKEN
    error: Unauthorized
    responses:
      - token: "Bearer alice "
        response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}
auth: tok
defaults:
  time: 2026-11-22T10:00:00Z
cases:
  - {request: GET /prod/x, token: "Bearer alice", expect: allow}
  - {request: GET /prod/y, token: "  Bearer alice  ", expect: allow}
`), "t.iamgate.yaml", suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: got %s", r.Name, r.Got)
		}
	}
}
