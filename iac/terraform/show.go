package terraform

import (
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/iac/internal/value"
)

// Value is a resource's attribute, unknown ones as symbols.
type Value = value.Value

// resource is one managed resource instance of the file.
type resource struct {
	addr   string // full address, module and index included
	module string // "module.a.module.b", or "" for the root module
	typ    string
	node   *tree.Node // the resource's object in the file
	vals   *Value     // its attributes, unknown ones as symbols
}

// reader reads one file.
type reader struct {
	rep  value.Reporter
	root *tree.Node
	opts Options
	// byType lists the resources of each type, in file order.
	byType map[string][]*resource
	byAddr map[string]*resource
}

func newReader(file string, root *tree.Node, opts Options) *reader {
	return &reader{rep: value.Reporter{File: file}, root: root, opts: opts,
		byType: map[string][]*resource{}, byAddr: map[string]*resource{}}
}

func (rd *reader) report(sev diag.Severity, code string, n *tree.Node, format string, args ...any) {
	rd.rep.Report(sev, code, n, format, args...)
}

// collect finds the resources: a plan's planned_values with
// resource_changes' after_unknown and the configuration's expressions, or
// a state's values.
func (rd *reader) collect(d *Document) bool {
	if rd.root.Kind != tree.Map {
		rd.report(diag.Error, "invalid", rd.root, "terraform show -json writes a JSON object; this file holds a %s", rd.root.Kind)
		return false
	}
	if v := rd.root.Get("format_version"); v != nil {
		d.FormatVersion = v.Str
		if major, _, _ := strings.Cut(v.Str, "."); major != "0" && major != "1" {
			rd.report(diag.Warning, "format", v, "format_version %q is newer than the 1.x iamgate knows: the file may be misread", v.Str)
		}
	}
	values := rd.root.Get("planned_values")
	d.Kind = "plan"
	if values == nil {
		values, d.Kind = rd.root.Get("values"), "state"
	}
	if values == nil {
		if rd.root.Get("format_version") != nil {
			d.Kind = "state" // an empty state has no values
			return true
		}
		rd.report(diag.Error, "invalid", rd.root, "this is not terraform show -json output (no values or planned_values): run terraform show -json on a state, or on a plan saved with terraform plan -out")
		d.Kind = ""
		return false
	}
	unknown := map[string]*tree.Node{}
	for _, rc := range items(rd.root.Get("resource_changes")) {
		if a := rc.Get("address"); a != nil {
			unknown[a.Str] = rc.Get("change").Get("after_unknown")
		}
	}
	exprs := map[string]*tree.Node{}
	configExpressions(rd.root.Get("configuration").Get("root_module"), "", exprs)
	rd.module(values.Get("root_module"), unknown, exprs)
	return true
}

// module collects the resources of a module and of its children.
func (rd *reader) module(m *tree.Node, unknown, exprs map[string]*tree.Node) {
	if m == nil {
		return
	}
	modAddr := ""
	if a := m.Get("address"); a != nil {
		modAddr = a.Str
	}
	for _, r := range items(m.Get("resources")) {
		addr, typ := r.Get("address"), r.Get("type")
		if addr == nil || typ == nil || addr.Kind != tree.String || typ.Kind != tree.String {
			rd.report(diag.Error, "invalid", r, "a resource without an address and a type")
			continue
		}
		if mode := r.Get("mode"); mode != nil && mode.Str != "managed" || !strings.HasPrefix(typ.Str, "aws_api_gateway_") {
			continue
		}
		res := &resource{addr: addr.Str, module: modAddr, typ: typ.Str, node: r}
		cfgAddr := strings.TrimPrefix(withoutIndex(addr.Str), prefix(modAddr))
		expr, configured := exprs[configKey(modAddr, cfgAddr)]
		unk := value.Literal(unknown[addr.Str])
		res.vals = merge(value.Literal(r.Get("values")), unk, expr, modAddr, addr.Str, r)
		if configured {
			computedAbsent(res.vals, unk, expr)
		}
		rd.byType[typ.Str] = append(rd.byType[typ.Str], res)
		rd.byAddr[addr.Str] = res
	}
	for _, c := range items(m.Get("child_modules")) {
		rd.module(c, unknown, exprs)
	}
}

// computedAbsent makes null each attribute that is unknown until apply
// and that the configuration does not set: a computed attribute (a
// rest_api's policy or body left to other resources) is not a value the
// user gave.
func computedAbsent(vals, unk *Value, expr *tree.Node) {
	if vals == nil || vals.Kind != value.Map {
		return
	}
	for i, m := range vals.Members {
		if u := unk.Get(m.Key); u != nil && u.Kind == value.Bool && expr.Get(m.Key) == nil {
			if s, _ := u.Text(); s == "true" {
				vals.Members[i].Value = &Value{Kind: value.Null, Node: m.Value.Node}
			}
		}
	}
}

// configExpressions indexes the configuration's resource expressions by
// module and address; a module call's module is under
// module_calls.NAME.module.
func configExpressions(m *tree.Node, modAddr string, out map[string]*tree.Node) {
	if m == nil {
		return
	}
	for _, r := range items(m.Get("resources")) {
		if a := r.Get("address"); a != nil {
			out[configKey(modAddr, a.Str)] = r.Get("expressions")
		}
	}
	if calls := m.Get("module_calls"); calls != nil && calls.Kind == tree.Map {
		for _, c := range calls.Members {
			configExpressions(c.Value.Get("module"), prefix(modAddr)+"module."+c.Key, out)
		}
	}
}

