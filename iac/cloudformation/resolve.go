package cloudformation

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	val "github.com/iamgate/iamgate/iac/internal/value"
)

// resolver resolves the intrinsic functions of one template offline.
// What the template and the options decide becomes text; what they do not
// stays a symbol, never an empty string.
type resolver struct {
	file       string
	params     map[string]*Value
	pseudo     map[string]string
	resources  map[string]string // logical id → type
	conditions *tree.Node
	condState  map[string]uint8
	mappings   *tree.Node
	diags      []diag.Diagnostic
	steps      int
	maxSteps   int
	overBudget bool
	// fragment marks a document included in a template not at hand
	// (ReadFragment): names it does not declare are the enclosing
	// template's, symbols without a diagnostic.
	fragment bool
}

// condition states in resolver.condState.
const (
	condUnvisited uint8 = iota
	condBusy
	condTrue
	condFalse
	condUnknown
)

// pseudoNames are CloudFormation's pseudo parameters.
var pseudoNames = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true, "AWS::Partition": true,
	"AWS::Region": true, "AWS::StackId": true, "AWS::StackName": true, "AWS::URLSuffix": true,
}

func (r *resolver) report(sev diag.Severity, code string, n *tree.Node, format string, args ...any) {
	d := diag.Diagnostic{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), File: r.file}
	if n != nil {
		d.Line, d.Column, d.Pointer = n.Pos.Line, n.Pos.Column, n.Path
	}
	r.diags = append(r.diags, d)
}

// unknown returns an Unknown value named sym, or a String that is the
// symbol when the value is used as text.
func unknown(sym string, n *tree.Node) *Value { return &Value{Kind: Unknown, Symbol: sym, Node: n} }

// resolve resolves n.
func (r *resolver) resolve(n *tree.Node) *Value {
	if n == nil {
		return &Value{Kind: Null}
	}
	r.steps++
	if r.steps > r.maxSteps {
		if !r.overBudget {
			r.overBudget = true
			r.report(diag.Error, "limit", n, "resolving the template's intrinsic functions took more than %d steps; the rest stays unresolved", r.maxSteps)
		}
		return unknown("too complex", n)
	}
	switch n.Kind {
	case tree.Null:
		return &Value{Kind: Null, Node: n}
	case tree.Bool:
		return &Value{Kind: Bool, Parts: []Part{{Text: n.Str}}, Node: n}
	case tree.Number:
		return &Value{Kind: Number, Parts: []Part{{Text: n.Str}}, Node: n}
	case tree.String:
		if strings.Contains(n.Str, "{{resolve:") {
			r.report(diag.Warning, "unresolved", n, "a dynamic reference %q is read at deploy time; its value stays unknown", n.Str)
			return symbol(n.Str, n)
		}
		return text(n.Str, n)
	case tree.List:
		out := &Value{Kind: List, Node: n, Items: make([]*Value, 0, len(n.Items))}
		for _, it := range n.Items {
			if v := r.resolve(it); v.Kind != NoValue {
				out.Items = append(out.Items, v)
			}
		}
		return out
	}
	if len(n.Members) == 1 {
		if k := n.Members[0].Key; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return r.function(k, n.Members[0].Value, n)
		}
	}
	out := &Value{Kind: Map, Node: n, Members: make([]Member, 0, len(n.Members))}
	for _, m := range n.Members {
		if v := r.resolve(m.Value); v.Kind != NoValue {
			out.Members = append(out.Members, Member{Key: m.Key, Value: v})
		}
	}
	return out
}

// function resolves {name: arg}, written at n.
func (r *resolver) function(name string, arg, n *tree.Node) *Value {
	switch name {
	case "Ref":
		return r.ref(arg, n)
	case "Fn::GetAtt":
		return r.getAtt(arg, n)
	case "Fn::Sub":
		return r.sub(arg, n)
	case "Fn::Join":
		return r.join(arg, n)
	case "Fn::Select":
		return r.selectFn(arg, n)
	case "Fn::Split":
		return r.split(arg, n)
	case "Fn::FindInMap":
		return r.findInMap(arg, n)
	case "Fn::If":
		return r.ifFn(arg, n)
	case "Fn::ToJsonString":
		v := r.resolve(arg)
		return concat(jsonParts(v), n)
	case "Fn::Base64":
		v := r.resolve(arg)
		if s, ok := v.Text(); ok {
			return text(base64.StdEncoding.EncodeToString([]byte(s)), n)
		}
		return unknown(call(name, v), n)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		r.report(diag.Error, "invalid", n, "%s is a condition function: it is used in Conditions and in Fn::If's condition, not as a property value", name)
		return unknown(call(name, r.resolve(arg)), n)
	case "Fn::ImportValue":
		v := r.resolve(arg)
		r.report(diag.Warning, "unsupported", n, "Fn::ImportValue %s reads another stack's export, which is not known offline: the value stays a symbol; supply it by giving this template the value as a parameter", argText(v))
		return unknown(call(name, v), n)
	case "Fn::GetAZs", "Fn::Cidr", "Fn::Length":
		return unknown(call(name, r.resolve(arg)), n)
	case "Fn::Transform", "Fn::ForEach":
		r.report(diag.Error, "unsupported", n, "%s is a macro that runs at deploy time; give iamgate the processed template (aws cloudformation get-template --template-stage Processed)", name)
		return unknown(name, n)
	}
	r.report(diag.Error, "invalid", n, "%s is not an intrinsic function CloudFormation defines", name)
	return unknown(name, n)
}

