package suite_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// now is the time of every request that gives none, so that no test
// depends on the clock.
var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// writeFiles writes files (name → text) into dir, creating folders.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadProblems loads a suite and returns its problems' Error() strings,
// with the temporary folder written as DIR.
func loadProblems(t *testing.T, dir, file string) ([]string, *suite.Error) {
	t.Helper()
	s, err := suite.Load(filepath.Join(dir, file), suite.LoadOptions{Now: now})
	if err == nil {
		t.Fatalf("Load succeeded (%d cases, %d sequences), want problems", len(s.Cases), len(s.Sequences))
	}
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("Load error %T %q is not a *suite.Error", err, err)
	}
	var got []string
	for _, p := range se.List {
		got = append(got, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), "DIR/"))
	}
	return got, se
}

const okAuthorizerOutput = `{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/*"}]}}`

// loadErrorTests are malformed suites and the exact problems Load reports
// for them (FuzzParse starts from them too).
var loadErrorTests = []struct {
	name string
	// file is the suite's name, suite.iamgate.yaml when empty.
	file string
	src  string
	// files are other files next to the suite.
	files map[string]string
	want  []string
}{
	{
		name: "unknown top-level key with a hint",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcepolicy: policy.json
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:1: unknown key "resourcepolicy" in a suite (did you mean "resourcePolicy"?): expected one of name, api, template, templateApi, parameters, apiKeys, messages, resourcePolicy, auth, authorizers, routes, callers, defaults, cases, sequences (at /resourcepolicy)`,
		},
	},
	{
		name: "unknown key without a near name",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET /prod/x
    expect: allow
    zzzzzzzz: 1
`,
		want: []string{
			`DIR/suite.iamgate.yaml:5:5: unknown key "zzzzzzzz" in a case: expected one of name, request, expect, token, headers, query, stageVariables, requestContext, sourceIp, vpce, vpc, userAgent, referer, time, caller, context (at /cases/0/zzzzzzzz)`,
		},
	},
	{
		name: "repeated key",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET /prod/x
    expect: allow
cases: []
`,
		want: []string{
			`DIR/suite.iamgate.yaml:5:1: key "cases" repeats (first at line 2): each key may appear once (at /cases)`,
		},
	},
	{
		name: "repeated authorizer name",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, error: Unauthorized}
  jwt: {type: TOKEN, error: Unauthorized}
auth: jwt
cases:
  - request: GET /prod/x
    token: t
    expect: 401
`,
		want: []string{
			`DIR/suite.iamgate.yaml:4:3: "jwt" repeats (first at line 3): each name may appear once (at /authorizers/jwt)`,
		},
	},
	{
		name: "wrong value types",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
name: [a, b]
messages: {style: legacy}
authorizers:
  jwt:
    type: TOKEN
    ttl: soon
    error: Unauthorized
auth: jwt
cases:
  - request: {verb: GET}
    expect: allow
  - request: GET /prod/x
    headers: [Authorization]
    expect: allow
  - request: GET /prod/x
    expect: {cached: yes}
cases2: 1
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:7: name must be text, not a list (at /name)`,
			`DIR/suite.iamgate.yaml:3:11: messages must be text, not a mapping (at /messages)`,
			`DIR/suite.iamgate.yaml:7:10: ttl must be a whole number, not "soon" (at /authorizers/jwt/ttl)`,
			`DIR/suite.iamgate.yaml:11:14: request must be text, not a mapping (at /cases/0/request)`,
			`DIR/suite.iamgate.yaml:14:14: headers must be a mapping, not a list (at /cases/1/headers)`,
			`DIR/suite.iamgate.yaml:17:22: cached must be true or false, not "yes" (at /cases/2/expect/cached)`,
			`DIR/suite.iamgate.yaml:18:1: unknown key "cases2" in a suite (did you mean "cases"?): expected one of name, api, template, templateApi, parameters, apiKeys, messages, resourcePolicy, auth, authorizers, routes, callers, defaults, cases, sequences (at /cases2)`,
		},
	},
	{
		name: "the suite is not a mapping",
		src:  "- api: x\n",
		want: []string{
			`DIR/suite.iamgate.yaml:1:1: a suite must be a mapping, not a list`,
		},
	},
	{
		name: "missing api",
		src: `cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:1:1: the suite has no api: give the API's ARN, such as arn:aws:execute-api:us-east-1:123456789012:abc123defg`,
		},
	},
	{
		name: "bad api ARN",
		src: `api: arn:aws:execute-api:us-east-1:12345:abc123defg
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:1:6: api: account "12345" has 5 digits, expected 12 in "arn:aws:execute-api:us-east-1:12345:abc123defg" at offset 30 (at /api)`,
		},
	},
	{
		name: "api mapping with a misspelt and missing parts",
		src: `api:
  region: us-east-1
  acount: "012345678901"
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:3: api has no account (at /api)`,
			`DIR/suite.iamgate.yaml:2:3: api has no id (at /api)`,
			`DIR/suite.iamgate.yaml:3:3: unknown key "acount" in api (did you mean "account"?): expected one of partition, region, account, id (at /api/acount)`,
		},
	},
	{
		name: "api mapping with a bad part",
		src: `api:
  partition: aws
  region: us-east-1
  account: 012345678901
  id: ABC
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:3: api: invalid character "A" in API id "ABC" (expected lower-case letters and digits) in "arn:aws:execute-api:us-east-1:012345678901:ABC" at offset 43 (at /api)`,
		},
	},
	{
		name: "ttl out of range",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  a:
    type: TOKEN
    ttl: 3601
    error: Unauthorized
  b:
    type: TOKEN
    ttl: -1
    error: Unauthorized
  c:
    type: TOKEN
    ttl: 99999999999999999999
    error: Unauthorized
routes:
  - {route: GET /a, auth: a}
  - {route: GET /b, auth: b}
  - {route: GET /c, auth: c}
cases:
  - request: GET /prod/a
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:5:10: ttl 3601 is out of range: API Gateway accepts 0 (caching off) to 3600 seconds (at /authorizers/a/ttl)`,
			`DIR/suite.iamgate.yaml:9:10: ttl -1 is out of range: API Gateway accepts 0 (caching off) to 3600 seconds (at /authorizers/b/ttl)`,
			`DIR/suite.iamgate.yaml:13:10: ttl 99999999999999999999 is out of range (at /authorizers/c/ttl)`,
		},
	},
	{
		name: "auth names an unknown authorizer",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    error: Unauthorized
auth: jtw
routes:
  - route: GET /a
    auth: jwt
  - route: GET /b
    auth: COGNITO_USER_POOLS
cases:
  - request: GET /prod/a
    token: t
    expect: 401
`,
		want: []string{
			`DIR/suite.iamgate.yaml:6:7: auth must be NONE, AWS_IAM or the name of an authorizer defined under authorizers (NONE, AWS_IAM, jwt), not "jtw" (at /auth)`,
			`DIR/suite.iamgate.yaml:11:11: auth "COGNITO_USER_POOLS": name the authorizer (defined under authorizers) instead of its type (at /routes/1/auth)`,
		},
	},
	{
		name: "an authorizer named like an authorization type",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  AWS_IAM:
    type: TOKEN
    error: Unauthorized
cases:
  - request: GET /prod/a
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:3: "AWS_IAM" is an authorization type, not a name for an authorizer (at /authorizers/AWS_IAM)`,
		},
	},
	{
		name: "unused authorizer",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    error: Unauthorized
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:3: authorizer "jwt" is not used: name it in auth (for the API) or in a route's auth (at /authorizers/jwt)`,
		},
	},
	{
		name: "authorizer type and what it returns",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  a:
    error: Unauthorized
  b:
    type: LAMBDA
  c:
    type: TOKEN
  d:
    type: COGNITO_USER_POOLS
    response: out.json
  e:
    type: TOKEN
    identitySource: method.request.querystring.token
    error: Unauthorized
  f:
    type: TOKEN
    validationExpression: "a("
    error: Unauthorized
auth: NONE
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:3: authorizer "a" has no type: TOKEN, REQUEST or COGNITO_USER_POOLS (at /authorizers/a)`,
			`DIR/suite.iamgate.yaml:6:11: authorizer type must be TOKEN, REQUEST or COGNITO_USER_POOLS, not "LAMBDA" (at /authorizers/b/type)`,
			`DIR/suite.iamgate.yaml:7:3: authorizer "c" does not say what it returns: give command (the authorizer to run), response (a file or inline JSON), error (the error it fails with), or a responses table (at /authorizers/c)`,
			`DIR/suite.iamgate.yaml:11:5: a Cognito authorizer has no response: API Gateway checks the token itself (iamgate takes a present token as valid) (at /authorizers/d/response)`,
			`DIR/suite.iamgate.yaml:14:21: authorizer "e": a TOKEN authorizer reads its token from exactly one header (method.request.header.NAME), not "method.request.querystring.token" (at /authorizers/e/identitySource)`,
			`DIR/suite.iamgate.yaml:18:27: authorizer "f": token validation expression "a(" is not a valid RE2 regular expression: missing closing ): "a(" (at /authorizers/f/validationExpression)`,
		},
	},
	{
		name: "responses entries",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    responses:
      - error: Unauthorized
      - token: a
        identity: [a]
        error: Unauthorized
      - token: b
      - token: c
        error: Unauthorized
      - token: c
        error: boom
  req:
    type: REQUEST
    identitySource: method.request.header.A, method.request.querystring.b
    responses:
      - error: Unauthorized
      - identity: [x]
        error: Unauthorized
      - identity: [x, y, z]
        error: Unauthorized
      - identity: [x, y]
        error: Unauthorized
        response: out.json
      - token: x
        error: Unauthorized
routes:
  - {route: GET /a, auth: jwt}
  - {route: GET /b, auth: req}
cases:
  - request: GET /prod/x
    expect: {status: 403, layer: request}
`,
		want: []string{
			`DIR/suite.iamgate.yaml:6:9: a responses entry needs token: the token it answers (at /authorizers/jwt/responses/0)`,
			`DIR/suite.iamgate.yaml:8:9: a TOKEN authorizer's responses are keyed by token, not identity (at /authorizers/jwt/responses/1/identity)`,
			`DIR/suite.iamgate.yaml:10:9: a responses entry needs exactly one of response (a file or inline JSON) and error (the error the authorizer fails with) (at /authorizers/jwt/responses/2)`,
			`DIR/suite.iamgate.yaml:13:9: this entry repeats the identity of the entry at line 11 (at /authorizers/jwt/responses/4)`,
			`DIR/suite.iamgate.yaml:19:9: a responses entry needs identity: the values of method.request.header.A, method.request.querystring.b it answers, in that order (at /authorizers/req/responses/0)`,
			`DIR/suite.iamgate.yaml:20:19: identity has 1 value; the authorizer has 2 identity sources (method.request.header.A, method.request.querystring.b): give one value for each, in that order (at /authorizers/req/responses/1/identity)`,
			`DIR/suite.iamgate.yaml:22:19: identity has 3 values; the authorizer has 2 identity sources (method.request.header.A, method.request.querystring.b): give one value for each, in that order (at /authorizers/req/responses/2/identity)`,
			`DIR/suite.iamgate.yaml:24:9: a responses entry needs exactly one of response (a file or inline JSON) and error (the error the authorizer fails with) (at /authorizers/req/responses/3)`,
			`DIR/suite.iamgate.yaml:27:9: a REQUEST authorizer's responses are keyed by identity (the values of method.request.header.A, method.request.querystring.b, in that order), not token (at /authorizers/req/responses/4/token)`,
		},
	},
	{
		name: "response and error both given",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    response: out.json
    error: Unauthorized
auth: jwt
cases:
  - request: GET /prod/x
    token: t
    expect: 403
`,
		files: map[string]string{"out.json": okAuthorizerOutput},
		want: []string{
			`DIR/suite.iamgate.yaml:3:3: authorizer "jwt" has both response and error: give one (the answer for every identity the responses table does not list) (at /authorizers/jwt)`,
		},
	},
	{
		name: "a response file that does not exist",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    response: answers/missing.json
auth: jwt
cases:
  - request: GET /prod/x
    token: t
    expect: 403
`,
		want: []string{
			`DIR/suite.iamgate.yaml:5:15: response: cannot read DIR/answers/missing.json (paths are relative to the suite file): no such file or directory (at /authorizers/jwt/response)`,
		},
	},
	{
		name: "a resource policy file that does not exist",
		file: "sub/suite.iamgate.yaml",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: ../policies/rp.json
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/sub/suite.iamgate.yaml:2:17: the resource policy: cannot read DIR/policies/rp.json (paths are relative to the suite file): no such file or directory (at /resourcePolicy)`,
		},
	},
	{
		name: "an invalid resource policy in its own file",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: rp.json
cases:
  - request: GET /prod/x
    expect: allow
`,
		files: map[string]string{"rp.json": `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
    "Resource": "execute-api:/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}]
}
`},
		want: []string{
			`DIR/rp.json:4:79: IpAddress value "10.0.0.0/33" is not an IP address or CIDR range; expected an IPv4 or IPv6 range such as "203.0.113.0/24" or "2001:db8::/32", or a single address such as "203.0.113.9" (at /Statement/0/Condition/IpAddress/aws:SourceIp)`,
		},
	},
	{
		name: "an invalid resource policy in a YAML literal block",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
    ]
  }
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:6:18: invalid Effect "allow": expected "Allow" or "Deny" (did you mean "Allow"? Effect is case-sensitive) (at /resourcePolicy/Statement/0/Effect)`,
		},
	},
	{
		name: "a resource policy in a literal block that does not compile",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
    "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}]}
cases:
  - request: GET /prod/x
    sourceIp: 10.0.0.1
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:5:49: IpAddress value "10.0.0.0/33" is not an IP address or CIDR range; expected an IPv4 or IPv6 range such as "203.0.113.0/24" or "2001:db8::/32", or a single address such as "203.0.113.9" (at /resourcePolicy/Statement/0/Condition/IpAddress/aws:SourceIp)`,
		},
	},
	{
		// The block is the end of the file, with no newline after it:
		// its last line must still be read.
		name: "a literal block at the end of the file",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET /prod/x
    expect: allow
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "execute-api:Invoke", "Resource": "execute-api:/*", "Sid": 7}]}`,
		want: []string{
			`DIR/suite.iamgate.yaml:7:74: Sid must be a string, not number (at /resourcePolicy/Statement/0/Sid)`,
		},
	},
	{
		name: "an invalid resource policy written as JSON in a JSON suite",
		file: "suite.iamgate.json",
		src: `{
  "api": "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
  "resourcePolicy": {
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}},
      {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": 7}
    ]
  },
  "cases": [{"request": "GET /prod/x", "sourceIp": "10.0.0.1", "expect": "allow"}]
}
`,
		want: []string{
			`DIR/suite.iamgate.json:8:88: Resource must be a string or an array of strings, not number (at /resourcePolicy/Statement/1/Resource)`,
		},
	},
	{
		name: "a resource policy written as JSON in a JSON suite that does not compile",
		file: "suite.iamgate.json",
		src: `{
  "api": "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
  "resourcePolicy": {
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}
    ]
  },
  "cases": [{"request": "GET /prod/x", "sourceIp": "10.0.0.1", "expect": "allow"}]
}
`,
		want: []string{
			`DIR/suite.iamgate.json:7:52: IpAddress value "10.0.0.0/33" is not an IP address or CIDR range; expected an IPv4 or IPv6 range such as "203.0.113.0/24" or "2001:db8::/32", or a single address such as "203.0.113.9" (at /resourcePolicy/Statement/0/Condition/IpAddress/aws:SourceIp)`,
		},
	},
	{
		name: "a literal block in a file with CRLF line ends",
		src: "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\r\n" +
			"resourcePolicy: |\r\n" +
			"  {\"Version\": \"2012-10-17\",\r\n" +
			"   \"Statement\": [{\"Effect\": \"allow\", \"Principal\": \"*\", \"Action\": \"execute-api:Invoke\", \"Resource\": \"execute-api:/*\"}]}\r\n" +
			"cases:\r\n" +
			"  - request: GET /prod/x\r\n" +
			"    expect: allow\r\n",
		want: []string{
			`DIR/suite.iamgate.yaml:4:29: invalid Effect "allow": expected "Allow" or "Deny" (did you mean "Allow"? Effect is case-sensitive) (at /resourcePolicy/Statement/0/Effect)`,
		},
	},
	{
		// A quoted string is not where the document's text is in the
		// file (quotes and escapes move it): positions are in the text,
		// named after the line it is on.
		name: "a resource policy in a quoted string",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": 5}]}'
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:17 (inline resourcePolicy):1:123: Resource must be a string or an array of strings, not number (at /resourcePolicy/Statement/0/Resource)`,
		},
	},
	{
		name: "a resource policy written as a YAML mapping",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy:
  Version: "2012-10-17"
cases:
  - request: GET /prod/x
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:3: the resource policy must be JSON text, not a YAML block mapping: give a file path, a JSON object written in place (in braces, keys and strings quoted), or the JSON in a literal block (resourcePolicy: | followed by the document, indented) (at /resourcePolicy)`,
		},
	},
	{
		name: "expect errors",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET /prod/a
    expect: {decision: maybe}
  - request: GET /prod/b
    expect: {status: 42}
  - request: GET /prod/c
    expect: {}
  - request: GET /prod/d
    expect: {layer: lambda}
  - request: GET /prod/e
    expect: perhaps
  - request: GET /prod/f
    expect: 42
  - request: GET /prod/g
  - expect: allow
  - request: GET /prod/h
    expect: {status: 200, reason: x}
`,
		want: []string{
			`DIR/suite.iamgate.yaml:4:24: decision must be allow, deny, explicit-deny or implicit-deny, not "maybe" (at /cases/0/expect/decision)`,
			`DIR/suite.iamgate.yaml:6:22: status 42 is not an HTTP status (at /cases/1/expect/status)`,
			`DIR/suite.iamgate.yaml:8:13: expect is empty: give at least one of status, decision, message (or messageContains, messageMatches), layer and cached (at /cases/2/expect)`,
			`DIR/suite.iamgate.yaml:10:21: unknown layer "lambda": expected one of none, identity-check, resource-policy, authorizer, identity-policy, authorizer-failure, request, configuration, api-key (at /cases/3/expect/layer)`,
			`DIR/suite.iamgate.yaml:12:13: expect: "perhaps" is not allow, deny, explicit-deny, implicit-deny or an HTTP status (at /cases/4/expect)`,
			`DIR/suite.iamgate.yaml:14:13: expect: "42" is not allow, deny, explicit-deny, implicit-deny or an HTTP status (at /cases/5/expect)`,
			`DIR/suite.iamgate.yaml:15:5: a case needs expect: allow, deny, explicit-deny, implicit-deny, a status, or a mapping of status, decision, message, layer and cached (at /cases/6)`,
			`DIR/suite.iamgate.yaml:16:5: a case needs request: the verb and path with the stage, such as GET /prod/orders/42 (at /cases/7)`,
			`DIR/suite.iamgate.yaml:18:27: unknown key "reason" in expect: expected one of status, decision, message, messageContains, messageMatches, layer, cached (at /cases/8/expect/reason)`,
		},
	},
	{
		name: "repeated case name",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - name: one
    request: GET /prod/a
    expect: allow
  - name: one
    request: GET /prod/b
    expect: allow
sequences:
  - name: one
    steps:
      - request: GET /prod/a
        expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:6:5: the name "one" is already used at line 3: names must be unique, so that reports and --run can tell them apart (at /cases/1)`,
			`DIR/suite.iamgate.yaml:10:5: the name "one" is already used at line 3: names must be unique, so that reports and --run can tell them apart (at /sequences/0)`,
		},
	},
	{
		name: "repeated step name",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
sequences:
  - steps:
      - name: again
        request: GET /prod/a
        expect: allow
      - name: again
        request: GET /prod/a
        expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:7:9: the name "again" is already used at line 4: names must be unique, so that reports and --run can tell them apart (at /sequences/0/steps/1)`,
		},
	},
	{
		name: "a step's at goes backwards",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
sequences:
  - name: s
    time: 2026-01-01T00:00:00Z
    steps:
      - request: GET /prod/a
        at: +60s
        expect: allow
      - request: GET /prod/a
        at: +30s
        expect: allow
      - wait: 1h
      - request: GET /prod/a
        at: 2026-01-01T00:30:00Z
        expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:10:13: at "+30s" is before the previous step (2026-01-01T00:01:00Z): a sequence's clock only moves forward (at /sequences/0/steps/1/at)`,
			`DIR/suite.iamgate.yaml:14:13: at "2026-01-01T00:30:00Z" is before the previous step (2026-01-01T01:01:00Z): a sequence's clock only moves forward (at /sequences/0/steps/3/at)`,
		},
	},
	{
		name: "review: header case, lists, cached cases, routes, flushes",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}}
