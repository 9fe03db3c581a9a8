package sam_test

import (
	"fmt"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/sam"
)

// Read a SAM source template: the implicit API of a function's Api event,
// with the default authorizer of the Globals, and SAM's two stages.
func ExampleRead() {
	const template = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: AWS_IAM
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {Path: '/items/{id}', Method: get}}
        Health: {Type: Api, Properties: {Path: /health, Method: get, Auth: {Authorizer: NONE}}}
`
	t := sam.Read("template.yaml", []byte(template), cloudformation.Options{})
	for _, a := range t.APIs {
		fmt.Println(a.LogicalID, a.Config.Stages[0].Name, a.Config.Stages[1].Name)
		for _, m := range a.Config.Methods {
			fmt.Printf("  %s %s (line %d)\n", m.Route(), m.Auth, m.Origin.Pos.Line)
		}
	}
	for _, d := range t.Diagnostics {
		fmt.Println(d)
	}
	// Output:
	// ServerlessRestApi Stage Prod
	//   GET /items/{id} AWS_IAM (line 11)
	//   GET /health NONE (line 12)
}