// call names the symbol of an unresolved function: "Fn::Name(ARG)".
func call(name string, arg *Value) string { return name + "(" + argText(arg) + ")" }

func argText(v *Value) string { return val.ArgText(v) }

func (r *resolver) ref(arg, n *tree.Node) *Value {
	if arg == nil || arg.Kind != tree.String {
		r.report(diag.Error, "invalid", n, "Ref takes the name of a parameter, resource or pseudo parameter")
		return unknown("Ref", n)
	}
	name := arg.Str
	switch {
	case name == "AWS::NoValue":
		return &Value{Kind: NoValue, Node: n}
	case pseudoNames[name]:
		if s, ok := r.pseudo[name]; ok {
			return text(s, n)
		}
		if name == "AWS::NotificationARNs" {
			return unknown(name, n)
		}
		return symbol(name, n)
	}
	if v, ok := r.params[name]; ok {
		at := *v // the value, at the place that uses it
		at.Node = n
		return &at
	}
	if _, ok := r.resources[name]; ok {
		return symbol(name, n)
	}
	if !r.fragment {
		r.report(diag.Error, "invalid", arg, "Ref %s names no parameter, resource or pseudo parameter of the template", name)
	}
	return symbol(name, n)
}

func (r *resolver) getAtt(arg, n *tree.Node) *Value {
	var res, attr string
	switch {
	case arg != nil && arg.Kind == tree.String:
		res, attr, _ = strings.Cut(arg.Str, ".")
	case arg != nil && arg.Kind == tree.List && len(arg.Items) == 2 && arg.Items[0].Kind == tree.String:
		res = arg.Items[0].Str
		a := r.resolve(arg.Items[1])
		attr, _ = a.Text()
	}
	if res == "" || attr == "" {
		r.report(diag.Error, "invalid", n, "Fn::GetAtt takes [RESOURCE, ATTRIBUTE]")
		return unknown("Fn::GetAtt", n)
	}
	if _, ok := r.resources[res]; !ok && !r.fragment {
		r.report(diag.Error, "invalid", n, "Fn::GetAtt names %s, which is not a resource of the template", res)
	}
	return symbol(res+"."+attr, n)
}

// sub resolves both forms of Fn::Sub.
func (r *resolver) sub(arg, n *tree.Node) *Value {
	var tmpl *tree.Node
	vars := map[string]*Value{}
	switch {
	case arg != nil && arg.Kind == tree.String:
		tmpl = arg
	case arg != nil && arg.Kind == tree.List && len(arg.Items) == 2 && arg.Items[0].Kind == tree.String && arg.Items[1].Kind == tree.Map:
		tmpl = arg.Items[0]
		for _, m := range arg.Items[1].Members {
			vars[m.Key] = r.resolve(m.Value)
		}
	default:
		r.report(diag.Error, "invalid", n, "Fn::Sub takes a string, or [STRING, {VARIABLE: VALUE, ...}]")
		return unknown("Fn::Sub", n)
	}
	var ps []Part
	s := tmpl.Str
	size := len(s)
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		ps = appendParts(ps, text(s[:i], nil))
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			ps = appendParts(ps, text("${"+name[1:]+"}", nil))
			continue
		}
		if name = strings.TrimSpace(name); name == "" {
			r.report(diag.Error, "invalid", tmpl, "Fn::Sub has an empty variable ${}")
			ps = appendParts(ps, text("${}", nil))
			continue
		}
		v := r.subVar(name, vars, tmpl)
		if size += textSize(v); size > maxText {
			return r.bounded("Fn::Sub", append(ps, Part{Text: strings.Repeat(" ", maxText+1)}), n)
		}
		ps = appendParts(ps, v)
	}
	ps = appendParts(ps, text(s, nil))
	return r.bounded("Fn::Sub", ps, n)
}

