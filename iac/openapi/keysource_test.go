package openapi_test

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/openapi"
)

func TestAPIKeySourceInModel(t *testing.T) {
	for src, want := range map[string]apigw.APIKeySource{"": apigw.APIKeyFromHeader, "HEADER": apigw.APIKeyFromHeader, "authorizer": apigw.APIKeyFromAuthorizer} {
		doc := `{"swagger":"2.0","paths":{}`
		if src != "" {
			doc += `,"x-amazon-apigateway-api-key-source":"` + src + `"`
		}
		d := openapi.Read("a.json", []byte(doc+"}"), openapi.Options{})
		if d.Config.APIKeySource != want {
			t.Errorf("%q: %s, want %s (%v)", src, d.Config.APIKeySource, want, d.Diagnostics)
		}
	}
}
