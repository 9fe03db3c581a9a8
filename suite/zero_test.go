package suite_test

import (
	"testing"

	"github.com/iamgate/iamgate/internal/zerovalue"
	"github.com/iamgate/iamgate/suite"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"Counts":           suite.Counts,
			"FillMethodARN":    suite.FillMethodARN,
			"Find":             suite.Find,
			"Walk":             suite.Walk,
			"RunFiles":         suite.RunFiles,
			"FailSkips":        suite.FailSkips,
			"FindFS":           suite.FindFS,
			"IsSuiteFile":      suite.IsSuiteFile,
			"Skipped":          suite.Skipped,
			"AsError":          suite.AsError,
			"ParseExpectation": suite.ParseExpectation,
			"Load":             suite.Load,
			"LoadFS":           suite.LoadFS,
			"Parse":            suite.Parse,
			"NewReporter":      suite.NewReporter,
		},
		Types: []any{suite.Authorizer{}, suite.Case{}, suite.Documents{}, suite.Error{}, suite.Expectation{},
			suite.Invocation{}, suite.LoadOptions{}, suite.Output{}, suite.Result{}, suite.Route{},
			suite.RunOptions{}, suite.FilesOptions{}, suite.Sequence{}, suite.Step{}, suite.Suite{},
			suite.Report{}, suite.FileReport{}, suite.Totals{}, suite.ReporterOptions{},
			suite.TextReporter{}, suite.JSONReporter{}, suite.JUnitReporter{}, suite.TAPReporter{}},
	})
}

// The zero values the walk found panicking, and what they give now.
func TestZeroValueAnswers(t *testing.T) {
	if d := (&suite.Suite{}).Documents(); d.ResourcePolicy != nil || d.Auth != "NONE" || len(d.Routes)+len(d.Authorizers)+len(d.IdentityPolicies) != 0 {
		t.Errorf("the zero Suite's documents: %+v", d)
	}
	if _, err := suite.LoadFS(nil, "s.iamgate.yaml", suite.LoadOptions{}); err == nil {
		t.Error("LoadFS with no file system: no error")
	}
	if _, err := suite.FindFS(nil, "."); err == nil {
		t.Error("FindFS with no file system: no error")
	}
}
