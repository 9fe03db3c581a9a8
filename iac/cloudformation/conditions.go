package cloudformation

import (
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// condition evaluates the template's condition name: its value and
// whether the template and the options decide it.
func (r *resolver) condition(name string, at *tree.Node) (value, known bool) {
	switch r.condState[name] {
	case condTrue:
		return true, true
	case condFalse:
		return false, true
	case condUnknown:
		return false, false
	case condBusy:
		r.report(diag.Error, "invalid", at, "condition %s depends on itself", name)
		return false, false
	}
	def := r.conditions.Get(name)
	if def == nil {
		r.report(diag.Error, "invalid", at, "condition %s is not defined in Conditions", name)
		r.condState[name] = condUnknown
		return false, false
	}
	r.condState[name] = condBusy
	value, known = r.evalCond(def)
	switch {
	case !known:
		r.condState[name] = condUnknown
	case value:
		r.condState[name] = condTrue
	default:
		r.condState[name] = condFalse
	}
	return value, known
}

// evalCond evaluates a condition function.
func (r *resolver) evalCond(n *tree.Node) (value, known bool) {
	r.steps++
	if r.steps > r.maxSteps || n == nil || n.Kind != tree.Map || len(n.Members) != 1 {
		if n != nil && n.Kind == tree.Bool {
			return n.Str == "true", true
		}
		r.report(diag.Error, "invalid", n, "a condition is one of Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
		return false, false
	}
	name, arg := n.Members[0].Key, n.Members[0].Value
	switch name {
	case "Condition":
		if arg.Kind != tree.String {
			break
		}
		return r.condition(arg.Str, n)
	case "Fn::Equals":
		if arg.Kind != tree.List || len(arg.Items) != 2 {
			break
		}
		a, b := r.resolve(arg.Items[0]), r.resolve(arg.Items[1])
		if len(a.Symbols()) > 0 || len(b.Symbols()) > 0 {
			return false, false
		}
		return string(equalForm(a)) == string(equalForm(b)), true
	case "Fn::Not":
		if arg.Kind != tree.List || len(arg.Items) != 1 {
			break
		}
		v, k := r.evalCond(arg.Items[0])
		return !v, k
	case "Fn::And", "Fn::Or":
		if arg.Kind != tree.List || len(arg.Items) < 2 || len(arg.Items) > 10 {
			break
		}
		return r.andOr(name == "Fn::And", arg.Items)
	}
	r.report(diag.Error, "invalid", n, "%s is not a condition function with its arguments (Fn::Equals [A, B], Fn::And/Fn::Or [2 to 10 conditions], Fn::Not [CONDITION], Condition NAME)", name)
	return false, false
}

// andOr evaluates Fn::And (and) or Fn::Or in three-valued logic: a known
// false (And) or true (Or) decides even when another operand is unknown.
func (r *resolver) andOr(and bool, items []*tree.Node) (value, known bool) {
	known = true
	for _, it := range items {
		v, k := r.evalCond(it)
		switch {
		case k && v != and:
			return v, true
		case !k:
			known = false
		}
	}
	return and, known
}

// equalForm is how Fn::Equals compares: text as text, else JSON.
func equalForm(v *Value) []byte {
	if s, ok := v.Text(); ok {
		return []byte(s)
	}
	return v.JSON()
}

// ifFn resolves Fn::If [CONDITION, IF-TRUE, IF-FALSE].
func (r *resolver) ifFn(arg, n *tree.Node) *Value {
	a := r.args("Fn::If", arg, n, 3, "[CONDITION, VALUE-IF-TRUE, VALUE-IF-FALSE]")
	if a == nil {
		return unknown("Fn::If", n)
	}
	if a[0].Kind != tree.String {
		r.report(diag.Error, "invalid", a[0], "Fn::If's first argument is the name of a condition")
		return unknown("Fn::If", n)
	}
	v, known := r.condition(a[0].Str, a[0])
	if known {
		if v {
			return r.resolve(a[1])
		}
		return r.resolve(a[2])
	}
	t, f := r.resolve(a[1]), r.resolve(a[2])
	if t.Kind == f.Kind && string(t.JSON()) == string(f.JSON()) {
		return t
	}
	r.report(diag.Warning, "unresolved", a[0], "condition %s depends on values not known offline (parameters without a default or given value, or pseudo parameters): the value stays unknown; give the parameters it compares", a[0].Str)
	return unknown("Fn::If("+a[0].Str+")", n)
}