// maxText bounds the text one Fn::Sub or Fn::Join builds, and maxParts its
// symbols: substituting one variable many times, nested, doubles the text
// at each level.
const (
	maxText  = 1 << 20
	maxParts = 10000
)

// bounded returns the String of parts, or an Unknown when it is beyond
// maxText or maxParts.
func (r *resolver) bounded(fn string, ps []Part, n *tree.Node) *Value {
	size := 0
	for _, p := range ps {
		size += len(p.Text) + len(p.Symbol)
	}
	if size > maxText || len(ps) > maxParts {
		r.report(diag.Error, "limit", n, "%s builds a value of more than %d bytes or %d symbols; it stays unresolved", fn, maxText, maxParts)
		return unknown(fn+"(too large)", n)
	}
	return concat(ps, n)
}

// subVar is the value of ${name} in Fn::Sub.
func (r *resolver) subVar(name string, vars map[string]*Value, at *tree.Node) *Value {
	if v, ok := vars[name]; ok {
		if v.IsScalar() {
			return v
		}
		r.report(diag.Error, "invalid", at, "Fn::Sub variable %s is a %s, not text", name, kindWord(v.Kind))
		return symbol(name, at)
	}
	if pseudoNames[name] || r.params[name] != nil {
		v := r.ref(&tree.Node{Kind: tree.String, Str: name, Pos: at.Pos, Path: at.Path}, at)
		if v.Kind == List {
			r.report(diag.Error, "invalid", at, "Fn::Sub variable %s is a list parameter, not text", name)
			return symbol(name, at)
		}
		if v.Kind == NoValue {
			return text("", at)
		}
		return v
	}
	res, _, dotted := strings.Cut(name, ".")
	if _, ok := r.resources[res]; ok || r.fragment {
		return symbol(name, at)
	}
	if !dotted {
		r.report(diag.Error, "invalid", at, "Fn::Sub variable ${%s} names no parameter, resource or pseudo parameter of the template", name)
	} else {
		r.report(diag.Error, "invalid", at, "Fn::Sub variable ${%s} names %s, which is not a resource of the template", name, res)
	}
	return symbol(name, at)
}

func kindWord(k Kind) string {
	switch k {
	case List:
		return "list"
	case Map:
		return "map"
	case Null:
		return "null"
	}
	return "value"
}

// args2 checks that arg is a list of n items and returns them.
func (r *resolver) args(name string, arg, at *tree.Node, n int, shape string) []*tree.Node {
	if arg == nil || arg.Kind != tree.List || len(arg.Items) != n {
		r.report(diag.Error, "invalid", at, "%s takes %s", name, shape)
		return nil
	}
	return arg.Items
}

func (r *resolver) join(arg, n *tree.Node) *Value {
	a := r.args("Fn::Join", arg, n, 2, "[DELIMITER, [VALUE, ...]]")
	if a == nil {
		return unknown("Fn::Join", n)
	}
	delim, dk := r.resolve(a[0]).Text()
	list := r.resolve(a[1])
	if !dk || list.Kind != List {
		return unknown(call("Fn::Join", list), n)
	}
	var ps []Part
	size := 0
	for i, it := range list.Items {
		if !it.IsScalar() {
			r.report(diag.Error, "invalid", a[1], "Fn::Join joins text; element %d is a %s", i, kindWord(it.Kind))
			return unknown(call("Fn::Join", list), n)
		}
		if i > 0 {
			ps = appendParts(ps, text(delim, nil))
		}
		if size += textSize(it) + len(delim); size > maxText || len(ps) > maxParts {
			return r.bounded("Fn::Join", append(ps, Part{Text: strings.Repeat(" ", maxText+1)}), n)
		}
		ps = appendParts(ps, it)
	}
	return r.bounded("Fn::Join", ps, n)
}

func (r *resolver) selectFn(arg, n *tree.Node) *Value {
	a := r.args("Fn::Select", arg, n, 2, "[INDEX, [VALUE, ...]]")
	if a == nil {
		return unknown("Fn::Select", n)
	}
	idx, ik := r.resolve(a[0]).Text()
	list := r.resolve(a[1])
	i, err := strconv.Atoi(idx)
	switch {
	case ik && err != nil:
		r.report(diag.Error, "invalid", a[0], "Fn::Select's index %q is not a number", idx)
	case !ik || list.Kind != List:
		return unknown("Fn::Select("+idx+", "+argText(list)+")", n)
	case i < 0 || i >= len(list.Items):
		r.report(diag.Error, "invalid", a[0], "Fn::Select's index %d is outside the list of %d", i, len(list.Items))
	default:
		return list.Items[i]
	}
	return unknown("Fn::Select("+idx+", "+argText(list)+")", n)
}

