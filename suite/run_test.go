package suite_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/suite"
)

// parseSuite writes files (name → text) into a temporary folder and parses
// src as the suite s.iamgate.yaml (or file, when given) in it. It returns
// the suite and the folder.
func parseSuite(t *testing.T, file, src string, files map[string]string) (*suite.Suite, string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	if file == "" {
		file = "s.iamgate.yaml"
	}
	s, err := suite.Parse([]byte(src), filepath.Join(dir, file), suite.LoadOptions{Now: now})
	if err != nil {
		if se, ok := suite.AsError(err); ok {
			t.Fatalf("Parse:\n%s", se.Detail())
		}
		t.Fatal(err)
	}
	return s, dir
}

// row is what a test checks of a Result.
type row struct {
	Name    string
	Step    int
	Passed  bool
	Got     string
	Invoked bool
	From    string
	// CachedBy is the Source of the cache entry that answered.
	CachedBy string
	// StoredUntil is when the stored entry expires (RFC 3339).
	StoredUntil string
	Notes       []string
}

func rows(dir string, results []suite.Result) []row {
	var out []row
	for _, r := range results {
		w := row{Name: r.Name, Step: r.Step, Passed: r.Passed, Got: r.Got, Invoked: r.Invoked, Notes: r.Notes}
		w.From = strings.ReplaceAll(r.From, dir+string(filepath.Separator), "DIR/")
		if r.Cached != nil {
			w.CachedBy = r.Cached.Source
		}
		if r.Stored != nil {
			w.StoredUntil = r.Stored.Expires.UTC().Format(time.RFC3339)
		}
		out = append(out, w)
	}
	return out
}

const allowAll = `{"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/*"}]}}`

const fieldsSuite = `name: fields
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    ttl: 60
    responses:
      - token: good
        response: allow.json
      - token: method-only
        response: |
          {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}
      - token: expired
        error: Unauthorized
auth: jwt
routes:
  - GET /orders/{id}
defaults:
  time: 2026-11-22T10:00:00Z
cases:
  - name: first
    request: GET /prod/orders/1
    token: good
    expect: allow
  - name: each case has its own cache
    request: GET /prod/orders/1
    token: good
    expect: {status: 200, cached: false}
  - name: a 401 is not stored
    request: GET /prod/orders/1
    token: expired
    expect: 401
  - name: no such route
    request: GET /prod/customers
    token: good
    expect: {status: 403, layer: request}
sequences:
  - name: seq
    time: 2026-11-22T12:00:00Z
    steps:
      - name: one
        request: GET /prod/orders/1
        token: method-only
        expect: allow
      - name: two
        at: +30s
        request: GET /prod/orders/2
        token: method-only
        expect: {decision: implicit-deny, cached: true}
      - wait: 30s
      - name: three, the entry expired
        request: GET /prod/orders/2
        token: method-only
        expect: {decision: allow, cached: false}
      - flush: prod
      - name: four
        request: GET /prod/orders/1
        token: method-only
        expect: allow
      - name: five fails
        request: GET /prod/orders/2
        token: method-only
        expect: {decision: allow}
`

