package eval

import (
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// AddressKey is the condition key that carries the caller's address for a
// call with this context: aws:VpcSourceIp for a call through a VPC
// endpoint (the context has aws:SourceVpce), aws:SourceIp otherwise
// (decision D17).
func AddressKey(ctx *Context) string {
	if ctx != nil {
		if _, vpc := ctx.Get("aws:SourceVpce"); vpc {
			return "aws:VpcSourceIp"
		}
	}
	return "aws:SourceIp"
}

// AddressRead is a condition that reads the caller's address.
type AddressRead struct {
	Key       string
	Document  *policy.Document
	Statement *policy.Statement
	Condition *policy.Condition
}

// ReadsMissingAddress returns the first condition of docs (nil ones are
// skipped) that reads the call's address key (AddressKey) when the context
// does not carry it. API Gateway always knows the caller's address, so an
// answer computed without it would describe a request that cannot happen:
// callers should ask for the address instead.
func ReadsMissingAddress(ctx *Context, docs ...*policy.Document) (AddressRead, bool) {
	key := AddressKey(ctx)
	if ctx != nil {
		if _, given := ctx.Get(key); given {
			return AddressRead{}, false
		}
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for i := range d.Statements {
			st := &d.Statements[i]
			for j := range st.Conditions {
				if strings.EqualFold(st.Conditions[j].Key.Value, key) {
					return AddressRead{Key: key, Document: d, Statement: st, Condition: &st.Conditions[j]}, true
				}
			}
		}
	}
	return AddressRead{}, false
}
