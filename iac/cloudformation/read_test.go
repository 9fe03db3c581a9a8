package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/internal/golden"
)

// smallAPI is a minimal template: one API, one method.
const smallAPI = `{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "small"}},
 "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {"RestApiId": {"Ref": "Api"},
  "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET", "AuthorizationType": "NONE"}}}}`

// summary renders what a template holds as sorted lines, the facts the
// importer is for.
func summary(t *Template) []string {
	var out []string
	for _, a := range t.APIs {
		c := &a.Config
		p := "api " + a.LogicalID
		out = append(out, fmt.Sprintf("%s name=%q endpoint=%s vpce=%v arn=%s/%s/%s/%s @%d:%d", p, c.Name, c.Endpoint, c.VPCEndpoints,
			c.Partition, c.Region, c.Account, c.ID, c.Origin.Pos.Line, c.Origin.Pos.Column))
		if a.Policy != nil {
			out = append(out, fmt.Sprintf("%s policy %s parsed=%v", p, a.Policy, c.ResourcePolicy != nil))
		}
		for _, m := range c.Methods {
			out = append(out, fmt.Sprintf("%s method %s auth=%s authorizer=%q scopes=%v apiKey=%v @%s", p, m.Route(), m.Auth, m.Authorizer, m.Scopes, m.APIKeyRequired, m.Origin.Path))
		}
		for _, z := range c.Authorizers {
			kind := z.Type.String()
			if z.Cognito {
				kind = "COGNITO_USER_POOLS"
			}
			out = append(out, fmt.Sprintf("%s authorizer %s name=%q %s sources=%q regex=%q ttl=%v function=%s providers=%v", p, z.Name, a.AuthorizerNames[z.Name], kind, z.IdentitySources, z.ValidationExpression, z.TTL, z.Function, z.Providers))
		}
		for _, s := range c.Stages {
			out = append(out, fmt.Sprintf("%s stage %s vars=%v @%s", p, s.Name, s.Variables, s.Origin.Path))
		}
		for _, r := range c.GatewayResponses {
			out = append(out, fmt.Sprintf("%s response %s status=%d headers=%v templates=%v", p, r.Type, r.Status, r.Headers, r.Templates))
		}
	}
	for _, d := range t.Diagnostics {
		out = append(out, fmt.Sprintf("%s %s:%d:%d %s: %s (%s)", d.Severity, filepath.Base(d.File), d.Line, d.Column, d.Code, d.Message, d.Pointer))
	}
	sort.Strings(out)
	return out
}

func readFixture(t *testing.T, name string, opts Options) *Template {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Read(filepath.Join("testdata", name), data, opts)
}

func TestReadFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		opts Options
	}{
		{"petstore.yaml", Options{}},
		{"petstore.yaml", Options{Region: "eu-west-1", Account: "012345678901", Parameters: map[string]string{"WithAdmin": "yes", "StageName": "live"}}},
		{"private.json", Options{}},
		{"private.json", Options{Parameters: map[string]string{"Vpce": "vpce-0abc"}}},
		{"serverless.json", Options{}},
		{"body.yaml", Options{}},
		{"unsupported.yaml", Options{}},
		{"macro.yaml", Options{}},
		{"sam-source.yaml", Options{}},
	} {
		name := tc.file + fmt.Sprintf("%v", tc.opts.Parameters)
		t.Run(name, func(t *testing.T) {
			got := summary(readFixture(t, tc.file, tc.opts))
			goldenFile := filepath.Join("testdata", "golden", strings.NewReplacer("/", "_", " ", "_", ":", "=", "[", "", "]", "", "map", "").Replace(name)+".txt")
			golden.Lines(t, goldenFile, got, *update)
		})
	}
}

