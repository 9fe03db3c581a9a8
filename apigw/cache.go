package apigw

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/arn"
)

// AuthorizerCache is API Gateway's authorizer result cache for a REST API,
// simulated (KC-CACHE, D16):
//   - the key is the token of a TOKEN authorizer, or the values of all the
//     identity sources of a REQUEST authorizer (Gateway.CacheKey);
//   - entries are kept per API, stage and authorizer (AuthorizerConfig.Name)
//     for the authorizer's TTL, and a stored result answers every method of
//     the stage that uses the authorizer, whatever method ARN it was
//     written for (KC-CACHE);
//   - only usable output is stored: a policy (Allow or Deny) with its
//     principal and context, never an error (401 or 500) or invalid
//     output;
//   - FlushStage empties a stage, as FlushStageAuthorizersCache does.
//
// The resource policy's phase 1 is not cached: Decide runs it on every
// call. The zero AuthorizerCache is empty and ready to use. It is not safe
// for concurrent use: the requests that share a cache are ordered.
type AuthorizerCache struct {
	entries map[cacheKey]*CachedResult
}

type cacheKey struct {
	api        arn.API
	stage      string
	authorizer string
	identity   string
}

// CachedResult is one entry of an AuthorizerCache.
type CachedResult struct {
	// Result is the authorizer's output, as it was stored.
	Result *AuthorizerResult
	// Authorizer is the authorizer's name (AuthorizerConfig.Name).
	Authorizer string
	// Identity is the cache key in readable form: the token, or the
	// identity sources and their values.
	Identity string
	// MethodARN is the method ARN of the request that invoked the
	// authorizer: the methodArn its policy was written for.
	MethodARN arn.MethodARN
	// Stored is when the result was stored; Expires is Stored plus the
	// TTL. The entry answers calls made before Expires.
	Stored, Expires time.Time
	// Source names the request that stored the result, as given to Store.
	Source string
}

// String describes the entry in one line.
func (e *CachedResult) String() string {
	if e == nil {
		return "no cached result"
	}
	src := ""
	if e.Source != "" {
		src = " by " + e.Source
	}
	return fmt.Sprintf("stored%s at %s for methodArn %s (%s), expires at %s",
		src, e.Stored.UTC().Format(time.RFC3339), e.MethodARN, e.Identity, e.Expires.UTC().Format(time.RFC3339))
}

// CacheKey returns the authorizer cache key of the call: the token of a
// TOKEN authorizer, or the combined values of a REQUEST authorizer's
// identity sources, each written as SOURCE="value" (two calls share an
// entry exactly when their keys are equal). ok is false when the method's
// authorizer results are not cached: the method has no Lambda authorizer
// or its TTL is 0.
func (g *Gateway) CacheKey(c *Call) (key string, ok bool) {
	if g == nil || !g.compiled || g.cfg.Auth != AuthCustom || g.cfg.Authorizer.ttl() == 0 {
		return "", false
	}
	var b strings.Builder
	for i := range g.sources {
		src := &g.sources[i]
		v, _ := c.sourceValue(src)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(src.text)
		b.WriteByte('=')
		b.WriteString(strconv.Quote(v))
	}
	return b.String(), true
}

// maskedKey is the readable form of a cache key: a token is masked.
func (g *Gateway) maskedKey(c *Call) string {
	if g.cfg.Authorizer.Type == TokenAuthorizer && len(g.sources) == 1 {
		v, _ := c.sourceValue(&g.sources[0])
		return "token " + maskPrincipal(v)
	}
	k, _ := g.CacheKey(c)
	return k
}

func (g *Gateway) cacheKey(c *Call) (cacheKey, bool) {
	id, ok := g.CacheKey(c)
	if !ok {
		return cacheKey{}, false
	}
	return cacheKey{api: c.Method.API, stage: c.Method.Stage, authorizer: g.cfg.Authorizer.Name, identity: id}, true
}

// Lookup returns the entry that answers the call at time now, or nil when
// there is none: no entry for its key, the entry expired (it is then
// dropped), or the method's results are not cached.
func (ac *AuthorizerCache) Lookup(g *Gateway, c *Call, now time.Time) *CachedResult {
	k, ok := g.cacheKey(c)
	if !ok {
		return nil
	}
	e := ac.entries[k]
	if e == nil {
		return nil
	}
	if !now.Before(e.Expires) {
		delete(ac.entries, k)
		return nil
	}
	return e
}

// Store keeps the authorizer's result for the call's key from now for the
// authorizer's TTL, replacing any entry, and returns the entry. It stores
// nothing and returns nil when the method's results are not cached or the
// result is not usable output (D16: a 401, a 500 or invalid
// output is never cached). source names the request in explanations.
func (ac *AuthorizerCache) Store(g *Gateway, c *Call, now time.Time, r *AuthorizerResult, source string) *CachedResult {
	k, ok := g.cacheKey(c)
	if !ok || !r.Usable() {
		return nil
	}
	if ac.entries == nil {
		ac.entries = map[cacheKey]*CachedResult{}
	}
	e := &CachedResult{
		Result:     r,
		Authorizer: g.cfg.Authorizer.Name,
		Identity:   g.maskedKey(c),
		MethodARN:  c.Method,
		Stored:     now,
		Expires:    now.Add(time.Duration(g.cfg.Authorizer.ttl()) * time.Second),
		Source:     source,
	}
	ac.entries[k] = e
	return e
}

// FlushStage drops every entry of one stage of an API, as
// FlushStageAuthorizersCache does (KC-CACHE), and returns how many of
// them were still live at now (expired entries are dropped too, but they
// answered nothing any more).
func (ac *AuthorizerCache) FlushStage(api arn.API, stage string, now time.Time) int {
	n := 0
	for k, e := range ac.entries {
		if k.api == api && k.stage == stage {
			delete(ac.entries, k)
			if now.Before(e.Expires) {
				n++
			}
		}
	}
	return n
}

// Len returns the number of entries, expired ones included until a Lookup
// drops them.
func (ac *AuthorizerCache) Len() int { return len(ac.entries) }
