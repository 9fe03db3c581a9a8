package openapi_test

import (
	"testing"

	"github.com/iamgate/iamgate/iac/openapi"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{"Read": openapi.Read, "ReadValue": openapi.ReadValue},
		Types: []any{openapi.Document{}, openapi.Options{}, openapi.ReadOptions{}, openapi.Limits{}, openapi.Value{}, openapi.Diagnostic{}},
	})
}
