// Package authztest checks, in a Go test, how Amazon API Gateway would
// answer a request given what a Lambda authorizer returned: call the
// handler as usual, then state each expectation in one line. It is
// iamgate's engine behind testing.TB helpers: an offline prediction, not
// AWS.
//
// A test of a TOKEN authorizer written with aws-lambda-go:
//
//	func TestAuthorizer(t *testing.T) {
//		g := authztest.New(t, authztest.Config{
//			API: "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
//			// TTL: the zero TTL is API Gateway's default, 300 s of caching.
//		})
//		invoke := func(request, token string) any {
//			return authztest.Returned(handler(context.Background(), events.APIGatewayCustomAuthorizerRequest{
//				Type:               "TOKEN",
//				AuthorizationToken: token,
//				MethodArn:          g.MethodARN(request),
//			}))
//		}
//
//		g.Allowed("GET /prod/orders/42", invoke("GET /prod/orders/42", "Bearer alice"))
//		g.ImplicitlyDenied("DELETE /prod/orders/42", invoke("DELETE /prod/orders/42", "Bearer alice"))
//		g.Unauthorized("GET /prod/orders/42", invoke("GET /prod/orders/42", "Bearer expired"))
//
//		// With caching on, API Gateway answers alice's next requests, to
//		// any route of the stage, with the response it cached.
//		cached := g.Cached("GET /prod/orders/42", invoke("GET /prod/orders/42", "Bearer alice"))
//		cached.Allowed("GET /prod/orders/43")
//		cached.ImplicitlyDenied("DELETE /prod/orders/42")
//	}
//
// The package does not depend on aws-lambda-go: a check marshals the
// response with encoding/json, as the Lambda runtime does, so
// events.APIGatewayCustomAuthorizerResponse, a map[string]any or a struct
// of your own all work. It also takes the response's JSON as []byte,
// json.RawMessage or string, the handler's error (only the exact message
// "Unauthorized" gives 401; any other gives 500), and nil (500). See
// Gateway.
//
// A failed check reports, with tb.Errorf, the request, its method ARN, the
// answer wanted and the one API Gateway gives, then iamgate's explanation:
// the statements behind the answer (document, statement index, Sid), why
// the output is unusable when it is (each problem with its line and
// column), what to change, and a trace of API Gateway's flow. For example
// (abridged):
//
//	authztest: GET /prod/orders/43 (arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/43) with the response to GET /prod/orders/42 from the authorizer cache: want allowed, got 403 implicit deny (authorizer, cached result): User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action
//	  why:
//	    authorizer output statement 0 (Allow) at 6:7 does not apply:
//	      - resource arn:aws:execute-api:...:abc123defg/prod/GET/orders/43 matches no Resource value (...)
//	  what to change:
//	    - this denial comes from the authorizer cache: the policy was returned by GET /prod/orders/42 ...
//	  trace:
//	    ...
//
// Check and Cached.Check return the same text as an error instead of
// reporting it, for tests that decide for themselves, and Answer returns
// the full apigw.Answer.
//
// What the checks assume: the method's authorization is the Lambda
// authorizer (CUSTOM), the caller's token or identity sources are present
// and valid (the identity check before the authorizer is not what they
// test), the caller is anonymous to IAM, as every caller of a Lambda
// authorizer method is, and every request arrives at Config.Time from
// Config.SourceIP. The resource policy's explicit deny is checked before
// the authorizer on every request, cached or not (AUTHFLOW, KC-CACHE).
package authztest