// split splits text on a known delimiter. A symbol splits only when its
// shape is known: a Lambda function's Arn is
// arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME, whose symbols hold no
// punctuation; any other symbol makes the pieces unknown, since its text
// could hold the delimiter.
func (r *resolver) split(arg, n *tree.Node) *Value {
	a := r.args("Fn::Split", arg, n, 2, "[DELIMITER, STRING]")
	if a == nil {
		return unknown("Fn::Split", n)
	}
	delim, dk := r.resolve(a[0]).Text()
	src := r.resolve(a[1])
	if !dk || delim == "" || src.Kind == Unknown || !src.IsScalar() {
		return unknown(call("Fn::Split", src), n)
	}
	var parts []Part
	for _, p := range src.Parts {
		parts = appendParts(parts, r.expandSymbol(p))
	}
	out := &Value{Kind: List, Node: n}
	var cur []Part
	for _, p := range parts {
		if p.Symbol != "" {
			if !atomicSymbol(p.Symbol, r.resources) || strings.ContainsAny(delim, atomChars) {
				return unknown(call("Fn::Split", src), n)
			}
			cur = append(cur, p)
			continue
		}
		for k, piece := range strings.Split(p.Text, delim) {
			if k > 0 {
				out.Items = append(out.Items, concat(cur, n))
				cur = nil
			}
			cur = appendParts(cur, text(piece, nil))
		}
	}
	out.Items = append(out.Items, concat(cur, n))
	return out
}

// atomChars are the characters a symbol atomicSymbol accepts may hold.
const atomChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"

// atomicSymbol reports whether a symbol's text is made of atomChars only:
// the partition, region and account, and a Lambda function's name (Ref).
func atomicSymbol(sym string, resources map[string]string) bool {
	switch sym {
	case "AWS::Partition", "AWS::Region", "AWS::AccountId":
		return true
	}
	return resources[sym] == "AWS::Lambda::Function"
}

// expandSymbol writes the Arn of a Lambda function of the template in its
// known shape; any other part is returned as it is.
func (r *resolver) expandSymbol(p Part) *Value {
	res, attr, ok := strings.Cut(p.Symbol, ".")
	if !ok || attr != "Arn" || r.resources[res] != "AWS::Lambda::Function" {
		return &Value{Kind: String, Parts: []Part{p}}
	}
	var ps []Part
	for _, piece := range []*Value{
		text("arn:", nil), r.pseudoPart("AWS::Partition"), text(":lambda:", nil), r.pseudoPart("AWS::Region"),
		text(":", nil), r.pseudoPart("AWS::AccountId"), text(":function:", nil), symbol(res, nil),
	} {
		ps = appendParts(ps, piece)
	}
	return &Value{Kind: String, Parts: ps}
}

func (r *resolver) pseudoPart(name string) *Value {
	if s, ok := r.pseudo[name]; ok {
		return text(s, nil)
	}
	return symbol(name, nil)
}

func (r *resolver) findInMap(arg, n *tree.Node) *Value {
	if arg == nil || arg.Kind != tree.List || len(arg.Items) < 3 {
		r.report(diag.Error, "invalid", n, "Fn::FindInMap takes [MAP, TOP-LEVEL KEY, SECOND-LEVEL KEY]")
		return unknown("Fn::FindInMap", n)
	}
	keys := make([]string, 3)
	known := true
	for i := range keys {
		s, k := r.resolve(arg.Items[i]).Text()
		keys[i], known = s, known && k
	}
	sym := "Fn::FindInMap(" + strings.Join(keys, ", ") + ")"
	if !known {
		return unknown(sym, n)
	}
	v := r.mappings.Get(keys[0]).Get(keys[1]).Get(keys[2])
	if v == nil {
		if len(arg.Items) == 4 { // AWS::LanguageExtensions' DefaultValue
			if d := arg.Items[3].Get("DefaultValue"); d != nil {
				return r.resolve(d)
			}
		}
		r.report(diag.Error, "invalid", n, "Fn::FindInMap: Mappings has no %s / %s / %s", keys[0], keys[1], keys[2])
		return unknown(sym, n)
	}
	return r.resolve(v)
}

// textSize is the length of a scalar's parts.
func textSize(v *Value) int {
	n := len(v.Symbol)
	for _, p := range v.Parts {
		n += len(p.Text) + len(p.Symbol)
	}
	return n
}
