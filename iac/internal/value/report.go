package value

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Reporter collects the diagnostics of one file.
type Reporter struct {
	File  string
	Diags []diag.Diagnostic
}

// Report adds a diagnostic at n (nil: the file as a whole).
func (r *Reporter) Report(sev diag.Severity, code string, n *tree.Node, format string, args ...any) {
	d := diag.Diagnostic{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), File: r.File}
	if n != nil {
		d.Line, d.Column, d.Pointer = n.Pos.Line, n.Pos.Column, n.Path
	}
	r.Diags = append(r.Diags, d)
}

// Wrap writes each symbol as "${SYMBOL}".
func Wrap(syms []string) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = "${" + s + "}"
	}
	return out
}

// ArgText is v as a message shows it: its text, or its JSON.
func ArgText(v *Value) string {
	if s, known := v.Text(); known || v.IsScalar() {
		return s
	}
	return string(v.JSON())
}

// SymbolList is the symbols of v, "${A}, ${B}".
func SymbolList(v *Value) string { return strings.Join(Wrap(v.Symbols()), ", ") }

// ResponseHeader is a gateway response header's value: a static value is
// written in single quotes ('*'), which API Gateway strips; a mapping
// expression (method.request.header.Origin) is kept as written.
func ResponseHeader(v *Value) string {
	s, _ := v.Text()
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1]
	}
	return s
}

// ResponseHeaders reads the gatewayresponse.header.NAME members of a
// gateway response's parameters; nil when there is none.
func ResponseHeaders(ps *Value) map[string]string {
	if ps == nil || ps.Kind != Map {
		return nil
	}
	var out map[string]string
	for _, m := range ps.Members {
		name, ok := strings.CutPrefix(m.Key, "gatewayresponse.header.")
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = ResponseHeader(m.Value)
	}
	return out
}
