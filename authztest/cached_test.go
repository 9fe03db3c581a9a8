package authztest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/authztest"
)

// invoke calls a handler for a request as API Gateway does.
func invoke(g *authztest.Gateway, handler func(context.Context, tokenEvent) (authResponse, error), request, token string) any {
	return authztest.Returned(handler(context.Background(), tokenEvent{Type: "TOKEN", AuthorizationToken: token, MethodArn: g.MethodARN(request)}))
}

func TestCached(t *testing.T) {
	gws := gateways(t)
	tests := []struct {
		name      string
		gateway   string
		handler   func(context.Context, tokenEvent) (authResponse, error)
		token     string
		issuedFor string
		request   string
		// met are the Wants Cached.Check accepts; when none is, every
		// failure names the cache and the request that stored the
		// response.
		met []authztest.Want
	}{
		// The classic trap: a policy for event.methodArn only.
		{"trap: the request it was issued for", "plain", methodArnHandler, "Bearer alice", "GET /prod/orders/42", "GET /prod/orders/42", []authztest.Want{authztest.Allow}},
		{"trap: another path", "plain", methodArnHandler, "Bearer alice", "GET /prod/orders/42", "GET /prod/orders/43", []authztest.Want{authztest.ImplicitDeny}},
		{"trap: another verb", "plain", methodArnHandler, "Bearer alice", "GET /prod/orders/42", "DELETE /prod/orders/42", []authztest.Want{authztest.ImplicitDeny}},
		{"trap: REQUEST authorizer", "request", methodArnHandler, "Bearer alice", "GET /prod/orders/42", "GET /prod/orders/43", []authztest.Want{authztest.ImplicitDeny}},

		// A policy written for caching.
		{"stage policy: another path", "plain", ordersHandler, "Bearer alice", "GET /prod/orders/42", "GET /prod/orders/43", []authztest.Want{authztest.Allow}},
		{"stage policy: a verb it does not allow", "plain", ordersHandler, "Bearer alice", "GET /prod/orders/42", "DELETE /prod/orders/43", []authztest.Want{authztest.ImplicitDeny}},
		{"deny policy", "plain", ordersHandler, "Bearer bob", "GET /prod/orders/42", "GET /prod/orders/43", []authztest.Want{authztest.ExplicitDeny}},

		// The resource policy's explicit deny runs on every request.
		{"resource policy lets through", "office", ordersHandler, "Bearer alice", "GET /prod/orders/42", "GET /prod/orders/43", []authztest.Want{authztest.Allow}},
		{"resource policy denies a cached caller", "office", ordersHandler, "Bearer alice", "GET /prod/orders/42", "GET /prod/admin/orders", []authztest.Want{authztest.ExplicitDeny}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gws[tc.gateway]
			c := g.Cached(tc.issuedFor, invoke(g, tc.handler, tc.issuedFor, tc.token))
			var met []authztest.Want
			for _, w := range allWants[:3] {
				err := c.Check(tc.request, w)
				if err == nil {
					met = append(met, w)
					continue
				}
				var f *authztest.Failure
				if !errors.As(err, &f) {
					t.Fatalf("Check(%v) = %v, want a *Failure", w, err)
				}
				if !f.Answer.FromCache && !f.Answer.Phase1 {
					t.Errorf("Check(%v): the answer did not come from the cache", w)
				}
				if f.IssuedFor != tc.issuedFor || f.Request != tc.request {
					t.Errorf("Check(%v): Failure{Request: %q, IssuedFor: %q}, want {%q, %q}", w, f.Request, f.IssuedFor, tc.request, tc.issuedFor)
				}
				msg := err.Error()
				for _, s := range []string{
					"authztest: " + tc.request + " (" + f.Answer.MethodARN + ") with the response to " + tc.issuedFor + " from the authorizer cache: want " + w.String() + ", got ",
				} {
					if !strings.HasPrefix(msg, s) {
						t.Errorf("Check(%v): message does not start with %q:\n%s", w, s, msg)
					}
				}
				if f.Answer.FromCache && !strings.Contains(msg, "iamgate: authorizer cache hit: the Lambda authorizer is not invoked; API Gateway uses the result stored by "+tc.issuedFor+" at 2025-03-01T12:00:00Z") {
					t.Errorf("Check(%v): message does not say which request stored the result:\n%s", w, msg)
				}
			}
			if diff := cmp.Diff(tc.met, met); diff != "" {
				t.Errorf("Wants met (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCachedTrap is the trap in full: the handler's answer to each request
// is right, the cached answer to the next one is not.
func TestCachedTrap(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api, Time: at})
	first := invoke(g, methodArnHandler, "GET /prod/orders/42", "Bearer alice")
	second := invoke(g, methodArnHandler, "GET /prod/orders/43", "Bearer alice")
	g.Allowed("GET /prod/orders/42", first)
	g.Allowed("GET /prod/orders/43", second)
	err := g.Cached("GET /prod/orders/42", first).Check("GET /prod/orders/43", authztest.Allow)
	if err == nil {
		t.Fatal("the cached policy for GET /prod/orders/42 allows GET /prod/orders/43")
	}
	msg := err.Error()
	for _, s := range []string{
		"authztest: GET /prod/orders/43 (" + api + "/prod/GET/orders/43) with the response to GET /prod/orders/42 from the authorizer cache: want allowed, got 403 implicit deny (authorizer, cached result): User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action\n",
		"\n    authorizer output statement 0 (Allow) at 6:7 does not apply:\n",
		"\n    - this denial comes from the authorizer cache: the policy was returned by GET /prod/orders/42 for methodArn " + api + "/prod/GET/orders/42",
		"expires at 2025-03-01T12:05:00Z (TTL 300 s)",
		"\n    iamgate: the cached policy was returned for methodArn " + api + "/prod/GET/orders/42, not for this request's " + api + "/prod/GET/orders/43",
	} {
		if !strings.Contains(msg, s) {
			t.Errorf("message does not contain %q:\n%s", s, msg)
		}
	}
	// The TTL of the configuration is the one the explanation gives.
	g = authztest.New(t, authztest.Config{API: api, Time: at, TTL: apigw.TTLSeconds(3600)})
	err = g.Cached("GET /prod/orders/42", first).Check("GET /prod/orders/43", authztest.Allow)
	if err == nil || !strings.Contains(err.Error(), "expires at 2025-03-01T13:00:00Z (TTL 3600 s)") {
		t.Errorf("Check with TTL 3600 = %v, want the entry to expire after an hour", err)
	}
}

// TestCachedNothing covers responses API Gateway does not cache, and
// checks that cannot be made: every Want fails with the reason.
func TestCachedNothing(t *testing.T) {
	gws := gateways(t)
	alice := respond("alice", "Allow", "*")
	tests := []struct {
		name      string
		gateway   string
		issuedFor string
		returned  any
		request   string
		contains  []string
	}{
		{"caching off", "nocache", "GET /prod/orders/42", alice, "GET /prod/orders/43", []string{
			"authztest: GET /prod/orders/43 with the response to GET /prod/orders/42 from the authorizer cache: nothing to check: caching is off (TTL 0)",
		}},
		{"Unauthorized", "plain", "GET /prod/orders/42", errors.New("Unauthorized"), "GET /prod/orders/43", []string{
			`nothing to check: the handler failed with "Unauthorized" for GET /prod/orders/42, which API Gateway answers with 401 Unauthorized (authorizer); an error is never cached (D16: https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d16)`,
			"\n  trace:\n",
		}},
		{"other error", "plain", "GET /prod/orders/42", errors.New("boom"), "GET /prod/orders/43", []string{
			`nothing to check: the handler failed with "boom" for GET /prod/orders/42, which API Gateway answers with 500 AUTHORIZER_FAILURE`,
		}},
		{"unusable output", "plain", "GET /prod/orders/42", map[string]any{"statusCode": 200, "body": "ok"}, "GET /prod/orders/43", []string{
			"nothing to check: API Gateway cannot use the response to GET /prod/orders/42 (500 AUTHORIZER_CONFIGURATION_ERROR: API Gateway cannot use the output) and caches nothing (D16: https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d16)",
			"\n  why API Gateway cannot use the output:\n    authorizer output:1:1: \"policyDocument\" is missing",
		}},
		{"nil", "plain", "GET /prod/orders/42", nil, "GET /prod/orders/43", []string{
			"caches nothing (D16: https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d16)", "the authorizer returned null",
		}},
		{"resource policy denies before the authorizer", "office", "GET /prod/admin/users", alice, "GET /prod/orders/43", []string{
			"nothing to check: API Gateway answers GET /prod/admin/users with 403 explicit deny (resource-policy, phase 1: before the authorizer ran)",
			"so the handler never returns this response for it and nothing is cached",
			"\n    resource policy statement 0 (Sid \"DenyAdmin\", Deny) at 4:5 applies:",
		}},
		{"another stage", "plain", "GET /prod/orders/42", alice, "GET /test/orders/42", []string{
			`authztest: GET /test/orders/42 with the response to GET /prod/orders/42 from the authorizer cache: the response was cached for stage "prod", and API Gateway keeps authorizer results per stage: a request to stage "test" invokes the authorizer again (API-FLUSH: https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageAuthorizersCache.html)`,
		}},
		{"bad request line issued for", "plain", "GET prod/orders/42", alice, "GET /prod/orders/43", []string{
			`authztest: request "GET prod/orders/42"`,
		}},
		{"bad request line checked", "plain", "GET /prod/orders/42", alice, "GET /prod/orders/43 HTTP/1.1", []string{
			`authztest: request "GET /prod/orders/43 HTTP/1.1"`,
		}},
		{"value without JSON form", "plain", "GET /prod/orders/42", func() {}, "GET /prod/orders/43", []string{
			"authztest: GET /prod/orders/42: the returned func() has no JSON form",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := gws[tc.gateway].Cached(tc.issuedFor, tc.returned)
			for _, w := range allWants[:3] {
				err := c.Check(tc.request, w)
				if err == nil {
					t.Fatalf("Check(%v) = nil, want an error", w)
				}
				var f *authztest.Failure
				if errors.As(err, &f) {
					t.Errorf("Check(%v) = a *Failure, want an error saying why there is nothing to check: %v", w, err)
				}
				for _, s := range tc.contains {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("Check(%v): error does not contain %q:\n%v", w, s, err)
					}
				}
			}
			// The helpers report the same text.
			rec := &recorder{}
			var ok bool
			run(func() { ok = c.For(rec).Allowed(tc.request) })
			if want := []string{c.Check(tc.request, authztest.Allow).Error()}; ok || !cmp.Equal(want, rec.errors) {
				t.Errorf("Allowed = %v, reported %q; want false, %q", ok, rec.errors, want)
			}
		})
	}
}

func TestCachedWant(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api, Time: at})
	c := g.Cached("GET /prod/orders/42", respond("alice", "Allow", "*"))
	for w, contains := range map[authztest.Want]string{
		0:                      "Want(0) is not an answer to check",
		authztest.Unauthorized: "a cached response never gives 401",
	} {
		if err := c.Check("GET /prod/orders/43", w); err == nil || !strings.Contains(err.Error(), contains) {
			t.Errorf("Check(%v) = %v, want an error containing %q", w, err, contains)
		}
	}
}

// An identity source that differs from one method to another makes
// another cache key: the cached response does not answer the request.
func TestCachedOtherCacheKey(t *testing.T) {
	g := authztest.New(t, authztest.Config{API: api, Type: apigw.RequestAuthorizer, Time: at,
		IdentitySources: []string{"method.request.header.Auth", "context.httpMethod"}})
	returned := respond("alice", "Allow", api+"/prod/GET/*")
	c := g.Cached("GET /prod/orders/42", returned)
	if err := c.Check("GET /prod/orders/43", authztest.Allow); err != nil {
		t.Errorf("same method, same key: %v", err)
	}
	err := c.Check("POST /prod/orders", authztest.ImplicitDeny)
	if err == nil || !strings.Contains(err.Error(), "invokes the authorizer again") {
		t.Errorf("another method, another key: %v", err)
	}
}
