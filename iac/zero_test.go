package iac_test

import (
	"testing"

	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{"Load": iac.Load, "Detect": iac.Detect},
		Types: []any{iac.Result{}, iac.API{}, iac.Options{}, iac.Limits{}, iac.Diagnostic{}, iac.Severity(0), iac.Format(""),
			iac.Routes{}, iac.RoutesAPI{}, iac.RoutesAuthorizer{}, iac.RoutesRoute{}, iac.Callers{}},
	})
}
