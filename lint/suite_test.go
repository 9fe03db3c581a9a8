package lint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// TestSuiteFixtures lints every fixture suite with the context it gives:
// each finding is one the fixture is meant to show.
func TestSuiteFixtures(t *testing.T) {
	want := map[string][]string{
		"suites/article-allow-only.iamgate.yaml":         {"IG300 policies/resource-office-allow-only.json:12:11"},
		"suites/article-authorizer.iamgate.yaml":         {"IG201 invalid/authorizer-nested-context.json:15:13"},
		"suites/article-legacy-wording.iamgate.yaml":     nil,
		"suites/article-resource-policy.iamgate.yaml":    nil,
		"suites/caching-remedies.iamgate.yaml":           nil,
		"suites/caching.iamgate.yaml":                    {"IG210 suites/caching.iamgate.yaml:20:13"},
		"suites/iam-and-request-authorizer.iamgate.json": {"IG301 policies/resource-cross-account.json:9:11"},
	}
	files, err := suite.FindFS(fixtures.FS, "suites")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s, err := suite.LoadFS(fixtures.FS, file, suite.LoadOptions{AllowPaths: []string{"."}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range lint.Suite(s) {
				got = append(got, f.Rule.Code+" "+f.File+":"+f.Pos.String())
				// Offsets agree with lines and columns, for carets.
				if src := s.Source(f.File); src != nil && f.Pos.IsValid() {
					line := 1 + strings.Count(string(src[:f.Pos.Offset]), "\n")
					col := f.Pos.Offset - strings.LastIndex(string(src[:f.Pos.Offset]), "\n")
					if line != f.Pos.Line || col != f.Pos.Column {
						t.Errorf("%s: offset %d is %d:%d, not %s", f, f.Pos.Offset, line, col, f.Pos)
					}
				}
			}
			w, ok := want[file]
			if !ok {
				t.Fatalf("no expected findings for %s: add them", file)
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// A finding after {{methodArn}} on the same line keeps an offset that
// agrees with its line and column in the suite as written.
func TestSuiteTemplatePositions(t *testing.T) {
	src := `name: t
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    response: |
      {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}", "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.10/24"}}}]}}
auth: jwt
defaults: {token: t, sourceIp: 192.0.2.1}
cases: [{request: GET /prod/a, expect: allow}]
`
	s, err := suite.Parse([]byte(src), filepath.Join(t.TempDir(), "t.iamgate.yaml"), suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range lint.Suite(s) {
		if f.Rule.Code != "IG502" {
			continue
		}
		found = true
		if f.Pos.Line != 8 || src[f.Pos.Offset:f.Pos.Offset+len(`"192.0.2.10/24"`)] != `"192.0.2.10/24"` {
			t.Errorf("%s: offset %d points at %q", f, f.Pos.Offset, src[f.Pos.Offset:min(len(src), f.Pos.Offset+16)])
		}
	}
	if !found {
		t.Fatal("no IG502 finding")
	}
}

// IG210 names the routes a one-method policy does not cover in full: a
// route with a parameter stands for many methods.
func TestCachedPolicyUncoveredRoutes(t *testing.T) {
	src, err := fixtures.FS.ReadFile("policies/authorizer-method-only.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := lint.Config{Routes: []string{"GET /orders/{id}", "GET /orders/42", "ANY /{proxy+}"}}
	fs := lint.Source(src, "a.json", policy.Authorizer, cfg)
	if len(fs) != 1 || fs[0].Rule.Code != "IG210" {
		t.Fatalf("findings: %v", fs)
	}
	if !strings.Contains(fs[0].Message, "does not cover in full: GET /orders/{id}, ANY /{proxy+}.") {
		t.Errorf("message: %s", fs[0].Message)
	}
}

// TestSuiteCommandNote: a suite's authorizer that is a command has an
// output lint cannot check; the report says so in a note (not a finding),
// for that authorizer only, and the text summary does not say just "no
// findings".
func TestSuiteCommandNote(t *testing.T) {
	src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  prog: {type: TOKEN, command: [node, run.mjs, "./my authorizer.mjs"]}
  written:
    type: TOKEN
    response: {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/*"}]}}
routes: [{route: GET /a, auth: prog}, {route: GET /b, auth: written}]
cases:
  - {request: GET /prod/b, token: t, expect: allow}
`
	s, err := suite.Parse([]byte(src), "s.iamgate.yaml", suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var r lint.Report
	r.AddSuite("s.iamgate.yaml", s)
	want := []lint.Note{{File: "s.iamgate.yaml", Message: `the output of authorizer "prog" was not checked: it is the command node run.mjs "./my authorizer.mjs", whose output is known only when a request runs it. Lint checks the outputs a suite writes; iamgate test runs the command and shows why an output it returns is unusable`}}
	if d := cmp.Diff(want, r.Notes); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
	if len(r.Findings) != 0 || r.Failed() {
		t.Errorf("findings %v", r.Findings)
	}
	if got := r.Summary(); got != "no findings; 1 note on what was not checked (see above)" {
		t.Errorf("Summary() = %q", got)
	}
}

// A suite with template: lints the template's resource policy at the
// template's lines and columns, and the size check reads the policy, not
// the template: a JSON template far longer than API Gateway's quota, with
// a short policy, has no IG104.
func TestSuiteTemplatePolicy(t *testing.T) {
	dir := t.TempDir()
	template := `{
  "Description": "` + strings.Repeat("x", 9000) + `",
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "Name": "big",
        "Policy": {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "a-b", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
          ]
        }
      }
    },
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {"RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET", "AuthorizationType": "NONE"}
    }
  }
}
`
	suiteText := `api: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5
template: big.json
cases:
  - request: GET /prod/
    expect: {status: 200}
`
	for name, text := range map[string]string{"big.json": template, "big.iamgate.yaml": suiteText} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := suite.Load(filepath.Join(dir, "big.iamgate.yaml"), suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range lint.Suite(s) {
		got = append(got, f.Rule.Code+" "+filepath.Base(f.File)+":"+f.Pos.String())
	}
	if diff := cmp.Diff([]string{"IG103 big.json:11:21"}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// A report keeps the template's text for the caret, and the finding's
	// offset is the template's.
	var rep lint.Report
	rep.AddSuite(s.File, s)
	tmpl := filepath.Join(dir, "big.json")
	src := rep.Sources[tmpl]
	if len(rep.Findings) != 1 || src == nil {
		t.Fatalf("findings %v, template text kept: %v", rep.Findings, src != nil)
	}
	if off := rep.Findings[0].Pos.Offset; !strings.HasPrefix(string(src[off:]), `"a-b"`) {
		t.Errorf("offset %d is not the template's offset of the Sid", off)
	}
}