func TestRunResults(t *testing.T) {
	s, dir := parseSuite(t, "", fieldsSuite, map[string]string{"allow.json": allowAll})
	results := s.Run(suite.RunOptions{})
	want := []row{
		{Name: "fields/first", Passed: true, Got: "200 allow (authorizer)", Invoked: true, From: "DIR/allow.json", StoredUntil: "2026-11-22T10:01:00Z"},
		{Name: "fields/each case has its own cache", Passed: true, Got: "200 allow (authorizer) not from the authorizer cache", Invoked: true, From: "DIR/allow.json", StoredUntil: "2026-11-22T10:01:00Z"},
		// D16: a 401 from the authorizer is never cached.
		{Name: "fields/a 401 is not stored", Passed: true, Got: "401 UNAUTHORIZED (authorizer)", Invoked: true, From: "DIR/s.iamgate.yaml:15:16"},
		{Name: "fields/no such route", Passed: true, Got: "403 MISSING_AUTHENTICATION_TOKEN (request)"},
		{Name: "fields/seq/one", Step: 1, Passed: true, Got: "200 allow (authorizer)", Invoked: true, From: "DIR/s.iamgate.yaml:11:19", StoredUntil: "2026-11-22T12:01:00Z"},
		{Name: "fields/seq/two", Step: 2, Passed: true, Got: "403 implicit-deny (authorizer) from the authorizer cache", CachedBy: `step 1 "one" (line 42)`},
		// 30 s + 30 s: the TTL of 60 s has run out.
		{Name: "fields/seq/three, the entry expired", Step: 3, Passed: true, Got: "200 allow (authorizer) not from the authorizer cache", Invoked: true, From: "DIR/s.iamgate.yaml:11:19", StoredUntil: "2026-11-22T12:02:00Z", Notes: []string{"line 51: waited 30s"}},
		{Name: "fields/seq/four", Step: 4, Passed: true, Got: "200 allow (authorizer)", Invoked: true, From: "DIR/s.iamgate.yaml:11:19", StoredUntil: "2026-11-22T12:02:00Z", Notes: []string{
			"line 56: flushed the authorizer cache of stage prod (1 entry dropped)",
		}},
		{Name: "fields/seq/five fails", Step: 5, Passed: false, Got: "403 implicit-deny (authorizer) from the authorizer cache", CachedBy: `step 4 "four" (line 57)`},
	}
	if diff := cmp.Diff(want, rows(dir, results)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if p, f := suite.Counts(results); p != 8 || f != 1 {
		t.Errorf("Counts = %d passed, %d failed; want 8 and 1", p, f)
	}

	// The cache entry that answered is the one the earlier step stored.
	if results[5].Cached != results[4].Stored {
		t.Errorf("step two was answered by %v, not by step one's entry %v", results[5].Cached, results[4].Stored)
	}
	if got, want := results[4].Stored.MethodARN.String(), "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/1"; got != want {
		t.Errorf("stored for methodArn %s, want %s", got, want)
	}
	// Where each request is, and when.
	for i, want := range []struct {
		seq    bool
		offset time.Duration
		at     string
		route  string
	}{
		{false, 0, "2026-11-22T10:00:00Z", "GET /orders/{id}"},
		{false, 0, "2026-11-22T10:00:00Z", "GET /orders/{id}"},
		{false, 0, "2026-11-22T10:00:00Z", "GET /orders/{id}"},
		{false, 0, "2026-11-22T10:00:00Z", ""},
		{true, 0, "2026-11-22T12:00:00Z", "GET /orders/{id}"},
		{true, 30 * time.Second, "2026-11-22T12:00:30Z", "GET /orders/{id}"},
		{true, 60 * time.Second, "2026-11-22T12:01:00Z", "GET /orders/{id}"},
		{true, 60 * time.Second, "2026-11-22T12:01:00Z", "GET /orders/{id}"},
		{true, 60 * time.Second, "2026-11-22T12:01:00Z", "GET /orders/{id}"},
	} {
		r := results[i]
		if (r.Sequence != nil) != want.seq || r.Offset() != want.offset || r.Case.Time.UTC().Format(time.RFC3339) != want.at || r.Case.Route != want.route {
			t.Errorf("%s: sequence %v, offset %v, at %v, route %q; want %v, %v, %s, %q", r.Name, r.Sequence != nil, r.Offset(), r.Case.Time, r.Case.Route, want.seq, want.offset, want.at, want.route)
		}
	}
	// A request the API does not define is answered before any
	// authorization: no gateway.
	if results[3].Case.Gateway() != nil {
		t.Error("a request to an undefined route has a gateway")
	}
	// Only failures are explained unless Explain is set.
	if results[0].Answer.Message != "" || len(results[0].Answer.Trace) != 0 {
		t.Errorf("a passing result was explained: %+v", results[0].Answer)
	}
	if got, want := results[8].Answer.Message, "User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action"; got != want {
		t.Errorf("the failure's message %q, want %q", got, want)
	}
	// Run may be called again: each run starts with empty caches.
	if diff := cmp.Diff(rows(dir, results), rows(dir, s.Run(suite.RunOptions{}))); diff != "" {
		t.Errorf("a second run differs (-first +second):\n%s", diff)
	}
	for _, r := range s.Run(suite.RunOptions{Explain: true}) {
		if len(r.Answer.Trace) == 0 || r.Answer.Outcome != r.Outcome {
			t.Errorf("%s: with Explain, answer %+v for outcome %+v", r.Name, r.Answer.Outcome, r.Outcome)
		}
	}
}

func TestRunFilter(t *testing.T) {
	s, _ := parseSuite(t, "", fieldsSuite, map[string]string{"allow.json": allowAll})
	names := func(results []suite.Result) []string {
		var out []string
		for _, r := range results {
			out = append(out, r.Name)
		}
		return out
	}
	sequence := []string{"fields/seq/one", "fields/seq/two", "fields/seq/three, the entry expired", "fields/seq/four", "fields/seq/five fails"}
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{"^fields/first$", []string{"fields/first"}},
		{"cache", []string{"fields/each case has its own cache"}}, // not "a 401 is not stored"
		{"401", []string{"fields/a 401 is not stored"}},
		// A step's name runs its whole sequence: its steps share a cache
		// and a clock.
		{"^fields/seq/four$", sequence},
		{"expired", sequence},
		{"^fields/seq$", sequence},
		{"fields/(first|seq/two)", append([]string{"fields/first"}, sequence...)},
		{"nothing matches this", nil},
		{"^first", nil}, // the full name starts with the suite's
		{"", append([]string{"fields/first", "fields/each case has its own cache", "fields/a 401 is not stored", "fields/no such route"}, sequence...)},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			got := names(s.Run(suite.RunOptions{Filter: regexp.MustCompile(tc.filter)}))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
	// A filtered sequence gives the same answers as the whole run: its
	// cache is filled by its earlier steps.
	all := s.Run(suite.RunOptions{})
	one := s.Run(suite.RunOptions{Filter: regexp.MustCompile("seq/two")})
	if len(one) != 5 || one[1].Got != all[5].Got || one[1].Cached == nil {
		t.Errorf("filtered step two: %+v", one)
	}
}

// decisions runs a suite and returns, for each request, its name and
// answer (Got), and whether the authorizer ran.
type decision struct {
	Name    string
	Got     string
	Invoked bool
	Passed  bool
}

func decisions(results []suite.Result) []decision {
	var out []decision
	for _, r := range results {
		out = append(out, decision{Name: r.Name, Got: r.Got, Invoked: r.Invoked, Passed: r.Passed})
	}
	return out
}

func TestRunRequestAuthorizerCacheKey(t *testing.T) {
	// The cache key of a REQUEST authorizer is the values of all its
	// identity sources together: changing any one misses the cache.
	s, _ := parseSuite(t, "", `name: req
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  req:
    type: REQUEST
    identitySource: method.request.header.X-Tenant, method.request.querystring.key
    response: allow.json
auth: req
sequences:
  - time: 2026-11-22T10:00:00Z
    steps:
      - {name: a b, request: GET /prod/x?key=b, headers: {X-Tenant: a}, expect: {status: 200, cached: false}}
      - {name: a b again, request: GET /prod/y?key=b, headers: {x-tenant: a}, expect: {status: 200, cached: true}}
      - {name: a c, request: GET /prod/x?key=c, headers: {X-Tenant: a}, expect: {status: 200, cached: false}}
      - {name: z b, request: GET /prod/x?key=b, headers: {X-Tenant: z}, expect: {status: 200, cached: false}}
      - {name: query from the field, request: GET /prod/x, query: {key: c}, headers: {X-Tenant: a}, expect: {status: 200, cached: true}}
      - {name: a b once more, request: GET /prod/x?key=b, headers: {X-Tenant: a}, expect: {status: 200, cached: true}}
      - {name: a missing source is 401 with caching on, request: GET /prod/x, headers: {X-Tenant: a}, expect: {status: 401, layer: identity-check}}
      - {name: an empty source is 401 too, request: GET /prod/x?key=, headers: {X-Tenant: a}, expect: 401}
`, map[string]string{"allow.json": allowAll})
	results := s.Run(suite.RunOptions{})
	want := []decision{
		{"req/sequence at line 10/a b", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"req/sequence at line 10/a b again", "200 allow (authorizer) from the authorizer cache", false, true},
		{"req/sequence at line 10/a c", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"req/sequence at line 10/z b", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"req/sequence at line 10/query from the field", "200 allow (authorizer) from the authorizer cache", false, true},
		{"req/sequence at line 10/a b once more", "200 allow (authorizer) from the authorizer cache", false, true},
		{"req/sequence at line 10/a missing source is 401 with caching on", "401 UNAUTHORIZED (identity-check)", false, true},
		{"req/sequence at line 10/an empty source is 401 too", "401 UNAUTHORIZED (identity-check)", false, true},
	}
	if diff := cmp.Diff(want, decisions(results)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if got, want := results[1].Cached.Identity, `method.request.header.X-Tenant="a", method.request.querystring.key="b"`; got != want {
		t.Errorf("cache key %q, want %q", got, want)
	}
	if results[4].Cached != results[2].Stored {
		t.Error(`"query from the field" was not answered by the entry of "a c"`)
	}
}

func TestRunTTLZero(t *testing.T) {
	// TTL 0 turns the cache off: the authorizer runs for every request,
	// and (D7) a REQUEST authorizer's identity sources are not checked:
	// it runs even when they are missing. With caching on, a missing
	// source is a 401 and the authorizer does not run.
	s, _ := parseSuite(t, "", `name: ttl
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  token-off:
    type: TOKEN
    ttl: 0
    response: allow.json
  request-off:
    type: REQUEST
    identitySource: method.request.header.X-Key
    ttl: 0
    response: allow.json
  request-on:
    type: REQUEST
    identitySource: method.request.header.X-Key
    ttl: 300
    response: allow.json
routes:
  - {route: GET /token, auth: token-off}
  - {route: GET /off, auth: request-off}
  - {route: GET /on, auth: request-on}
sequences:
  - name: s
    time: 2026-11-22T10:00:00Z
    steps:
      - {name: token 1, request: GET /prod/token, token: t, expect: {status: 200, cached: false}}
      - {name: token 2, request: GET /prod/token, token: t, expect: {status: 200, cached: false}}
      - {name: off with the source, request: GET /prod/off, headers: {X-Key: k}, expect: {status: 200, cached: false}}
      - {name: off again, request: GET /prod/off, headers: {X-Key: k}, expect: {status: 200, cached: false}}
      - {name: off without the source, request: GET /prod/off, expect: {status: 200, layer: authorizer}}
      - {name: on without the source, request: GET /prod/on, expect: {status: 401, layer: identity-check}}
      - {name: on with the source, request: GET /prod/on, headers: {X-Key: k}, expect: {status: 200, cached: false}}
      - {name: on again, request: GET /prod/on, headers: {X-Key: k}, expect: {status: 200, cached: true}}
`, map[string]string{"allow.json": allowAll})
	results := s.Run(suite.RunOptions{})
	want := []decision{
		{"ttl/s/token 1", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"ttl/s/token 2", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"ttl/s/off with the source", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"ttl/s/off again", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"ttl/s/off without the source", "200 allow (authorizer)", true, true},
		{"ttl/s/on without the source", "401 UNAUTHORIZED (identity-check)", false, true},
		{"ttl/s/on with the source", "200 allow (authorizer) not from the authorizer cache", true, true},
		{"ttl/s/on again", "200 allow (authorizer) from the authorizer cache", false, true},
	}
	if diff := cmp.Diff(want, decisions(results)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	for _, r := range results[:5] {
		if r.Stored != nil {
			t.Errorf("%s: stored with TTL 0: %v", r.Name, r.Stored)
		}
	}
}

func TestRunCognito(t *testing.T) {
	// D1: a Cognito token that is present is taken as valid; then the
	// resource policy, when attached, must allow on its own.
	s, _ := parseSuite(t, "", `name: cognito
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/open"},
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/closed"}]}
authorizers:
  pool:
    type: COGNITO_USER_POOLS
auth: pool
defaults:
  token: eyJraWQiOiJ4In0.eyJzdWIiOiJ1In0.c2ln
cases:
  - {name: allowed, request: GET /prod/open, expect: {decision: allow, layer: resource-policy}}
  - {name: silent, request: GET /prod/other, expect: {decision: implicit-deny, layer: resource-policy}}
  - {name: denied, request: GET /prod/closed, expect: {decision: explicit-deny, layer: resource-policy}}
  - {name: no token, request: GET /prod/open, headers: {Authorization: ""}, expect: {status: 401, layer: identity-check}}
`, nil)
	want := []decision{
		{"cognito/allowed", "200 allow (resource-policy)", false, true},
		{"cognito/silent", "403 implicit-deny (resource-policy)", false, true},
		{"cognito/denied", "403 explicit-deny (resource-policy)", false, true},
		{"cognito/no token", "401 UNAUTHORIZED (identity-check)", false, true},
	}
	if diff := cmp.Diff(want, decisions(s.Run(suite.RunOptions{}))); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}

	// Without a resource policy, a present token is enough.
	s, _ = parseSuite(t, "", `name: cognito
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  pool: {type: COGNITO_USER_POOLS, identitySource: method.request.header.X-Id-Token}
auth: pool
cases:
  - {name: token, request: GET /prod/x, token: t, expect: allow}
  - {name: no token, request: GET /prod/x, expect: 401}
`, nil)
	want = []decision{
		{"cognito/token", "200 allow (authorizer)", false, true},
		{"cognito/no token", "401 UNAUTHORIZED (identity-check)", false, true},
	}
	if diff := cmp.Diff(want, decisions(s.Run(suite.RunOptions{}))); diff != "" {
		t.Errorf("results without a resource policy (-want +got):\n%s", diff)
	}
}

func TestRunIAM(t *testing.T) {
	// AWS_IAM callers: the identity policies and the resource policy,
	// combined with Table A (same account: either allowing is enough) or
	// Table B (another account: both must allow).
	s, _ := parseSuite(t, "", `name: iam
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:user/rp-allowed", "444455556666"]},
     "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/admin"}]}
auth: AWS_IAM
callers:
  same-with-policy:
    arn: arn:aws:iam::123456789012:user/alice
    policies: invoke.json
  same-without:
    arn: arn:aws:iam::123456789012:user/bob
  rp-allowed:
    arn: arn:aws:iam::123456789012:user/rp-allowed
  other-with-policy:
    arn: arn:aws:iam::444455556666:user/carol
    policies: [invoke.json]
  other-without:
    arn: arn:aws:iam::444455556666:user/dave
  other-not-in-rp:
    arn: arn:aws:iam::777788889999:user/erin
    policies: invoke.json
cases:
  # Table A
  - {name: A allow neither, request: GET /prod/x, caller: same-with-policy, expect: {decision: allow, layer: identity-policy}}
  - {name: A neither allow, request: GET /prod/x, caller: rp-allowed, expect: {decision: allow, layer: resource-policy}}
  - {name: A neither neither, request: GET /prod/x, caller: same-without, expect: implicit-deny}
  - {name: A allow deny, request: GET /prod/admin, caller: same-with-policy, expect: {decision: explicit-deny, layer: resource-policy}}
  - {name: A allow neither on POST, request: POST /prod/x, caller: same-with-policy, expect: allow}
  # Table B
  - {name: B allow allow, request: GET /prod/x, caller: other-with-policy, expect: allow}
  - {name: B neither allow, request: GET /prod/x, caller: other-without, expect: implicit-deny}
  - {name: B allow neither, request: GET /prod/x, caller: other-not-in-rp, expect: implicit-deny}
  - {name: B allow neither on POST, request: POST /prod/x, caller: other-with-policy, expect: implicit-deny}
  - {name: B allow deny, request: GET /prod/admin, caller: other-with-policy, expect: explicit-deny}
  # A caller given by its ARN only has no identity policies.
  - {name: an ARN caller, request: GET /prod/x, caller: "arn:aws:iam::444455556666:user/frank", expect: implicit-deny}
  - {name: unsigned, request: GET /prod/x, expect: {status: 403, layer: identity-check, message: Missing Authentication Token}}
`, map[string]string{"invoke.json": `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/*"}]}`})
	results := s.Run(suite.RunOptions{Explain: true})
	for _, r := range results {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
		}
	}
	tables := map[string]eval.Table{}
	for _, r := range results {
		tables[strings.TrimPrefix(r.Name, "iam/")] = r.Outcome.Table
	}
	for name, want := range map[string]eval.Table{
		"A allow neither":   eval.TableA,
		"A neither neither": eval.TableA,
		"B allow allow":     eval.TableB,
		"B neither allow":   eval.TableB,
		"B allow neither":   eval.TableB,
		"unsigned":          eval.NoTable,
	} {
		if tables[name] != want {
			t.Errorf("%s: table %v, want %v", name, tables[name], want)
		}
	}
	if got, want := results[2].Answer.Message, "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123defg/prod/GET/x because no identity-based policy allows the execute-api:Invoke action"; got != want {
		t.Errorf("message\n got %q\nwant %q", got, want)
	}
}

func TestRunLegacyMessages(t *testing.T) {
	src := `name: legacy
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
messages: legacy
authorizers:
  jwt:
    type: TOKEN
    response: |
      {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/*/DELETE/*"}]}}
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/GET/admin"}]}
auth: jwt
defaults:
  token: t
cases:
  - name: authorizer explicit
    request: DELETE /prod/x
    expect: {message: User is not authorized to access this resource with an explicit deny}
  - name: authorizer implicit
    request: GET /prod/x
    expect: {message: User is not authorized to access this resource}
  - name: resource policy explicit
    request: GET /prod/admin
    expect:
      message: "User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123defg/prod/GET/admin with an explicit deny"
`
	s, _ := parseSuite(t, "", src, nil)
	if s.Messages != apigw.LegacyMessages {
		t.Errorf("Messages = %v, want legacy", s.Messages)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
		}
	}
	// The same suite with the current wording fails every case.
	s, _ = parseSuite(t, "", strings.Replace(src, "messages: legacy", "messages: current", 1), nil)
	if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 0 || f != 3 {
		t.Errorf("current wording: %d passed, %d failed; want 0 and 3", p, f)
	}
}

