package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/lint"
)

// lintTemplateText lints a template given as text, as lint.Template
// does the file iac.Load reads.
func lintTemplateText(text string) []lint.Finding {
	dir, err := os.MkdirTemp("", "lint-template")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		panic(err)
	}
	res, err := iac.Load(path, iac.Options{})
	if err != nil {
		panic(err)
	}
	return lint.Template(res)
}

// authorizerTemplate is a template of one API whose one method uses the
// authorizer whose properties are given (indented under Properties).
func authorizerTemplate(props string) string {
	return `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: api}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref Auth
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
` + props
}

func init() {
	ruleTable = append(ruleTable, ruleCases{
		code: "IG220",
		fires: []lintCase{
			{name: "REQUEST, cache on, no identity source", template: authorizerTemplate("      Type: REQUEST\n"),
				want: []string{"IG220"}, at: "14:5 /Resources/Auth"},
			{name: "TTL over the maximum", template: authorizerTemplate("      Type: TOKEN\n      IdentitySource: method.request.header.Authorization\n      AuthorizerResultTtlInSeconds: 7200\n"),
				want: []string{"IG220"}, at: "14:5 /Resources/Auth"},
			{name: "validation expression that does not compile", template: authorizerTemplate("      Type: TOKEN\n      IdentitySource: method.request.header.Authorization\n      IdentityValidationExpression: '^Bearer (.*$'\n"),
				want: []string{"IG220"}, at: "14:5 /Resources/Auth"},
			{name: "validation expression on a REQUEST authorizer", template: authorizerTemplate("      Type: REQUEST\n      IdentitySource: method.request.header.X\n      IdentityValidationExpression: '^x$'\n"),
				want: []string{"IG220"}, at: "14:5 /Resources/Auth"},
		},
		quiet: []lintCase{
			{name: "REQUEST, cache off, no identity source", template: authorizerTemplate("      Type: REQUEST\n      AuthorizerResultTtlInSeconds: 0\n")},
			{name: "REQUEST, cache on, an identity source", template: authorizerTemplate("      Type: REQUEST\n      IdentitySource: method.request.header.X\n")},
			{name: "TOKEN with a validation expression", template: authorizerTemplate("      Type: TOKEN\n      IdentitySource: method.request.header.Authorization\n      IdentityValidationExpression: '^Bearer .+$'\n      AuthorizerResultTtlInSeconds: 3600\n")},
		},
	})
}

// Every finding on a template is at the template's line and column, for
// each kind of file iac reads: YAML and JSON CloudFormation, OpenAPI, and
// terraform show -json (whose policy is a JSON string: its findings are at
// the string).
func TestTemplatePositions(t *testing.T) {
	for file, want := range map[string][]string{
		"cfn.yaml": {
			"12:18 IG103 /Statement/0/Sid",
			"19:17 IG300 /Statement/0/Condition/IpAddress/aws:SourceIp",
			"19:17 IG305 /Statement/0/Condition/IpAddress/aws:SourceIp",
			"27:17 IG307 /Statement/1/Condition/StringNotEquals/aws:SourceVpce",
			"43:5 IG220 /Resources/Auth",
		},
		"cfn.json": {"15:59 IG502 /Statement/0/Condition/IpAddress/aws:SourceIp"},
		// SAM's shortcuts expand into statements at the shortcut's values.
		"sam.yaml": {
			"11:13 IG220 /Resources/Api/Properties/Auth/Authorizers/Req",
			"15:13 IG305 /Statement/1/Condition/NotIpAddress/aws:SourceIp",
		},
		"openapi.yaml": {"20:11 IG506 /Statement/0/Condition/StringEquals/aws:SorceIp"},
		"state.json":   {"15:23 IG103 /Statement/0/Sid"},
	} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", "templates", file)
			res, err := iac.Load(path, iac.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range lint.Template(res) {
				if f.File != path {
					t.Errorf("finding in %q, want %q: %s", f.File, path, f)
				}
				got = append(got, fmt.Sprintf("%s %s %s", f.Pos, f.Rule.Code, f.Path))
			}
			if !slices.Equal(got, want) {
				t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// What the template's reader reports becomes what fits the report: a
// policy that does not parse is an IG100 finding where the reader found
// it; an error, a fact of the API that could not be read, is an input
// problem; a warning or a remark is a note. The report keeps the
// template's text, and each finding's offset is the template's.
func TestAddTemplate(t *testing.T) {
	path := filepath.Join("testdata", "templates", "broken.yaml")
	res, err := iac.Load(path, iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rep lint.Report
	rep.AddTemplate(path, res)
	if len(rep.Findings) != 1 || rep.Findings[0].Rule.Code != "IG100" || rep.Findings[0].Pos.String() != "12:21" {
		t.Fatalf("findings %v, want one IG100 at 12:21", rep.Findings)
	}
	src := rep.Sources[path]
	if off := rep.Findings[0].Pos.Offset; off >= len(src) || !strings.HasPrefix(string(src[off:]), "Maybe") {
		t.Errorf("offset %d is not the template's offset of Maybe", off)
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Detail, "broken.yaml:20:") {
		t.Errorf("problems %+v, want one with the error at 20", rep.Problems)
	}
	if len(rep.Notes) != 2 {
		t.Errorf("notes %+v, want the parameter's remark and the ImportValue's warning", rep.Notes)
	}
	for _, d := range res.Diagnostics {
		if d.Code == "policy" && strings.Contains(rep.Problems[0].Detail, d.Message) {
			t.Errorf("the policy's parse error is both a finding and a problem: %s", d)
		}
	}
	if !slices.Equal(rep.Files, []string{path}) {
		t.Errorf("files %v", rep.Files)
	}
	rep.AddTemplate(path, nil)
	if len(rep.Files) != 1 {
		t.Errorf("a nil result added files: %v", rep.Files)
	}
}

// An IG220 finding replaces the reader's diagnostic about the same
// authorizer: the report says it once.
func TestAddTemplateAuthorizerOnce(t *testing.T) {
	for _, file := range []string{"cfn.yaml", "sam.yaml"} {
		path := filepath.Join("testdata", "templates", file)
		res, err := iac.Load(path, iac.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var rep lint.Report
		rep.AddTemplate(path, res)
		if len(rep.Problems) != 0 {
			t.Errorf("%s: problems %+v, want none: the authorizer's error is the IG220 finding", file, rep.Problems)
		}
	}
}

// Walk reads a template named on the command line as a template, and
// never finds one in a folder.
func TestWalkTemplates(t *testing.T) {
	dir := filepath.Join("testdata", "templates")
	targets, problems := lint.Walk([]string{filepath.Join(dir, "cfn.yaml"), filepath.Join(dir, "state.json"), dir}, nil)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, tg := range targets {
		got = append(got, fmt.Sprintf("%s %v", filepath.Base(tg.Name), tg.Template))
	}
	if want := []string{"cfn.yaml true", "state.json true"}; !slices.Equal(got, want) {
		t.Errorf("targets %v, want %v", got, want)
	}
	// A cdk.out folder and a .serverless folder are templates; a policy
	// document and YAML that is no template stay documents, as before.
	named := []string{"../iac/testdata/cdk.out", "../iac/testdata/sls/.serverless", "../fixtures/policies/resource-ip-allowlist.json", "../iac/testdata/notes.yaml"}
	targets, problems = lint.Walk(named, nil)
	if len(problems) != 0 || len(targets) != len(named) {
		t.Fatal(targets, problems)
	}
	for i, tg := range targets {
		if tg.Template != (i < 2) || tg.Suite {
			t.Errorf("%s: %+v", named[i], tg)
		}
	}
}
