package terraform_test

import (
	"testing"

	"github.com/iamgate/iamgate/iac/terraform"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{"Read": terraform.Read},
		Types: []any{terraform.Document{}, terraform.API{}, terraform.Options{}, terraform.Limits{}, terraform.Value{}, terraform.Diagnostic{}},
	})
}