func TestRunMissingAuthenticationToken(t *testing.T) {
	s, _ := parseSuite(t, "", `name: mat
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, error: boom}
auth: jwt
routes:
  - GET /orders/{id}
  - POST /orders
defaults:
  token: t
cases:
  - {name: undefined path, request: GET /prod/customers/1, expect: {status: 403, layer: request, message: Missing Authentication Token}}
  - {name: undefined verb, request: DELETE /prod/orders/1, expect: {status: 403, layer: request, message: Missing Authentication Token}}
  - {name: trailing segment, request: GET /prod/orders/1/items, expect: {status: 403, layer: request}}
  - {name: defined, request: GET /prod/orders/1, expect: {status: 500, layer: authorizer-failure}}
`, nil)
	want := []decision{
		{"mat/undefined path", `403 MISSING_AUTHENTICATION_TOKEN (request) "Missing Authentication Token"`, false, true},
		{"mat/undefined verb", `403 MISSING_AUTHENTICATION_TOKEN (request) "Missing Authentication Token"`, false, true},
		{"mat/trailing segment", "403 MISSING_AUTHENTICATION_TOKEN (request)", false, true},
		{"mat/defined", "500 AUTHORIZER_FAILURE (authorizer-failure)", true, true},
	}
	results := s.Run(suite.RunOptions{})
	if diff := cmp.Diff(want, decisions(results)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if got := results[0].Answer.Body; got != `{"message":"Missing Authentication Token"}` {
		t.Errorf("body %s", got)
	}
}

const sameSuiteYAML = `name: same
api:
  region: us-east-1
  account: "123456789012"
  id: abc123defg
messages: current
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]}
authorizers:
  jwt:
    type: TOKEN
    validationExpression: '^[a-z]+$'
    ttl: 120
    responses:
      - token: reader
        response: |
          {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}
      - token: revoked
        error: Unauthorized
auth: jwt
routes:
  - GET /orders/{id}
  - {route: GET /health, auth: NONE}
defaults:
  time: 2026-11-22T10:00:00Z
  sourceIp: 192.0.2.10
  token: reader
cases:
  - {name: allowed, request: GET /prod/orders/1, expect: allow}
  - {name: outside the network, request: GET /prod/orders/1, sourceIp: 203.0.113.1, expect: explicit-deny}
  - {name: bad token, request: GET /prod/orders/1, token: READER, expect: 401}
  - {name: revoked, request: GET /prod/orders/1, token: revoked, expect: {status: 401, layer: authorizer}}
  - {name: health, request: GET /prod/health, expect: {decision: allow, layer: resource-policy}}
sequences:
  - name: cache
    steps:
      - {name: first, request: GET /prod/orders/1, expect: allow}
      # The cached policy is silent for orders/2; the resource policy's
      # Allow decides (Table A).
      - {name: second, at: +1m, request: GET /prod/orders/2, expect: {decision: allow, layer: resource-policy, cached: true}}
      - {wait: 60s}
      - {name: third, request: GET /prod/orders/2, expect: {decision: allow, layer: authorizer, cached: false}}
`

const sameSuiteJSON = `{
  "name": "same",
  "api": {"region": "us-east-1", "account": "123456789012", "id": "abc123defg"},
  "messages": "current",
  "resourcePolicy": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]},
  "authorizers": {
    "jwt": {
      "type": "TOKEN",
      "validationExpression": "^[a-z]+$",
      "ttl": 120,
      "responses": [
        {"token": "reader", "response": {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}},
        {"token": "revoked", "error": "Unauthorized"}
      ]
    }
  },
  "auth": "jwt",
  "routes": ["GET /orders/{id}", {"route": "GET /health", "auth": "NONE"}],
  "defaults": {"time": "2026-11-22T10:00:00Z", "sourceIp": "192.0.2.10", "token": "reader"},
  "cases": [
    {"name": "allowed", "request": "GET /prod/orders/1", "expect": "allow"},
    {"name": "outside the network", "request": "GET /prod/orders/1", "sourceIp": "203.0.113.1", "expect": "explicit-deny"},
    {"name": "bad token", "request": "GET /prod/orders/1", "token": "READER", "expect": 401},
    {"name": "revoked", "request": "GET /prod/orders/1", "token": "revoked", "expect": {"status": 401, "layer": "authorizer"}},
    {"name": "health", "request": "GET /prod/health", "expect": {"decision": "allow", "layer": "resource-policy"}}
  ],
  "sequences": [
    {"name": "cache", "steps": [
      {"name": "first", "request": "GET /prod/orders/1", "expect": "allow"},
      {"name": "second", "at": "+1m", "request": "GET /prod/orders/2", "expect": {"decision": "allow", "layer": "resource-policy", "cached": true}},
      {"wait": "60s"},
      {"name": "third", "request": "GET /prod/orders/2", "expect": {"decision": "allow", "layer": "authorizer", "cached": false}}
    ]}
  ]
}
`

func TestRunYAMLAndJSONAgree(t *testing.T) {
	y, dir := parseSuite(t, "same.iamgate.yaml", sameSuiteYAML, nil)
	j, _ := parseSuite(t, "same.iamgate.json", sameSuiteJSON, nil)
	yr, jr := y.Run(suite.RunOptions{Explain: true}), j.Run(suite.RunOptions{Explain: true})
	if p, f := suite.Counts(yr); p != 8 || f != 0 {
		for _, r := range yr {
			if !r.Passed {
				t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
			}
		}
		t.Fatalf("YAML: %d passed, %d failed", p, f)
	}
	// Lines, and so From and the lines in sources and notes, differ:
	// compare the rest.
	line := regexp.MustCompile(`line [0-9]+`)
	clean := func(rs []row) []row {
		for i := range rs {
			rs[i].From = ""
			rs[i].CachedBy = line.ReplaceAllString(rs[i].CachedBy, "line N")
			for j := range rs[i].Notes {
				rs[i].Notes[j] = line.ReplaceAllString(rs[i].Notes[j], "line N")
			}
		}
		return rs
	}
	if diff := cmp.Diff(clean(rows(dir, yr)), clean(rows(dir, jr))); diff != "" {
		t.Errorf("YAML and JSON results differ (-yaml +json):\n%s", diff)
	}
	for i := range yr {
		if yr[i].Outcome != jr[i].Outcome || yr[i].Answer.Message != jr[i].Answer.Message || yr[i].Answer.Body != jr[i].Answer.Body {
			t.Errorf("%s: YAML %+v %q, JSON %+v %q", yr[i].Name, yr[i].Outcome, yr[i].Answer.Message, jr[i].Outcome, jr[i].Answer.Message)
		}
		if yr[i].Case.Time != jr[i].Case.Time || yr[i].Case.MethodARN() != jr[i].Case.MethodARN() {
			t.Errorf("%s: YAML at %v for %v, JSON at %v for %v", yr[i].Name, yr[i].Case.Time, yr[i].Case.MethodARN(), jr[i].Case.Time, jr[i].Case.MethodARN())
		}
	}
	if y.API != j.API || y.API.String() != "arn:aws:execute-api:us-east-1:123456789012:abc123defg" {
		t.Errorf("API: YAML %v, JSON %v", y.API, j.API)
	}
}

func TestRunMethodARNPlaceholder(t *testing.T) {
	// {{methodArn}} is the method ARN of the request that invokes the
	// authorizer: the concrete path and the real verb, not the route.
	s, _ := parseSuite(t, "", `name: placeholder
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    ttl: 0
    response: method-only.json
auth: jwt
routes:
  - ANY /{proxy+}
defaults:
  token: t
cases:
  - {name: get, request: GET /prod/orders/42, expect: allow}
  - {name: post, request: POST /prod/a/b/c, expect: allow}
  - {name: root of another stage, request: "DELETE /dev/x", expect: allow}
`, map[string]string{"method-only.json": `{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"},
  {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}/*"}]}}`})
	for _, r := range s.Run(suite.RunOptions{Explain: true}) {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
		}
		resp := r.Authorizer.Response()
		if resp == nil {
			t.Fatalf("%s: the authorizer's output did not parse", r.Name)
		}
		text := r.Answer.Trace.String()
		if !strings.Contains(text, r.Case.MethodARN().String()) {
			t.Errorf("%s: the trace does not show the filled-in method ARN %s:\n%s", r.Name, r.Case.MethodARN(), text)
		}
		if strings.Contains(text, "{{methodArn}}") || strings.Contains(text, "{proxy+}/") {
			t.Errorf("%s: the placeholder was not filled in:\n%s", r.Name, text)
		}
	}
}

