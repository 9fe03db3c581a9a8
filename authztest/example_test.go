package authztest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/authztest"
)

// exampleTB stands in for the *testing.T an Example function does not
// have: it prints what a test would report, the first line of each
// message only.
type exampleTB struct{ testing.TB }

func (exampleTB) Helper() {}

func (exampleTB) Errorf(format string, args ...any) {
	msg, _, _ := strings.Cut(fmt.Sprintf(format, args...), "\n")
	fmt.Println("t.Errorf:", msg)
}

func (exampleTB) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

// authorize is the authorizer under test in the examples. Its policy
// allows the request it was invoked for, and nothing else: right for that
// request, and a trap once API Gateway caches it.
func authorize(_ context.Context, ev tokenEvent) (authResponse, error) {
	if ev.AuthorizationToken != "Bearer alice" {
		return authResponse{}, errors.New("Unauthorized")
	}
	return respond("alice", "Allow", ev.MethodArn), nil
}

func ExampleGateway_Allowed() {
	t := exampleTB{} // in a test: the *testing.T
	g := authztest.New(t, authztest.Config{API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg"})

	resp := authztest.Returned(authorize(context.Background(), tokenEvent{
		Type:               "TOKEN",
		AuthorizationToken: "Bearer alice",
		MethodArn:          g.MethodARN("GET /prod/orders/42"),
	}))
	fmt.Println(g.Allowed("GET /prod/orders/42", resp))
	fmt.Println(g.Allowed("DELETE /prod/orders/42", resp))

	resp = authztest.Returned(authorize(context.Background(), tokenEvent{
		Type:               "TOKEN",
		AuthorizationToken: "Bearer mallory",
		MethodArn:          g.MethodARN("GET /prod/orders/42"),
	}))
	fmt.Println(g.Unauthorized("GET /prod/orders/42", resp))
	// Output:
	// true
	// t.Errorf: authztest: DELETE /prod/orders/42 (arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/DELETE/orders/42): want allowed, got 403 implicit deny (authorizer): User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action
	// false
	// true
}

// The response authorize returns for GET /prod/orders/42 allows that
// request. With caching on (the default TTL is 300 s), API Gateway keeps it
// and answers alice's next request, to another order, with it: 403.
func ExampleGateway_Cached() {
	t := exampleTB{} // in a test: the *testing.T
	g := authztest.New(t, authztest.Config{API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg"})

	resp := authztest.Returned(authorize(context.Background(), tokenEvent{
		Type:               "TOKEN",
		AuthorizationToken: "Bearer alice",
		MethodArn:          g.MethodARN("GET /prod/orders/42"),
	}))
	fmt.Println(g.Allowed("GET /prod/orders/42", resp))

	cached := g.Cached("GET /prod/orders/42", resp)
	fmt.Println(cached.Allowed("GET /prod/orders/43"))
	// Output:
	// true
	// t.Errorf: authztest: GET /prod/orders/43 (arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/43) with the response to GET /prod/orders/42 from the authorizer cache: want allowed, got 403 implicit deny (authorizer, cached result): User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action
	// false
}

// Check returns the failure message as an error. This handler rejects a
// caller with "unauthorized": API Gateway answers 401 only for the exact
// error "Unauthorized", and 500 for anything else.
func ExampleGateway_Check() {
	t := exampleTB{} // in a test: the *testing.T
	g := authztest.New(t, authztest.Config{API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg"})

	err := g.Check("GET /prod/orders/42", errors.New("unauthorized"), authztest.Unauthorized)
	fmt.Println(err)
	// Output:
	// authztest: GET /prod/orders/42 (arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42): want 401 Unauthorized, got 500 AUTHORIZER_FAILURE: the handler failed with an error other than exactly "Unauthorized"
	//   what to change:
	//     - an authorizer that rejects a caller must fail with exactly "Unauthorized" to give 401; other errors give 500 (LA-USE)
	//   trace:
	//     iamgate: identity check: skipped, the identity is taken as present and valid
	//     iamgate: no resource policy is attached: it neither allows nor denies
	//     iamgate: the request reaches the Lambda authorizer (a fresh invocation gets methodArn arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42; a cached result is used as it is)
	//     iamgate: the authorizer raised the error "unauthorized"
	//     iamgate: the error is not exactly "Unauthorized" (12 bytes): only that error gives 401; anything else is a 500 (LA-USE, D3)
	//     iamgate: API Gateway answers 500 (gateway response AUTHORIZER_FAILURE)
	//   references:
	//     LA-USE  https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
	//     D3      https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d3
}

// A Lambda proxy integration's response is not an authorizer's: API
// Gateway answers 500. Answer gives the whole answer for assertions of
// your own.
func ExampleGateway_Answer() {
	t := exampleTB{} // in a test: the *testing.T
	g := authztest.New(t, authztest.Config{API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg"})

	a := g.Answer("GET /prod/orders/42", map[string]any{"statusCode": 200, "body": `{"ok":true}`})
	fmt.Println(a.Status, a.Body, a.Response)
	fmt.Println(a.AuthorizerProblems[0].Msg)
	// Output:
	// 500 {"message":null} AUTHORIZER_CONFIGURATION_ERROR
	// "policyDocument" is missing: the response must carry the policy that allows or denies the call; "body" makes this look like a Lambda proxy integration response: an authorizer returns a policy, not an HTTP response; API Gateway rejects the output with 500 AuthorizerConfigurationException
}

// Event gives the event API Gateway sends the authorizer, to unmarshal
// into the handler's own event type (here a TOKEN event; aws-lambda-go's
// events.APIGatewayCustomAuthorizerRequest has the same JSON).
func ExampleGateway_Event() {
	t := exampleTB{} // in a test: the *testing.T
	g := authztest.New(t, authztest.Config{API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg"})

	var ev tokenEvent
	g.UnmarshalEvent("GET /prod/orders/42", authztest.Input{Token: "Bearer alice"}, &ev)
	fmt.Println(ev.Type, ev.AuthorizationToken, ev.MethodArn)

	resp := authztest.Returned(authorize(context.Background(), ev))
	fmt.Println(g.Allowed("GET /prod/orders/42", resp))
	// Output:
	// TOKEN Bearer alice arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42
	// true
}
