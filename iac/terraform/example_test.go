package terraform_test

import (
	"fmt"

	"github.com/iamgate/iamgate/iac/terraform"
)

// Read the JSON of terraform show -json (here a state).
func ExampleRead() {
	doc := terraform.Read("state.json", []byte(`{"format_version": "1.0", "values": {"root_module": {"resources": [
  {"address": "aws_api_gateway_rest_api.api", "mode": "managed", "type": "aws_api_gateway_rest_api", "name": "api",
   "values": {"id": "a1b2c3", "name": "api", "root_resource_id": "r0", "execution_arn": "arn:aws:execute-api:eu-west-1:012345678901:a1b2c3"}},
  {"address": "aws_api_gateway_method.root", "mode": "managed", "type": "aws_api_gateway_method", "name": "root",
   "values": {"rest_api_id": "a1b2c3", "resource_id": "r0", "http_method": "GET", "authorization": "AWS_IAM"}}]}}}`), terraform.Options{})
	for _, a := range doc.APIs {
		fmt.Println(a.Address, a.Config.Account, a.Config.ID)
		for _, m := range a.Config.Methods {
			fmt.Println(m.Route(), m.Auth)
		}
	}
	fmt.Println(doc.Kind, len(doc.Diagnostics), "diagnostics")
	// Output:
	// aws_api_gateway_rest_api.api 012345678901 a1b2c3
	// GET / AWS_IAM
	// state 0 diagnostics
}
