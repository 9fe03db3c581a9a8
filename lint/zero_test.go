package lint_test

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/zerovalue"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/suite"
)

// No exported function or method panics on zero values: a zero
// AuthorizerResponse, Document or Suite has findings or none, never a
// panic.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"Sort":             lint.Sort,
			"AtLeast":          lint.AtLeast,
			"AuthorizerOutput": lint.AuthorizerOutput,
			"Document":         lint.Document,
			"IdentityPolicy":   lint.IdentityPolicy,
			"ResourcePolicy":   lint.ResourcePolicy,
			"Source":           lint.Source,
			"Suite":            lint.Suite,
			"RuleFor":          lint.RuleFor,
			"ParseSeverity":    lint.ParseSeverity,
			"NewReporter":      lint.NewReporter,
			"Walk":             lint.Walk,
			"IsDocument":       lint.IsDocument,
			"Template":         lint.Template,
		},
		Types: []any{lint.Config{}, lint.Finding{}, lint.Rule{}, lint.Severity(0),
			lint.Report{}, lint.Note{}, lint.InputProblem{}, lint.ReporterOptions{},
			lint.Target{}, lint.WalkError{}, lint.FileOptions{},
			lint.TextReporter{}, lint.JSONReporter{}, lint.SARIFReporter{}},
	})
}

// The zero values the walk found panicking, and what they give now.
func TestZeroValueAnswers(t *testing.T) {
	fs := lint.AuthorizerOutput(&apigw.AuthorizerResponse{}, lint.Config{})
	if len(fs) != 1 || fs[0].Rule.Code != "IG100" {
		t.Errorf("a response without a policy: %v, want one IG100 finding", fs)
	}
	if fs := lint.Suite(&suite.Suite{}); len(fs) != 0 {
		t.Errorf("the zero Suite: %v, want no finding", fs)
	}
}
