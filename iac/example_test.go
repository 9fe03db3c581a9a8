package iac_test

import (
	"fmt"

	"github.com/iamgate/iamgate/iac"
)

// Load a Serverless Framework project's output and print its routes.
func ExampleLoad() {
	r, err := iac.Load("testdata/sls", iac.Options{Region: "eu-west-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, api := range r.APIs {
		fmt.Printf("%s (%s) %s, stages %s\n", api.ID, api.Name, api.Config.Endpoint, api.Config.Stages[0].Name)
		for _, m := range api.Config.Methods {
			fmt.Println(" ", m.Route(), m.Auth, m.Authorizer)
		}
		for _, a := range api.Config.Authorizers {
			fmt.Println("  authorizer", a.Name, a.Type, a.IdentitySources, "TTL", a.TTL, "function", a.Function)
		}
	}
	for _, d := range r.Diagnostics {
		fmt.Println(d)
	}
	// Output:
	// ApiGatewayRestApi (dev-demo) EDGE, stages dev
	//   GET /hello CUSTOM AuthApiGatewayAuthorizer
	//   authorizer AuthApiGatewayAuthorizer TOKEN [method.request.header.Authorization] TTL 300 function <unknown: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${AuthLambdaFunction.Arn}/invocations>
}
