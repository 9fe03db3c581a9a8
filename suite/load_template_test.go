package suite_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/suite"
)

// templateYAML is a small API: a TOKEN authorizer with a validation
// expression and a TTL, a Cognito authorizer, and a resource policy whose
// Resource uses the pseudo parameters the suite's api resolves.
const templateYAML = `Parameters:
  Stage: {Type: String, Default: prod}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Sub api-${Stage}
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*/*
          - Effect: Deny
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*/DELETE/*
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}
  ItemsGet:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: GET, AuthorizationType: CUSTOM, AuthorizerId: !Ref Tok}
  ItemsDelete:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: DELETE, AuthorizationType: NONE}
  ItemsPost:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: POST, AuthorizationType: COGNITO_USER_POOLS, AuthorizerId: !Ref Users}
  Tok:
    Type: AWS::ApiGateway::Authorizer
    Properties: {RestApiId: !Ref Api, Name: tok, Type: TOKEN, IdentitySource: method.request.header.X-Token, IdentityValidationExpression: "^t-[a-z]+$", AuthorizerResultTtlInSeconds: 60}
  Users:
    Type: AWS::ApiGateway::Authorizer
    Properties: {RestApiId: !Ref Api, Name: users, Type: COGNITO_USER_POOLS, ProviderARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/p]}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api, StageName: !Ref Stage}
`

const templateSuite = `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
template: api.yaml
authorizers:
  Tok:
    response: '{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}'
cases:
  - {name: the template's validation expression, request: GET /prod/items, headers: {X-Token: nope}, expect: 401}
  - {name: a valid token, request: GET /prod/items, headers: {X-Token: t-abc}, expect: 200}
  - {name: the template's policy, request: DELETE /prod/items, expect: explicit-deny}
  - {name: Cognito, request: POST /prod/items, token: x, expect: 200}
  - {name: no such route, request: PUT /prod/items, expect: {status: 403, layer: request}}
`

func TestTemplateSuite(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"api.yaml": templateYAML, "suite.iamgate.yaml": templateSuite})
	s, err := suite.Load(dir+"/suite.iamgate.yaml", suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed {
			t.Errorf("%s: want %s, got %s\n%s", r.Case.Name, r.Case.Expect, r.Got, r.Answer.Trace.String())
		}
	}
	// The template's TTL and identity source are the authorizer's.
	m := s.Model().Route("GET", "/items")
	if m == nil || m.Authorizer() == nil || m.Authorizer().TTL.Seconds() != 60 || m.Authorizer().IdentitySources[0] != "method.request.header.X-Token" {
		t.Errorf("the authorizer is not the template's: %+v", m)
	}
	// A stage the template does not deploy.
	writeFiles(t, dir, map[string]string{"suite.iamgate.yaml": templateSuite + "parameters: {Stage: live}\n"})
	if _, err := suite.Load(dir+"/suite.iamgate.yaml", suite.LoadOptions{}); err == nil || !strings.Contains(err.Error(), "stage") {
		t.Errorf("with Stage=live, the prod requests load: %v", err)
	}
}

func TestTemplateSuiteErrors(t *testing.T) {
	const head = "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n"
	const cases = "cases: [{request: GET /prod/items, expect: allow}]\n"
	const tok = "authorizers:\n  Tok: {error: Unauthorized}\n"
	tests := []struct {
		name, src string
		files     map[string]string
		want      []string
	}{
		{"replaced keys", head + "template: api.yaml\nroutes: [GET /items]\nauth: NONE\n" + tok + cases, nil, []string{
			"DIR/suite.iamgate.yaml:3:1: routes comes from the template: remove it (a suite with template: gives only the authorizers' answers, the callers and the requests) (at /routes)",
			"DIR/suite.iamgate.yaml:4:1: auth comes from the template: remove it (a suite with template: gives only the authorizers' answers, the callers and the requests) (at /auth)",
		}},
		{"settings of an authorizer", head + "template: api.yaml\nauthorizers:\n  Tok: {type: TOKEN, ttl: 0, error: Unauthorized}\n" + cases, nil, []string{
			"DIR/suite.iamgate.yaml:4:9: the authorizer's type comes from the template: remove it",
			"DIR/suite.iamgate.yaml:4:22: the authorizer's ttl comes from the template: remove it",
		}},
		{"no answers", head + "template: api.yaml\n" + cases, nil, []string{
			`DIR/suite.iamgate.yaml:2:11: the template's Lambda authorizer Tok ("tok") has no answers: add it under authorizers with its response, responses, error or command (at /template)`,
		}},
		{"not the template's", head + "template: api.yaml\n" + tok + "  Other: {error: x}\n" + cases, nil, []string{
			`DIR/suite.iamgate.yaml:4:3: authorizer "Other" is not one of the template's (Tok, Users): a suite with template: names the template's authorizers by logical id (at /authorizers/Other)`,
		}},
		{"templateApi", head + "template: api.yaml\ntemplateApi: Nope\n" + tok + cases, nil, []string{
			`DIR/suite.iamgate.yaml:3:14: templateApi: api.yaml defines no REST API "Nope" (it defines Api) (at /templateApi)`,
		}},
		{"without template", head + "templateApi: Api\nparameters: {Stage: x}\n" + cases, nil, []string{
			"DIR/suite.iamgate.yaml:2:1: templateApi goes with template: name the template the API is read from (at /templateApi)",
			"DIR/suite.iamgate.yaml:3:1: parameters goes with template: name the template the API is read from (at /parameters)",
		}},
		{"missing template", head + "template: nope.yaml\n" + tok + cases, nil, []string{
			"DIR/suite.iamgate.yaml:2:11: template: cannot read DIR/nope.yaml (paths are relative to the suite file): no such file or directory (at /template)",
		}},
		{"template errors", head + "template: bad.yaml\n" + cases, map[string]string{"bad.yaml": "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi}\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: NONE, ApiKeyRequired: !Ref Nope}\n"}, []string{
			"DIR/bad.yaml:5:137: Ref Nope names no parameter, resource or pseudo parameter of the template (at /Resources/M/Properties/ApiKeyRequired/Ref)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"api.yaml": templateYAML, "suite.iamgate.yaml": tt.src}
			for k, v := range tt.files {
				files[k] = v
			}
			writeFiles(t, dir, files)
			got, _ := loadProblems(t, dir, "suite.iamgate.yaml")
			if tt.files != nil && len(got) > len(tt.want) {
				got = got[:len(tt.want)] // what the template's errors leave out follows
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