func TestRunSharedCache(t *testing.T) {
	// Methods that use the same authorizer share its cache entries; two
	// authorizers keep apart entries even for the same token. A flush
	// empties one stage and keeps the others.
	s, _ := parseSuite(t, "", `name: shared
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  one: {type: TOKEN, response: allow.json}
  two: {type: TOKEN, response: allow.json}
routes:
  - {route: GET /a, auth: one}
  - {route: GET /b, auth: one}
  - {route: GET /c, auth: two}
defaults:
  token: same-token
sequences:
  - name: s
    time: 2026-11-22T10:00:00Z
    steps:
      - {name: a, request: GET /prod/a, expect: {cached: false}}
      - {name: b shares a's entry, request: GET /prod/b, expect: {cached: true}}
      - {name: c has its own authorizer, request: GET /prod/c, expect: {cached: false}}
      - {name: c again, request: GET /prod/c, expect: {cached: true}}
      - {name: a on dev, request: GET /dev/a, expect: {cached: false}}
      - {flush: prod}
      - {name: dev keeps its entry, request: GET /dev/b, expect: {cached: true}}
      - {name: prod was flushed, request: GET /prod/b, expect: {cached: false}}
      - {name: and so was the other authorizer's, request: GET /prod/c, expect: {cached: false}}
`, map[string]string{"allow.json": allowAll})
	results := s.Run(suite.RunOptions{})
	var got []string
	for _, r := range results {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
		}
		by := ""
		if r.Cached != nil {
			by = r.Cached.Source + " " + r.Cached.Authorizer
		}
		got = append(got, by)
	}
	want := []string{
		"",
		`step 1 "a" (line 16) one`,
		"",
		`step 3 "c has its own authorizer" (line 18) two`,
		"",
		`step 5 "a on dev" (line 20) one`,
		"",
		"",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cache entries used (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"line 21: flushed the authorizer cache of stage prod (2 entries dropped)"}, results[5].Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func TestRunDefaults(t *testing.T) {
	// A default token goes only to the methods that read one, a default
	// caller only signs requests to AWS_IAM methods; the case's own values
	// replace the defaults; without any time, requests are made at
	// LoadOptions.Now.
	s, _ := parseSuite(t, "", `name: defaults
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    responses:
      - {token: default-token, response: allow.json}
      - {token: case-token, error: Unauthorized}
callers:
  alice: {arn: "arn:aws:iam::123456789012:user/alice", policies: allow-identity.json}
routes:
  - {route: GET /jwt, auth: jwt}
  - {route: GET /iam, auth: AWS_IAM}
  - {route: GET /open, auth: NONE}
defaults:
  token: default-token
  caller: alice
  headers: {X-Default: d}
cases:
  - {name: default token, request: GET /prod/jwt, expect: allow}
  - {name: case token, request: GET /prod/jwt, token: case-token, expect: 401}
  - {name: token in a header, request: GET /prod/jwt, headers: {Authorization: case-token}, expect: 401}
  - {name: default caller, request: GET /prod/iam, expect: {decision: allow, layer: identity-policy}}
  - {name: no token or caller for NONE, request: GET /prod/open, expect: allow}
`, map[string]string{
		"allow.json":          allowAll,
		"allow-identity.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}`,
	})
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
		}
		if !r.Case.Time.Equal(now) {
			t.Errorf("%s: at %v, want LoadOptions.Now %v", r.Name, r.Case.Time, now)
		}
		if r.Case.Gateway() != nil && r.Case.Call().Headers.Get("X-Default") != "d" {
			t.Errorf("%s: the default header is missing: %v", r.Name, r.Case.Call().Headers)
		}
	}
}