// configKey names a configuration resource: its module (without
// instance keys) and its address in the module.
func configKey(modAddr, addr string) string {
	return withoutIndexes(modAddr) + "|" + addr
}

func prefix(modAddr string) string {
	if modAddr == "" {
		return ""
	}
	return modAddr + "."
}

// withoutIndex drops a trailing instance key: a.b[0] is a.b.
func withoutIndex(addr string) string {
	if strings.HasSuffix(addr, "]") {
		if i := strings.LastIndex(addr, "["); i > 0 {
			return addr[:i]
		}
	}
	return addr
}

// withoutIndexes drops every instance key of a module address.
func withoutIndexes(addr string) string {
	var b strings.Builder
	depth := 0
	for _, c := range addr {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func items(n *tree.Node) []*tree.Node {
	if n == nil || n.Kind != tree.List {
		return nil
	}
	return n.Items
}

// merge returns v with each leaf that unk marks true (unknown until
// apply) replaced by a symbol: the expression's attribute reference, or
// the attribute's own address. expr is the configuration's expression for
// the same value; at is where to report the value when v is absent.
func merge(v, unk *Value, expr *tree.Node, modAddr, base string, at *tree.Node) *Value {
	node := at
	if v != nil && v.Node != nil {
		node = v.Node
	}
	if unk != nil && unk.Kind == value.Bool {
		if s, _ := unk.Text(); s == "true" {
			return value.NewSymbol(symbolFor(expr, modAddr, base, 0), node)
		}
	}
	switch {
	case unk != nil && unk.Kind == value.Map && (v == nil || v.Kind == value.Map || v.Kind == value.Null):
		out := &Value{Kind: value.Map, Node: node}
		if v != nil && v.Kind == value.Map {
			for _, m := range v.Members {
				out.Members = append(out.Members, value.Member{Key: m.Key, Value: merge(m.Value, unk.Get(m.Key), exprGet(expr, m.Key), modAddr, base+"."+m.Key, node)})
			}
		}
		for _, m := range unk.Members {
			if out.Get(m.Key) == nil {
				out.Members = append(out.Members, value.Member{Key: m.Key, Value: merge(nil, m.Value, exprGet(expr, m.Key), modAddr, base+"."+m.Key, node)})
			}
		}
		return out
	case unk != nil && unk.Kind == value.List && (v == nil || v.Kind == value.List || v.Kind == value.Null):
		out := &Value{Kind: value.List, Node: node}
		n := len(unk.Items)
		if v != nil && len(v.Items) > n {
			n = len(v.Items)
		}
		for i := 0; i < n; i++ {
			var vi, ui *Value
			if v != nil && i < len(v.Items) {
				vi = v.Items[i]
			}
			if i < len(unk.Items) {
				ui = unk.Items[i]
			}
			ei := exprIndex(expr, i)
			if ui != nil && ui.Kind == value.Bool && ei == expr {
				// a list attribute whose elements are unknown: the i-th reference
				if s, _ := ui.Text(); s == "true" {
					out.Items = append(out.Items, value.NewSymbol(symbolFor(expr, modAddr, base+"["+strconv.Itoa(i)+"]", i), node))
					continue
				}
			}
			out.Items = append(out.Items, merge(vi, ui, ei, modAddr, base+"["+strconv.Itoa(i)+"]", node))
		}
		return out
	}
	if v == nil {
		return &Value{Kind: value.Null, Node: node}
	}
	return v
}

// exprGet is the expression of key in a configuration expression (a
// nested block's map, or a list of one block).
func exprGet(expr *tree.Node, key string) *tree.Node {
	if expr != nil && expr.Kind == tree.List && len(expr.Items) == 1 {
		expr = expr.Items[0]
	}
	return expr.Get(key)
}

// exprIndex is the expression of a list's i-th element: a block list's
// i-th block, or the list attribute's own expression.
func exprIndex(expr *tree.Node, i int) *tree.Node {
	if expr != nil && expr.Kind == tree.List {
		if i < len(expr.Items) {
			return expr.Items[i]
		}
		return nil
	}
	return expr
}

// symbolFor names an unknown value: the i-th attribute reference of its
// configuration expression (aws_vpc_endpoint.api.id), in the module's
// address space, else base, the attribute's own address.
func symbolFor(expr *tree.Node, modAddr, base string, i int) string {
	var attrs, all []string
	for _, r := range items(expr.Get("references")) {
		if r.Kind != tree.String {
			continue
		}
		all = append(all, r.Str)
		if isAttrRef(r.Str) {
			attrs = append(attrs, r.Str)
		}
	}
	switch {
	case i < len(attrs):
		return prefix(modAddr) + attrs[i]
	case len(attrs) == 0 && len(all) > 0:
		return prefix(modAddr) + all[0]
	}
	return base
}

// isAttrRef reports whether a reference names an attribute
// (aws_x.name.id, var.name, local.name, data.aws_x.name.attr) rather than
// a whole resource.
func isAttrRef(r string) bool {
	n := strings.Count(r, ".")
	switch {
	case strings.HasPrefix(r, "var."), strings.HasPrefix(r, "local."):
		return n >= 1
	case strings.HasPrefix(r, "data."):
		return n >= 3
	}
	return n >= 2
}
