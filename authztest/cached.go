package authztest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/cite"
)

// Cached is a handler's response as API Gateway's authorizer cache keeps
// it: with caching on, API Gateway stores the response the handler returned
// for one request under the caller's identity (the token, or the identity
// sources) and, for the TTL, answers every later request of that caller to
// any method of the same stage with it, without invoking the handler again
// (KC-CACHE). The classic trap is a policy that allows only
// event.methodArn: the request it was returned for is allowed, and every
// other route of the stage is denied with 403 until the entry expires.
//
// Its checks ask how API Gateway answers a later request with the cached
// response; their failure messages say that the answer came from the cache
// and which request stored it. They fail, saying why, when nothing can be
// cached: caching is off (TTL 0), the handler failed (an error is never
// cached, D16), the output is unusable, or the resource policy
// denied the request before the authorizer ran. They also fail for a
// request to another stage, since each stage has its own cache.
//
// The later requests arrive at the time the response was stored
// (Config.Time), well within the TTL. A Cached is safe for concurrent use;
// its checks report to its Gateway's testing.TB, or For's.
type Cached struct {
	g *Gateway
	*entry
}

// entry is what the Cached values made by For share.
type entry struct {
	issuedFor string
	method    arn.MethodARN
	// err is a request line or value that could not be read; notCached
	// says why API Gateway cached nothing. Either makes every check fail.
	err       error
	notCached string

	mu    sync.Mutex
	cache apigw.AuthorizerCache
}

// Cached returns returned, the handler's response to the request issuedFor
// (a request line such as "GET /prod/orders/42"), as API Gateway caches it,
// for checks of later requests:
//
//	g.Cached("GET /prod/orders/42", resp).Allowed("GET /prod/orders/43")
//
// says that the response the handler returned for GET /prod/orders/42 must
// still allow GET /prod/orders/43 when API Gateway answers it from its
// cache. Cached reports nothing itself: its checks do.
func (g *Gateway) Cached(issuedFor string, returned any) *Cached {
	c := &Cached{g: g, entry: &entry{issuedFor: issuedFor}}
	c.store(returned)
	return c
}

// For returns the same cached response with checks reported to tb, such
// as a subtest's *testing.T.
func (c *Cached) For(tb testing.TB) *Cached {
	if c.g == nil {
		return &Cached{g: (&Gateway{}).For(tb), entry: c.entry}
	}
	return &Cached{g: c.g.For(tb), entry: c.entry}
}

// store invokes nothing: it puts the handler's response for issuedFor in
// the cache as API Gateway would, or records why API Gateway would not.
func (c *Cached) store(returned any) {
	g := c.g
	m, r, err := g.prepare(c.issuedFor, returned)
	if err != nil {
		c.err = err
		return
	}
	c.method = m
	if _, ok := g.gw.CacheKey(&apigw.Call{Method: m}); !ok {
		c.notCached = "caching is off (TTL 0): API Gateway invokes the authorizer for every request and caches nothing, so there is no cached response to check; check the handler's response to each request instead"
		return
	}
	call, err := g.call(m, r, nil)
	if err != nil {
		c.err = err
		return
	}
	if o := g.gw.Decide(call); !o.AuthorizerReached {
		a := g.gw.Explain(call, g.opts)
		c.notCached = c.explainNothing(fmt.Sprintf("API Gateway answers %s with %s before invoking the authorizer, so the handler never returns this response for it and nothing is cached", c.issuedFor, Describe(a)), &a, r)
		return
	}
	if c.cache.Store(g.gw, call, g.now, r, c.issuedFor) != nil {
		return
	}
	a := g.gw.Explain(call, g.opts)
	why := fmt.Sprintf("API Gateway cannot use the response to %s (%s) and caches nothing (%s)", c.issuedFor, Describe(a), cite.Inline("D16"))
	if msg, failed := r.Err(); failed {
		why = fmt.Sprintf("the handler failed with %q for %s, which API Gateway answers with %s; an error is never cached (%s)", msg, c.issuedFor, Describe(a), cite.Inline("D16"))
	}
	c.notCached = c.explainNothing(why, &a, r)
}

