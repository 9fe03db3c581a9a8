package eval_test

import (
	"testing"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"AddressKey":          eval.AddressKey,
			"NewAction":           eval.NewAction,
			"NewCaller":           eval.NewCaller,
			"NewContext":          eval.NewContext,
			"ReadsMissingAddress": eval.ReadsMissingAddress,
			"ReadsMissingKey":     eval.ReadsMissingKey,
			"Compile":             eval.Compile,
			"LookupOperator":      eval.LookupOperator,
			"Operators":           eval.Operators,
			"CompileTemplate":     eval.CompileTemplate,
			"Validate":            eval.Validate,
			"MustCompile":         nil, // panics on an error, as documented
			"MustNewCaller":       nil, // the same
			"MustNewGateway":      nil, // the same
		},
		Types: []any{eval.Action{},
			eval.Caller{},
			eval.CompileOptions{}, eval.ConditionResult{}, eval.Context{}, eval.Decision(0),
			eval.KeyRead{},
			eval.MatchResult{},
			eval.PolicySet{}, eval.Reason{}, eval.Request{},
			eval.Result{}, eval.Side(0), eval.Table(0), eval.TableRow{},
			eval.BaseOperator{}, eval.Family(0), eval.Operator{}, eval.Qualifier(0),
			eval.ValidateOptions{}, eval.Validation{}},
		// Its doc says the pointer must not be nil: a PolicySet's *Request.
		NonNil: []string{"PolicySet.Decide"},
	})
}
