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
