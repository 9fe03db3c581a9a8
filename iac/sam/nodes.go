package sam

import (
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Generated nodes take the position and JSON Pointer of the source value
// they come from (at), so that what is reported about them points into the
// source template.

func str(s string, at *tree.Node) *tree.Node {
	n := &tree.Node{Kind: tree.String, Str: s}
	place(n, at)
	return n
}

func list(at *tree.Node, items ...*tree.Node) *tree.Node {
	n := &tree.Node{Kind: tree.List, Items: items}
	place(n, at)
	return n
}

// mapNode returns a map of the given key, value pairs.
func mapNode(at *tree.Node, kv ...any) *tree.Node {
	n := &tree.Node{Kind: tree.Map}
	place(n, at)
	for i := 0; i+1 < len(kv); i += 2 {
		add(n, kv[i].(string), kv[i+1].(*tree.Node))
	}
	return n
}

func place(n, at *tree.Node) {
	if at != nil {
		n.Pos, n.Path = at.Pos, at.Path
	}
}

// add sets key in a map, replacing an existing value.
func add(m *tree.Node, key string, v *tree.Node) {
	for i := range m.Members {
		if m.Members[i].Key == key {
			m.Members[i].Value = v
			return
		}
	}
	m.Members = append(m.Members, tree.Member{Key: key, KeyPos: v.Pos, Value: v})
}

// requirement is one security requirement, {name: scopes}.
func requirement(name string, scopes, at *tree.Node) *tree.Node {
	return mapNode(at, name, scopes)
}

func members(n *tree.Node) []tree.Member {
	if n == nil || n.Kind != tree.Map {
		return nil
	}
	return n.Members
}

func typeOf(res *tree.Node) string {
	if t := res.Get("Type"); t != nil && t.Kind == tree.String {
		return t.Str
	}
	return ""
}

// retype returns a copy of a resource with another Type.
func retype(res *tree.Node, typ string) *tree.Node {
	out := *res
	out.Members = append([]tree.Member(nil), res.Members...)
	add(&out, "Type", str(typ, res.Get("Type")))
	return &out
}

// merge applies Globals.Api to an API's Properties as SAM does: maps are
// merged, the resource's own values win, and lists are concatenated, the
// global entries first.
func merge(global, local, at *tree.Node) *tree.Node {
	switch {
	case global == nil && local == nil:
		return mapNode(at)
	case global == nil:
		return local
	case local == nil:
		return global
	case global.Kind == tree.Map && local.Kind == tree.Map && !isIntrinsic(global) && !isIntrinsic(local):
		out := &tree.Node{Kind: tree.Map, Pos: local.Pos, Path: local.Path}
		for _, m := range global.Members {
			out.Members = append(out.Members, tree.Member{Key: m.Key, KeyPos: m.KeyPos, Value: merge(m.Value, local.Get(m.Key), m.Value)})
		}
		for _, m := range local.Members {
			if global.Get(m.Key) == nil {
				out.Members = append(out.Members, m)
			}
		}
		return out
	case global.Kind == tree.List && local.Kind == tree.List:
		return list(local, append(append([]*tree.Node(nil), global.Items...), local.Items...)...)
	}
	return local
}

// isIntrinsic reports whether a map is an intrinsic function.
func isIntrinsic(n *tree.Node) bool {
	if n == nil || n.Kind != tree.Map || len(n.Members) != 1 {
		return false
	}
	k := n.Members[0].Key
	return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
}

// refTo returns the logical id of a Ref.
func refTo(n *tree.Node) (string, bool) {
	r := n.Get("Ref")
	if r == nil || r.Kind != tree.String || len(n.Members) != 1 {
		return "", false
	}
	return r.Str, true
}

func orText(n *tree.Node, def string) string {
	if n == nil || !n.IsScalar() {
		return def
	}
	return n.Str
}

func orNode(n, def *tree.Node) *tree.Node {
	if n == nil {
		return def
	}
	return n
}

// asList returns a list, or a scalar or intrinsic as a list of one.
func asList(n *tree.Node) *tree.Node {
	if n.Kind == tree.List {
		return n
	}
	return list(n, n)
}

// canonical is a node's value as text, positions left out, for equality.
func canonical(n *tree.Node) string {
	var b strings.Builder
	var walk func(*tree.Node)
	walk = func(n *tree.Node) {
		if n == nil {
			b.WriteString("nil")
			return
		}
		b.WriteString(n.Kind.String())
		switch n.Kind {
		case tree.List:
			b.WriteString("[")
			for _, it := range n.Items {
				walk(it)
				b.WriteString(",")
			}
			b.WriteString("]")
		case tree.Map:
			b.WriteString("{")
			for _, m := range n.Members {
				b.WriteString(strconv.Quote(m.Key) + ":")
				walk(m.Value)
				b.WriteString(",")
			}
			b.WriteString("}")
		default:
			b.WriteString(strconv.Quote(n.Str))
		}
	}
	walk(n)
	return b.String()
}

// logicalID reports whether s can be part of a logical id.
func logicalID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

// items returns a List's items; nil for anything else.
func items(n *tree.Node) []*tree.Node {
	if n == nil || n.Kind != tree.List {
		return nil
	}
	return n.Items
}
