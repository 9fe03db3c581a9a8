package eval

import (
	"slices"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// AddressKey is the condition key that carries the caller's address for a
// call with this context: aws:VpcSourceIp for a call through a VPC
// endpoint (the context has aws:SourceVpce), aws:SourceIp otherwise
// (D17).
func AddressKey(ctx *Context) string {
	if ctx != nil {
		if _, vpc := ctx.Get("aws:SourceVpce"); vpc {
			return "aws:VpcSourceIp"
		}
	}
	return "aws:SourceIp"
}

// KeyRead is a place in a policy that reads a condition key: a condition
// on it, or a policy variable naming it.
type KeyRead struct {
	Key       string
	Document  *policy.Document
	Statement *policy.Statement
	// Condition is the condition on the key; nil when a policy variable
	// reads it (in a Resource or condition value).
	Condition *policy.Condition
	// Pos is where the key is read: the condition's key, or the value
	// holding the variable.
	Pos policy.Pos
}

// ReadsMissingAddress returns the first place in docs (nil ones are
// skipped) that reads the call's address key (AddressKey) when the context
// does not carry it. API Gateway always knows the caller's address, so an
// answer computed without it would describe a request that cannot happen:
// callers should ask for the address instead.
func ReadsMissingAddress(ctx *Context, docs ...*policy.Document) (KeyRead, bool) {
	return ReadsMissingKey(ctx, []string{AddressKey(ctx)}, docs...)
}

// ReadsMissingKey returns the first place in docs (nil ones are skipped)
// that reads one of keys the context does not carry: a condition on the
// key, or a policy variable ${key} (with or without a default) in a
// Resource or condition value of a document whose Version substitutes
// variables. Keys are compared without regard to case. It is for keys AWS
// always sets for the call, such as the caller's address or, for an IAM
// caller, Caller.UnknownKeys: an answer computed without them would
// describe a request that cannot happen.
func ReadsMissingKey(ctx *Context, keys []string, docs ...*policy.Document) (KeyRead, bool) {
	var missing []string
	for _, k := range keys {
		if _, given := ctx.Get(k); !given {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return KeyRead{}, false
	}
	named := func(name string) (string, bool) {
		for _, k := range missing {
			if strings.EqualFold(name, k) {
				return k, true
			}
		}
		return "", false
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for i := range d.Statements {
			st := &d.Statements[i]
			for j := range st.Conditions {
				c := &st.Conditions[j]
				if k, ok := named(c.Key.Value); ok {
					return KeyRead{Key: k, Document: d, Statement: st, Condition: c, Pos: c.Key.Pos}, true
				}
			}
			if !d.Version.SupportsVariables() {
				continue
			}
			values := slices.Clone(st.Resource.Values)
			for _, c := range st.Conditions {
				for _, v := range c.Values {
					values = append(values, v.Text)
				}
			}
			for _, v := range values {
				for _, name := range variableNames(v.Value, true) {
					if k, ok := named(name); ok {
						return KeyRead{Key: k, Document: d, Statement: st, Pos: v.Pos}, true
					}
				}
			}
		}
	}
	return KeyRead{}, false
}
