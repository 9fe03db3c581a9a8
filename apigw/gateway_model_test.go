package apigw_test

import (
	"net/http"
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// TestGatewayAgainstModel runs every combination of authorization type,
// authorizer type, caching, validation expression, token, resource policy,
// authorizer result, caller and identity policy through the gateway and
// compares the answer with a model written from AWS's prose (AUTHFLOW,
// LA-CONFIG, LA-USE) and D1, D6 to D8: the outcome tables
// are formulas there, not the table data the package uses.
func TestGatewayAgainstModel(t *testing.T) {
	type result struct {
		name   string
		out    *apigw.AuthorizerResult
		policy eval.Decision // for usable outputs
		kind   string        // "policy", "unauthorized", "error", "invalid"
	}
	results := []result{
		{"allow", apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.Allow]), "a"), eval.Allow, "policy"},
		{"neither", apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.ImplicitDeny]), "a"), eval.ImplicitDeny, "policy"},
		{"deny", apigw.ParseAuthorizerOutput([]byte(authorizerDocs[eval.ExplicitDeny]), "a"), eval.ExplicitDeny, "policy"},
		{"Unauthorized", apigw.AuthorizerError("Unauthorized"), 0, "unauthorized"},
		{"error", apigw.AuthorizerError("boom"), 0, "error"},
		{"invalid", apigw.ParseAuthorizerOutput([]byte(`{"policyDocument":{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}}`), "a"), 0, "invalid"},
	}
	rps := map[string]*policy.Document{"none": nil}
	rpDecision := map[string]eval.Decision{"none": eval.ImplicitDeny}
	for d, src := range rpDocs {
		name := d.String()
		rps[name] = mustDoc(t, src, policy.ResourceBased)
		rpDecision[name] = d
	}
	idSets := map[string]*eval.PolicySet{"none": nil}
	idDecision := map[string]eval.Decision{"none": eval.ImplicitDeny}
	for d, src := range identityDocs {
		idSets[d.String()] = eval.MustCompile(eval.CompileOptions{}, mustDoc(t, src, policy.IdentityBased))
		idDecision[d.String()] = d
	}
	callers := map[string]string{"anonymous": "", "same": "arn:aws:iam::123456789012:user/alice", "other": "arn:aws:iam::210987654321:user/bob", "root": "arn:aws:iam::123456789012:root"}
	tokens := map[string]*string{"absent": nil, "empty": ptr(""), "valid": ptr("abcde"), "short": ptr("abc")}

	n := 0
	for _, auth := range []apigw.AuthType{apigw.AuthNone, apigw.AuthCustom, apigw.AuthIAM, apigw.AuthCognito} {
		for _, typ := range []apigw.AuthorizerType{apigw.TokenAuthorizer, apigw.RequestAuthorizer} {
			for _, ttl := range []int{0, 300} {
				for _, regex := range []string{"", `\w{5}`} {
					if regex != "" && (auth != apigw.AuthCustom || typ != apigw.TokenAuthorizer) {
						continue
					}
					src := "method.request.header.Authorization"
					if typ == apigw.RequestAuthorizer && auth == apigw.AuthCustom {
						src = "method.request.header.Auth"
					}
					for rpName, rp := range rps {
						g := apigw.MustNewGateway(apigw.Config{API: testAPI, ResourcePolicy: rp, Auth: auth, Authorizer: apigw.AuthorizerConfig{
							Type: typ, TTL: apigw.TTLSeconds(ttl), ValidationExpression: regex, IdentitySources: []string{src},
						}})
						for tokName, tok := range tokens {
							for _, res := range results {
								for callerName, callerARN := range callers {
									for idName, ids := range idSets {
										call := apigw.Call{Method: testMethod, Headers: http.Header{}, Authorizer: res.out, IdentityPolicies: ids}
										if tok != nil {
											call.Headers.Set(src[len("method.request.header."):], *tok)
										}
										if callerARN != "" {
											call.Caller = eval.MustNewCaller(callerARN)
										}
										call.Prepare()
										got := g.Decide(&call)
										if x := g.Explain(&call, apigw.ExplainOptions{}).Outcome; x != got {
											t.Fatalf("Explain %+v != Decide %+v", x, got)
										}
										want := model(auth, typ, ttl, regex, tok, rp != nil, rpDecision[rpName], res.kind, res.policy, callerName, idDecision[idName])
										have := modelAnswer{got.Status, got.Decided, got.Decision, got.DecidedBy}
										if !have.Decided {
											have.Decision = 0
										}
										if have != want {
											t.Fatalf("%v %v ttl=%d regex=%q token=%s rp=%s authorizer=%s caller=%s identity=%s:\n got %+v\nwant %+v",
												auth, typ, ttl, regex, tokName, rpName, res.name, callerName, idName, have, want)
										}
										n++
									}
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d combinations", n)
}

func ptr(s string) *string { return &s }

type modelAnswer struct {
	Status   int
	Decided  bool
	Decision eval.Decision
	By       apigw.Layer
}

// model is API Gateway's flow as AUTHFLOW, LA-CONFIG and LA-USE describe
// it.
func model(auth apigw.AuthType, typ apigw.AuthorizerType, ttl int, regex string, tok *string, rpAttached bool, rp eval.Decision,
	resKind string, resPolicy eval.Decision, caller string, id eval.Decision) modelAnswer {
	deny := func(d eval.Decision, by apigw.Layer) modelAnswer { return modelAnswer{403, true, d, by} }
	allow := func(by apigw.Layer) modelAnswer { return modelAnswer{200, true, eval.Allow, by} }
	tokenOK := tok != nil && *tok != ""
	resourceOnly := func(noPolicy apigw.Layer) modelAnswer {
		switch {
		case !rpAttached:
			return allow(noPolicy)
		case rp == eval.Allow:
			return allow(apigw.LayerResourcePolicy)
		}
		return deny(rp, apigw.LayerResourcePolicy)
	}
	// combine is Tables A and B as AUTHFLOW's prose states them:
	// same account, either side allowing is enough; across accounts both
	// must allow; an explicit deny on either side wins.
	combine := func(id, rp eval.Decision, sameAccount bool, idLayer apigw.Layer) modelAnswer {
		switch {
		case id == eval.ExplicitDeny:
			return deny(eval.ExplicitDeny, idLayer)
		case rp == eval.ExplicitDeny:
			return deny(eval.ExplicitDeny, apigw.LayerResourcePolicy)
		case sameAccount && id == eval.Allow:
			return allow(idLayer)
		case sameAccount && rp == eval.Allow:
			return allow(apigw.LayerResourcePolicy)
		case !sameAccount && id == eval.Allow && rp == eval.Allow:
			return allow(idLayer)
		case !sameAccount && id == eval.Allow:
			return deny(eval.ImplicitDeny, apigw.LayerResourcePolicy)
		}
		return deny(eval.ImplicitDeny, idLayer)
	}
	switch auth {
	case apigw.AuthNone:
		return resourceOnly(apigw.LayerNone)
	case apigw.AuthCognito:
		if !tokenOK {
			return modelAnswer{401, false, 0, apigw.LayerIdentityCheck}
		}
		return resourceOnly(apigw.LayerAuthorizer)
	case apigw.AuthIAM:
		switch caller {
		case "anonymous":
			return modelAnswer{403, false, 0, apigw.LayerIdentityCheck}
		case "root":
			id = eval.Allow
		}
		return combine(id, rp, caller != "other", apigw.LayerIdentityPolicy)
	}
	// CUSTOM: identity check (D6 to D8), phase 1, the authorizer, Table A.
	if typ == apigw.TokenAuthorizer {
		if !tokenOK || regex != "" && len(*tok) != 5 {
			return modelAnswer{401, false, 0, apigw.LayerIdentityCheck}
		}
	} else if ttl > 0 && !tokenOK {
		return modelAnswer{401, false, 0, apigw.LayerIdentityCheck}
	}
	if rp == eval.ExplicitDeny {
		return deny(eval.ExplicitDeny, apigw.LayerResourcePolicy)
	}
	switch resKind {
	case "unauthorized":
		return modelAnswer{401, false, 0, apigw.LayerAuthorizer}
	case "error", "invalid":
		return modelAnswer{500, false, 0, apigw.LayerAuthorizerFailure}
	}
	return combine(resPolicy, rp, true, apigw.LayerAuthorizer)
}
