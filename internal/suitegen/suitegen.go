// Package suitegen writes large suites for iamgate's speed measurements.
package suitegen

import (
	"fmt"
	"strings"
)

// Suite returns the text of a suite of n requests that all pass: about half
// independent cases (allows, explicit denies by the authorizer and by the
// resource policy, 401s, undefined routes, a route without authorization)
// and the rest in sequences of ten steps that share the authorizer cache
// (a policy for event.methodArn only, cached and reused, then a flush). It
// has a resource policy with an IP condition, a TOKEN authorizer with a
// validation expression and a responses table, and four routes.
//
// n should be a multiple of 20, so that the sequences come out whole.
func Suite(n int) string {
	var b strings.Builder
	b.WriteString(`name: big
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "198.51.100.0/24"]}}}]}
authorizers:
  jwt:
    type: TOKEN
    validationExpression: '^[a-z]+-[0-9]+$'
    responses:
      - token: reader-1
        response: |
          {"principalId": "u1", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/*"},
            {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/*/DELETE/*"}]}}
      - token: revoked-2
        response: |
          {"principalId": "u2", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]}}
      - token: method-3
        response: |
          {"principalId": "u3", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}
auth: jwt
routes:
  - GET /orders
  - GET /orders/{id}
  - DELETE /orders/{id}
  - route: GET /status
    auth: NONE
defaults:
  time: 2026-11-22T10:00:00Z
  sourceIp: 198.51.100.20
cases:
`)
	kinds := []struct{ req, token, ip, expect string }{
		{"GET /prod/orders/%d", "reader-1", "", "allow"},
		{"DELETE /prod/orders/%d", "reader-1", "", "explicit-deny"},
		{"GET /prod/orders/%d", "reader-1", "203.0.113.9", "{decision: explicit-deny, layer: resource-policy}"},
		{"GET /prod/orders/%d", "revoked-2", "", "{status: 403, message: User is not authorized to access this resource with an explicit deny in an identity-based policy}"},
		{"GET /prod/orders/%d", "", "", "401"},
		{"GET /prod/customers/%d", "reader-1", "", "{status: 403, layer: request}"},
		{"GET /prod/status?id=%d", "", "", "{decision: implicit-deny, layer: resource-policy}"},
	}
	cases := n / 2
	for i := range cases {
		k := kinds[i%len(kinds)]
		fmt.Fprintf(&b, "  - name: case %d\n    request: %s\n", i, fmt.Sprintf(k.req, i))
		if k.token != "" {
			fmt.Fprintf(&b, "    token: %s\n", k.token)
		}
		if k.ip != "" {
			fmt.Fprintf(&b, "    sourceIp: %s\n", k.ip)
		}
		fmt.Fprintf(&b, "    expect: %s\n", k.expect)
	}
	b.WriteString("sequences:\n")
	for s := range (n - cases) / 10 {
		fmt.Fprintf(&b, "  - name: sequence %d\n    steps:\n", s)
		fmt.Fprintf(&b, "      - {request: GET /prod/orders/%d, token: method-3, expect: {status: 200, cached: false}}\n", s)
		for i := 1; i < 9; i++ {
			fmt.Fprintf(&b, "      - {request: GET /prod/orders/%d, token: method-3, at: +%ds, expect: {decision: implicit-deny, cached: true}}\n", s+i, i)
		}
		b.WriteString("      - flush: prod\n")
		fmt.Fprintf(&b, "      - {request: GET /prod/orders/%d, token: method-3, expect: {status: 200, cached: false}}\n", s+100)
	}
	return b.String()
}

// MethodARNAttack returns a suite whose TOKEN authorizer answers with
// response.json, a policy of statements statements whose every Resource is
// {{methodArn}}, and cases requests, each to a different path: every
// request needs the output filled in with its own method ARN. It is the
// suite of the hardening work's second attack (3,000 statements and 2,000 cases: 337
// KB that took 24 GB). The suite's text and response.json's are returned.
func MethodARNAttack(statements, cases int) (suite, response string) {
	var b strings.Builder
	b.WriteString(`{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [`)
	for i := range statements {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}`)
	}
	b.WriteString("]}}\n")
	response = b.String()
	b.Reset()
	b.WriteString(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, ttl: 0, response: response.json}
auth: jwt
defaults: {token: t}
cases:
`)
	for i := range cases {
		fmt.Fprintf(&b, "  - {request: GET /prod/orders/%d, expect: allow}\n", i)
	}
	return b.String(), response
}

// AliasAttack returns a suite whose one caller lists an identity policy of
// statements statements, written in place with an anchor, and then aliases
// (*p) of it: the hardening work's alias attack (600 statements and 2,000 aliases: 90
// KB that took 3.9 GB; 20,000 aliases did not finish).
func AliasAttack(statements, aliases int) string {
	var b strings.Builder
	b.WriteString(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
auth: AWS_IAM
callers:
  alice:
    arn: arn:aws:iam::123456789012:user/alice
    policies: [&p {"Version": "2012-10-17", "Statement": [`)
	for i := range statements {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"Sid": "s%d", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}`, i)
	}
	b.WriteString("]}")
	for range aliases {
		b.WriteString(", *p")
	}
	b.WriteString(`]
defaults: {caller: alice}
cases:
  - {request: GET /prod/orders, expect: allow}
`)
	return b.String()
}