// explainNothing is why nothing was cached, followed by the explanation of
// the answer to issuedFor.
func (c *Cached) explainNothing(why string, a *apigw.Answer, r *apigw.AuthorizerResult) string {
	var b strings.Builder
	b.WriteString(why)
	b.WriteString(explanation(a, r.Raw()))
	return b.String()
}

// Check reports whether API Gateway, answering request with the cached
// response, answers it as wanted: nil when it does; otherwise a *Failure
// whose text is the failure message the TB helpers report, or an error
// saying why there is nothing to check. It does not report to the
// testing.TB.
func (c *Cached) Check(request string, want Want) error {
	if c.g == nil || c.entry == nil {
		return errNotNew // not made by Gateway.Cached
	}
	prefix := fmt.Sprintf("authztest: %s with the response to %s from the authorizer cache", request, c.issuedFor)
	switch {
	case !want.valid():
		return fmt.Errorf("%s: %v is not an answer to check", prefix, want)
	case want == Unauthorized:
		return fmt.Errorf("%s: a cached response never gives 401: API Gateway caches only usable output, never the error \"Unauthorized\" (%s)", prefix, cite.Inline("D16"))
	case c.err != nil:
		return c.err
	case c.notCached != "":
		return fmt.Errorf("%s: nothing to check: %s", prefix, c.notCached)
	}
	m, err := c.g.method(request)
	if err != nil {
		return err
	}
	if m.Stage != c.method.Stage {
		return fmt.Errorf("%s: the response was cached for stage %q, and API Gateway keeps authorizer results per stage: a request to stage %q invokes the authorizer again (%s)", prefix, c.method.Stage, m.Stage, cite.Inline("API-FLUSH"))
	}
	lookup, err := c.g.call(m, nil, nil)
	if err != nil {
		return err
	}
	c.mu.Lock()
	e := c.cache.Lookup(c.g.gw, lookup, c.g.now)
	c.mu.Unlock()
	if e == nil {
		// Identity sources such as context.httpMethod make the cache
		// key differ from one method to another.
		return fmt.Errorf("%s: nothing to check: the request's identity sources (%s) do not give the cache key of %s, so API Gateway invokes the authorizer again for it; check the handler's response to it instead", prefix, strings.Join(c.g.gw.IdentitySources(), ", "), c.issuedFor)
	}
	call, err := c.g.call(m, e.Result, e)
	if err != nil {
		return err
	}
	if want.met(c.g.gw.Decide(call)) {
		return nil
	}
	return &Failure{Request: request, IssuedFor: c.issuedFor, Want: want, Answer: c.g.gw.Explain(call, c.g.opts), result: e.Result}
}

// Allowed checks that API Gateway lets request through when it answers it
// with the cached response, and reports a failure with tb.Errorf otherwise.
// It returns whether the check passed.
func (c *Cached) Allowed(request string) bool {
	if c.g == nil || c.g.tb == nil {
		return false
	}
	c.g.tb.Helper()
	return c.g.report(c.Check(request, Allow))
}

// ExplicitlyDenied checks that API Gateway answers request with 403 because
// a Deny statement applied, the cached policy's or the resource policy's,
// and reports a failure with tb.Errorf otherwise.
func (c *Cached) ExplicitlyDenied(request string) bool {
	if c.g == nil || c.g.tb == nil {
		return false
	}
	c.g.tb.Helper()
	return c.g.report(c.Check(request, ExplicitDeny))
}

// ImplicitlyDenied checks that API Gateway answers request with 403 because
// no statement of the cached policy (or the resource policy) allowed it and
// none denied it, and reports a failure with tb.Errorf otherwise.
func (c *Cached) ImplicitlyDenied(request string) bool {
	if c.g == nil || c.g.tb == nil {
		return false
	}
	c.g.tb.Helper()
	return c.g.report(c.Check(request, ImplicitDeny))
}
