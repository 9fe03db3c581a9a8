package apigw_test

import (
	"fmt"
	"net/http"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
)

// An API's gateway responses shape its answers: DEFAULT_4XX adds the
// CORS header to every 4xx, here the 401 of a missing token, and
// UNAUTHORIZED's template gives it a body of its own.
func ExampleAPI_gatewayResponses() {
	cfg := apigw.APIConfig{
		Methods:     []apigw.MethodConfig{{Verb: "GET", Path: "/items", Auth: apigw.AuthCustom, Authorizer: "tok"}},
		Authorizers: []apigw.Authorizer{{AuthorizerConfig: apigw.AuthorizerConfig{Name: "tok"}}},
		GatewayResponses: []apigw.GatewayResponse{
			{Type: "DEFAULT_4XX", Headers: map[string]string{"Access-Control-Allow-Origin": "'*'"}},
			{Type: "UNAUTHORIZED", Status: 401, Headers: map[string]string{"Access-Control-Allow-Origin": "method.request.header.Origin"},
				Templates: map[string]string{"application/json": `{"error":$context.error.messageString,"type":"$context.error.responseType"}`}},
		},
	}
	cfg.SetARN(arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg"))
	api, err := apigw.NewAPI(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/items", Headers: http.Header{"Origin": {"https://app.example"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	a := p.Method.Gateway().Explain(&p.Call, apigw.ExplainOptions{})
	fmt.Println(a.Status, a.Body)
	for _, h := range a.Headers {
		fmt.Printf("%s: %s\n", h.Name, h.Value)
	}
	fmt.Println("shaped by", a.Custom.Type)
	// Output:
	// 401 {"error":"Unauthorized","type":"UNAUTHORIZED"}
	// Content-Type: application/json
	// x-amzn-ErrorType: UnauthorizedException
	// Access-Control-Allow-Origin: https://app.example
	// shaped by UNAUTHORIZED
}