auth: jwt
routes: [GET /a, {route: GET /b, auth: NONE}]
cases:
  - request: GET /prod/a
    headers: {X-Tenant: acme, x-tenant: evil}
    expect: allow
  - request: GET /prod/a
    token: t
    stageVariables: {v: [one, two]}
    expect: allow
  - request: GET /prod/a
    token: t
    expect: {status: 200, cached: true}
  - request: GET /prod/admn
    token: t
    expect: deny
sequences:
  - name: s
    steps:
      - {request: GET /prod/a, token: t, expect: allow}
      - flush: Prod
      - {request: GET /prod/a, token: t, expect: allow}
      - wait: 5s
  - name: uncached
    steps:
      - {request: GET /prod/b, expect: {status: 403, cached: true}}
`,
		want: []string{
			`DIR/suite.iamgate.yaml:8:31: header "x-tenant" repeats "X-Tenant": header names are case-insensitive; give the header once, with a list for several values (at /cases/0/headers/x-tenant)`,
			`DIR/suite.iamgate.yaml:12:25: stageVariables "v" has a list; it takes one value (at /cases/1/stageVariables/v)`,
			"DIR/suite.iamgate.yaml:16:13: cached: true can never hold for an independent case: each starts with an empty authorizer cache. Put the requests that share the cache in a sequence (at /cases/2/expect)",
			"DIR/suite.iamgate.yaml:17:14: request GET /prod/admn matches none of the suite's routes: API Gateway answers 403 Missing Authentication Token before any authorization. Fix the path (with the stage first) or add the route; if the request is meant to miss, expect {layer: request} (at /cases/3/request)",
			`DIR/suite.iamgate.yaml:24:9: flush names stage "Prod", which no request of the sequence uses (stages are case-sensitive; the requests use prod) (at /sequences/0/steps/1/flush)`,
			"DIR/suite.iamgate.yaml:26:9: this step comes after the sequence's last request, so it changes nothing: remove it, or add the request it prepares (at /sequences/0/steps/3)",
			"DIR/suite.iamgate.yaml:29:40: cached: true can never hold here: route GET /b uses NONE, whose results are not cached (only a Lambda authorizer with a TTL above 0 has a result cache) (at /sequences/1/steps/0/expect)",
		},
	},
	{
		name: "YAML hints: an unquoted route in a flow list",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nroutes: [GET /orders/{id}]\ncases: [{request: GET /prod/a, expect: allow}]\n",
		want: []string{
			`DIR/suite.iamgate.yaml:2:22: invalid YAML or JSON: did not find expected ',' or ']' (while parsing a flow sequence, which starts at line 2, column 9): inside [...] or {...}, quote a value that contains ": ", {, }, [, ] or a comma (such as the route "GET /orders/{id}")`,
		},
	},
	{
		name: "YAML hints: an unquoted message",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases:\n  - request: GET /prod/a\n    expect:\n      message: User: anonymous is not authorized\n",
		want: []string{
			`DIR/suite.iamgate.yaml:5:20: invalid YAML or JSON: mapping values are not allowed in this context: a value that contains ": " (such as a 403 message naming "User: anonymous") must be quoted`,
		},
	},
	{
		name: "inline JSON object: the error points at the character",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: {\"Version\": \"2012-10-17\", \"Statement\": [1,],}\ncases: [{request: GET /prod/a, expect: allow}]\n",
		want: []string{
			`DIR/suite.iamgate.yaml:2:59: the resource policy written in place must be JSON (quoted keys and strings, no trailing commas): invalid character ']' looking for beginning of value (at /resourcePolicy)`,
		},
	},
	{
		name: "bytes YAML cannot read are located",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases:\n  - request: GET /prod/\xff\n",
		want: []string{`DIR/suite.iamgate.yaml:3:24: invalid YAML or JSON: invalid leading UTF-8 octet (value: 255)`},
	},
	{
		name: "a control character is located",
		src:  "api: x\nname: a\x01b\n",
		want: []string{`DIR/suite.iamgate.yaml:2:8: invalid YAML or JSON: control characters are not allowed (value: 1)`},
	},
	{
		name: "numbers and booleans say what they must be",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauthorizers:\n  jwt: {type: TOKEN, ttl: [1], error: Unauthorized}\nauth: jwt\ncases:\n  - {request: GET /prod/a, token: t, expect: {status: 401, cached: [no]}}\n",
		want: []string{
			"DIR/suite.iamgate.yaml:3:27: ttl must be a whole number, not a list (at /authorizers/jwt/ttl)",
			"DIR/suite.iamgate.yaml:6:68: cached must be true or false, not a list (at /cases/0/expect/cached)",
		},
	},
	{
		name: "a case with a step's full name",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases:\n  - {name: s/one, request: GET /prod/a, expect: allow}\nsequences:\n  - name: s\n    steps:\n      - {name: one, request: GET /prod/a, expect: allow}\n",
		want: []string{`DIR/suite.iamgate.yaml:7:9: step "one" of sequence "s" has the full name of the case at line 3: rename one, so that reports and --run can tell them apart (at /sequences/0/steps/0)`},
	},
	{
		name: "bad steps",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
sequences:
  - name: s
    time: yesterday
    steps:
      - request: GET /prod/a
        at: soon
        expect: allow
      - request: GET /prod/a
        time: 2026-01-01T00:00:00Z
        expect: allow
      - wait: -5s
      - wait: 5s
        flush: prod
      - flush: prod/x
  - name: empty
  - name: only waits
    steps:
      - wait: 5s
`,
		want: []string{
			`DIR/suite.iamgate.yaml:4:11: time "yesterday" is not an RFC 3339 time such as 2026-01-02T15:04:05Z (at /sequences/0/time)`,
			`DIR/suite.iamgate.yaml:7:13: at "soon" is not +DURATION (such as +301s, from the sequence's start) or an RFC 3339 time (at /sequences/0/steps/0/at)`,
			`DIR/suite.iamgate.yaml:10:15: a step's time is given with at: +DURATION from the sequence's start (such as +30s) or an RFC 3339 time; the sequence's own time is its start (at /sequences/0/steps/1/time)`,
			`DIR/suite.iamgate.yaml:12:15: wait must be a positive duration such as 30s, 5m or 1h, not "-5s" (at /sequences/0/steps/2/wait)`,
			`DIR/suite.iamgate.yaml:13:9: unknown key "wait" in a flush step: expected one of flush (at /sequences/0/steps/3/wait)`,
			`DIR/suite.iamgate.yaml:15:16: flush names a stage, such as prod, not "prod/x" (at /sequences/0/steps/4/flush)`,
			`DIR/suite.iamgate.yaml:16:5: sequence "empty" has no steps (at /sequences/1)`,
			`DIR/suite.iamgate.yaml:17:5: sequence "only waits" has no requests (at /sequences/2)`,
		},
	},
	{
		name: "a sequence without requests",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
sequences:
  - name: only waits
    steps:
      - wait: 5s
      - flush: prod
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:5: sequence "only waits" has no requests (at /sequences/0)`,
		},
	},
	{
		name: "no cases and no sequences",
		src:  "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n",
		want: []string{
			`DIR/suite.iamgate.yaml:1:1: the suite has no cases and no sequences: add requests under cases or sequences`,
		},
	},
	{
		name: "a second YAML document",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET /prod/a
    expect: allow
---
name: second
`,
		want: []string{
			`DIR/suite.iamgate.yaml:5:1: the file holds a second YAML document: a suite is one document`,
		},
	},
	{
		name: "an empty file",
		src:  "",
		want: []string{
			`DIR/suite.iamgate.yaml: the file is empty: a suite is a YAML or JSON mapping with api and cases or sequences`,
		},
	},
	{
		name: "a file of comments",
		src:  "# nothing yet\n",
		want: []string{
			`DIR/suite.iamgate.yaml: the file is empty: a suite is a YAML or JSON mapping with api and cases or sequences`,
		},
	},
	{
		name: "invalid YAML",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: "GET /prod/a
`,
		want: []string{
			`DIR/suite.iamgate.yaml:4:1: invalid YAML or JSON: found unexpected end of stream (while scanning a quoted scalar, which starts at line 3, column 14)`,
		},
	},
	{
		name: "invalid JSON",
		file: "suite.iamgate.json",
		src: `{"api": "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
 "cases": [{"request": "GET /prod/a" "expect": "allow"}]}
`,
		want: []string{
			`DIR/suite.iamgate.json:2:38: invalid JSON: unexpected character '"': expected ',' or '}' (a .json suite must be strict JSON; name it .iamgate.yaml for YAML)`,
		},
	},
	{
		name: "a resource policy reads aws:SourceIp and the case gives no sourceIp",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
    ]
  }
cases:
  - name: no address
    request: GET /prod/x
    expect: allow
  - name: with an address
    request: GET /prod/x
    sourceIp: 10.1.2.3
    expect: allow
  - name: a bad address
    request: GET /prod/x
    sourceIp: 10.1.2
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:11:5: no address: the resource policy reads aws:SourceIp (statement 0, DIR/suite.iamgate.yaml:7:36), which API Gateway always sets: give sourceIp (here or in defaults) (at /cases/0)`,
			`DIR/suite.iamgate.yaml:20:15: sourceIp "10.1.2" is not an IP address (at /cases/2/sourceIp)`,
		},
	},
	{
		name: "an authorizer's answer reads aws:SourceIp",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    response: |
      {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}}
