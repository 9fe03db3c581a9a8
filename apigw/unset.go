package apigw

import (
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// Unset is a value a request's answer depends on that AWS always sets for
// such a request, but that the request, as given, does not carry.
// Answering without it would answer a request that cannot happen, so the
// front ends refuse and ask for the value.
type Unset struct {
	// Kind says which value is missing.
	Kind UnsetKind
	// Read is where a policy reads the condition key (UnsetAddress and
	// UnsetCallerKey).
	Read eval.KeyRead
}

// UnsetKind says which value an Unset is about.
type UnsetKind uint8

const (
	// UnsetAddress: a policy reads the caller's address (aws:SourceIp
	// for a public call, aws:VpcSourceIp through a VPC endpoint).
	UnsetAddress UnsetKind = iota + 1
	// UnsetCallerKey: a policy reads a key AWS sets for every request of
	// an IAM caller but which the caller's ARN does not tell (its unique
	// id, its credentials' issue time, its MFA flag): Read.Key names it.
	UnsetCallerKey
	// UnsetSourceIPContext: the authorizer's identity source
	// context.identity.sourceIp reads the caller's address.
	UnsetSourceIPContext
)

// Unset returns the first value the call's answer depends on that AWS
// always sets but the call does not carry: a condition key read by the
// resource policy, the IAM caller's identity policies or the authorizer's
// returned policy, or the caller's address read by an identity source.
func (g *Gateway) Unset(c *Call) (Unset, bool) {
	if g == nil || c == nil || c.Context == nil {
		return Unset{}, false
	}
	var docs []*policy.Document
	if g.cfg.ResourcePolicy != nil {
		docs = append(docs, g.cfg.ResourcePolicy)
	}
	if c.IdentityPolicies != nil {
		docs = append(docs, c.IdentityPolicies.Documents()...)
	}
	if r := c.Authorizer.Response(); r != nil {
		docs = append(docs, r.Policy)
	}
	if read, found := eval.ReadsMissingAddress(c.Context, docs...); found {
		return Unset{Kind: UnsetAddress, Read: read}, true
	}
	if read, found := eval.ReadsMissingKey(c.Context, c.Caller.UnknownKeys(), docs...); found {
		return Unset{Kind: UnsetCallerKey, Read: read}, true
	}
	for _, s := range g.sources {
		if s.kind == sourceContext && s.name == "identity.sourceIp" {
			if _, given := c.RequestContext["identity.sourceIp"]; !given {
				return Unset{Kind: UnsetSourceIPContext}, true
			}
		}
	}
	return Unset{}, false
}
