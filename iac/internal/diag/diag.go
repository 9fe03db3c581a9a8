// Package diag holds the diagnostics the template importers report: plain
// data, each at a file, line, column and JSON Pointer.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity is how much a diagnostic matters.
type Severity uint8

// The severities. An Error means a fact of the API could not be read, so
// the model lacks or guesses it; a Warning means a fact stays unknown
// (a symbol) or was defaulted in a way a user should see; Info is context.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{"info", "warning", "error"}

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText returns the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one thing an importer reports.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	// Code is a stable short name of the kind of problem, such as
	// "unresolved" or "unsupported".
	Code string `json:"code"`
	// Message says what happened and what to supply.
	Message string `json:"message"`
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	// Pointer is the JSON Pointer of the value in the file.
	Pointer string `json:"pointer,omitempty"`
}

// String returns "FILE:LINE:COL: SEVERITY: MESSAGE (at POINTER)".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Column)
	}
	fmt.Fprintf(&b, ": %s: %s", d.Severity, d.Message)
	if d.Pointer != "" {
		b.WriteString(" (at " + d.Pointer + ")")
	}
	return b.String()
}

// Sort orders diagnostics by file, line, column, then message.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Message < b.Message
	})
}