auth: jwt
cases:
  - request: GET /prod/x
    token: t
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:11:5: GET /prod/x: the answer of authorizer "jwt" reads aws:SourceIp (statement 0, DIR/suite.iamgate.yaml:8:38), which API Gateway always sets: give sourceIp (here or in defaults) (at /cases/0)`,
		},
	},
	{
		name: "a templated answer and an identity policy read aws:SourceIp",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    response: |
      {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}",
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}}
callers:
  alice:
    arn: arn:aws:iam::123456789012:user/alice
    policies: ip.json
routes:
  - {route: GET /jwt, auth: jwt}
  - {route: GET /iam, auth: AWS_IAM}
cases:
  - request: GET /prod/jwt
    token: t
    expect: allow
  - request: GET /prod/iam
    caller: alice
    expect: allow
  - request: GET /prod/iam
    caller: alice
    vpce: vpce-0123456789abcdef0
    expect: allow
`,
		files: map[string]string{"ip.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
  "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}`},
		want: []string{
			`DIR/suite.iamgate.yaml:17:5: GET /prod/jwt: the answer of authorizer "jwt" reads aws:SourceIp (statement 0, DIR/suite.iamgate.yaml:8:38), which API Gateway always sets: give sourceIp (here or in defaults) (at /cases/0)`,
			`DIR/suite.iamgate.yaml:20:5: GET /prod/iam: an identity policy of caller "alice" reads aws:SourceIp (statement 0, DIR/ip.json:2:31), which API Gateway always sets: give sourceIp (here or in defaults) (at /cases/1)`,
		},
	},
	{
		name: "a REQUEST authorizer reads the caller's address",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  req:
    type: REQUEST
    identitySource: context.identity.sourceIp
    response: out.json
auth: req
cases:
  - request: GET /prod/x
    expect: allow
`,
		files: map[string]string{"out.json": okAuthorizerOutput},
		want: []string{
			`DIR/suite.iamgate.yaml:9:5: GET /prod/x: the identity source context.identity.sourceIp is the caller's address: give sourceIp (here or in defaults) (at /cases/0)`,
		},
	},
	{
		name: "token, caller and headers where they do not apply",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    response: out.json
  req:
    type: REQUEST
    identitySource: method.request.header.X-Key
    response: out.json
callers:
  alice:
    arn: arn:aws:iam::123456789012:user/alice
routes:
  - {route: GET /iam, auth: AWS_IAM}
  - {route: GET /lambda, auth: jwt}
  - {route: GET /request, auth: req}
  - {route: GET /open, auth: NONE}
cases:
  - name: a token for an AWS_IAM method
    request: GET /prod/iam
    token: abc
    expect: allow
  - name: a token for a REQUEST authorizer
    request: GET /prod/request
    headers: {X-Key: k}
    token: abc
    expect: allow
  - name: a caller for a Lambda authorizer
    request: GET /prod/lambda
    token: abc
    caller: alice
    expect: allow
  - name: a caller for a NONE method
    request: GET /prod/open
    caller: alice
    expect: allow
  - name: an undefined caller
    request: GET /prod/iam
    caller: bob
    expect: allow
  - name: a caller ARN that is not a principal
    request: GET /prod/iam
    caller: arn:aws:s3:::bucket
    expect: allow
  - name: the token twice
    request: GET /prod/lambda
    token: abc
    headers: {authorization: abc}
    expect: allow
  - name: a context key without a prefix
    request: GET /prod/open
    context: {SourceIp: 10.0.0.1}
    expect: allow
`,
		files: map[string]string{"out.json": okAuthorizerOutput},
		want: []string{
			`DIR/suite.iamgate.yaml:21:12: token is for methods with a TOKEN or Cognito authorizer; route GET /iam uses AWS_IAM: send the values it reads with headers, query, stageVariables or requestContext (at /cases/0/token)`,
			`DIR/suite.iamgate.yaml:26:12: token is for methods with a TOKEN or Cognito authorizer; route GET /request uses req: send the values it reads with headers, query, stageVariables or requestContext (at /cases/1/token)`,
			`DIR/suite.iamgate.yaml:31:13: caller is for AWS_IAM methods; route GET /lambda uses jwt, whose callers are anonymous (at /cases/2/caller)`,
			`DIR/suite.iamgate.yaml:35:13: caller is for AWS_IAM methods; route GET /open uses NONE, whose callers are anonymous (at /cases/3/caller)`,
			`DIR/suite.iamgate.yaml:39:13: caller "bob" is not defined under callers (alice) and is not an IAM principal ARN (at /cases/4/caller)`,
			`DIR/suite.iamgate.yaml:43:13: caller "arn:aws:s3:::bucket": account "" is not a 12-digit account ID (at /cases/5/caller)`,
			`DIR/suite.iamgate.yaml:47:12: the token is given twice, with token and with headers Authorization: give one (at /cases/6/token)`,
			`DIR/suite.iamgate.yaml:52:14: context: "SourceIp" is not a condition key: keys have a service prefix, such as aws:SourceIp (for a context.NAME identity source, use requestContext) (at /cases/7/context)`,
		},
	},
	{
		name: "bad routes",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
routes:
  - GET orders
  - FETCH /orders
  - GET /{proxy+}/x
  - GET /a{b}
  - GET /orders
  - GET  /orders
  - GET /a//b
  - /orders
  - {auth: NONE}
  - {route: GET /z, auth: NONE, verb: GET}
  - [GET /y]
cases:
  - request: GET /prod/orders
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:5: route "GET orders" is not VERB /path, such as GET /orders/{id} or ANY /{proxy+} (at /routes/0)`,
			`DIR/suite.iamgate.yaml:4:5: route "FETCH /orders": "FETCH" is not an HTTP method API Gateway defines (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY) (at /routes/1)`,
			`DIR/suite.iamgate.yaml:5:5: route "GET /{proxy+}/x": the greedy parameter {proxy+} must be the last segment (at /routes/2)`,
			`DIR/suite.iamgate.yaml:6:5: route "GET /a{b}": segment "a{b}" mixes text and a {parameter}; API Gateway path parameters are whole segments (at /routes/3)`,
			`DIR/suite.iamgate.yaml:8:5: route GET /orders repeats the route at line 7 (at /routes/5)`,
			`DIR/suite.iamgate.yaml:9:5: route "GET /a//b": the path has an empty segment (at /routes/6)`,
			`DIR/suite.iamgate.yaml:10:5: route "/orders" is not VERB /path, such as GET /orders/{id} or ANY /{proxy+} (at /routes/7)`,
			`DIR/suite.iamgate.yaml:11:5: a route needs route: the verb and path template, such as GET /orders/{id} (at /routes/8)`,
			`DIR/suite.iamgate.yaml:12:33: unknown key "verb" in a route: expected one of route, auth (at /routes/9/verb)`,
			`DIR/suite.iamgate.yaml:13:5: a route must be text, not a list (at /routes/10)`,
		},
	},
	{
		name: "a token with no responses entry and no default",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    responses:
      - token: good
        error: Unauthorized
  req:
    type: REQUEST
    identitySource: method.request.header.A, method.request.querystring.b
    ttl: 0
    responses:
      - identity: [x, y]
        error: Unauthorized
routes:
  - {route: GET /t, auth: jwt}
  - {route: GET /r, auth: req}
cases:
  - name: unknown token
    request: GET /prod/t
    token: other
    expect: allow
  - name: unknown identity
    request: GET /prod/r?b=y
    headers: {A: z}
    expect: allow
  - name: a missing identity source with caching off
    request: GET /prod/r
    headers: {A: x}
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:19:5: route GET /t reaches authorizer "jwt", whose responses have no entry for method.request.header.Authorization="other" and which has no response or error for other identities: add one (at /cases/0)`,
			`DIR/suite.iamgate.yaml:23:5: route GET /r reaches authorizer "req", whose responses have no entry for method.request.header.A="z", method.request.querystring.b="y" and which has no response or error for other identities: add one (at /cases/1)`,
			`DIR/suite.iamgate.yaml:27:5: route GET /r reaches authorizer "req", whose responses have no entry for method.request.header.A="x", method.request.querystring.b (missing) and which has no response or error for other identities: add one (at /cases/2)`,
		},
	},
	{
		name: "bad requests",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET
    expect: allow
  - request: GET /prod/x?a=%zz
    expect: allow
  - request: ""
    expect: allow
  - request: GET /prod/x
    time: tomorrow
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:14: request: expected a space and the request path after the method ("VERB /STAGE/PATH") in "GET" at offset 3 (at /cases/0/request)`,
			`DIR/suite.iamgate.yaml:5:14: request: query string "a=%zz": invalid URL escape "%zz" (at /cases/1/request)`,
			`DIR/suite.iamgate.yaml:7:14: request: missing HTTP method in "" at offset 0 (at /cases/2/request)`,
			`DIR/suite.iamgate.yaml:10:11: time "tomorrow" is not an RFC 3339 time such as 2026-01-02T15:04:05Z (at /cases/3/time)`,
		},
	},
	{
		name: "broken defaults are reported once",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
    "Resource": "execute-api:/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
defaults:
  sourceIp: ten.0.0.1
  caller: nobody
cases:
  - request: GET /prod/a
    expect: allow
  - request: GET /prod/b
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:6:13: sourceIp "ten.0.0.1" is not an IP address (at /defaults/sourceIp)`,
			`DIR/suite.iamgate.yaml:7:11: caller "nobody" is not defined under callers (there are none) and is not an IAM principal ARN (at /defaults/caller)`,
		},
	},
	{
		name: "defaults that are not a mapping",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
defaults: 5
cases:
  - request: GET /prod/a
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:11: defaults must be a mapping, not the value "5" (at /defaults)`,
		},
	},
	{
		name: "bad callers",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
callers:
  alice:
    arn: arn:aws:iam::123456789012:usr/alice
  bob:
    policies: p.json
  carol:
    arn: arn:aws:iam::123456789012:user/carol
    policies: [missing.json, {"Version": "2012-10-17", "Statement": 5}]
auth: AWS_IAM
cases:
  - request: GET /prod/a
    caller: alice
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:4:10: caller "arn:aws:iam::123456789012:usr/alice" is not an IAM user, account root, assumed-role session or federated user ARN (at /callers/alice/arn)`,
			`DIR/suite.iamgate.yaml:5:3: caller "bob" has no arn: the IAM principal that signs the request, such as arn:aws:iam::123456789012:user/alice (at /callers/bob)`,
			// A caller's problems are all reported, not only its arn's.
			`DIR/suite.iamgate.yaml:6:15: an identity policy: cannot read DIR/p.json (paths are relative to the suite file): no such file or directory (at /callers/bob/policies)`,
			`DIR/suite.iamgate.yaml:9:16: an identity policy: cannot read DIR/missing.json (paths are relative to the suite file): no such file or directory (at /callers/carol/policies/0)`,
			`DIR/suite.iamgate.yaml:9:69: Statement must be an object or an array of objects, not number (at /callers/carol/policies/1/Statement)`,
		},
	},
	{
		// Columns count bytes, as in policy.Pos: "é" is two.
		name: "a column after non-ASCII text",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - {name: café, request: GET, expect: allow}
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:28: request: expected a space and the request path after the method ("VERB /STAGE/PATH") in "GET" at offset 3 (at /cases/0/request)`,
		},
	},
	{
		name: "an api that is not an ARN",
		src: `api: x
cases: [{request: GET /prod/x, expect: allow}]
`,
		want: []string{
			`DIR/suite.iamgate.yaml:1:6: api: expected "arn:" at the start in "x" at offset 0 (at /api)`,
		},
	},
	{
		name: "a key that is not text",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
? [a]
: 1
cases: [{request: GET /prod/x, expect: allow}]
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:3: a suite has a key that is not text`,
		},
	},
	{
		name: "messages style",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
messages: old
cases:
  - request: GET /prod/a
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:2:11: messages must be current or legacy, not "old" (at /messages)`,
		},
	},
	{
		// A bad type hides neither the ttl nor the identity source; a
		// gateway problem hides none of the command's.
		name: "an authorizer's problems are all reported",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  a:
    type: TOKN
    identitySource: {header: Authorization}
    ttl: 9999
  b:
    type: TOKEN
    identitySource: method.request.querystring.token
    command: [node]
    timeout: forever
routes: [{route: GET /a, auth: a}, {route: GET /b, auth: b}]
cases:
  - request: GET /prod/a
    token: t
    expect: allow
`,
		want: []string{
			`DIR/suite.iamgate.yaml:4:11: authorizer type must be TOKEN, REQUEST or COGNITO_USER_POOLS, not "TOKN" (at /authorizers/a/type)`,
			`DIR/suite.iamgate.yaml:5:21: identitySource must be text, not a mapping (at /authorizers/a/identitySource)`,
			`DIR/suite.iamgate.yaml:6:10: ttl 9999 is out of range: API Gateway accepts 0 (caching off) to 3600 seconds (at /authorizers/a/ttl)`,
			`DIR/suite.iamgate.yaml:9:21: authorizer "b": a TOKEN authorizer reads its token from exactly one header (method.request.header.NAME), not "method.request.querystring.token" (at /authorizers/b/identitySource)`,
			`DIR/suite.iamgate.yaml:11:14: timeout: "forever" is not a duration such as 10s or 2m, above 0 and at most 15m (Lambda's longest) (at /authorizers/b/timeout)`,
		},
	},
	{
		name: "a case without request and with a bad expect",
		src: `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - expect: maybe
`,
		want: []string{
			`DIR/suite.iamgate.yaml:3:5: a case needs request: the verb and path with the stage, such as GET /prod/orders/42 (at /cases/0)`,
			`DIR/suite.iamgate.yaml:3:13: expect: "maybe" is not allow, deny, explicit-deny, implicit-deny or an HTTP status (at /cases/0/expect)`,
		},
	},
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range loadErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := tc.file
			if file == "" {
				file = "suite.iamgate.yaml"
			}
			files := map[string]string{file: tc.src}
			for k, v := range tc.files {
				files[k] = v
			}
			writeFiles(t, dir, files)
			got, _ := loadProblems(t, dir, file)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorDetail(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"suite.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: rp.json
authorizers:
  jwt:
    type: TOKEN
    ttl: 3601
    response: |
      {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": []}}
auth: jwt
cases:
  - request: GET /prod/x
    token: t
    expect: allow
`,
		"rp.json": "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"execute-api:Invoke\", \"Resource\": 7}\n}\n",
	})
	_, se := loadProblems(t, dir, "suite.iamgate.yaml")
	got := strings.ReplaceAll(se.Detail(), dir+string(filepath.Separator), "DIR/")
	// Each problem is followed by the line it is on, in its own file, and
	// a caret under its column (tabs kept, so that the caret lines up).
	want := `DIR/rp.json:3:97: Resource must be a string or an array of strings, not number (at /Statement/Resource)
		"Statement": {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": 7}
		                                                                                               ^
DIR/suite.iamgate.yaml:6:10: ttl 3601 is out of range: API Gateway accepts 0 (caching off) to 3600 seconds (at /authorizers/jwt/ttl)
	    ttl: 3601
	         ^
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Detail (-want +got):\n%s", diff)
	}
}

func TestErrorDetailInlineDocument(t *testing.T) {
	// A document written in place, in a YAML literal block: the caret is
	// under the offending text in the suite file itself.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"suite.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
                   "Condition": {"IpAdress": {"aws:SourceIp": "10.0.0.0/8"}}}]
  }
