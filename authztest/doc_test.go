package authztest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/authztest"
)

// TestPackageDoc is the package documentation's example, with local
// look-alikes of aws-lambda-go's event types, so that the example stays
// true.
func TestPackageDoc(t *testing.T) {
	g := authztest.New(t, authztest.Config{
		API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
		// TTL: the zero TTL is API Gateway's default, 300 s of caching.
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

// TestPackageDocMatches keeps TestPackageDoc a copy of the package
// documentation's example: the two may differ only in the names that
// stand in for aws-lambda-go's.
func TestPackageDocMatches(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var example []string
	for _, l := range strings.Split(string(doc), "\n") {
		if code, ok := strings.CutPrefix(l, "//\t"); ok {
			example = append(example, code)
			if code == "}" {
				break
			}
		} else if len(example) > 0 && l == "//" {
			example = append(example, "")
		}
	}
	want := strings.NewReplacer(
		"func TestAuthorizer(", "func TestPackageDoc(",
		"return authztest.Returned(handler(", "return authztest.Returned(ordersHandler(",
		"events.APIGatewayCustomAuthorizerRequest{", "tokenEvent{",
	).Replace(strings.Join(example, "\n"))

	test, err := os.ReadFile("doc_test.go")
	if err != nil {
		t.Fatal(err)
	}
	src := string(test)
	start := strings.Index(src, "func TestPackageDoc(")
	end := strings.Index(src[max(start, 0):], "\n}\n")
	if start < 0 || end < 0 {
		t.Fatal("doc_test.go has no func TestPackageDoc")
	}
	got := src[start : start+end+2]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TestPackageDoc differs from the example in doc.go (-doc +test):\n%s", diff)
	}
}
