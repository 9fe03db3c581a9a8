package authztest

import (
	"fmt"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// Want is the answer a check expects from API Gateway. The zero Want is
// not a valid expectation: Check reports it, so a forgotten assignment
// fails the test instead of asserting something by accident.
type Want uint8

const (
	// Allow: authorization lets the request through to the integration
	// (status 200 here means "not stopped by authorization").
	Allow Want = iota + 1
	// ExplicitDeny: 403, a Deny statement applied, in the authorizer's
	// policy or in the resource policy.
	ExplicitDeny
	// ImplicitDeny: 403, no statement allowed the request and none
	// denied it.
	ImplicitDeny
	// Unauthorized: 401, the handler failed with exactly the error
	// "Unauthorized" (LA-USE).
	Unauthorized
)

// String returns the answer in the words of a failure message:
// "allowed", "403 explicit deny", "403 implicit deny" or
// "401 Unauthorized"; "Want(N)" for an invalid value.
func (w Want) String() string {
	switch w {
	case Allow:
		return "allowed"
	case ExplicitDeny:
		return "403 explicit deny"
	case ImplicitDeny:
		return "403 implicit deny"
	case Unauthorized:
		return "401 Unauthorized"
	}
	return fmt.Sprintf("Want(%d)", uint8(w))
}

func (w Want) valid() bool { return w >= Allow && w <= Unauthorized }

// met reports whether the answer is the one wanted.
func (w Want) met(a apigw.Outcome) bool {
	switch w {
	case Allow:
		return a.Status == 200
	case ExplicitDeny:
		return a.Status == 403 && a.Decided && a.Decision == eval.ExplicitDeny
	case ImplicitDeny:
		return a.Status == 403 && a.Decided && a.Decision == eval.ImplicitDeny
	case Unauthorized:
		return a.Status == 401 && a.Response == apigw.Unauthorized
	}
	return false
}