// Links by Fn::GetAtt to the id attributes newer schemas expose work as
// Ref does.
func TestGetAttLinks(t *testing.T) {
	src := `Resources:
  Api: {Type: AWS::ApiGateway::RestApi}
  Res: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !GetAtt Api.RestApiId, ParentId: !GetAtt Api.RootResourceId, PathPart: a}}
  Sub: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Res.ResourceId, PathPart: b}}
  Auth: {Type: AWS::ApiGateway::Authorizer, Properties: {RestApiId: !GetAtt Api.RestApiId, Type: TOKEN, AuthorizerUri: x}}
  Get:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !GetAtt Api.RestApiId, ResourceId: !GetAtt Sub.ResourceId, HttpMethod: GET, AuthorizationType: CUSTOM, AuthorizerId: !GetAtt Auth.AuthorizerId}
`
	tp := Read("t.yaml", []byte(src), Options{})
	if len(tp.Diagnostics) != 0 || len(tp.APIs) != 1 {
		t.Fatalf("%d APIs, diagnostics %v", len(tp.APIs), tp.Diagnostics)
	}
	ms := tp.APIs[0].Config.Methods
	if len(ms) != 1 || ms[0].Route() != "GET /a/b" || ms[0].Authorizer != "Auth" {
		t.Errorf("methods %+v", ms)
	}
}

// A ParentId loop is reported, not followed forever.
func TestResourceLoop(t *testing.T) {
	src := `Resources:
  Api: {Type: AWS::ApiGateway::RestApi}
  A: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref B, PathPart: a}}
  B: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref A, PathPart: b}}
  Get: {Type: AWS::ApiGateway::Method, Properties: {RestApiId: !Ref Api, ResourceId: !Ref A, HttpMethod: GET, AuthorizationType: NONE}}
`
	tp := Read("t.yaml", []byte(src), Options{})
	var msgs []string
	for _, d := range tp.Diagnostics {
		msgs = append(msgs, d.Message)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), "is its own ancestor") || len(tp.APIs[0].Config.Methods) != 0 {
		t.Errorf("diagnostics %q, methods %v", msgs, tp.APIs[0].Config.Methods)
	}
}

// The Body's x-amazon-apigateway-endpoint-configuration applies when the
// RestApi has no EndpointConfiguration property; the property wins.
func TestBodyEndpoint(t *testing.T) {
	body := `Body: {swagger: "2.0", paths: {}, x-amazon-apigateway-endpoint-configuration: {types: [PRIVATE], vpcEndpointIds: [vpce-1]}}`
	for _, tc := range []struct{ props, want string }{
		{body, "PRIVATE [vpce-1]"},
		{body + ", EndpointConfiguration: {Types: [REGIONAL]}", "REGIONAL []"},
	} {
		tp := Read("t.yaml", []byte("Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {"+tc.props+"}}\n"), Options{})
		if len(tp.APIs) != 1 {
			t.Fatalf("%s: %d APIs, %v", tc.props, len(tp.APIs), tp.Diagnostics)
		}
		c := tp.APIs[0].Config
		if got := fmt.Sprint(c.Endpoint, " ", c.VPCEndpoints); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.props, got, tc.want)
		}
	}
}

// A fragment's names belong to the template that includes it: symbols,
// no diagnostics; its pseudo parameters come from the options.
func TestReadFragment(t *testing.T) {
	v, diags := ReadFragment("f.yaml", []byte("a: !Sub '${AWS::Region}/${Fn.Arn}/${P}'\nb: !Ref Thing\nc: !GetAtt X.Y\n"), Options{Region: "eu-west-1"})
	if len(diags) != 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	for key, want := range map[string]string{"a": "eu-west-1/${Fn.Arn}/${P}", "b": "${Thing}", "c": "${X.Y}"} {
		got, known := v.Get(key).Text()
		if got != want || known {
			t.Errorf("%s = %q (known %v), want the symbol text %q", key, got, known, want)
		}
	}
	if v, diags := ReadFragment("f.yaml", []byte("{"), Options{}); v != nil || len(diags) != 1 {
		t.Errorf("a broken file: %v, %v", v, diags)
	}
}
