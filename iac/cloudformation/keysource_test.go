package cloudformation

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/apigw"
)

// ApiKeySourceType sets the API's key source; it wins over the Body's
// x-amazon-apigateway-api-key-source; an unknown value is reported.
func TestAPIKeySourceType(t *testing.T) {
	body := `Body: {swagger: "2.0", paths: {}, x-amazon-apigateway-api-key-source: AUTHORIZER}`
	for _, tc := range []struct {
		props string
		want  apigw.APIKeySource
		diags int
	}{
		{``, apigw.APIKeyFromHeader, 0},
		{`ApiKeySourceType: AUTHORIZER`, apigw.APIKeyFromAuthorizer, 0},
		{body, apigw.APIKeyFromAuthorizer, 0},
		{body + `, ApiKeySourceType: HEADER`, apigw.APIKeyFromHeader, 0},
		{`ApiKeySourceType: header`, apigw.APIKeyFromHeader, 1},
		{`ApiKeySourceType: !Ref Src`, apigw.APIKeyFromHeader, 1},
	} {
		tp := Read("t.yaml", []byte("Parameters: {Src: {Type: String}}\nResources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {"+tc.props+"}}\n"), Options{})
		if len(tp.APIs) != 1 {
			t.Fatalf("%s: %d APIs, %v", tc.props, len(tp.APIs), tp.Diagnostics)
		}
		n := 0
		for _, d := range tp.Diagnostics {
			if strings.Contains(d.String(), "ApiKeySourceType") {
				n++
			}
		}
		if got := tp.APIs[0].Config.APIKeySource; got != tc.want || n != tc.diags {
			t.Errorf("%s: %s, %v; want %s and %d diagnostics", tc.props, got, tp.Diagnostics, tc.want, tc.diags)
		}
	}
}
