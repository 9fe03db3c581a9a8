package suite_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/iamgate/iamgate/suite"
)

func ExampleParse() {
	src := `
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    ttl: 7200
    error: Unauthorized
auth: jwt
cases:
  - request: GET /prod/orders
    expect: alow
`
	opts := suite.LoadOptions{Now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	_, err := suite.Parse([]byte(src), "orders.iamgate.yaml", opts)
	if se, ok := suite.AsError(err); ok {
		fmt.Print(se.Detail())
	}
	// Output:
	// orders.iamgate.yaml:6:10: ttl 7200 is out of range: API Gateway accepts 0 (caching off) to 3600 seconds (at /authorizers/jwt/ttl)
	// 	    ttl: 7200
	// 	         ^
	// orders.iamgate.yaml:11:13: expect: "alow" is not allow, deny, explicit-deny, implicit-deny or an HTTP status (at /cases/0/expect)
	// 	    expect: alow
	// 	            ^
}

func ExampleSuite_Run() {
	// The intermittent 403 of AWS's article: the authorizer allows only
	// the method ARN it was invoked for, and its result is cached under
	// the token for the TTL.
	src := `
name: orders
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    ttl: 300
    response: |
      {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}
auth: jwt
routes:
  - GET /orders/{id}
defaults:
  token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln
cases:
  - name: no token
    request: GET /prod/orders/1
    headers: {Authorization: ""}
    expect: 401
sequences:
  - name: cache
    steps:
      - {name: first, request: GET /prod/orders/1, expect: allow}
      - {name: second, at: +30s, request: GET /prod/orders/2, expect: allow}
      - {flush: prod}
      - {name: after the flush, request: GET /prod/orders/2, expect: allow}
`
	opts := suite.LoadOptions{Now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	s, err := suite.Parse([]byte(src), "orders.iamgate.yaml", opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		verdict := "FAIL"
		if r.Passed {
			verdict = "ok"
		}
		fmt.Printf("%-4s %s: %s\n", verdict, r.Name, r.Got)
		for _, n := range r.Notes {
			fmt.Printf("     (%s)\n", n)
		}
		if r.Cached != nil {
			fmt.Printf("     cached result %s\n", r.Cached)
		}
	}
	passed, failed := suite.Counts(s.Run(suite.RunOptions{}))
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	// Output:
	// ok   orders/no token: 401 UNAUTHORIZED (identity-check)
	// ok   orders/cache/first: 200 allow (authorizer)
	// FAIL orders/cache/second: 403 implicit-deny (authorizer) from the authorizer cache
	//      cached result stored by step 1 "first" (line 24) at 2026-11-22T10:00:00Z for methodArn arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/1 (token ****0.c2ln), expires at 2026-11-22T10:05:00Z
	// ok   orders/cache/after the flush: 200 allow (authorizer)
	//      (line 26: flushed the authorizer cache of stage prod (1 entry dropped))
	// 3 passed, 1 failed
}

func ExampleNewReporter() {
	src := `
name: orders
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - {name: open, request: GET /prod/orders, expect: allow}
  - {name: closed, request: GET /prod/orders, expect: deny}
`
	opts := suite.LoadOptions{Now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	s, err := suite.Parse([]byte(src), "orders.iamgate.yaml", opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep := &suite.Report{Files: []suite.FileReport{{File: "orders.iamgate.yaml", Suite: s, Results: s.Run(suite.RunOptions{})}}}
	// JUnit for a CI system; "text", "json" and "tap" are the others.
	r, err := suite.NewReporter("junit", suite.ReporterOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var out strings.Builder
	r.Report(&out, rep)
	// The failure's text is the whole answer, as iamgate eval explains it.
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "<testsuites") || strings.Contains(line, "<testcase") || strings.Contains(line, "<failure") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// <testsuites name="iamgate" tests="2" failures="1" errors="0" skipped="0" time="0.000">
	// <testcase name="open" classname="orders" file="orders.iamgate.yaml" line="5"></testcase>
	// <testcase name="closed" classname="orders" file="orders.iamgate.yaml" line="6">
	// <failure message="orders.iamgate.yaml:6: want deny, got 200 allow (none)" type="expectation"><![CDATA[orders.iamgate.yaml:6: want deny, got 200 allow (none)
}
