package cloudformation

import (
	"github.com/iamgate/iamgate/iac/internal/tree"
	val "github.com/iamgate/iamgate/iac/internal/value"
)

// Kind is the kind of a resolved Value.
type Kind = val.Kind

// The kinds of resolved value. NoValue is what Ref AWS::NoValue gives: the
// property or list element is removed. Unknown is a value that cannot be
// known offline and is not text (a list or map), named by its Symbol.
const (
	Null    = val.Null
	Bool    = val.Bool
	Number  = val.Number
	String  = val.String
	List    = val.List
	Map     = val.Map
	NoValue = val.NoValue
	Unknown = val.Unknown
)

// Part is one piece of a string: known Text, or a Symbol that stands for
// text not known offline (such as "AWS::AccountId" or "MyFunction.Arn").
type Part = val.Part

// Member is one key and value of a resolved Map.
type Member = val.Member

// Value is a template value with its intrinsic functions resolved as far
// as the template and the Options decide them. A String is a sequence of
// Parts, known text and symbols; a symbol is never replaced by an empty
// string. The same type is what iac/openapi reads.
type Value = val.Value

func text(s string, n *tree.Node) *Value     { return val.NewText(s, n) }
func symbol(s string, n *tree.Node) *Value   { return val.NewSymbol(s, n) }
func appendParts(ps []Part, v *Value) []Part { return val.AppendParts(ps, v) }
func concat(ps []Part, n *tree.Node) *Value  { return val.Concat(ps, n) }
func jsonParts(v *Value) []Part              { return val.JSONParts(v) }
