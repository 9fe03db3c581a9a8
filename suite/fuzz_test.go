package suite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

// FuzzParse feeds arbitrary text to Parse, as a suite in the fixtures'
// suites folder (so that the fixtures' relative paths resolve), and runs
// the suite when it loads. Nothing may panic; a suite that does not load
// reports positioned problems; one that loads answers every request once,
// and explaining an answer never disagrees with deciding it. A suite whose
// authorizer is a command is loaded but not run.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("..", "fixtures", "suites", "*.iamgate.*"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no fixture suites: %v", err)
	}
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"---\n",
		"api: x\n",
		"api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases: [{request: GET /prod/x, expect: allow}]\n",
		"api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ndefaults: 5\ncases: [{request: GET /prod/x, expect: allow}]\n",
		"api: {region: us-east-1, account: '123456789012', id: abc}\nauth: AWS_IAM\ncallers: {a: {arn: 'arn:aws:iam::123456789012:user/a'}}\ncases: [{request: GET /prod/x, caller: a, expect: 403}]\n",
		`{"api": "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "resourcePolicy": {"Version": "2012-10-17", "Statement": []}, "cases": [{"request": "GET /prod/x", "expect": "deny"}]}`,
		"api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: |\n  {\"Version\": \"2012-10-17\",\n   \"Statement\": []}",
		"api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauthorizers:\n  r:\n    type: REQUEST\n    identitySource: method.request.querystring.a, context.identity.sourceIp\n    ttl: 0\n    responses:\n      - identity: [x, 10.0.0.1]\n        response: '{\"principalId\": \"{{methodArn}}\"}'\n    error: boom\nauth: r\nroutes: [ANY /{proxy+}, GET /, {route: POST /a/{b}, auth: NONE}]\nsequences:\n  - time: 2026-01-01T00:00:00Z\n    steps:\n      - {request: 'GET /prod/a?a=x', sourceIp: 10.0.0.1, expect: 500}\n      - {wait: 301s}\n      - {flush: prod}\n      - {request: GET /prod/, at: +1h, expect: {cached: false}}\n",
		"api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases:\n  - &a {request: GET /prod/x, expect: allow}\n  - *a\n",
	} {
		f.Add([]byte(s))
	}
	for _, tc := range loadErrorTests {
		f.Add([]byte(tc.src))
	}
	for _, s := range []string{fieldsSuite, sameSuiteYAML, sameSuiteJSON} {
		f.Add([]byte(s))
	}
	file := filepath.Join("..", "fixtures", "suites", "fuzz.iamgate.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := suite.Parse(data, file, suite.LoadOptions{Now: now, AllowPaths: []string{filepath.Join("..", "fixtures")}})
		if err != nil {
			se, ok := suite.AsError(err)
			if !ok {
				t.Fatalf("Parse error %T is not a *suite.Error: %v", err, err)
			}
			if len(se.List) == 0 {
				t.Fatal("a *suite.Error with no problems")
			}
			for _, p := range se.List {
				if p.File == "" || p.Msg == "" {
					t.Errorf("problem without a file or a message: %#v", p)
				}
			}
			_ = se.Error()
			_ = se.Detail()
			return
		}
		for _, a := range s.Documents().Authorizers {
			if a.Command != nil {
				// A fuzzer must never start programs.
				return
			}
		}
		results := s.Run(suite.RunOptions{Explain: true})
		if len(results) != s.Len() {
			t.Fatalf("%d results for %d requests", len(results), s.Len())
		}
		for _, r := range results {
			if r.Answer.Outcome != r.Outcome {
				t.Errorf("%s: explained %+v, decided %+v", r.Name, r.Answer.Outcome, r.Outcome)
			}
			if r.Invoked && r.Cached != nil {
				t.Errorf("%s: both invoked and taken from the cache", r.Name)
			}
			if r.Passed != r.Case.Expect.Met(r.Outcome, r.Answer.Message) {
				t.Errorf("%s: Passed %v disagrees with Met", r.Name, r.Passed)
			}
			if !strings.HasPrefix(r.Name, s.Name+"/") {
				t.Errorf("result name %q does not start with the suite's name %q", r.Name, s.Name)
			}
		}
	})
}
