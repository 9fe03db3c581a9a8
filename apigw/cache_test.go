package apigw_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
)

var t0 = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// cachedCall runs one call through the cache the way API Gateway does:
// decide; when the authorizer is needed, take a live entry or invoke
// (here: use out) and store the result.
func cachedCall(t *testing.T, g *apigw.Gateway, ac *apigw.AuthorizerCache, c apigw.Call, now time.Time, out *apigw.AuthorizerResult, name string) (apigw.Answer, *apigw.CachedResult) {
	t.Helper()
	ctx, err := apigw.ContextFor(apigw.RequestInfo{Time: now})
	if err != nil {
		t.Fatal(err)
	}
	c.Context = ctx
	c.Prepare()
	if o := g.Decide(&c); !o.NeedsAuthorizer {
		return g.Explain(&c, apigw.ExplainOptions{}), nil
	}
	var stored *apigw.CachedResult
	if e := ac.Lookup(g, &c, now); e != nil {
		c.Authorizer, c.Cached = e.Result, e
	} else {
		c.Authorizer = out
		stored = ac.Store(g, &c, now, out, name)
	}
	a := g.Explain(&c, apigw.ExplainOptions{})
	if o := g.Decide(&c); o != a.Outcome {
		t.Fatalf("Decide %+v != Explain %+v", o, a.Outcome)
	}
	return a, stored
}

func TestAuthorizerCacheTrap(t *testing.T) {
	// KC-CACHE: the authorizer returns a policy for event.methodArn only;
	// the result is cached under the token and reused for every route.
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	var ac apigw.AuthorizerCache
	methodOnly := func(m arn.MethodARN) *apigw.AuthorizerResult {
		return apigw.ParseAuthorizerOutput([]byte(`{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"`+m.String()+`"}]}}`), "out.json")
	}
	orders, pets := mustMethod("GET /prod/orders"), mustMethod("GET /prod/pets/1")

	a, stored := cachedCall(t, g, &ac, apigw.Call{Method: orders, Headers: token("tok-1")}, t0, methodOnly(orders), `"first"`)
	if a.Status != 200 || a.FromCache || stored == nil {
		t.Fatalf("first call: %d fromCache=%v stored=%v", a.Status, a.FromCache, stored)
	}
	if want := t0.Add(300 * time.Second); !stored.Expires.Equal(want) {
		t.Errorf("expires %v, want %v", stored.Expires, want)
	}

	// Another route within the TTL: the cached policy decides.
	a, _ = cachedCall(t, g, &ac, apigw.Call{Method: pets, Headers: token("tok-1")}, t0.Add(299*time.Second), methodOnly(pets), `"second"`)
	if a.Status != 403 || a.Decision != eval.ImplicitDeny || !a.FromCache || a.DecidedBy != apigw.LayerAuthorizer {
		t.Fatalf("second call: %d %v fromCache=%v by %v", a.Status, a.Decision, a.FromCache, a.DecidedBy)
	}
	if a.Message != "User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action" {
		t.Errorf("message %q", a.Message)
	}
	trace := a.Trace.String()
	for _, want := range []string{"authorizer cache hit", `stored by "first"`, "for methodArn " + orders.String(), "(stored 299 s before this request, 1 s left)", "not for this request's " + pets.String()} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
	if strings.Contains(trace, "Authorizer result body before parsing") {
		t.Errorf("a cache hit must not log an invocation:\n%s", trace)
	}
	advice := adviceText(a)
	for _, want := range []string{"comes from the authorizer cache", `returned by "first" for methodArn ` + orders.String(), "flush-stage-authorizers-cache", "TTL 300 s"} {
		if !strings.Contains(advice, want) {
			t.Errorf("advice lacks %q:\n%s", want, advice)
		}
	}

	// Another token is another key: the authorizer runs.
	a, _ = cachedCall(t, g, &ac, apigw.Call{Method: pets, Headers: token("tok-2")}, t0.Add(10*time.Second), methodOnly(pets), `"other token"`)
	if a.Status != 200 || a.FromCache {
		t.Errorf("other token: %d fromCache=%v", a.Status, a.FromCache)
	}

	// At the TTL the entry has expired: the authorizer runs again.
	a, _ = cachedCall(t, g, &ac, apigw.Call{Method: pets, Headers: token("tok-1")}, t0.Add(300*time.Second), methodOnly(pets), `"after TTL"`)
	if a.Status != 200 || a.FromCache {
		t.Errorf("after the TTL: %d fromCache=%v", a.Status, a.FromCache)
	}

	// Flushing the stage empties it.
	// tok-2's entry (stored at 10 s) expired at 310 s: one live entry.
	if n := ac.FlushStage(testAPI, "prod", t0.Add(311*time.Second)); n != 1 {
		t.Errorf("flushed %d live entries, want 1", n)
	}
	if ac.Len() != 0 {
		t.Errorf("%d entries left after the flush", ac.Len())
	}
	a, _ = cachedCall(t, g, &ac, apigw.Call{Method: orders, Headers: token("tok-1")}, t0.Add(311*time.Second), methodOnly(orders), `"after flush"`)
	if a.Status != 200 || a.FromCache {
		t.Errorf("after flush: %d fromCache=%v", a.Status, a.FromCache)
	}
}

