package suite_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

// A template's gateway responses and API keys reach a suite's answers:
// the status a suite expects is the one the client gets.
const responsesYAML = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: api, ApiKeySourceType: AUTHORIZER}
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}
  ItemsGet:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: GET, AuthorizationType: CUSTOM, AuthorizerId: !Ref Tok, ApiKeyRequired: true}
  ItemsPut:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: PUT, AuthorizationType: CUSTOM, AuthorizerId: !Ref Tok}
  Tok:
    Type: AWS::ApiGateway::Authorizer
    Properties: {RestApiId: !Ref Api, Name: tok, Type: TOKEN, IdentitySource: method.request.header.X-Token, AuthorizerResultTtlInSeconds: 0}
  Denied:
    Type: AWS::ApiGateway::GatewayResponse
    Properties: {RestApiId: !Ref Api, ResponseType: UNAUTHORIZED, StatusCode: "418"}
  Missing:
    Type: AWS::ApiGateway::GatewayResponse
    Properties: {RestApiId: !Ref Api, ResponseType: DEFAULT_4XX, StatusCode: "404"}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Api, StageName: prod}
`

const responsesSuite = `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
template: api.yaml
apiKeys: [k-1]
authorizers:
  Tok:
    response: '{"principalId": "u", "usageIdentifierKey": "k-1", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}'
cases:
  - {name: UNAUTHORIZED is 418 here, request: GET /prod/items, headers: {X-Token: ""}, expect: {status: 418, decision: deny}}
  - {name: the authorizer's usageIdentifierKey is valid, request: GET /prod/items, headers: {X-Token: t}, expect: allow}
  - {name: a route the API lacks gets DEFAULT_4XX's status, request: POST /prod/items, expect: {status: 404, layer: request}}
  - {name: a method without apiKeyRequired, request: PUT /prod/items, headers: {X-Token: t}, expect: 200}
`

func TestTemplateSuiteGatewayResponses(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"api.yaml": responsesYAML, "suite.iamgate.yaml": responsesSuite})
	s, err := suite.Load(dir+"/suite.iamgate.yaml", suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range s.Run(suite.RunOptions{}) {
		n++
		if !r.Passed {
			t.Errorf("%s: want %s, got %s\n%s", r.Case.Name, r.Case.Expect, r.Got, r.Answer.Trace.String())
		}
	}
	if n != 4 {
		t.Errorf("%d results, want 4", n)
	}
	// When the authorizer's key is not one the stage accepts, the
	// API-key route is refused: INVALID_API_KEY, with DEFAULT_4XX's status.
	other := strings.Replace(responsesSuite, "apiKeys: [k-1]", "apiKeys: [k-2]", 1)
	other = other[:strings.Index(other, "cases:")] + "cases:\n  - {name: k-1 is not accepted, request: GET /prod/items, headers: {X-Token: t}, expect: {status: 404, layer: api-key, decision: deny}}\n"
	writeFiles(t, dir, map[string]string{"suite.iamgate.yaml": other})
	if s, err = suite.Load(dir+"/suite.iamgate.yaml", suite.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	rs := s.Run(suite.RunOptions{})
	if len(rs) != 1 || !rs[0].Passed {
		t.Errorf("%+v", rs)
	}
}
