package main

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/authztest"
)

const api = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"

// config is the method the authorizer protects: a REQUEST authorizer
// keyed on X-Api-Key, with API Gateway's default cache TTL (300 s).
var config = authztest.Config{
	API:             api,
	Type:            apigw.RequestAuthorizer,
	IdentitySources: []string{"method.request.header.X-Api-Key"},
	SourceIP:        "203.0.113.10", // the event carries the caller's address
}

// event is the REQUEST event API Gateway sends the authorizer for request
// ("VERB /STAGE/PATH") with the header X-Api-Key: key, when key is set:
// authztest builds it as iamgate test does for a command authorizer.
func event(gw *authztest.Gateway, request, key string) events.APIGatewayCustomAuthorizerRequestTypeRequest {
	var in authztest.Input
	if key != "" {
		in.Headers = map[string]string{"X-Api-Key": key}
	}
	var ev events.APIGatewayCustomAuthorizerRequestTypeRequest
	gw.UnmarshalEvent(request, in, &ev)
	return ev
}

func TestHandler(t *testing.T) {
	gw := authztest.New(t, config)
	tests := []struct {
		name    string
		request string
		key     string
		want    func(g *authztest.Gateway, request string, returned any) bool
	}{
		{"a live key reads an order", "GET /prod/orders/42", "key-live-4f2a91", (*authztest.Gateway).Allowed},
		{"a live key reads any GET route of the stage", "GET /prod/customers/7", "key-live-8c03d7", (*authztest.Gateway).Allowed},
		{"no statement allows a POST", "POST /prod/orders", "key-live-4f2a91", (*authztest.Gateway).ImplicitlyDenied},
		{"a revoked key is denied explicitly", "GET /prod/orders/42", "key-old-1b5e60", (*authztest.Gateway).ExplicitlyDenied},
		{"an unknown key is refused with 401", "GET /prod/orders/42", "key-live-000000", (*authztest.Gateway).Unauthorized},
		{"no key is refused with 401", "GET /prod/orders/42", "", (*authztest.Gateway).Unauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gw.For(t)
			resp, err := Handler(context.Background(), event(g, tt.request, tt.key))
			tt.want(g, tt.request, authztest.Returned(resp, err))
		})
	}
}

// TestHeaderNameCase: API Gateway passes header names on as the client
// sent them.
func TestHeaderNameCase(t *testing.T) {
	gw := authztest.New(t, config)
	ev := event(gw, "GET /prod/orders/42", "")
	ev.Headers = map[string]string{"x-api-key": "key-live-4f2a91"}
	resp, err := Handler(context.Background(), ev)
	gw.Allowed("GET /prod/orders/42", authztest.Returned(resp, err))
}

// TestCachedPolicyCoversTheStage: API Gateway caches the answer under the
// key for the TTL and reuses it for the other routes (KC-CACHE), so
// the policy written for the first request must allow the later ones.
func TestCachedPolicyCoversTheStage(t *testing.T) {
	gw := authztest.New(t, config)
	const first = "GET /prod/orders/42"
	returned := authztest.Returned(Handler(context.Background(), event(gw, first, "key-live-4f2a91")))
	cached := gw.Cached(first, returned)
	cached.Allowed("GET /prod/orders/43")
	cached.Allowed("GET /prod/customers/7")
	cached.ImplicitlyDenied("POST /prod/orders")
}