func TestAuthorizerCachePhase1EveryRequest(t *testing.T) {
	// Phase 1 is not cached: a resource-policy deny for the second route
	// stops it even though a cached Allow would cover it (D16).
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, denyRP))
	var ac apigw.AuthorizerCache
	a, stored := cachedCall(t, g, &ac, apigw.Call{Method: mustMethod("GET /prod/orders"), Headers: token("t")}, t0, allowOutput, "first")
	if a.Status != 200 || stored == nil {
		t.Fatalf("first: %d %v", a.Status, stored)
	}
	a, _ = cachedCall(t, g, &ac, apigw.Call{Method: testMethod, Headers: token("t")}, t0.Add(time.Second), allowOutput, "second")
	if a.Status != 403 || !a.Phase1 || a.FromCache || a.DecidedBy != apigw.LayerResourcePolicy {
		t.Errorf("second: %d phase1=%v fromCache=%v by %v", a.Status, a.Phase1, a.FromCache, a.DecidedBy)
	}
}

func TestAuthorizerCacheStoresOnlyParsedOutput(t *testing.T) {
	g := apigw.MustNewGateway(custom(apigw.TokenAuthorizer, 300, ""))
	c := apigw.Call{Method: testMethod, Headers: token("t")}
	var ac apigw.AuthorizerCache
	for name, r := range map[string]*apigw.AuthorizerResult{
		"Unauthorized":   apigw.AuthorizerError("Unauthorized"),
		"other error":    apigw.AuthorizerError("boom"),
		"invalid output": apigw.ParseAuthorizerOutput([]byte(`{"principalId":"u"}`), "out.json"),
		"nil":            nil,
	} {
		if e := ac.Store(g, &c, t0, r, name); e != nil {
			t.Errorf("%s was stored (D16)", name)
		}
	}
	// A Deny policy is parsed output: it is cached.
	if e := ac.Store(g, &c, t0, denyOutput, "deny"); e == nil || ac.Len() != 1 {
		t.Errorf("a Deny policy was not stored")
	}
}

func TestAuthorizerCacheOffAndNotLambda(t *testing.T) {
	c := apigw.Call{Method: testMethod, Headers: token("t")}
	for name, cfg := range map[string]apigw.Config{
		"TTL 0":   custom(apigw.TokenAuthorizer, 0, ""),
		"NONE":    {API: testAPI},
		"AWS_IAM": {API: testAPI, Auth: apigw.AuthIAM},
		"Cognito": {API: testAPI, Auth: apigw.AuthCognito},
	} {
		g := apigw.MustNewGateway(cfg)
		if k, ok := g.CacheKey(&c); ok {
			t.Errorf("%s: cache key %q", name, k)
		}
		var ac apigw.AuthorizerCache
		if ac.Store(g, &c, t0, allowOutput, "x") != nil || ac.Lookup(g, &c, t0) != nil {
			t.Errorf("%s: cached", name)
		}
	}
}

func TestAuthorizerCacheKeys(t *testing.T) {
	req := custom(apigw.RequestAuthorizer, 60, "", func(a *apigw.AuthorizerConfig) {
		a.IdentitySources = []string{"method.request.header.X-Tenant", "method.request.querystring.user"}
	})
	g := apigw.MustNewGateway(req)
	call := func(tenant, user, stage string) *apigw.Call {
		m, err := testAPI.Method("GET /" + stage + "/pets/1")
		if err != nil {
			t.Fatal(err)
		}
		return &apigw.Call{Method: m, Headers: http.Header{"X-Tenant": {tenant}}, Query: url.Values{"user": {user}}}
	}
	k, ok := g.CacheKey(call("a", "b", "prod"))
	if want := `method.request.header.X-Tenant="a", method.request.querystring.user="b"`; !ok || k != want {
		t.Errorf("key %q, want %q", k, want)
	}
	var ac apigw.AuthorizerCache
	ac.Store(g, call("a", "b", "prod"), t0, allowOutput, "first")
	for _, tc := range []struct {
		name string
		c    *apigw.Call
		hit  bool
	}{
		{"same values, another route", call("a", "b", "prod"), true},
		{"one value changed", call("a", "c", "prod"), false},
		{"values shifted across sources", call("a,", "b", "prod"), false},
		{"another stage", call("a", "b", "beta"), false},
	} {
		if got := ac.Lookup(g, tc.c, t0.Add(59*time.Second)) != nil; got != tc.hit {
			t.Errorf("%s: hit=%v, want %v", tc.name, got, tc.hit)
		}
	}
	if ac.Lookup(g, call("a", "b", "prod"), t0.Add(60*time.Second)) != nil {
		t.Error("the entry outlived its TTL")
	}

	// Two authorizers keep their entries apart; flushing one stage keeps
	// the others.
	other := req
	other.Authorizer.Name = "other"
	g2 := apigw.MustNewGateway(other)
	ac.Store(g, call("a", "b", "prod"), t0, allowOutput, "first")
	if ac.Lookup(g2, call("a", "b", "prod"), t0) != nil {
		t.Error("another authorizer's entry answered")
	}
	ac.Store(g, call("a", "b", "beta"), t0, allowOutput, "beta")
	if n := ac.FlushStage(testAPI, "prod", t0); n != 1 {
		t.Errorf("flushed %d, want 1", n)
	}
	if ac.Lookup(g, call("a", "b", "beta"), t0) == nil {
		t.Error("flushing prod dropped beta")
	}
}

func TestNoSuchMethod(t *testing.T) {
	a := apigw.NoSuchMethod(testMethod, apigw.ExplainOptions{})
	if a.Status != 403 || a.Response != apigw.MissingAuthenticationToken || a.Body != `{"message":"Missing Authentication Token"}` || a.Decided {
		t.Errorf("got %+v", a)
	}
	if len(a.Headers) != 2 || a.Headers[1].Value != "MissingAuthenticationTokenException" {
		t.Errorf("headers %+v", a.Headers)
	}
}