cases:
  - request: GET /prod/x
    sourceIp: 10.0.0.1
    expect: allow
`})
	_, se := loadProblems(t, dir, "suite.iamgate.yaml")
	if len(se.List) != 1 {
		t.Fatalf("want 1 problem, got %q", se.List)
	}
	p := se.List[0]
	if got, want := p.Pos.Line, 6; got != want {
		t.Errorf("line %d, want %d", got, want)
	}
	if got, want := p.Pos.Column, 34; got != want {
		t.Errorf("column %d, want %d", got, want)
	}
	lines := strings.Split(se.Detail(), "\n")
	if len(lines) < 3 {
		t.Fatalf("Detail has %d lines:\n%s", len(lines), se.Detail())
	}
	wantSource := "\t" + `                   "Condition": {"IpAdress": {"aws:SourceIp": "10.0.0.0/8"}}}]`
	wantCaret := "\t" + strings.Repeat(" ", 33) + "^"
	if diff := cmp.Diff([]string{wantSource, wantCaret}, lines[1:3]); diff != "" {
		t.Errorf("Detail source and caret (-want +got):\n%s\nwhole:\n%s", diff, se.Detail())
	}
}

// A minified document is one line: under its problem, Detail shows a
// window of that line around the column, with the caret under the
// offending text, not the whole line.
func TestErrorDetailLongLine(t *testing.T) {
	stmt := `{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},`
	many := strings.Repeat(stmt, 100_000/len(stmt))
	before := `{"Statement":[` + many + `{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":`
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"suite.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: rp.json
cases:
  - request: GET /prod/x
    expect: allow
`,
		"rp.json": before + `7},` + strings.TrimSuffix(many, ",") + "]}\n",
	})
	_, se := loadProblems(t, dir, "suite.iamgate.yaml")
	got := se.Detail()
	if len(got) > 1000 {
		t.Fatalf("Detail is %d bytes; starts %.300q", len(got), got)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], fmt.Sprintf("rp.json:1:%d: Resource must be a string", len(before)+1)) {
		t.Fatalf("Detail:\n%s", got)
	}
	line, indent := strings.TrimPrefix(lines[1], "\t"), strings.TrimPrefix(lines[2], "\t")
	if !strings.HasPrefix(line, "...") || !strings.HasSuffix(line, "...") {
		t.Errorf("the line is not marked as cut at both ends:\n%s", got)
	}
	if at := line[min(len(indent)-1, len(line)):]; !strings.HasPrefix(at, "7},") || strings.TrimLeft(indent, " ") != "^" {
		t.Errorf("the caret is at %.20q, want it under 7:\n%s", at, got)
	}
}

func TestErrorList(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"s.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - request: GET /prod/a
    expect: maybe
  - request: GET /prod/b
    expect: perhaps
`})
	_, err := suite.Load(filepath.Join(dir, "s.iamgate.yaml"), suite.LoadOptions{Now: now})
	var list policy.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("errors.As(%T, *policy.ErrorList) = false", err)
	}
	if len(list) != 2 {
		t.Fatalf("list has %d problems, want 2", len(list))
	}
	got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "DIR/")
	want := `DIR/s.iamgate.yaml:4:13: expect: "maybe" is not allow, deny, explicit-deny, implicit-deny or an HTTP status (at /cases/0/expect) (and 1 more error)`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Error (-want +got):\n%s", diff)
	}
	if _, ok := suite.AsError(errors.New("other")); ok {
		t.Error("AsError accepted a plain error")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := suite.Load(filepath.Join(t.TempDir(), "none.iamgate.yaml"), suite.LoadOptions{Now: now})
	if err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
	if _, ok := suite.AsError(err); ok {
		t.Errorf("a file that cannot be read is a plain error, got *suite.Error %q", err)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %q does not wrap os.ErrNotExist", err)
	}
	if !strings.HasPrefix(err.Error(), "suite: ") {
		t.Errorf("error %q does not start with the package name", err)
	}
}

