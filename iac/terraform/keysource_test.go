package terraform_test

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/terraform"
)

func TestAPIKeySourceInModel(t *testing.T) {
	for src, want := range map[string]apigw.APIKeySource{`null`: apigw.APIKeyFromHeader, `"HEADER"`: apigw.APIKeyFromHeader, `"AUTHORIZER"`: apigw.APIKeyFromAuthorizer} {
		in := `{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_api_gateway_rest_api.a", "type": "aws_api_gateway_rest_api",
			"values": {"id": "a", "api_key_source": ` + src + `}}]}}}`
		d := terraform.Read("x.json", []byte(in), terraform.Options{})
		if len(d.APIs) != 1 {
			t.Fatalf("%s: %v", src, d.Diagnostics)
		}
		if got := d.APIs[0].Config.APIKeySource; got != want {
			t.Errorf("%s: %s, want %s", src, got, want)
		}
	}
}
