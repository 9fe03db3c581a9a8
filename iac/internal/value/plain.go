package value

import (
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Plain reads a tree as it is written: no intrinsic function is resolved.
// A map that is exactly one CloudFormation intrinsic ({"Ref": X} or
// {"Fn::NAME": X}) cannot be read without its template: it becomes an
// Unknown value named after the call, reported once through rep, never an
// empty string.
func Plain(n *tree.Node, rep *Reporter) *Value { return plain(n, rep, true) }

// Literal reads a tree as it is written, every map a map (JSON that is
// not CloudFormation, such as terraform show -json output).
func Literal(n *tree.Node) *Value { return plain(n, nil, false) }

func plain(n *tree.Node, rep *Reporter, intrinsics bool) *Value {
	if n == nil {
		return &Value{Kind: Null}
	}
	switch n.Kind {
	case tree.Null:
		return &Value{Kind: Null, Node: n}
	case tree.Bool:
		return &Value{Kind: Bool, Parts: []Part{{Text: n.Str}}, Node: n}
	case tree.Number:
		return &Value{Kind: Number, Parts: []Part{{Text: n.Str}}, Node: n}
	case tree.String:
		return NewText(n.Str, n)
	case tree.List:
		out := &Value{Kind: List, Node: n, Items: make([]*Value, 0, len(n.Items))}
		for _, it := range n.Items {
			out.Items = append(out.Items, plain(it, rep, intrinsics))
		}
		return out
	}
	if intrinsics && len(n.Members) == 1 {
		if k := n.Members[0].Key; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			arg := plain(n.Members[0].Value, nil, false)
			sym := k + "(" + ArgText(arg) + ")"
			if rep != nil {
				rep.Report(diag.Warning, "unresolved", n, "%s is a CloudFormation intrinsic function, which this file cannot resolve on its own: it stays the symbol ${%s}", k, sym)
			}
			return &Value{Kind: Unknown, Symbol: sym, Node: n}
		}
	}
	out := &Value{Kind: Map, Node: n, Members: make([]Member, 0, len(n.Members))}
	for _, m := range n.Members {
		out.Members = append(out.Members, Member{Key: m.Key, Value: plain(m.Value, rep, intrinsics)})
	}
	return out
}
