package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
)

// Action is an action name such as "execute-api:Invoke", prepared for
// case-insensitive matching (IAM-ACTION: action names are case-insensitive).
// Build it once with NewAction; the zero Action is the empty name, which
// matches only "*".
type Action struct {
	name   string
	folded string
}

// NewAction prepares an action name for matching.
func NewAction(name string) Action {
	return Action{name: name, folded: strings.ToLower(name)}
}

// String returns the action name as given.
func (a Action) String() string { return a.name }

// Invoke is "execute-api:Invoke", the action API Gateway authorizes for
// every call of an API method.
var Invoke = NewAction("execute-api:Invoke")

// Caller is who makes the request. The zero Caller is anonymous: an
// unsigned request, or any request authorized by a Lambda or Cognito
// authorizer (API Gateway reports those as "User: anonymous", RP-CREATE).
type Caller struct {
	// ARN is the IAM principal's ARN, such as
	// "arn:aws:iam::123456789012:user/alice" or
	// "arn:aws:sts::123456789012:assumed-role/deploy/session". Empty for an
	// anonymous caller.
	ARN string
	// Account is the principal's 12-digit account ID.
	Account string
}

// IsAnonymous reports whether the caller is anonymous.
func (c Caller) IsAnonymous() bool { return c.ARN == "" }

// String returns the caller's ARN, or "anonymous".
func (c Caller) String() string {
	if c.IsAnonymous() {
		return "anonymous"
	}
	return c.ARN
}

// NewCaller returns the caller for an IAM principal ARN; its account is
// taken from the ARN. It accepts IAM users and roles, the account root,
// and STS assumed-role and federated-user sessions.
func NewCaller(principalARN string) (Caller, error) {
	a, err := arn.Parse(principalARN)
	if err != nil {
		return Caller{}, fmt.Errorf("eval: caller: %w", err)
	}
	if a.Service != "iam" && a.Service != "sts" {
		return Caller{}, fmt.Errorf("eval: caller %q is not an IAM or STS principal ARN (service %q)", principalARN, a.Service)
	}
	if !isAccountID(a.Account) {
		return Caller{}, fmt.Errorf("eval: caller %q: account %q is not a 12-digit account ID", principalARN, a.Account)
	}
	if a.Resource == "" {
		return Caller{}, fmt.Errorf("eval: caller %q has no resource part (such as user/NAME or assumed-role/ROLE/SESSION)", principalARN)
	}
	return Caller{ARN: principalARN, Account: a.Account}, nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Request is what a policy set is evaluated against.
type Request struct {
	// Action is the action requested; API Gateway always uses Invoke.
	Action Action
	// Resource is the resource ARN, for API Gateway the method ARN
	// ("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1").
	Resource string
	// Caller is the principal; the zero value is anonymous.
	Caller Caller
	// Context holds the condition keys; nil is an empty context.
	Context *Context
}