func TestAPIForms(t *testing.T) {
	const cases = "cases: [{request: GET /prod/x, expect: allow}]\n"
	for _, tc := range []struct {
		name, api, want string
	}{
		{"an ARN", "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n", "arn:aws:execute-api:us-east-1:123456789012:abc123defg"},
		{"a mapping without partition", "api:\n  region: eu-west-1\n  account: 012345678901\n  id: a1b2c3d4e5\n", "arn:aws:execute-api:eu-west-1:012345678901:a1b2c3d4e5"},
		{"a mapping with partition", "api: {partition: aws-cn, region: cn-north-1, account: '123456789012', id: abc}\n", "arn:aws-cn:execute-api:cn-north-1:123456789012:abc"},
		{"JSON", `{"api": {"region": "us-east-1", "account": "000000000000", "id": "x1"}, "cases": [{"request": "GET /prod/x", "expect": "allow"}]}` + "\n", "arn:aws:execute-api:us-east-1:000000000000:x1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.api
			if !strings.HasPrefix(src, "{") {
				src += cases
			}
			s, err := suite.Parse([]byte(src), filepath.Join(t.TempDir(), "s.iamgate.yaml"), suite.LoadOptions{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			// An account id such as 012345678901 stays text: its leading
			// zero is kept.
			if got := s.API.String(); got != tc.want {
				t.Errorf("API %s, want %s", got, tc.want)
			}
		})
	}
}
