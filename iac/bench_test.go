package iac_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac"
)

// generated writes a YAML template of about n resources (500 for n = 500):
// a RestApi, a Deployment, a Stage, a GatewayResponse, a Lambda function,
// and per group of five a Resource, three Methods (one per authorization
// type, with short forms) and an Authorizer.
func generated(n int) string {
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage: {Type: String, Default: prod}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Sub big-${Stage}
      Policy:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api, StageName: !Ref Stage}
`)
	for i := 0; (i+1)*5+2 <= n; i++ {
		fmt.Fprintf(&b, `  R%[1]d:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: r%[1]d}
  A%[1]d:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: !Sub auth-%[1]d-${Stage}
      Type: REQUEST
      IdentitySource: method.request.header.X-Key, method.request.querystring.q
      AuthorizerResultTtlInSeconds: 60
      AuthorizerUri: !Join ["", ["arn:", !Ref AWS::Partition, ":apigateway:", !Ref AWS::Region, ":lambda:path/2015-03-31/functions/", !GetAtt Fn.Arn, "/invocations"]]
  G%[1]d:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref R%[1]d, HttpMethod: GET, AuthorizationType: CUSTOM, AuthorizerId: !Ref A%[1]d}
  P%[1]d:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref R%[1]d, HttpMethod: POST, AuthorizationType: AWS_IAM, ApiKeyRequired: true}
  D%[1]d:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref R%[1]d, HttpMethod: DELETE, AuthorizationType: NONE}
`, i)
	}
	b.WriteString(`  Fn:
    Type: AWS::Lambda::Function
  Beta:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: beta, Variables: {tier: !Ref Stage}}
  Denied:
    Type: AWS::ApiGateway::GatewayResponse
    Properties: {RestApiId: !Ref Api, ResponseType: ACCESS_DENIED, StatusCode: "403"}
`)
	return b.String()
}

func writeGenerated(tb testing.TB, n int) string {
	path := filepath.Join(tb.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(generated(n)), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestGeneratedTemplate(t *testing.T) {
	r, err := iac.Load(writeGenerated(t, 500), iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(generated(500), "\n    Type: "); n != 500 {
		t.Errorf("the template has %d resources", n)
	}
	if len(r.Diagnostics) != 0 || len(r.APIs) != 1 {
		t.Fatalf("%d APIs, diagnostics %v", len(r.APIs), r.Diagnostics)
	}
	c := r.APIs[0].Config
	if len(c.Methods) != 297 || len(c.Authorizers) != 99 || len(c.Stages) != 2 || len(c.GatewayResponses) != 1 || c.Name != "big-prod" {
		t.Errorf("%d methods, %d authorizers, %d stages, name %q", len(c.Methods), len(c.Authorizers), len(c.Stages), c.Name)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
}

// BenchmarkLoad500 loads a generated template of 500 resources (YAML, short
// forms) from a file. Issue 16 asks for at most 50 ms.
func BenchmarkLoad500(b *testing.B) {
	path := writeGenerated(b, 500)
	for b.Loop() {
		if _, err := iac.Load(path, iac.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
