package eval

import "fmt"

// Decision is the outcome of evaluating policies for a request. The zero
// value is ImplicitDeny, so a decision that was never set fails closed.
type Decision uint8

const (
	// ImplicitDeny: no statement allowed the request and none denied it
	// (deny by default).
	ImplicitDeny Decision = iota
	// Allow: a statement allowed the request and none denied it.
	Allow
	// ExplicitDeny: a Deny statement applied. It beats any Allow.
	ExplicitDeny
)

var decisionNames = [...]string{"ImplicitDeny", "Allow", "ExplicitDeny"}

// String returns "ImplicitDeny", "Allow" or "ExplicitDeny".
func (d Decision) String() string {
	if int(d) < len(decisionNames) {
		return decisionNames[d]
	}
	return fmt.Sprintf("Decision(%d)", uint8(d))
}

// MarshalText returns the decision's name; it fails for an invalid value.
func (d Decision) MarshalText() ([]byte, error) {
	if int(d) >= len(decisionNames) {
		return nil, fmt.Errorf("eval: invalid decision %d", uint8(d))
	}
	return []byte(decisionNames[d]), nil
}

// UnmarshalText accepts exactly "ImplicitDeny", "Allow" or "ExplicitDeny".
func (d *Decision) UnmarshalText(b []byte) error {
	for i, n := range decisionNames {
		if string(b) == n {
			*d = Decision(i)
			return nil
		}
	}
	return fmt.Errorf("eval: unknown decision %q: expected Allow, ExplicitDeny or ImplicitDeny", b)
}