func TestRunSourceIPOnlyWhereRead(t *testing.T) {
	// Only the answer a request gets must be decidable without sourceIp:
	// another token's answer may read it. A request through a VPC
	// endpoint carries no aws:SourceIp (D17) and needs none.
	s, _ := parseSuite(t, "", `name: ip
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    responses:
      - token: office
        response: |
          {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
             "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}}
      - token: anywhere
        response: allow.json
auth: jwt
resourcePolicy: |
  {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}, "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}]}
cases:
  - {name: anywhere, request: GET /prod/x, token: anywhere, vpce: vpce-0123456789abcdef0, expect: allow}
  - {name: office inside, request: GET /prod/x, token: office, sourceIp: 10.1.1.1, expect: explicit-deny}
  - {name: office through the endpoint, request: GET /prod/x, token: office, vpce: vpce-0123456789abcdef0, expect: implicit-deny}
`, map[string]string{"allow.json": allowAll})
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
		}
	}
}

func TestSuiteName(t *testing.T) {
	src := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases: [{request: GET /prod/x, expect: allow}, {request: GET /prod/x, expect: allow}]\n"
	jsonSrc := `{"api": "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "cases": [{"request": "GET /prod/x", "expect": "allow"}]}`
	if s, _ := parseSuite(t, "orders.iamgate.json", jsonSrc, nil); s.Name != "orders" {
		t.Errorf("orders.iamgate.json: name %q, want orders", s.Name)
	}
	for _, tc := range []struct{ file, want string }{
		{"orders.iamgate.yaml", "orders"},
		{"orders.iamgate.yml", "orders"},
		{"orders.yaml", "orders"},
		{"orders.txt", "orders.txt"},
	} {
		s, _ := parseSuite(t, tc.file, src, nil)
		if s.Name != tc.want {
			t.Errorf("%s: name %q, want %q", tc.file, s.Name, tc.want)
		}
		// Unnamed cases are named after their request, numbered when it
		// repeats.
		if got := []string{s.Cases[0].Name, s.Cases[1].Name}; got[0] != "GET /prod/x" || got[1] != "GET /prod/x #2" {
			t.Errorf("case names %q", got)
		}
	}
	s, _ := parseSuite(t, "x.iamgate.yaml", "name: given\n"+src, nil)
	if s.Name != "given" {
		t.Errorf("name %q, want given", s.Name)
	}
}

