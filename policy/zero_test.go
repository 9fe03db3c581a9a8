package policy_test

import (
	"testing"

	"github.com/iamgate/iamgate/internal/zerovalue"
	"github.com/iamgate/iamgate/policy"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"DetectKind": policy.DetectKind,
			"Parse":      policy.Parse,
			"AsList":     policy.AsList,
		},
		Types: []any{policy.Condition{}, policy.ConditionValue{},
			policy.Document{}, policy.Effect(0), policy.Error{}, policy.ErrorList(nil),
			policy.Kind(0), policy.List{}, policy.ParseOptions{}, policy.Pos{}, policy.Principal{},
			policy.PrincipalEntry{}, policy.Statement{}, policy.Text{}, policy.ValueKind(0), policy.Version(0)},
	})
}
