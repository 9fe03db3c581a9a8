package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
)

// invokeName is the action API Gateway authorizes for every call of an API
// method.
const invokeName = "execute-api:Invoke"

// invokeFolded is invokeName lower-cased, as action patterns compare.
const invokeFolded = "execute-api:invoke"

// Action is an action name such as "execute-api:Invoke", prepared for
// case-insensitive matching (IAM-ACTION). The zero Action is
// execute-api:Invoke, the only action API Gateway asks about, so a request
// that does not name its action is never evaluated as some other action.
type Action struct {
	name   string
	folded string
}

// NewAction prepares an action name for matching. Build it once, not per
// evaluation: it lower-cases the name.
func NewAction(name string) Action {
	return Action{name: name, folded: strings.ToLower(name)}
}

// String returns the action name as given, or "execute-api:Invoke" for the
// zero Action.
func (a Action) String() string {
	if a.name == "" {
		return invokeName
	}
	return a.name
}

// key is the lower-cased name the action patterns match.
func (a *Action) key() string {
	if a.folded == "" {
		return invokeFolded
	}
	return a.folded
}

// Caller is who makes the request. The zero Caller is anonymous: an
// unsigned request, or any request authorized by a Lambda or Cognito
// authorizer (API Gateway reports those as "User: anonymous", RP-CREATE).
// An IAM caller is made with NewCaller, which checks the ARN and takes the
// account from it.
type Caller struct {
	arn     string
	account string
	// For matching principals: the role name and partition of an
	// assumed-role session, and whether the caller is the account root.
	partition string
	roleName  string
	root      bool
	// kind and name: the user, role session or federated user name.
	kind callerKind
	name string
}

type callerKind uint8

const (
	callerAnonymous callerKind = iota
	callerRoot
	callerUser
	callerRoleSession
	callerFederated
)

// NewCaller returns the caller for an IAM principal ARN: an IAM user
// (arn:aws:iam::ACCOUNT:user/NAME), the account root
// (arn:aws:iam::ACCOUNT:root), an assumed-role session
// (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) or a federated user
// (arn:aws:sts::ACCOUNT:federated-user/NAME). Roles themselves do not make
// requests: their sessions do.
func NewCaller(principalARN string) (Caller, error) {
	a, err := arn.Parse(principalARN)
	if err != nil {
		return Caller{}, fmt.Errorf("eval: caller: %w", err)
	}
	if !isAccountID(a.Account) {
		return Caller{}, fmt.Errorf("eval: caller %q: account %q is not a 12-digit account ID", principalARN, a.Account)
	}
	if a.Region != "" {
		return Caller{}, fmt.Errorf("eval: caller %q: IAM and STS principal ARNs have no region (arn:PARTITION:iam::ACCOUNT:...)", principalARN)
	}
	c := Caller{arn: principalARN, account: a.Account, partition: a.Partition}
	switch {
	case a.Service == "iam" && a.Resource == "root":
		c.root, c.kind = true, callerRoot
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "user/") && len(a.Resource) > len("user/"):
		// The user name is the last segment; a path may precede it.
		c.kind, c.name = callerUser, a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	case a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"):
		role, session, ok := strings.Cut(strings.TrimPrefix(a.Resource, "assumed-role/"), "/")
		if !ok || role == "" || session == "" {
			return Caller{}, fmt.Errorf("eval: caller %q: an assumed-role session ARN is arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION", principalARN)
		}
		c.roleName, c.kind, c.name = role, callerRoleSession, session
	case a.Service == "sts" && strings.HasPrefix(a.Resource, "federated-user/") && len(a.Resource) > len("federated-user/"):
		c.kind, c.name = callerFederated, strings.TrimPrefix(a.Resource, "federated-user/")
	default:
		return Caller{}, fmt.Errorf("eval: caller %q is not an IAM user, account root, assumed-role session or federated user ARN", principalARN)
	}
	return c, nil
}

// MustNewCaller is NewCaller that panics on error, for tests and examples.
func MustNewCaller(principalARN string) Caller {
	c, err := NewCaller(principalARN)
	if err != nil {
		panic(err)
	}
	return c
}

// IsAnonymous reports whether the caller is anonymous.
func (c Caller) IsAnonymous() bool { return c.arn == "" }

// ARN returns the caller's principal ARN, or "" for an anonymous caller.
func (c Caller) ARN() string { return c.arn }

// Account returns the caller's 12-digit account ID, or "" for an anonymous
// caller.
func (c Caller) Account() string { return c.account }

// PrincipalARN returns the value of aws:PrincipalArn: the caller's ARN,
// except for an assumed-role session, whose principal is the role
// (arn:PARTITION:iam::ACCOUNT:role/ROLE; IAM-GLOBALKEYS). A role's path is
// not part of a session ARN, so a role with a path gets the path-less ARN.
// "" for an anonymous caller.
func (c Caller) PrincipalARN() string {
	if c.kind == callerRoleSession {
		return "arn:" + c.partition + ":iam::" + c.account + ":role/" + c.roleName
	}
	return c.arn
}

// PrincipalType returns the value of aws:PrincipalType: "Account" (root),
// "User", "AssumedRole", "FederatedUser", or "Anonymous".
func (c Caller) PrincipalType() string {
	return [...]string{"Anonymous", "Account", "User", "AssumedRole", "FederatedUser"}[c.kind]
}

// UnknownKeys returns the condition keys AWS sets for every request of
// the caller whose values cannot be told from its ARN, so that apigw.ContextFor
// leaves them out (RP-CONDKEYS, IAM-GLOBALKEYS): aws:userid of an IAM
// user (its unique ID, AIDA...) or of a role session (the role's unique
// ID and the session name, AROA...:SESSION), and aws:TokenIssueTime and
// aws:MultiFactorAuthPresent of temporary credentials (role sessions and
// federated users). A policy that reads one needs its value given (see
// ReadsMissingKey). None for the account root and anonymous callers.
func (c Caller) UnknownKeys() []string {
	switch c.kind {
	case callerUser:
		return []string{"aws:userid"}
	case callerRoleSession:
		return []string{"aws:userid", "aws:TokenIssueTime", "aws:MultiFactorAuthPresent"}
	case callerFederated:
		return []string{"aws:TokenIssueTime", "aws:MultiFactorAuthPresent"}
	}
	return nil
}

// IsRoot reports whether the caller is an account root user.
func (c Caller) IsRoot() bool { return c.root }

// UserName returns the value of aws:username: an IAM user's name (the last
// segment of its ARN), or "" for every other caller.
func (c Caller) UserName() string {
	if c.kind == callerUser {
		return c.name
	}
	return ""
}

// UserID returns the value of aws:userid when the caller's ARN tells it:
// the account ID for the account root, ACCOUNT:NAME for a federated user.
// It is "" for every other caller (see UnknownKeys; an anonymous caller's
// aws:userid is "anonymous").
func (c Caller) UserID() string {
	switch c.kind {
	case callerRoot:
		return c.account
	case callerFederated:
		return c.account + ":" + c.name
	}
	return ""
}

// String returns the caller's ARN, or "anonymous".
func (c Caller) String() string {
	if c.IsAnonymous() {
		return "anonymous"
	}
	return c.arn
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
	// Action is the action requested; the zero Action is
	// execute-api:Invoke, the one API Gateway uses.
	Action Action
	// Resource is the resource ARN, for API Gateway the method ARN
	// ("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1").
	Resource string
	// Caller is the principal; the zero value is anonymous.
	Caller Caller
	// Context holds the condition keys; nil is an empty context.
	Context *Context
}