func TestFixtureSuitesPass(t *testing.T) {
	files, err := suite.Find(filepath.Join("..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"article-allow-only.iamgate.yaml", "article-authorizer.iamgate.yaml", "article-resource-policy.iamgate.yaml", "caching.iamgate.yaml"} {
		found := false
		for _, f := range files {
			found = found || filepath.Base(f) == want
		}
		if !found {
			t.Errorf("Find found %q, without %s", files, want)
		}
	}
	fsFiles, err := suite.FindFS(fixtures.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(fsFiles) != len(files) {
		t.Errorf("FindFS found %q, Find %q", fsFiles, files)
	}
	for i, file := range files {
		s, err := suite.Load(file, suite.LoadOptions{Now: now, AllowPaths: []string{"../fixtures"}})
		if err != nil {
			t.Fatalf("Load(%s): %v", file, err)
		}
		fromFS, err := suite.LoadFS(fixtures.FS, fsFiles[i], suite.LoadOptions{Now: now, AllowPaths: []string{"."}})
		if err != nil {
			t.Fatalf("LoadFS(%s): %v", fsFiles[i], err)
		}
		results := s.Run(suite.RunOptions{})
		for _, r := range results {
			if !r.Passed {
				t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
			}
		}
		if diff := cmp.Diff(decisions(results), decisions(fromFS.Run(suite.RunOptions{}))); diff != "" {
			t.Errorf("%s: Load and LoadFS differ (-Load +LoadFS):\n%s", file, diff)
		}
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.iamgate.yaml":              "",
		"b.iamgate.json":              "",
		"c.iamgate.yml":               "",
		"not-a-suite.yaml":            "",
		".iamgate.yaml":               "",
		"sub/d.iamgate.yaml":          "",
		".hidden/e.iamgate.yaml":      "",
		"_skip/f.iamgate.yaml":        "",
		"node_modules/g.iamgate.yaml": "",
		"testdata/h.iamgate.yaml":     "",
	})
	named := filepath.Join(dir, "not-a-suite.yaml")
	got, err := suite.Find(dir, named, filepath.Join(dir, "a.iamgate.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = filepath.ToSlash(strings.TrimPrefix(got[i], dir+string(filepath.Separator)))
	}
	want := []string{"a.iamgate.yaml", "b.iamgate.json", "c.iamgate.yml", "sub/d.iamgate.yaml", "not-a-suite.yaml"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Find (-want +got):\n%s", diff)
	}
	if _, err := suite.Find(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Find of a missing path: %v", err)
	}
	for name, want := range map[string]bool{"a.iamgate.yaml": true, "a.iamgate.yml": true, "a.iamgate.json": true, ".iamgate.yaml": false, "a.yaml": false, "a.iamgate.yaml.bak": false} {
		if got := suite.IsSuiteFile(name); got != want {
			t.Errorf("IsSuiteFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// A case's header overrides the default one whatever the letter case of
// either name: header names are case-insensitive, and the answer must not
// depend on map order.
func TestRunHeaderOverrideIgnoresCase(t *testing.T) {
	src := `name: h
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  req:
    type: REQUEST
    identitySource: method.request.header.X-Tenant
    responses:
      - {identity: [acme], response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}}
      - {identity: [evil], error: Unauthorized}
auth: req
defaults:
  headers: {X-Tenant: acme}
cases:
  - {name: overridden, request: GET /prod/a, headers: {x-tenant: evil}, expect: 401}
  - {name: default, request: GET /prod/a, expect: allow}
`
	for range 20 {
		s, _ := parseSuite(t, "", src, nil)
		for _, r := range s.Run(suite.RunOptions{}) {
			if !r.Passed {
				t.Fatalf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
			}
		}
	}
}

// A sequence without a time starts at its first absolute step time, so it
// does not break once "now" has passed that time.
func TestSequenceStartsAtItsFirstAbsoluteTime(t *testing.T) {
	src := `name: t
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
sequences:
  - name: s
    steps:
      - {request: GET /prod/a, at: 2026-01-01T00:00:00Z, expect: allow}
      - {request: GET /prod/a, at: +10s, expect: allow}
`
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := suite.Parse([]byte(src), filepath.Join(t.TempDir(), "t.iamgate.yaml"), suite.LoadOptions{Now: later})
	if err != nil {
		t.Fatal(err)
	}
	sq := s.Sequences[0]
	if want := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); !sq.Start.Equal(want) || !sq.Steps[1].Case.Time.Equal(want.Add(10*time.Second)) {
		t.Errorf("start %v, second step at %v", sq.Start, sq.Steps[1].Case.Time)
	}
}

// The $context values API Gateway always sets are there for context.NAME
// identity sources, with or without routes.
func TestRequestContextDefaults(t *testing.T) {
	src := `name: t
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  per-route:
    type: REQUEST
    identitySource: [method.request.header.Authorization, context.resourcePath, context.path, context.apiId, context.accountId]
    responses:
      - identity: [tok, /orders/42, /prod/orders/42, abc123defg, "123456789012"]
        response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}
auth: per-route
cases:
  - {request: GET /prod/orders/42, headers: {Authorization: tok}, expect: allow}
`
	s, err := suite.Parse([]byte(src), filepath.Join(t.TempDir(), "t.iamgate.yaml"), suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: got %s", r.Name, r.Got)
		}
	}
}

// Two documents written in place on one line (flow style) are two
// documents: each token gets its own answer, each caller its own policy.
func TestInlineDocumentsOnOneLine(t *testing.T) {
	src := `name: t
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, responses: [{token: good, response: '{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}'}, {token: evil, response: '{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]}}'}]}
  tpl: {type: TOKEN, responses: [{token: one, response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}}, {token: two, response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}}]}
auth: jwt
routes: [{route: GET /a, auth: jwt}, {route: GET /b, auth: tpl}]
callers: {}
cases:
  - {name: good, request: GET /prod/a, token: good, expect: allow}
  - {name: evil, request: GET /prod/a, token: evil, expect: explicit-deny}
  - {name: one, request: GET /prod/b, token: one, expect: allow}
  - {name: two, request: GET /prod/b, token: two, expect: explicit-deny}
`
	s, err := suite.Parse([]byte(src), filepath.Join(t.TempDir(), "t.iamgate.yaml"), suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s (answer from %s)", r.Name, r.Case.Expect, r.Got, r.From)
		}
	}
}

// An inline document may carry a YAML anchor: the JSON begins at its brace.
func TestInlineDocumentWithAnchor(t *testing.T) {
	src := `name: t
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, response: &r {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}}
auth: jwt
cases: [{request: GET /prod/a, token: t, expect: allow}]
`
	s, err := suite.Parse([]byte(src), filepath.Join(t.TempDir(), "t.iamgate.yaml"), suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 1 || f != 0 {
		t.Errorf("%d passed, %d failed", p, f)
	}
}
