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
			"AddressKey":            eval.AddressKey,
			"PathParameters":        eval.PathParameters,
			"TTLSeconds":            eval.TTLSeconds,
			"NewAction":             eval.NewAction,
			"NoSuchMethod":          eval.NoSuchMethod,
			"ParseAuthType":         eval.ParseAuthType,
			"AuthorizerError":       eval.AuthorizerError,
			"NewAuthorizerOutput":   eval.NewAuthorizerOutput,
			"ParseAuthorizerOutput": eval.ParseAuthorizerOutput,
			"ParseAuthorizerType":   eval.ParseAuthorizerType,
			"NewCaller":             eval.NewCaller,
			"ContextFor":            eval.ContextFor,
			"NewContext":            eval.NewContext,
			"NewGateway":            eval.NewGateway,
			"ReadsMissingAddress":   eval.ReadsMissingAddress,
			"ReadsMissingKey":       eval.ReadsMissingKey,
			"ParseLayer":            eval.ParseLayer,
			"ParseMessageStyle":     eval.ParseMessageStyle,
			"Compile":               eval.Compile,
			"LookupOperator":        eval.LookupOperator,
			"Operators":             eval.Operators,
			"UnshownOutput":         eval.UnshownOutput,
			"BoundOutput":           eval.BoundOutput,
			"CompileTemplate":       eval.CompileTemplate,
			"MustCompile":           nil, // panics on an error, as documented
			"MustNewCaller":         nil, // the same
			"MustNewGateway":        nil, // the same
		},
		Types: []any{eval.Action{}, eval.Answer{}, eval.AuthType(0), eval.AuthorizerCache{}, eval.AuthorizerConfig{},
			eval.AuthorizerResult{}, eval.AuthorizerType(0), eval.CachedResult{}, eval.Call{}, eval.Caller{},
			eval.CompileOptions{}, eval.ConditionResult{}, eval.Config{}, eval.Context{}, eval.Decision(0),
			eval.Event{}, eval.EventOptions{}, eval.ExplainOptions{}, eval.Gateway{}, eval.Header{}, eval.KeyRead{},
			eval.Layer(0), eval.LayerReason{}, eval.LayerResult{}, eval.MatchResult{}, eval.MessageStyle(0),
			eval.Outcome{}, eval.PolicySet{}, eval.Reason{}, eval.Request{}, eval.RequestInfo{}, eval.ResponseType(0),
			eval.Result{}, eval.Side(0), eval.Table(0), eval.TableRow{},
			eval.BaseOperator{}, eval.Family(0), eval.Operator{}, eval.Origin(0), eval.Qualifier(0), eval.Step{},
			eval.TTL{}, eval.Trace{}},
		// Their docs say the pointer must not be nil: a Gateway's *Call,
		// a PolicySet's *Request, the response to compile.
		NonNil: []string{"Gateway.Explain", "PolicySet.Decide", "NewAuthorizerOutput"},
	})
}
