package authztest_test

import (
	"context"
	"testing"

	"github.com/iamgate/iamgate/authztest"
)

// TestPackageDoc is the package documentation's example, with local
// look-alikes of aws-lambda-go's event types, so that the example stays
// true.
func TestPackageDoc(t *testing.T) {
	g := authztest.New(t, authztest.Config{
		API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
		// TTL: nil is API Gateway's default, 300 s of caching.
	})
	invoke := func(request, token string) any {
		return authztest.Returned(ordersHandler(context.Background(), tokenEvent{
			Type:               "TOKEN",
			AuthorizationToken: token,
			MethodArn:          g.MethodARN(request),
		}))
	}

	g.Allowed("GET /prod/orders/42", invoke("GET /prod/orders/42", "Bearer alice"))
	g.ImplicitlyDenied("DELETE /prod/orders/42", invoke("DELETE /prod/orders/42", "Bearer alice"))
	g.Unauthorized("GET /prod/orders/42", invoke("GET /prod/orders/42", "Bearer expired"))

	// With caching on, API Gateway answers alice's next requests, to
	// any route of the stage, with the response it cached.
	cached := g.Cached("GET /prod/orders/42", invoke("GET /prod/orders/42", "Bearer alice"))
	cached.Allowed("GET /prod/orders/43")
	cached.ImplicitlyDenied("DELETE /prod/orders/42")
}
