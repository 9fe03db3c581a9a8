package openapi_test

import (
	"fmt"

	"github.com/iamgate/iamgate/iac/openapi"
)

// Read a standalone export: the host gives the API's id and region.
func ExampleRead() {
	doc := openapi.Read("export.yaml", []byte(`swagger: "2.0"
info: {title: pets}
host: a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com
basePath: /prod
paths:
  /pets:
    get:
      security: [{sigv4: []}]
securityDefinitions:
  sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
`), openapi.Options{})
	c := doc.Config
	fmt.Println(c.Name, c.ID, c.Region, c.Stages[0].Name)
	for _, m := range c.Methods {
		fmt.Println(m.Route(), m.Auth)
	}
	fmt.Println(len(doc.Diagnostics), "diagnostics")
	// Output:
	// pets a1b2c3d4e5 eu-west-1 prod
	// GET /pets AWS_IAM
	// 0 diagnostics
}
